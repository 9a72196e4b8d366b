// Validation of the training simulator on published runs and clusters that were kept aside from
// every embedded failure model (docs/validation.md, "Issue 17, third part"). Each case runs the
// real CLI with the inputs its source states (GPUs, days) and defaults elsewhere, and checks the
// figure docs/validation.md reports for it (p50 of 1,000 replicas, seed 1), so that the table
// stays true, and the verdict against the published figure (issue 17's aim: effective training
// time within 5 points, interruption counts within 25%), misses included.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"

namespace gpufleet {
namespace {

struct Simulated {
  double effective;  // p50 effective training time, a fraction
  double unplanned;  // p50 unexpected interruptions
  double planned;    // p50 planned stops
};

Simulated Train(const std::string& args) {
  const auto r = testing::RunCliSplit("train " + args + " --seed 1 --replicas 1000 --format json");
  EXPECT_EQ(r.status, 0) << r.err;
  if (r.status != 0) return {};
  const nlohmann::json s = nlohmann::json::parse(r.out).at("simulation");
  return {s.at("effective_training_time").at("value").get<double>(),
          s.at("interruptions").at("value").get<double>(),
          s.at("planned_interruptions").at("value").get<double>()};
}

// MegaScale (Jiang et al., NSDI 2024): "more than 10,000 GPUs", "several weeks" (21 days here),
// "training restarts over 100 times", "over 90% effective training time rate", detection and
// diagnosis "less than 10 minutes", checkpoints to host memory in "several seconds".
const char* kMegaScale =
    "--gpu a100-sxm --count 10240 --params 175e9 --tokens 1e14 --horizon 21d "
    "--checkpoint-write 5s --detect 10m";

TEST(ReliabilityValidation, MegaScaleBoundsHoldWithLlama3AndNotWithRsc1) {
  const Simulated llama = Train(std::string(kMegaScale) + " --failure-model llama3-2024");
  EXPECT_NEAR(llama.effective, 0.921, 0.003);
  EXPECT_GT(llama.effective, 0.90);                 // "over 90%"
  EXPECT_GT(llama.unplanned + llama.planned, 100);  // "over 100 times"
  const Simulated rsc1 = Train(std::string(kMegaScale) + " --failure-model rsc1-2024");
  EXPECT_NEAR(rsc1.effective, 0.864, 0.003);
  EXPECT_LT(rsc1.effective, 0.90);  // a documented miss: RSC-1's rate is too high for this run
  const Simulated rsc2 = Train(std::string(kMegaScale) + " --failure-model rsc2-2024");
  EXPECT_GT(rsc2.effective, 0.90);
  EXPECT_LT(rsc2.unplanned + rsc2.planned, 100);  // a documented miss: too few restarts
}

// ByteRobust (Wan et al., SOSP 2025): "97% ETTR for a three-month training job on 9,600 GPUs".
// The GPU type is not stated (H100 assumed; it does not enter the failure models).
TEST(ReliabilityValidation, ByteRobustNinetySevenPercentWithinFivePoints) {
  const std::string base =
      "--gpu h100-sxm --count 9600 --params 175e9 --tokens 1e15 --horizon 90d --failure-model ";
  const Simulated llama = Train(base + "llama3-2024");
  EXPECT_NEAR(llama.effective, 0.968, 0.003);
  EXPECT_LE(std::abs(llama.effective - 0.97), 0.05);
  const Simulated rsc2 = Train(base + "rsc2-2024");
  EXPECT_NEAR(rsc2.effective, 0.972, 0.003);
  const Simulated opt = Train(base + "opt175b-2022");
  EXPECT_NEAR(opt.effective, 0.460, 0.003);  // OPT's rate and 30-min to 2-h restarts: a miss
  EXPECT_GT(std::abs(opt.effective - 0.97), 0.05);
}

// MPT-7B (MosaicML, 2023): "over 9.5 days on 440 GPUs, the MosaicML platform detected and
// addressed 4 hardware failures". Counts: RSC-1 at the 25% line, OPT-175B twice as many.
TEST(ReliabilityValidation, Mpt7bHardwareFailures) {
  const std::string base =
      "--gpu a100-sxm --count 440 --params 6.7e9 --tokens 1e12 --horizon 9.5d --failure-model ";
  EXPECT_EQ(Train(base + "rsc1-2024").unplanned, 3);     // -25%
  EXPECT_EQ(Train(base + "rsc2-2024").unplanned, 1);     // -75%
  EXPECT_EQ(Train(base + "opt175b-2022").unplanned, 8);  // +100%
}

// BLOOM 176B (BigScience chronicles, first-hand): 82,072 iterations between 18 March and 4 July
// 2022 (108.9 days) at 105-111 s each, so 92-97% of the window trained; checkpoints every 3 h
// written in 40 s; 4 spare nodes; "Every week or so ... one of the gpus dies". A weak case (the
// published range is 5 points wide): Llama 3's model lands on 92%, RSC-1's, whose count fits
// BLOOM's 17-33 failures best, on the top of the range.
TEST(ReliabilityValidation, Bloom176bChronicles) {
  const std::string base =
      "--gpu a100-sxm --count 384 --params 176e9 --tokens 366e9 --horizon 108d "
      "--checkpoint-interval 3h --checkpoint-write 40s --spares 4 --failure-model ";
  const Simulated llama = Train(base + "llama3-2024");
  EXPECT_NEAR(llama.effective, 0.918, 0.003);
  EXPECT_LT(std::abs(llama.effective - 0.92), 0.05);  // within 5 points of 92%
  const Simulated rsc1 = Train(base + "rsc1-2024");
  EXPECT_NEAR(rsc1.effective, 0.974, 0.003);
  EXPECT_GT(rsc1.effective - 0.92, 0.05);            // a miss against 92% ...
  EXPECT_LT(std::abs(rsc1.effective - 0.97), 0.05);  // ... within 5 points of 97%
  EXPECT_GE(rsc1.unplanned, 17 * 0.75);              // BLOOM's 17-33 failures, 25% either side
  EXPECT_LE(rsc1.unplanned, 33 * 1.25);
}

// A 63-node B200 cluster (arXiv:2605.09370, 2026): "10 XID-identified GPU failures" over 55
// days of monitoring. A cluster's GPU failures, not a job's interruptions: compared with RSC-2's
// node rate (-20%) and RSC-1's (+120%).
TEST(ReliabilityValidation, B200ClusterGpuFailures) {
  const std::string base =
      "--gpu b200 --count 504 --params 70e9 --tokens 1e14 --horizon 55d --failure-model ";
  const double rsc2 = Train(base + "rsc2-2024").unplanned;
  EXPECT_EQ(rsc2, 8);
  EXPECT_LE(std::abs(rsc2 / 10 - 1), 0.25);
  EXPECT_EQ(Train(base + "rsc1-2024").unplanned, 22);
}

}  // namespace
}  // namespace gpufleet

namespace gpufleet {
namespace {

// OPT-175B (Zhang et al. 2022, section 2.5, and the run's logbook; first-hand): 992 A100 for 56
// days, at least 35 manual + 70 automatic restarts, "~33 days of continuous training on 1024"
// GPUs: 61% effective on 992. The embedded model carries the paper's counts, so the count is
// circular; the effective time is a documented miss (the hours per incident are not published),
// and a cloud replacement in hours (--spares 4 --repair 4h) does not move it, where one repair
// crew at 24 h makes the queue unstable (105 host removals in 56 days).
TEST(ReliabilityValidation, Opt175bFirstHandCountsAndTheMissOnEffectiveTime) {
  const std::string base =
      "--gpu a100-sxm --count 992 --params 175e9 --tokens 180e9 --horizon 56d "
      "--checkpoint-write 5m --failure-model opt175b-2022";
  const Simulated plain = Train(base);
  EXPECT_EQ(plain.unplanned, 105);
  EXPECT_NEAR(plain.effective, 0.824, 0.003);
  EXPECT_GT(plain.effective - 0.61, 0.05);  // a documented miss: +21 points
  const Simulated cloud = Train(base + " --spares 4 --repair 4h");
  EXPECT_NEAR(cloud.effective, plain.effective, 0.003);
  const Simulated queue = Train(base + " --spares 4 --repair 24h --repair-crews 1");
  EXPECT_LT(queue.effective, 0.2);
  // With chosen (unpublished) detection and loss spikes the figure comes within 5 points: a
  // sensitivity, not a validation.
  const Simulated spikes = Train(base + " --detect 1h --rollback-rate 0.25 --rollback-lost 12h");
  EXPECT_NEAR(spikes.effective, 0.631, 0.003);
}

}  // namespace
}  // namespace gpufleet

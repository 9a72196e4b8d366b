#include "gpufleet/sweep.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <limits>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/sim.h"

namespace gpufleet {
namespace {

TEST(Sweep, LogSpacedIncludesBothEnds) {
  const std::vector<double> v = LogSpaced(1000, 1e6, 4);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_DOUBLE_EQ(v[0], 1000);
  EXPECT_NEAR(v[1], 1e4, 1e-6);
  EXPECT_NEAR(v[3], 1e6, 1e-6);
  EXPECT_EQ(LogSpaced(5, 5, 1), std::vector<double>{5});
  EXPECT_THROW(LogSpaced(0, 10, 3), InputError);
  EXPECT_THROW(LogSpaced(10, 1, 3), InputError);
}

TEST(Sweep, ScaleOutGoodputFallsAsTheJobGrows) {
  GpuFigures h100;
  h100.peak = 989.5e12 * units::flop_per_s;
  const std::vector<SweepRow> rows = ScaleOutRows(h100, 100, 3);
  ASSERT_EQ(rows.size(), 3u);
  const FailureModel m = LoadFailureModel("llama3-2024");
  for (const SweepRow& r : rows) {
    ASSERT_TRUE(r.feasible);
    EXPECT_NEAR(r.mtbi_h, 1 / m.TotalRatePerHour(r.gpus), 1e-9);
    // The simulated median sits near the closed form (planned stops are the only difference).
    EXPECT_NEAR(r.goodput.p50, r.closed_form_goodput, 0.03) << r.gpus;
  }
  EXPECT_GT(rows[0].goodput.p50, rows[1].goodput.p50);
  EXPECT_GT(rows[1].goodput.p50, rows[2].goodput.p50);
  const inputs::Given defaults(inputs::kSweep);
  const TrainingInputs in = TrainingInputsFrom(defaults, h100);
  ReliabilityOptions opt = ReliabilityFrom(defaults);
  const std::string md = ScaleOutMarkdown(rows, in, opt);
  EXPECT_NE(md.find("| 350000 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 600000 |"), std::string::npos) << md;
  EXPECT_NE(md.find("Llama 3 405B defaults"), std::string::npos) << md;
  EXPECT_NE(md.find("14 bytes per parameter written at 2 TB/s"), std::string::npos) << md;
  // The prose describes the inputs given, not always Llama 3's.
  opt.restart = 1.0 * units::minute;
  opt.storage_gb_per_s = 500;
  const std::string other = ScaleOutMarkdown(rows, in, opt);
  EXPECT_EQ(other.find("Llama 3"), std::string::npos) << other;
  EXPECT_NE(other.find("written at 500 GB/s"), std::string::npos) << other;
  EXPECT_NE(other.find(FormatDuration(1.0 * units::minute) + " restarts"), std::string::npos)
      << other;
  // As text (the default format): no Markdown heading or table (it printed Markdown).
  const std::string text = ScaleOutMarkdown(rows, in, opt, /*md=*/false);
  EXPECT_EQ(text.find("## "), std::string::npos) << text;
  EXPECT_EQ(text.find("| "), std::string::npos) << text;
  EXPECT_NE(text.find("350000"), std::string::npos) << text;
  EXPECT_NE(text.find("at 600,000 GPUs"), std::string::npos) << text;
}

// The scale-out prose describes the run simulated: the rate given (it said "the failure rates of
// the llama3-2024 failure model scaled to the job's size" for --failure-rate 2), detection, loss
// spikes, elastic recovery and in-memory copies (left out, or the storage checkpoints described
// beside a column of 2 s copies); and with a horizon the days column says the horizon and the
// share of the work done (it read "66.0 -> 3.0", a job finished in 3 days). Found by an
// adversarial tester.
TEST(Sweep, ScaleOutTextDescribesTheRunSimulated) {
  GpuFigures h100;
  h100.peak = 989.5e12 * units::flop_per_s;
  const inputs::Given defaults(inputs::kSweep);
  const TrainingInputs in = TrainingInputsFrom(defaults, h100);
  ReliabilityOptions opt = ReliabilityFrom(defaults);
  opt.failure_rate = 2;
  opt.detect = 5.0 * units::minute;
  opt.rollback_per_day = 1;
  opt.rollback_lost = 6.0 * units::h;
  opt.spares = 10;
  opt.elastic_min_share = 0.9;
  opt.peer_write = 2.0 * units::s;
  const std::string md = ScaleOutMarkdown({}, in, opt);
  EXPECT_EQ(md.find("scaled to the job's size"), std::string::npos) << md;
  EXPECT_NE(md.find("2 unplanned interruptions per 1,000 node-days"), std::string::npos) << md;
  EXPECT_NE(md.find("noticed " + FormatDuration(5.0 * units::minute)), std::string::npos) << md;
  EXPECT_NE(md.find("1 loss spikes a day, each losing " + FormatDuration(6.0 * units::h)),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("elastic recovery"), std::string::npos) << md;
  EXPECT_NE(md.find("in-memory (peer) checkpoints"), std::string::npos) << md;
  EXPECT_EQ(md.find("14 bytes per parameter"), std::string::npos) << md;

  SweepRow r;
  r.gpus = 16384;
  r.ideal_h = 66 * 24;
  r.horizon_h = 3 * 24;
  r.wall_h = Spread{72, 72, 72, 72};
  r.useful_h = Spread{0.94 * 72, 0.9 * 72, 0.94 * 72, 0.95 * 72};
  const std::vector<std::string> cells = ScaleOutCells(r);
  EXPECT_NE(cells[5].find("3.0-day horizon"), std::string::npos) << cells[5];
  EXPECT_NE(cells[5].find("of the work"), std::string::npos) << cells[5];
  EXPECT_EQ(cells[5].find("-> 3.0"), std::string::npos) << cells[5];
  r.horizon_h = 0;
  EXPECT_EQ(ScaleOutCells(r)[5], "66.0 -> 3.0");
}

// A job of `params` x `tokens` on GPUs of 1 PFLOP/s (the GPU's figures in `g`).
TrainingInputs Job(double params, double tokens, GpuFigures& g) {
  g.peak = 1e15 * units::flop_per_s;
  TrainingInputs in;
  in.work.params = params;
  in.work.tokens = tokens;
  in.peak_per_gpu = g.peak;
  return in;
}

TEST(Sweep, InfeasiblePointsAreMarkedNotFatal) {
  GpuFigures g;
  const TrainingInputs in = Job(405e9, 15.6e12, g);
  ReliabilityOptions o;
  o.checkpoint_write = 20.0 * units::minute;
  const auto rows = SweepCount(in, o, g, {1000, 1000000}, McOptions{20, 1, 1, {}});
  EXPECT_TRUE(rows[0].feasible);
  EXPECT_FALSE(rows[1].feasible);  // MTBI 3.5 min < 20 min write
  EXPECT_NE(SweepCsv(rows).find("1000000,0"), std::string::npos);
  // Its MTBI, write and failure rate are known, and kept (they were left blank; found by an
  // adversarial tester): the MTBI falls with the count, the rate per node-day with it.
  EXPECT_GT(rows[1].mtbi_h, 0);
  EXPECT_LT(rows[1].mtbi_h, In(20.0 * units::minute, units::h));
  EXPECT_LT(rows[1].mtbi_h, rows[0].mtbi_h);
  EXPECT_DOUBLE_EQ(rows[1].write_s, 1200);
  EXPECT_NEAR(rows[1].failure_rate, 24e3 / (rows[1].mtbi_h * 1e6 / 8), 1e-9 * rows[1].failure_rate);
  const nlohmann::json j = SweepJson(rows, "count")["rows"][1];
  EXPECT_EQ(j["feasible"], false);
  EXPECT_DOUBLE_EQ(j["mtbi_h"].get<double>(), rows[1].mtbi_h);
  EXPECT_DOUBLE_EQ(j["checkpoint_write_s"].get<double>(), 1200);
  EXPECT_DOUBLE_EQ(j["failure_rate"].get<double>(), rows[1].failure_rate);
  const std::string text = SweepTable(rows, false);
  EXPECT_NE(text.find(FormatDuration(rows[1].mtbi_h * units::h)), std::string::npos) << text;
}

// A failure rate given is echoed as given, feasible row or not: worked back from the MTBI the
// plan scaled to it, 1 and 2 per 1,000 node-days read 1.0000000000000002 and 2.0000000000000004
// (found by an adversarial tester). Without one, the model's rate at each size.
TEST(Sweep, AGivenFailureRateIsEchoedAsGiven) {
  GpuFigures g;
  const TrainingInputs in = Job(405e9, 15.6e12, g);
  ReliabilityOptions o;
  const McOptions mc{4, 1, 1, {}};
  const std::vector<double> rates = {1, 2, 0.1, 3.3, 7};
  const auto rows = SweepFamily(in, o, g, {1000, 16384}, rates, {}, mc);
  ASSERT_EQ(rows.size(), 2 * rates.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].failure_rate, rates[i / 2]) << rows[i].series << " " << rows[i].gpus;
    EXPECT_EQ(SweepJson(rows, "count")["rows"][i]["failure_rate"].get<double>(), rates[i / 2]);
  }
  o.failure_rate = 3.3;
  o.checkpoint_write = 1.0 * units::h;  // infeasible at 1,000,000 GPUs
  const auto given = SweepCount(in, o, g, {1000, 1000000}, mc);
  EXPECT_FALSE(given[1].feasible);
  for (const SweepRow& r : given) EXPECT_EQ(r.failure_rate, 3.3) << r.gpus;
  const auto model = SweepCount(in, ReliabilityOptions{}, g, {1000}, mc);
  EXPECT_NEAR(model[0].failure_rate, 24e3 / (model[0].mtbi_h * 1000 / 8),
              1e-9 * model[0].failure_rate);
}

// With loss spikes the write is weighed against M', the mean time between failures and spikes,
// not the MTBI beside it: the table said "checkpoint write >= MTBI" beside an MTBI of 53 days
// (found by an adversarial tester); it names the limit as the JSON's note does.
TEST(Sweep, AnInfeasibleRowWithLossSpikesNamesTheirLimit) {
  GpuFigures g;
  const TrainingInputs in = Job(1e9, 1e12, g);
  ReliabilityOptions o;
  o.failure_model = "rsc2-2024";
  o.checkpoint_write = 1.0 * units::h;
  o.rollback_per_day = 24;
  const auto rows = SweepCount(in, o, g, {64}, McOptions{5, 1, 1, {}});
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_FALSE(rows[0].feasible);
  EXPECT_TRUE(rows[0].spikes);
  EXPECT_GT(rows[0].mtbi_h, 24);  // the failures alone leave days between interruptions
  EXPECT_LT(rows[0].limit_h, 1);  // with a spike an hour, under an hour
  for (bool md : {false, true}) {
    const std::string text = SweepTable(rows, md);
    EXPECT_EQ(text.find(">= MTBI"), std::string::npos) << text;
    EXPECT_NE(
        text.find("infeasible: checkpoint write >= " + FormatDuration(rows[0].limit_h * units::h) +
                  " between failures and loss spikes"),
        std::string::npos)
        << text;
  }
  EXPECT_NE(SweepCsv(rows).find("loss spikes at 24 per day"), std::string::npos);
  // Without spikes the MTBI is the limit, and the table says so.
  o.rollback_per_day = 0;
  o.checkpoint_write = 2000.0 * units::h;  // over the 53-day MTBI
  const auto plain = SweepCount(in, o, g, {64}, McOptions{5, 1, 1, {}});
  ASSERT_FALSE(plain[0].feasible);
  EXPECT_FALSE(plain[0].spikes);
  EXPECT_NE(SweepTable(plain, false).find("infeasible: checkpoint write >= MTBI"),
            std::string::npos);
}

// With in-memory (peer) checkpoints the interval swept is theirs: the storage interval was set
// instead, and every row was the same (found by an adversarial tester).
TEST(Sweep, AnIntervalSweepWithPeerCheckpointsSweepsTheirInterval) {
  GpuFigures g;
  const TrainingInputs in = Job(405e9, 15.6e12, g);
  ReliabilityOptions o;
  o.peer_write = 2.0 * units::s;
  const auto rows = SweepInterval(in, o, g, {60.0 * units::s, 600.0 * units::s, 6000.0 * units::s},
                                  McOptions{20, 1, 1, {}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_DOUBLE_EQ(rows[0].interval_s, 60);
  EXPECT_DOUBLE_EQ(rows[1].interval_s, 600);
  EXPECT_DOUBLE_EQ(rows[2].interval_s, 6000);
}

// Counts are whole GPUs, each swept once: 1..4 in 10 log-spaced points printed 1, 1, 1, 2, 2, 2,
// 3, 3, 3, 4, and 0.5..2 in 3 points 1, 1, 2 (found by an adversarial tester).
TEST(Sweep, EachWholeGpuCountIsSweptOnce) {
  GpuFigures g;
  const TrainingInputs in = Job(8e9, 1e12, g);
  const McOptions mc{3, 1, 1, {}};
  std::vector<double> gpus;
  for (const SweepRow& r : SweepCount(in, {}, g, LogSpaced(1, 4, 10), mc)) gpus.push_back(r.gpus);
  EXPECT_EQ(gpus, (std::vector<double>{1, 2, 3, 4}));
  gpus.clear();
  for (const SweepRow& r : SweepCount(in, {}, g, LogSpaced(0.5, 2, 3), mc)) gpus.push_back(r.gpus);
  EXPECT_EQ(gpus, (std::vector<double>{1, 2}));
}

// The CSV writes an empty field where a number is not finite, as JSON writes null (no
// failures: an infinite MTBI, an undefined best interval; it printed "inf" and "-nan"), and
// says which rows stopped at the wall-time cap.
TEST(Sweep, TheCsvHoldsNoInfinityAndSaysWhatWasCapped) {
  SweepRow r;
  r.gpus = 1000;
  r.feasible = true;
  r.mtbi_h = std::numeric_limits<double>::infinity();
  r.best_s = std::numeric_limits<double>::quiet_NaN();
  r.completed_fraction = 0.5;
  r.capped = 3;
  const std::string csv = SweepCsv({r});
  EXPECT_EQ(csv.find("inf"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("nan"), std::string::npos) << csv;
  EXPECT_NE(csv.find("1000,1,,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",completed_fraction,capped_replicas,note\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",0.5,3,\n"), std::string::npos) << csv;
}

// An infeasible row has no simulated figures: empty fields and its reason, not zeros (an MTBI of
// 0 h and a goodput of 0 were written; found by an adversarial tester), beside what is known of
// it (its MTBI, write and failure rate); every row has the header's columns.
TEST(Sweep, AnInfeasibleCsvRowIsEmptyFieldsAndItsReason) {
  SweepRow ok;
  ok.gpus = 1000;
  ok.mtbi_h = 5;
  SweepRow bad;
  bad.gpus = 2000;
  bad.feasible = false;
  bad.mtbi_h = 0.5;
  bad.write_s = 3600;
  bad.failure_rate = 192;
  bad.note = "a checkpoint takes 1 h to write, as long as the MTBI (30 min), or longer";
  const std::string csv = SweepCsv({ok, bad});
  EXPECT_NE(csv.find("\n2000,0,0.5,3600,,,,,,,,,,,,192,,,,\"a checkpoint takes 1 h to write, as "
                     "long as the MTBI (30 min), or longer\"\n"),
            std::string::npos)
      << csv;
  size_t lines = 0;
  for (size_t start = 0, end; (end = csv.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = csv.substr(start, end - start);
    const std::string unquoted = line.substr(0, line.find('"'));
    EXPECT_EQ(std::count(unquoted.begin(), unquoted.end(), ','), 19) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 3u);
}

// Issue 12, class 5: a row whose replicas stopped at the wall-time cap says its wall time is a
// lower bound and its goodput an upper bound, in the table and in the JSON.
TEST(Sweep, CappedRowsAreMarkedAsBounds) {
  SweepRow r;
  r.gpus = 1000;
  r.goodput = Spread{0.5, 0.4, 0.5, 0.6};
  const double cap_h = kMaxWallS / 3600;
  r.wall_h = Spread{cap_h, cap_h, cap_h, cap_h};
  r.capped = 7;
  const std::string text = SweepTable({r}, false);
  EXPECT_NE(text.find("<= 50.0%"), std::string::npos) << text;
  const std::vector<std::string> cells = ScaleOutCells(r);
  EXPECT_EQ(cells[4].rfind("<= 50.0%", 0), 0u) << cells[4];
  EXPECT_NE(cells[5].find("-> >= "), std::string::npos) << cells[5];
  EXPECT_NE(text.find(">= "), std::string::npos) << text;
  const nlohmann::json j = SweepJson({r}, "gpus");
  EXPECT_EQ(j["rows"][0]["capped_replicas"], 7);
  EXPECT_EQ(j["rows"][0]["wall_h_is_lower_bound"], true);
  r.capped = 0;
  EXPECT_FALSE(SweepJson({r}, "gpus")["rows"][0].contains("capped_replicas"));
  EXPECT_EQ(SweepTable({r}, false).find("<= "), std::string::npos);
}

}  // namespace
}  // namespace gpufleet

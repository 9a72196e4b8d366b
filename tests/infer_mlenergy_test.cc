// The serving model (infer.h) against every configuration of seven dense models and four
// mixtures of experts in the ML.ENERGY Leaderboard v3.0 (tests/data/mlenergy-v3-dense.csv and
// mlenergy-v3-moe.csv: vLLM 0.11.1 on H100 and B200, first-hand powers, energies per token and
// median times between tokens). The power shares of h100-sxm (power_per_bandwidth,
// power_per_compute) and step_overhead_per_seq_s were fitted to the dense rows marked fit (Llama
// 3.1 8B and 70B on H100), the MoE engine cost to the 8 MoE rows marked fit; the others are held
// out. docs/validation.md ("The decode step and the power calibration, refitted") reports the
// figures these tests pin.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/infer.h"
#include "gpufleet/inputs.h"

namespace gpufleet {
namespace {

struct Row {
  std::string model, gpu, gpus, precision;
  double prompt = 0, batch = 0, output = 0, power_w = 0, j_per_token = 0, itl_ms = 0;
  bool fit = false;
};

constexpr const char* kDense = "mlenergy-v3-dense.csv";
constexpr const char* kMoe = "mlenergy-v3-moe.csv";

std::vector<Row> ReadRows(const char* file) {
  const auto path = std::filesystem::path(GPUFLEET_SOURCE_DIR) / "tests" / "data" / file;
  std::ifstream f(path);
  EXPECT_TRUE(f.good()) << path;
  std::vector<Row> rows;
  std::string line;
  bool header = true;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // the column names
      header = false;
      continue;
    }
    std::vector<std::string> v;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) v.push_back(x);
    EXPECT_EQ(v.size(), 12u) << line;
    if (v.size() != 12) continue;
    Row r{v[0], v[1], v[2], v[3]};
    // The tasks' mean prompts (the v3.0 post, for Qwen3-32B).
    EXPECT_TRUE(v[4] == "lm-arena-chat" || v[4] == "gpqa") << line;
    r.prompt = v[4] == "gpqa" ? 634 : 224;
    const double gpus = std::stod(v[2]);
    r.batch = std::max(1.0, std::round(std::stod(v[6])));
    r.output = std::round(std::stod(v[7]));
    r.power_w = std::stod(v[8]) / gpus;
    r.j_per_token = std::stod(v[9]);
    r.itl_ms = std::stod(v[10]);
    r.fit = v[11] == "1";
    rows.push_back(r);
  }
  return rows;
}

// The rows of `file`, read once (every test reads both files, some several times).
const std::vector<Row>& Rows(const char* file) {
  static std::map<std::string, std::vector<Row>> read;
  auto it = read.find(file);
  if (it == read.end()) it = read.emplace(file, ReadRows(file)).first;
  return it->second;
}

// Errors over a set of rows: mean |log(model / measured)| of the average GPU power, the GPU
// energy per output token and the decode time per token (itl_s against the median), and, at
// batch >= 32, how many meet issue 13's aim (central within 15%, range covering).
struct Score {
  int rows = 0, refused = 0, at_batch_32 = 0, j_aim = 0, j_covers = 0, itl_aim = 0;
  double power = 0, j = 0, itl = 0;
};

using Tweak = std::function<void(InferInputs&)>;

Score Evaluate(const char* file, bool fit, const Tweak& tweak = nullptr) {
  Score s;
  for (const Row& row : Rows(file)) {
    if (row.fit != fit) continue;
    inputs::Given g(inputs::kInfer);
    g.SetText("model", row.model);
    g.SetText("gpu", row.gpu);
    g.SetText("gpus_per_replica", row.gpus);
    g.SetText("precision", row.precision);
    g.SetText("batch", std::to_string(static_cast<int>(row.batch)));
    g.SetText("input_tokens", std::to_string(static_cast<int>(row.prompt)));
    g.SetText("output_tokens", std::to_string(static_cast<int>(row.output)));
    if (row.model == "gpt-oss-120b") {
      // As the leaderboard ran it (ml-energy/benchmark, configs/vllm/gpqa/openai/gpt-oss-120b/*/
      // monolithic.config.yaml): experts tensor parallel ("vLLM recipes recommend TP"), the KV
      // cache at vLLM's default dtype, BF16.
      g.SetText("moe_parallel", "tp");
      g.SetText("kv_precision", "bf16");
    }
    InferResult r;
    try {
      InferInputs in = InferInputsFrom(Catalog::Embedded(), g);
      if (tweak) tweak(in);
      r = gpufleet::Evaluate(in);
    } catch (const InputError& e) {
      // The engine admits a sequence on its current length and preempts; the model admits one
      // only when its full length fits, so a few of the largest batches are refused.
      EXPECT_NE(std::string(e.what()).find("do not fit in memory"), std::string::npos) << e.what();
      ++s.refused;
      continue;
    }
    ++s.rows;
    const Interval j = r.energy_gpu_j_per_request / r.output_tokens;
    const Interval itl = r.itl_s * 1e3;
    if (!tweak && std::getenv("GPUFLEET_PRINT_VALIDATION") != nullptr) {
      std::printf("row\t%s\t%s\t%s\t%s\t%s\t%.0f\t%.4g\t%.4g\t%.4g\t%.4g\t%.4g\t%.4g\t%d\t%d\n",
                  file, row.model.c_str(), row.gpu.c_str(), row.gpus.c_str(), row.precision.c_str(),
                  row.batch, row.power_w, r.gpu_power_w.value, row.j_per_token, j.value, row.itl_ms,
                  itl.value, j.low <= row.j_per_token && row.j_per_token <= j.high,
                  itl.low <= row.itl_ms && row.itl_ms <= itl.high);
    }
    s.power += std::fabs(std::log(r.gpu_power_w.value / row.power_w));
    s.j += std::fabs(std::log(j.value / row.j_per_token));
    s.itl += std::fabs(std::log(itl.value / row.itl_ms));
    if (row.batch < 32) continue;
    ++s.at_batch_32;
    const auto covers = [](const Interval& x, double m) { return x.low <= m && m <= x.high; };
    const auto aim = [&](const Interval& x, double m) {
      return std::fabs(x.value / m - 1) <= 0.15 && covers(x, m);
    };
    s.j_aim += aim(j, row.j_per_token);
    s.j_covers += covers(j, row.j_per_token);
    s.itl_aim += aim(itl, row.itl_ms);
  }
  if (s.rows > 0) {
    s.power /= s.rows;
    s.j /= s.rows;
    s.itl /= s.rows;
  }
  if (std::getenv("GPUFLEET_PRINT_VALIDATION") != nullptr) {
    std::printf(
        "%s %s: %d rows (%d refused), mean |log error| power %.3f, J/token %.3f, ITL %.3f; at "
        "batch "
        ">= 32: %d rows, J/token meets the aim %d (covers %d), ITL %d\n",
        file, fit ? "fitted" : "held out", s.rows, s.refused, s.power, s.j, s.itl, s.at_batch_32,
        s.j_aim, s.j_covers, s.itl_aim);
  }
  return s;
}

// The calibration before the refit: the shares measured on the project's H100 (an HBM copy,
// 0.52; a GEMM at the cap, 1.45) carried to every GPU as shares of TDP - idle, and no
// per-sequence engine time.
void NvmlCalibration(InferInputs& in) {
  in.power_per_bandwidth = Interval(0.52, 0.4, 1.2);
  in.power_per_compute = Interval(1.45, 1.0, 2.0);
  in.step_overhead_per_seq_s = Interval(0);
  in.fp8_layer_s = Interval(0);
}

TEST(InferMlEnergy, TheFittedRowsFitWhatTheyWereFittedTo) {
  const Score s = Evaluate(kDense, true);
  EXPECT_EQ(s.rows + s.refused, 23);
  EXPECT_EQ(s.refused, 2);
  EXPECT_LT(s.power, 0.10);
  EXPECT_LT(s.itl, 0.06);
  EXPECT_LT(s.j, 0.10);
}

TEST(InferMlEnergy, TheHeldOutRowsAreWithinTheDocumentedErrors) {
  const Score s = Evaluate(kDense, false);
  EXPECT_EQ(s.rows + s.refused, 104);
  EXPECT_EQ(s.refused, 13);
  EXPECT_LT(s.j, 0.15);
  EXPECT_LT(s.power, 0.15);
  EXPECT_LT(s.itl, 0.20);
  // The counts docs/validation.md gives.
  EXPECT_EQ(s.at_batch_32, 67);
  EXPECT_EQ(s.j_aim, 60);
  EXPECT_EQ(s.j_covers, 67);
  EXPECT_EQ(s.itl_aim, 53);
}

TEST(InferMlEnergy, TheRefitAtLeastHalvesTheHeldOutEnergyError) {
  const Score now = Evaluate(kDense, false);
  const Score before = Evaluate(kDense, false, NvmlCalibration);
  EXPECT_LT(now.j, 0.5 * before.j) << now.j << " against " << before.j;
  EXPECT_LT(now.power, 0.5 * before.power) << now.power << " against " << before.power;
}

// The engine cost before the sixth session: one MoE time per layer (100 us + 1 us per sequence,
// fitted to 8 Qwen3 rows and 6 InferenceX rows), no expert-parallel or FP8 term.
void OneMoeCost(InferInputs& in) {
  in.moe_layer_s = Interval(100e-6, 30e-6, 250e-6);
  in.moe_layer_ep_s = Interval(0);
  in.moe_layer_per_seq_s = Interval(1e-6, 0.2e-6, 2.5e-6);
  in.fp8_layer_s = Interval(0);
}

// The mixtures of experts (tests/data/mlenergy-v3-moe.csv): the engine costs (moe_layer_s,
// moe_layer_ep_s, moe_layer_per_seq_s, fp8_layer_s) were fitted to the Qwen3 configurations;
// DeepSeek-V3.1 and gpt-oss-120b are held out, and so is every FP8 dense row (Llama 3.1 405B,
// above). Every energy range covers.
TEST(InferMlEnergy, TheMixturesOfExpertsHeldOut) {
  const Score fitted = Evaluate(kMoe, true);
  EXPECT_EQ(fitted.rows + fitted.refused, 122);
  EXPECT_LT(fitted.itl, 0.13);
  const Score s = Evaluate(kMoe, false);
  EXPECT_EQ(s.rows + s.refused, 56);
  // gpt-oss-120b's KV cache in BF16 (as run) holds fewer sequences of full length than the
  // engine, which admits on the current length, ran: 6 of its largest batches are refused.
  EXPECT_EQ(s.refused, 7);
  EXPECT_LT(s.power, 0.175);
  EXPECT_LT(s.j, 0.18);  // 0.196 before gpt-oss-120b's bytes were its checkpoint's (2026-12-04)
  EXPECT_LT(s.itl, 0.16);
  EXPECT_EQ(s.at_batch_32, 37);
  EXPECT_EQ(s.j_aim, 19);
  EXPECT_EQ(s.j_covers, 37);  // every energy range covers its measurement
  EXPECT_EQ(s.itl_aim, 17);
}

// The structured engine cost against the one it replaced, on the rows neither was fitted to.
TEST(InferMlEnergy, TheStructuredEngineCostBeatsTheOneItReplaced) {
  const Score moe_now = Evaluate(kMoe, false), moe_before = Evaluate(kMoe, false, OneMoeCost);
  EXPECT_LT(moe_now.itl, moe_before.itl);
  EXPECT_LT(moe_now.j, moe_before.j);
  const Score dense_now = Evaluate(kDense, false);
  const Score dense_before = Evaluate(kDense, false, OneMoeCost);  // FP8 dense rows: no FP8 term
  EXPECT_LT(dense_now.itl, dense_before.itl);
  EXPECT_LT(dense_now.j, dense_before.j);
}

}  // namespace
}  // namespace gpufleet

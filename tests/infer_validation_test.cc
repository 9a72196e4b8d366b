// Validation of the serving model (infer.h) against published per-token measurements
// (docs/validation.md, "Serving"). Each case sets only the inputs the publisher states (model,
// GPU, GPUs per replica, precision, batch, prompt and output tokens); everything else is at its
// default. Two checks per case:
//  - the error (model central / measured - 1) is the one docs/validation.md reports, to within
//    one percentage point, so the table stays true (misses included);
//  - a case at batch >= 32 marked as meeting the aim has its central value within 15% and its
//    range covering the measurement (issue 13's aim); a documented miss says so in `note`.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/infer.h"
#include "gpufleet/inputs.h"

namespace gpufleet {
namespace {

// What is compared. kServedItl is the time between a sequence's tokens under continuous
// batching, as serving benchmarks (NIM, vLLM's TPOT) measure it: the decode step plus the
// prefills of the other B - 1 sequences that the engine runs in between, spread over the output:
// itl_s + (B - 1) prefill_s / output_tokens (a prefill in a batch: PrefillRun). At B = 1 it is
// itl_s.
enum class What { kThroughput, kItl, kServedItl, kTtft, kGpuJPerToken, kDecodePower };

struct Case {
  const char* name;  // the case as docs/validation.md names it
  std::vector<std::pair<const char*, const char*>> flags;
  What what;
  double measured;          // tokens/s (one replica), s, J per output token, W per GPU
  double documented_error;  // model central / measured - 1, as docs/validation.md reports it
  bool meets_aim;           // central within 15% and range covering (batch >= 32 cases)
};

// Llama 2 7B and 70B as TensorRT-LLM ran them (Touvron et al. 2023, Table 1 and the HF configs:
// 7B: 32 layers, hidden 4096, 32 heads of 128, no GQA, 6.74 B parameters; 70B: 80 layers,
// hidden 8192, 64 heads of 128, 8 KV heads, 69 B parameters).
#define LLAMA2_7B                                                                                  \
  {"params", "6.74e9"}, {"layers", "32"}, {"hidden", "4096"}, {"heads", "32"}, {"kv_heads", "32"}, \
  {                                                                                                \
    "head_dim", "128"                                                                              \
  }
#define LLAMA2_70B                                                                                \
  {"params", "69e9"}, {"layers", "80"}, {"hidden", "8192"}, {"heads", "64"}, {"kv_heads", "8"}, { \
    "head_dim", "128"                                                                             \
  }

// An InferenceX run (SemiAnalysisAI/InferenceX #870, #828): 1,024 tokens in and out, the
// concurrency as the batch.
std::vector<std::pair<const char*, const char*>> InferenceX(const char* model, const char* gpu,
                                                            const char* gpus, const char* precision,
                                                            const char* concurrency) {
  return {{"model", model},         {"gpu", gpu},           {"gpus_per_replica", gpus},
          {"precision", precision}, {"batch", concurrency}, {"input_tokens", "1024"},
          {"output_tokens", "1024"}};
}

// The same, on SGLang (InferenceX #870): the engine as the source states it.
std::vector<std::pair<const char*, const char*>> InferenceXSglang(const char* model,
                                                                  const char* gpu, const char* gpus,
                                                                  const char* precision,
                                                                  const char* concurrency) {
  auto flags = InferenceX(model, gpu, gpus, precision, concurrency);
  flags.push_back({"engine", "sglang"});
  return flags;
}

// gpt-oss-120b as vLLM serves it by default: its experts sliced over the GPUs (tensor parallel;
// the leaderboard's configuration: "vLLM recipes recommend TP") and the KV cache in BF16
// (kv_cache_dtype auto; the ML.ENERGY configuration sets none). ml-energy/benchmark,
// configs/vllm/gpqa/openai/gpt-oss-120b/{H100,B200}/monolithic.config.yaml.
std::vector<std::pair<const char*, const char*>> AsVllmRunsGptOss(
    std::vector<std::pair<const char*, const char*>> flags) {
  flags.push_back({"moe_parallel", "tp"});
  flags.push_back({"kv_precision", "bf16"});
  return flags;
}

// An ML.ENERGY Leaderboard v3.0 configuration (ml-energy/leaderboard, public/data/tasks/*.json,
// 2026-02-13; vLLM 0.11.1, first-hand): the server's max_num_seqs as the batch, the task's mean
// output for that model, and the task's mean prompt as the v3.0 post states it for Qwen3-32B
// (224 tokens for lm-arena-chat, 634 for gpqa; other tokenizers are assumed close).
std::vector<std::pair<const char*, const char*>> MlEnergyV3(const char* model, const char* gpu,
                                                            const char* gpus, const char* precision,
                                                            const char* batch, const char* out,
                                                            const char* in) {
  return {{"model", model},         {"gpu", gpu},     {"gpus_per_replica", gpus},
          {"precision", precision}, {"batch", batch}, {"input_tokens", in},
          {"output_tokens", out}};
}

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // ---- cases kept from before (docs/validation.md, "Serving") ----
      {"ML.ENERGY v3: Llama 3.1 8B, 1 x H100, batch 64, 1000 in / 717 out",
       {{"model", "llama-3.1-8b"},
        {"batch", "64"},
        {"input_tokens", "1000"},
        {"output_tokens", "717"}},
       What::kGpuJPerToken,
       0.12,
       0.291,
       false},
      {"ML.ENERGY v3: same, input 500..2000",
       {{"model", "llama-3.1-8b"},
        {"batch", "64"},
        {"input_tokens", "500..2000"},
        {"output_tokens", "717"}},
       What::kGpuJPerToken,
       0.12,
       0.412,
       false},
      {"ML.ENERGY v2 (vLLM 0.5.4): Llama 3.1 8B, 1 x H100, batch 64",
       {{"model", "llama-3.1-8b"},
        {"batch", "64"},
        {"input_tokens", "1000"},
        {"output_tokens", "717"}},
       What::kGpuJPerToken,
       0.20,
       -0.225,
       false},
      {"Mazurek & Gabriel (clune.org): Llama 3.3 70B, 4 x H100, batch 1, 2035 in / 300 out",
       {{"model", "llama-3.1-70b"},
        {"gpus_per_replica", "4"},
        {"batch", "1"},
        {"input_tokens", "2035"},
        {"output_tokens", "300"}},
       What::kThroughput,
       53.9,
       0.093,
       true},
      {"Mazurek & Gabriel: same, batch 8",
       {{"model", "llama-3.1-70b"},
        {"gpus_per_replica", "4"},
        {"batch", "8"},
        {"input_tokens", "2035"},
        {"output_tokens", "300"}},
       What::kThroughput,
       319.8,
       0.162,
       false},
      // ---- TensorRT-LLM v0.6.1 performance table, H100 FP8 (static batches) ----
      {"TRT-LLM: Llama 2 7B FP8, 1 x H100, batch 48, 2048 in / 2048 out",
       {LLAMA2_7B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"batch", "48"},
        {"input_tokens", "2048"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       2740,
       -0.140,
       true},
      {"TRT-LLM: Llama 2 7B FP8, 1 x H100, batch 112, 128 in / 2048 out",
       {LLAMA2_7B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"batch", "112"},
        {"input_tokens", "128"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       6818,
       -0.123,
       true},
      {"TRT-LLM: Llama 2 7B FP8, 1 x H100, batch 80, 2048 in / 128 out",
       {LLAMA2_7B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"batch", "80"},
        {"input_tokens", "2048"},
        {"output_tokens", "128"}},
       What::kThroughput,
       2244,
       -0.097,
       true},
      {"TRT-LLM: Llama 2 70B FP8, 2 x H100, batch 64, 2048 in / 2048 out",
       {LLAMA2_70B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "2"},
        {"batch", "64"},
        {"input_tokens", "2048"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       2 * 547,
       0.869,
       false},
      {"TRT-LLM: Llama 2 70B FP8, 4 x H100, batch 480, 128 in / 2048 out",
       {LLAMA2_70B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "4"},
        {"batch", "480"},
        {"input_tokens", "128"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       4 * 1486,
       1.121,
       false},
      // ---- TensorRT-LLM v0.5.0 performance table, H100 FP8, Llama 2 70B on 4 x H100 ----
      {"TRT-LLM 0.5: Llama 2 70B FP8, 4 x H100, batch 64, 128 in / 2048 out",
       {LLAMA2_70B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "4"},
        {"batch", "64"},
        {"input_tokens", "128"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       2616,
       0.881,
       false},
      {"TRT-LLM 0.5: Llama 2 7B FP8, 1 x H100, batch 64, 128 in / 2048 out",
       {LLAMA2_7B,
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"batch", "64"},
        {"input_tokens", "128"},
        {"output_tokens", "2048"}},
       What::kThroughput,
       5367,
       -0.029,
       true},
      // ---- NVIDIA NIM 1.8.0 benchmark: Llama 3.3 70B FP8 on 2 x H100, 5000 in / 500 out ----
      // (Llama 3.3 70B has the 3.1 70B architecture; concurrency = the decode batch.)
      {"NIM: Llama 3.3 70B FP8, 2 x H100, 5000 in / 500 out, concurrency 50, ITL",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "2"},
        {"batch", "50"},
        {"input_tokens", "5000"},
        {"output_tokens", "500"}},
       What::kServedItl,
       59.73e-3,
       0.063,
       true},
      {"NIM: same, concurrency 25, ITL",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "2"},
        {"batch", "25"},
        {"input_tokens", "5000"},
        {"output_tokens", "500"}},
       What::kServedItl,
       38.75e-3,
       0.021,
       true},
      {"NIM: same, concurrency 1, ITL",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "2"},
        {"batch", "1"},
        {"input_tokens", "5000"},
        {"output_tokens", "500"}},
       What::kServedItl,
       18.58e-3,
       -0.108,
       true},
      {"NIM: same, 500 in / 2000 out, concurrency 1, ITL",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"engine", "trtllm"},
        {"gpus_per_replica", "2"},
        {"batch", "1"},
        {"input_tokens", "500"},
        {"output_tokens", "2000"}},
       What::kServedItl,
       18.91e-3,
       -0.130,
       true},
      // ---- decode power: vLLM 0.6.6, Llama 3.3 70B FP8 on 4 x H100, ShareGPT (lhl, 2025) ----
      {"vLLM: Llama 3.3 70B FP8, 4 x H100, batch 64, decode power per GPU",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"gpus_per_replica", "4"},
        {"batch", "64"},
        {"input_tokens", "100..500"},
        {"output_tokens", "100..500"}},
       What::kDecodePower,
       480,
       0.066,
       true},
      {"vLLM: same, batch 128, decode power per GPU",
       {{"model", "llama-3.1-70b"},
        {"precision", "fp8"},
        {"gpus_per_replica", "4"},
        {"batch", "128"},
        {"input_tokens", "100..500"},
        {"output_tokens", "100..500"}},
       What::kDecodePower,
       520,
       0.027,
       true},
      // ---- Llama 3.1 405B FP8 on 8 x MI300X, vLLM (ROCm, 2024) benchmark_latency, 128 in /
      // 128 out (Oracle Cloud Infrastructure blog, "Serving Llama 3.1 405B model with AMD MI300X
      // GPUs", 2024: output tokens/s by batch) ----
      {"OCI: Llama 3.1 405B FP8, 8 x MI300X, batch 1, 128 in / 128 out",
       {{"model", "llama-3.1-405b"},
        {"gpu", "mi300x"},
        {"gpus_per_replica", "8"},
        {"precision", "fp8"},
        {"batch", "1"},
        {"input_tokens", "128"},
        {"output_tokens", "128"}},
       What::kThroughput,
       36,
       -0.025,
       true},
      {"OCI: Llama 3.1 405B FP8, 8 x MI300X, batch 32, 128 in / 128 out",
       {{"model", "llama-3.1-405b"},
        {"gpu", "mi300x"},
        {"gpus_per_replica", "8"},
        {"precision", "fp8"},
        {"batch", "32"},
        {"input_tokens", "128"},
        {"output_tokens", "128"}},
       What::kThroughput,
       798,
       0.023,
       true},
      {"OCI: Llama 3.1 405B FP8, 8 x MI300X, batch 128, 128 in / 128 out",
       {{"model", "llama-3.1-405b"},
        {"gpu", "mi300x"},
        {"gpus_per_replica", "8"},
        {"precision", "fp8"},
        {"batch", "128"},
        {"input_tokens", "128"},
        {"output_tokens", "128"}},
       What::kThroughput,
       1585,
       0.116,
       true},
      // ---- Qwen3-32B (BF16) on one B200, vLLM 0.11.1: ML.ENERGY Leaderboard v3.0 (ml-energy/blog,
      // "ml-energy-leaderboard-v3.0", Jan 2026): energy per output token at max_num_seqs 128,
      // text conversation (224 in / 627 out, the task's means) and problem solving (634 / 7,035).
      // At 7,669 tokens a sequence only 47 fit beside the weights (the model's memory limit), so
      // the second case runs at --batch auto: the server's cap of 128 is not the batch it ran. ----
      {"ML.ENERGY v3: Qwen3-32B, 1 x B200, batch 128, 224 in / 627 out",
       {{"model", "qwen3-32b"},
        {"gpu", "b200"},
        {"batch", "128"},
        {"input_tokens", "224"},
        {"output_tokens", "627"}},
       What::kGpuJPerToken,
       0.209,
       0.031,
       true},
      {"ML.ENERGY v3: Qwen3-32B, 1 x B200, batch auto (47), 634 in / 7035 out",
       {{"model", "qwen3-32b"},
        {"gpu", "b200"},
        {"batch", "auto"},
        {"input_tokens", "634"},
        {"output_tokens", "7035"}},
       What::kGpuJPerToken,
       0.312,
       0.719,
       false},
      // ---- Mixtures of experts, secondary sources: SemiAnalysis InferenceX experimental runs,
      // analysed in GitHub issues (SemiAnalysisAI/InferenceX #870 and #828, March 2026), 1,024 in /
      // 1,024 out, power = nvidia-smi board power averaged over the run. DeepSeek-R1-0528 has
      // DeepSeek-V3's architecture (the catalog's deepseek-v3). J per output token = power per
      // GPU / output tokens/s per GPU. ----
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, SGLang 0.5.7, concurrency 8, TPOT",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "8"), What::kServedItl, 0.0128, 0.034,
       true},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 8, power",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "8"), What::kDecodePower, 256.5, 0.947,
       false},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 8, J/token",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "8"), What::kGpuJPerToken, 3.438, 0.931,
       false},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, SGLang 0.5.7, concurrency 32, TPOT",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "32"), What::kServedItl, 0.0256, -0.030,
       true},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 32, power",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "32"), What::kDecodePower, 313.1, 0.856,
       false},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 32, J/token",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "32"), What::kGpuJPerToken, 2.072, 0.746,
       false},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, SGLang 0.5.7, concurrency 64, TPOT",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "64"), What::kServedItl, 0.0346, -0.047,
       true},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 64, power",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "64"), What::kDecodePower, 392.2, 0.524,
       false},
      {"InferenceX #870: DeepSeek-R1 FP8, 8 x H200 TP8, concurrency 64, J/token",
       InferenceXSglang("deepseek-v3", "h200", "8", "fp8", "64"), What::kGpuJPerToken, 1.754, 0.409,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200 TP8 EP8, SGLang 0.5.6, concurrency 4, tokens/s",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "4"), What::kThroughput, 477.6, 0.018,
       true},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 4, power",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "4"), What::kDecodePower, 224.5, 1.431,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 4, J/token",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "4"), What::kGpuJPerToken, 3.760, 1.394,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200 TP8 EP8, SGLang 0.5.6, concurrency 8, tokens/s",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "8"), What::kThroughput, 838.4, 0.025,
       true},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 8, power",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "8"), What::kDecodePower, 239.9, 1.490,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 8, J/token",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "8"), What::kGpuJPerToken, 2.289, 1.437,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200 TP8 EP8, SGLang 0.5.6, concurrency 16, tokens/s",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "16"), What::kThroughput, 1354.4, 0.054,
       true},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 16, power",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "16"), What::kDecodePower, 245.6, 1.695,
       false},
      {"InferenceX #870: DeepSeek-R1 FP4, 8 x B200, concurrency 16, J/token",
       InferenceXSglang("deepseek-v3", "b200", "8", "fp4", "16"), What::kGpuJPerToken, 1.451, 1.577,
       false},
      {"InferenceX #828: gpt-oss-120b MXFP4, 2 x H100, vLLM 0.15.1, concurrency 64, TPOT",
       AsVllmRunsGptOss(InferenceX("gpt-oss-120b", "h100-sxm", "2", "fp4", "64")), What::kServedItl,
       0.01521, 0.257, false},
      {"InferenceX #828: gpt-oss-120b MXFP4, 4 x H100, vLLM 0.15.1, concurrency 64, TPOT",
       AsVllmRunsGptOss(InferenceX("gpt-oss-120b", "h100-sxm", "4", "fp4", "64")), What::kServedItl,
       0.00989, 0.269, false},
      {"InferenceX #828: gpt-oss-120b MXFP4, 8 x H100, vLLM 0.15.1, concurrency 64, TPOT",
       AsVllmRunsGptOss(InferenceX("gpt-oss-120b", "h100-sxm", "8", "fp4", "64")), What::kServedItl,
       0.00736, 0.259, false},
      // ---- ML.ENERGY Leaderboard v3.0 (first-hand; vLLM 0.11.1, lm-arena-chat and gpqa) ----
      {"ML.ENERGY v3: Qwen3-30B-A3B H100x1 bs64, J/token",
       MlEnergyV3("qwen3-30b-a3b", "h100-sxm", "1", "bf16", "64", "925", "224"),
       What::kGpuJPerToken, 0.2218, 0.178, false},
      {"ML.ENERGY v3: Qwen3-30B-A3B H100x1 bs64, median ITL",
       MlEnergyV3("qwen3-30b-a3b", "h100-sxm", "1", "bf16", "64", "925", "224"), What::kItl,
       0.02894, 0.123, true},
      {"ML.ENERGY v3: Qwen3-30B-A3B B200x1 bs64, J/token",
       MlEnergyV3("qwen3-30b-a3b", "b200", "1", "bf16", "64", "915", "224"), What::kGpuJPerToken,
       0.2493, 0.015, true},
      {"ML.ENERGY v3: Qwen3-30B-A3B B200x1 bs64, median ITL",
       MlEnergyV3("qwen3-30b-a3b", "b200", "1", "bf16", "64", "915", "224"), What::kItl, 0.01932,
       -0.091, true},
      {"ML.ENERGY v3: Qwen3-30B-A3B B200x1 bs256, J/token",
       MlEnergyV3("qwen3-30b-a3b", "b200", "1", "bf16", "256", "915", "224"), What::kGpuJPerToken,
       0.1026, 0.043, true},
      {"ML.ENERGY v3: Qwen3-30B-A3B B200x1 bs256, median ITL",
       MlEnergyV3("qwen3-30b-a3b", "b200", "1", "bf16", "256", "915", "224"), What::kItl, 0.02627,
       0.158, false},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x8 bs64, J/token",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "8", "fp8", "64", "870", "224"),
       What::kGpuJPerToken, 2.116, 0.060, true},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x8 bs64, median ITL",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "8", "fp8", "64", "870", "224"), What::kItl,
       0.03467, 0.054, true},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x8 bs256, J/token",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "8", "fp8", "256", "870", "224"),
       What::kGpuJPerToken, 0.95, -0.059, true},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x8 bs256, median ITL",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "8", "fp8", "256", "870", "224"), What::kItl,
       0.05493, -0.024, true},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x4 bs128, J/token",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "4", "fp8", "128", "870", "224"),
       What::kGpuJPerToken, 1.101, -0.191, false},
      {"ML.ENERGY v3: Qwen3-235B FP8 H100x4 bs128, median ITL",
       MlEnergyV3("qwen3-235b-a22b", "h100-sxm", "4", "fp8", "128", "870", "224"), What::kItl,
       0.05313, 0.037, true},
      {"ML.ENERGY v3: Qwen3-235B BF16 B200x8 bs64, J/token",
       MlEnergyV3("qwen3-235b-a22b", "b200", "8", "bf16", "64", "870", "224"), What::kGpuJPerToken,
       2.542, -0.013, true},
      {"ML.ENERGY v3: Qwen3-235B BF16 B200x8 bs64, median ITL",
       MlEnergyV3("qwen3-235b-a22b", "b200", "8", "bf16", "64", "870", "224"), What::kItl, 0.03299,
       -0.227, false},
      {"ML.ENERGY v3: Qwen3-235B BF16 B200x8 bs256, J/token",
       MlEnergyV3("qwen3-235b-a22b", "b200", "8", "bf16", "256", "870", "224"), What::kGpuJPerToken,
       0.94, 0.118, true},
      {"ML.ENERGY v3: Qwen3-235B BF16 B200x8 bs256, median ITL",
       MlEnergyV3("qwen3-235b-a22b", "b200", "8", "bf16", "256", "870", "224"), What::kItl, 0.04347,
       -0.033, true},
      {"ML.ENERGY v3: DeepSeek-V3.1 FP8 B200x8 bs64, J/token",
       MlEnergyV3("deepseek-v3", "b200", "8", "fp8", "64", "845", "224"), What::kGpuJPerToken, 2.92,
       0.150, true},
      {"ML.ENERGY v3: DeepSeek-V3.1 FP8 B200x8 bs64, median ITL",
       MlEnergyV3("deepseek-v3", "b200", "8", "fp8", "64", "845", "224"), What::kItl, 0.03259,
       -0.090, true},
      {"ML.ENERGY v3: DeepSeek-V3.1 FP8 B200x8 bs256, J/token",
       MlEnergyV3("deepseek-v3", "b200", "8", "fp8", "256", "845", "224"), What::kGpuJPerToken,
       1.309, -0.035, true},
      {"ML.ENERGY v3: DeepSeek-V3.1 FP8 B200x8 bs256, median ITL",
       MlEnergyV3("deepseek-v3", "b200", "8", "fp8", "256", "845", "224"), What::kItl, 0.04859,
       -0.104, true},
      {"ML.ENERGY v3: gpt-oss-120b H100x1 bs64, J/token",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "h100-sxm", "1", "fp4", "64", "1720", "634")),
       What::kGpuJPerToken, 0.2676, -0.076, true},
      {"ML.ENERGY v3: gpt-oss-120b H100x1 bs64, median ITL",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "h100-sxm", "1", "fp4", "64", "1720", "634")),
       What::kItl, 0.02415, 0.253, false},
      {"ML.ENERGY v3: gpt-oss-120b B200x1 bs256, J/token",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "b200", "1", "fp4", "256", "1800", "634")),
       What::kGpuJPerToken, 0.0801, 0.217, false},
      {"ML.ENERGY v3: gpt-oss-120b B200x1 bs256, median ITL",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "b200", "1", "fp4", "256", "1800", "634")),
       What::kItl, 0.02072, 0.326, false},
      {"ML.ENERGY v3: gpt-oss-120b H100x2 bs256, J/token",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "h100-sxm", "2", "fp4", "256", "1720", "634")),
       What::kGpuJPerToken, 0.1506, -0.123, true},
      {"ML.ENERGY v3: gpt-oss-120b H100x2 bs256, median ITL",
       AsVllmRunsGptOss(MlEnergyV3("gpt-oss-120b", "h100-sxm", "2", "fp4", "256", "1720", "634")),
       What::kItl, 0.03052, 0.053, true},
      {"ML.ENERGY v3: Llama-3.1-70B H100x4 bs128, J/token",
       MlEnergyV3("llama-3.1-70b", "h100-sxm", "4", "bf16", "128", "355", "224"),
       What::kGpuJPerToken, 0.563, 0.136, true},
      {"ML.ENERGY v3: Llama-3.1-70B H100x4 bs128, median ITL",
       MlEnergyV3("llama-3.1-70b", "h100-sxm", "4", "bf16", "128", "355", "224"), What::kItl,
       0.02787, 0.058, true},
      {"ML.ENERGY v3: Llama-3.1-70B B200x2 bs64, J/token",
       MlEnergyV3("llama-3.1-70b", "b200", "2", "bf16", "64", "350", "224"), What::kGpuJPerToken,
       0.697, -0.004, true},
      {"ML.ENERGY v3: Llama-3.1-70B B200x2 bs64, median ITL",
       MlEnergyV3("llama-3.1-70b", "b200", "2", "bf16", "64", "350", "224"), What::kItl, 0.02175,
       -0.068, true},
      {"ML.ENERGY v3: Llama-3.1-70B B200x2 bs256, J/token",
       MlEnergyV3("llama-3.1-70b", "b200", "2", "bf16", "256", "350", "224"), What::kGpuJPerToken,
       0.361, 0.036, true},
      {"ML.ENERGY v3: Llama-3.1-70B B200x2 bs256, median ITL",
       MlEnergyV3("llama-3.1-70b", "b200", "2", "bf16", "256", "350", "224"), What::kItl, 0.03584,
       0.049, true},
      {"ML.ENERGY v3: Llama-3.1-405B FP8 H100x8 bs64, J/token",
       MlEnergyV3("llama-3.1-405b", "h100-sxm", "8", "fp8", "64", "365", "224"),
       What::kGpuJPerToken, 3.082, 0.147, true},
      {"ML.ENERGY v3: Llama-3.1-405B FP8 H100x8 bs64, median ITL",
       MlEnergyV3("llama-3.1-405b", "h100-sxm", "8", "fp8", "64", "365", "224"), What::kItl,
       0.03932, 0.130, true},
      {"ML.ENERGY v3: Llama-3.1-405B BF16 B200x8 bs128, J/token",
       MlEnergyV3("llama-3.1-405b", "b200", "8", "bf16", "128", "365", "224"), What::kGpuJPerToken,
       2.701, -0.039, true},
      {"ML.ENERGY v3: Llama-3.1-405B BF16 B200x8 bs128, median ITL",
       MlEnergyV3("llama-3.1-405b", "b200", "8", "bf16", "128", "365", "224"), What::kItl, 0.03652,
       -0.034, true},
      {"ML.ENERGY v3: Qwen3-32B B200x1 bs64, J/token",
       MlEnergyV3("qwen3-32b", "b200", "1", "bf16", "64", "630", "224"), What::kGpuJPerToken,
       0.3126, -0.002, true},
      {"ML.ENERGY v3: Qwen3-32B B200x1 bs64, median ITL",
       MlEnergyV3("qwen3-32b", "b200", "1", "bf16", "64", "630", "224"), What::kItl, 0.01958,
       -0.047, true},
  };
  return cases;
}

struct Model {
  Interval value;
};

// The model's figure for what the case measured.
Model ModelFigure(const Case& c,
                  const std::vector<std::pair<const char*, const char*>>& extra = {}) {
  inputs::Given g(inputs::kInfer);
  for (const auto& [k, v] : c.flags) g.SetText(k, v);
  for (const auto& [k, v] : extra) g.SetText(k, v);
  const InferInputs in = InferInputsFrom(Catalog::Embedded(), g);
  const InferResult r = Evaluate(in);
  switch (c.what) {
    case What::kThroughput:
      return {r.throughput_tokens_per_s};
    case What::kItl:
      return {r.itl_s};
    case What::kServedItl:
      return {r.itl_s + r.prefill_s * ((r.batch - 1) / r.output_tokens.value)};
    case What::kTtft:
      return {r.ttft_s};
    case What::kGpuJPerToken:
      return {r.energy_gpu_j_per_request / r.output_tokens};
    case What::kDecodePower:
      return {r.decode_power_w};
  }
  return {};
}

// GPUFLEET_PRINT_VALIDATION=1 prints every case (error, range, whether it meets the aim), the
// source of the tables in docs/validation.md.
TEST(InferValidation, PrintsTheTableOnRequest) {
  if (std::getenv("GPUFLEET_PRINT_VALIDATION") == nullptr) GTEST_SKIP();
  for (const Case& c : Cases()) {
    const Interval v = ModelFigure(c).value;
    const double error = v.value / c.measured - 1;
    const bool covers = v.low <= c.measured && c.measured <= v.high;
    std::printf("%s\t%.4g\t%.4g (%.3g-%.3g)\t%+.1f%%\t%s\t%s\n", c.name, c.measured, v.value, v.low,
                v.high, 100 * error, covers ? "covers" : "      ",
                std::fabs(error) <= 0.15 && covers ? "AIM" : "");
  }
}

TEST(InferValidation, ErrorsAreTheDocumentedOnes) {
  for (const Case& c : Cases()) {
    const Interval v = ModelFigure(c).value;
    const double error = v.value / c.measured - 1;
    EXPECT_NEAR(error, c.documented_error, 0.01)
        << c.name << ": model " << v.value << " (" << v.low << "-" << v.high << "), measured "
        << c.measured << "; update docs/validation.md if the model changed";
  }
}

TEST(InferValidation, CasesMeetingTheAimAreWithin15PercentAndCovered) {
  int meeting = 0, at_batch_32 = 0;
  for (const Case& c : Cases()) {
    if (!c.meets_aim) continue;
    ++meeting;
    const Interval v = ModelFigure(c).value;
    EXPECT_LE(std::fabs(v.value / c.measured - 1), 0.15) << c.name;
    EXPECT_LE(v.low, c.measured) << c.name;
    EXPECT_GE(v.high, c.measured) << c.name;
    for (const auto& [k, x] : c.flags) {
      if (std::string(k) == "batch" && std::string(x) != "auto" && std::stoi(x) >= 32) {
        ++at_batch_32;
      }
    }
  }
  EXPECT_EQ(meeting, 52);
  EXPECT_EQ(at_batch_32, 43);  // the aim is about batch >= 32
}

// The cases whose name holds `name_part`: `count` of them, each model / measured between `lo`
// and `hi`.
void ExpectRatios(const char* name_part, int count, double lo, double hi) {
  int n = 0;
  for (const Case& c : Cases()) {
    if (std::string(c.name).find(name_part) == std::string::npos) continue;
    ++n;
    const double ratio = ModelFigure(c).value.value / c.measured;
    EXPECT_GT(ratio, lo) << c.name;
    EXPECT_LT(ratio, hi) << c.name;
  }
  EXPECT_EQ(n, count) << name_part;
}

// The TensorRT-LLM 0.5/0.6 rows for Llama 2 70B (FP8, grouped-query attention, tensor parallel):
// 2.2-3.7x faster than measured with the bare roofline, 1.9-2.2x with the decode step's compute
// time and `--engine trtllm` (no per-sequence or FP8 engine time), while the same tables' Llama 2
// 7B rows (no GQA, one GPU) and a 2025 engine on the 70B architecture (NIM 1.8, TP2) are within
// 14%: kept as documented misses (docs/validation.md: plausibly an attention kernel of that
// release that read the KV cache once per query head).
TEST(InferValidation, TheOldTensorRtLlm70bRowsAreKnownMisses) {
  ExpectRatios("Llama 2 70B", 3, 1.5, 2.5);
}

// The only MI300X case found with a stated batch and lengths (Llama 3.1 405B FP8, vLLM on ROCm,
// 2024) was 1.7-2.5x slower than the model; with the FP8 engine time fitted on vLLM 0.11.1 on
// H100 and B200 (these rows held out) it is within 20%: vLLM's FP8 path, not the MI300X's
// bandwidth, was what the model lacked.
TEST(InferValidation, TheMi300xRowsAreWithin20PercentWithTheFp8EngineTime) {
  ExpectRatios("MI300X", 3, 0.8, 1.2);
}

bool IsMixtureOfExperts(const Case& c) {
  for (const auto& [k, v] : c.flags) {
    if (std::string(k) != "model") continue;
    const std::string m = v;
    return m == "qwen3-30b-a3b" || m == "qwen3-235b-a22b" || m == "deepseek-v3" ||
           m == "gpt-oss-120b";
  }
  return false;
}

// The MoE engine cost (moe_layer_s, moe_layer_ep_s, moe_layer_per_seq_s) is fitted to the Qwen3
// configurations of ML.ENERGY v3 (sixth session; before, to 8 of them and the InferenceX
// DeepSeek-R1 rows); the gpt-oss-120b and DeepSeek-V3.1 rows are held out (docs/validation.md).
// On them the model with the cost must be less far off (mean |log(model / measured)|) than
// without it, and its range must cover each.
TEST(InferValidation, TheMoeEngineCostHoldsOnRowsItWasNotFittedTo) {
  double with = 0, without = 0;
  int held_out = 0, moe_rows = 0, covered = 0;
  for (const Case& c : Cases()) {
    if (!IsMixtureOfExperts(c)) continue;
    ++moe_rows;
    const Interval v = ModelFigure(c).value;
    if (v.low <= c.measured && c.measured <= v.high) ++covered;
    const std::string name = c.name;
    if (name.find("gpt-oss") == std::string::npos &&
        name.find("DeepSeek-V3.1") == std::string::npos) {
      continue;
    }
    ++held_out;
    const Interval bare =
        ModelFigure(c,
                    {{"moe_layer_s", "0"}, {"moe_layer_ep_s", "0"}, {"moe_layer_per_seq_s", "0"}})
            .value;
    with += std::fabs(std::log(v.value / c.measured));
    without += std::fabs(std::log(bare.value / c.measured));
    EXPECT_LE(v.low, c.measured) << c.name;
    EXPECT_GE(v.high, c.measured) << c.name;
  }
  EXPECT_EQ(held_out, 13);
  EXPECT_EQ(moe_rows, 47);
  // Every mixture-of-experts range covers its measurement but one: InferenceX's whole-run power
  // on 8 x B200 at concurrency 16 (245.6 W) is below the least power the phases of a step can
  // draw (247 W): a whole run's average includes the time between requests, which the serving
  // power does not. (Energy over time in interval arithmetic covered it until the seventh
  // session, with a low end of 100 W that no phase draws.)
  EXPECT_EQ(covered, moe_rows - 1);
  // The cost took the error to under three quarters of the bare roofline's until gpt-oss-120b's
  // bytes became its checkpoint's (BF16 attention and KV cache, MXFP4 scales, 2026-12-04): the
  // bytes alone now explain more of its steps (0.157 against 0.175; 0.168 against 0.220 before).
  EXPECT_LT(with, 0.95 * without) << "held-out mean |log error|: " << with / held_out
                                  << " with the engine cost, " << without / held_out << " without";
}

}  // namespace
}  // namespace gpufleet

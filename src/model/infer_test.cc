// The serving model (infer.h): memory, roofline, energy boundaries, errors and the StepCost seam.
#include "gpufleet/infer.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "gpufleet/embodied.h"
#include "gpufleet/error.h"
#include "gpufleet/report.h"
#include "gpufleet/serving_step.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

using Flags = std::initializer_list<std::pair<const char*, const char*>>;

InferInputs Inputs(Flags flags) {
  inputs::Given g(inputs::kInfer);
  for (const auto& [k, v] : flags) g.SetText(k, v);
  return InferInputsFrom(Catalog::Embedded(), g);
}

InferResult Serve(Flags flags) { return Evaluate(Inputs(flags)); }

// What filling `flags` says ("no error", or the error's field and detail) over a copy of the
// catalog whose models.toml has its first `replace` replaced by `with`.
std::string CatalogModelError(const std::string& replace, const std::string& with, Flags flags) {
  namespace fs = std::filesystem;
  const fs::path dir = testing::CopyOfDataDir("gpufleet-model-facts");
  const fs::path file = dir / "models.toml";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  std::string s = text.str();
  const size_t at = s.find(replace);
  EXPECT_NE(at, std::string::npos) << replace;
  if (at != std::string::npos) s.replace(at, replace.size(), with);
  std::ofstream(file) << s;
  std::string what = "no error";
  try {
    const Catalog c = Catalog::FromDirectory(dir.string());
    inputs::Given g(inputs::kInfer);
    for (const auto& [k, v] : flags) g.SetText(k, v);
    InferInputsFrom(c, g);
  } catch (const InputError& e) {
    what = e.where().field + ": " + e.detail();
  }
  fs::remove_all(dir);
  return what;
}

std::string ErrorField(Flags flags) {
  try {
    Serve(flags);
  } catch (const InputError& e) {
    return e.where().field + ": " + e.detail();
  }
  return "no error";
}

TEST(InferModel, MemoryFromTheCatalogArchitecture) {
  const InferInputs in = Inputs({{"model", "llama-3.1-8b"}, {"memory_usable", "0.9"}});
  const InferMemory m = MemoryOf(in);
  const Entry& e = Catalog::Embedded().Get("model", "llama-3.1-8b");
  const double layers = e.Get("layers_count").value.value, kv = e.Get("kv_heads_count").value.value,
               hd = e.Get("head_dim_count").value.value, p = e.Get("params_count").value.value;
  EXPECT_DOUBLE_EQ(m.weights_bytes.value, 2 * p);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token.value, 2 * layers * kv * hd * 2);
  EXPECT_EQ(m.kv_bytes_per_token.value, 131072);  // Llama 3.1 8B in BF16: 128 KiB per token
  const double cap = (80e9 * 0.9 - 2 * p) / m.kv_bytes_per_token.value;
  EXPECT_NEAR(m.kv_capacity_tokens.value, cap, 1e-6 * cap);
  EXPECT_EQ(m.max_batch.value, std::floor(cap / 1300));
  // FP8 halves the weights and the cache: more than twice the batch.
  const InferMemory m8 =
      MemoryOf(Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"memory_usable", "0.9"}}));
  EXPECT_GT(m8.max_batch.value, 2 * m.max_batch.value);
}

// The KV cache's precision is the weights' unless given; an engine that cannot store FP4 keeps
// FP4 weights' cache at its default BF16, and refuses an FP4 cache.
TEST(InferModel, TheKvCacheHasItsOwnPrecision) {
  const double fp8 =
      MemoryOf(Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp8"}})).kv_bytes_per_token.value;
  const InferInputs bf16_kv =
      Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"kv_precision", "bf16"}});
  EXPECT_EQ(fp8, 65536);
  EXPECT_EQ(MemoryOf(bf16_kv).kv_bytes_per_token.value, 2 * fp8);
  EXPECT_EQ(MemoryOf(bf16_kv).weights_bytes.value,
            MemoryOf(Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp8"}}))
                .weights_bytes.value);  // the weights stay FP8
  // A step reads the cache at its precision: a longer step at the same batch.
  const InferResult a = Serve({{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"batch", "64"}});
  const InferResult b = Evaluate(Inputs({{"model", "llama-3.1-8b"},
                                         {"precision", "fp8"},
                                         {"kv_precision", "bf16"},
                                         {"batch", "64"}}));
  EXPECT_GT(b.itl_s.value, a.itl_s.value);
  // FP4 weights: vLLM keeps a BF16 cache (said); TensorRT-LLM stores it in FP4.
  const InferInputs vllm = Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp4"}});
  EXPECT_EQ(vllm.kv_precision, Precision::kBf16);
  EXPECT_TRUE(std::any_of(vllm.notes.begin(), vllm.notes.end(), [](const std::string& n) {
    return n.find("vllm stores no FP4 KV cache") != std::string::npos;
  }));
  // TensorRT-LLM stores an FP4 (NVFP4, 4.5-bit) cache on a GPU with FP4 tensor cores; on an H100
  // it keeps FP8.
  const InferInputs trt_b200 = Inputs(
      {{"model", "llama-3.1-8b"}, {"precision", "fp4"}, {"engine", "trtllm"}, {"gpu", "b200"}});
  EXPECT_EQ(trt_b200.kv_precision, Precision::kFp4);
  EXPECT_DOUBLE_EQ(KvBytesPerCachedToken(trt_b200).value, 32 * 8 * 128 * 2 * 4.5 / 8);
  EXPECT_EQ(
      Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp4"}, {"engine", "trtllm"}}).kv_precision,
      Precision::kFp8);
  EXPECT_THAT(
      ErrorField({{"model", "llama-3.1-8b"},
                  {"precision", "fp4"},
                  {"engine", "trtllm"},
                  {"kv_precision", "fp4"}}),
      ::testing::StartsWith("kv_precision: an FP4 KV cache (NVFP4) needs FP4 tensor cores"));
  // Attention runs at the cache's rate: a BF16 cache beside FP8 weights computes its attention at
  // the BF16 rate, so a long prompt takes longer than with an FP8 cache.
  const Entry& h100_gpu = Catalog::Embedded().Get("gpu", "h100-sxm");
  const InferInputs long_bf16 = Inputs({{"model", "llama-3.1-8b"},
                                        {"precision", "fp8"},
                                        {"kv_precision", "bf16"},
                                        {"input_tokens", "32000"}});
  EXPECT_EQ(long_bf16.attention_flop_per_s.value,
            h100_gpu.Get("bf16_dense_flop_per_s").value.value);
  EXPECT_GT(Evaluate(long_bf16).ttft_s.value,
            Serve({{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"input_tokens", "32000"}})
                    .ttft_s.value *
                1.1);
  EXPECT_THAT(ErrorField({{"model", "llama-3.1-8b"}, {"kv_precision", "fp4"}}),
              ::testing::StartsWith("kv_precision: vllm stores the KV cache at bf16 or fp8"));
  EXPECT_THAT(ErrorField({{"model", "llama-3.1-8b"}, {"kv_precision", "int4"}}),
              ::testing::StartsWith("kv_precision: unknown number format 'int4'"));
}

// gpt-oss-120b as its checkpoint stores it: MXFP4 experts (4.25 bits with their scales), its
// attention and embeddings (2.12 G parameters) in BF16: 65.2 GB, the model card's 60.8 GiB.
// Half its layers attend over 128 tokens: their cache stops growing there.
TEST(InferModel, GptOssIsStoredAsItsCheckpoint) {
  const InferInputs fp4 = Inputs({{"model", "gpt-oss-120b"}, {"precision", "fp4"}});
  const double p = fp4.model.params.value, kept = fp4.model.bf16_params.value;
  EXPECT_EQ(kept, 2.12e9);
  EXPECT_DOUBLE_EQ(MemoryOf(fp4).weights_bytes.value, kept * 2 + (p - kept) * 4.25 / 8);
  EXPECT_NEAR(MemoryOf(fp4).weights_bytes.value / std::pow(2.0, 30), 60.8, 0.2);
  // At BF16 every parameter is two bytes, kept or not.
  EXPECT_DOUBLE_EQ(
      MemoryOf(Inputs({{"model", "gpt-oss-120b"}, {"gpus_per_replica", "4"}})).weights_bytes.value,
      2 * p);
  // The cache: 18 full layers hold every token, 18 sliding ones at most 128.
  const double per_layer = 8 * 64 * 2 * 2.0;  // KV heads x head size x K,V x BF16
  for (const char* n : {"100", "5000"}) {
    const InferInputs in = Inputs({{"model", "gpt-oss-120b"},
                                   {"precision", "fp4"},
                                   {"input_tokens", n},
                                   {"output_tokens", "1"}});
    const double tokens = std::stod(n) + 1;
    EXPECT_DOUBLE_EQ(MemoryOf(in).kv_bytes_per_token.value * tokens,
                     per_layer * (18 * tokens + 18 * std::min(tokens, 128.0)))
        << n;
  }
  // A step at context 5,000 reads the full layers' 5,000 tokens and the sliding ones' 128.
  const InferInputs in = Inputs({{"model", "gpt-oss-120b"}, {"precision", "fp4"}});
  EXPECT_DOUBLE_EQ(KvBytesRead(in, 4, 5000).value, 4 * per_layer * (18 * 5000 + 18 * 128));
  EXPECT_DOUBLE_EQ(KvBytesRead(in, 4, 100).value, 4 * per_layer * 36 * 100);
  // A long prompt's attention: the sliding layers' pairs grow linearly past the window.
  const InferResult short_prompt =
      Serve({{"model", "gpt-oss-120b"}, {"precision", "fp4"}, {"input_tokens", "20000"}});
  InferInputs dense_attention =
      Inputs({{"model", "gpt-oss-120b"}, {"precision", "fp4"}, {"input_tokens", "20000"}});
  dense_attention.model.sliding_window = 0;
  EXPECT_LT(short_prompt.ttft_s.value, Evaluate(dense_attention).ttft_s.value);
}

// A catalog model's sliding-window and BF16 facts are checked against its architecture.
TEST(InferModel, ACatalogModelsSlidingAndBf16FactsAreChecked) {
  const auto error_for = [](const std::string& replace, const std::string& with) {
    return CatalogModelError(replace, with, {{"model", "gpt-oss-120b"}, {"precision", "fp4"}});
  };
  EXPECT_THAT(error_for("[model.sliding_layers_count]\nvalue = 18",
                        "[model.sliding_layers_count]\nvalue = 40"),
              ::testing::HasSubstr("40 sliding layers exceed the 36 layers"));
  EXPECT_THAT(error_for("[model.sliding_window_tokens_count]", "[model.unused_sliding]"),
              ::testing::HasSubstr("unknown fact 'unused_sliding'"));
  EXPECT_THAT(error_for("[model.bf16_params_count]\nvalue = 2.12e+09",
                        "[model.bf16_params_count]\nvalue = 2.12e+12"),
              ::testing::HasSubstr("kept in BF16 exceed the"));
  EXPECT_THAT(error_for("[model.sliding_layers_count]\nvalue = 18",
                        "[model.sliding_layers_count]\nvalue = 18\nlow = 10\nhigh = 36"),
              ::testing::HasSubstr("one number, not a range"));
  // 0 is none: no sliding layers, nothing kept in BF16.
  EXPECT_EQ(error_for("[model.sliding_layers_count]\nvalue = 18",
                      "[model.sliding_layers_count]\nvalue = 0"),
            "no error");
  EXPECT_EQ(error_for("[model.bf16_params_count]\nvalue = 2.12e+09",
                      "[model.bf16_params_count]\nvalue = 0"),
            "no error");
}

// DeepSeek-V3's latent attention: a decode step attends over the 512 + 64 latent (2,176 FLOPs per
// head and cached token), a prefill over expanded keys and values (640 per head and pair), where
// the cache's 1 x 288 heads counted 1,152 for both.
TEST(InferModel, LatentAttentionCountsItsOwnFlopsPerPass) {
  const InferInputs mla = Inputs({{"model", "deepseek-v3"},
                                  {"gpu", "h200"},
                                  {"gpus_per_replica", "8"},
                                  {"precision", "fp8"},
                                  {"input_tokens", "20000"}});
  ASSERT_TRUE(mla.model.mla());
  InferInputs plain = mla;
  plain.model.mla_kv_rank = plain.model.mla_rope_dim = plain.model.mla_nope_dim =
      plain.model.mla_v_dim = 0;
  // Per second of attention compute, one head-layer-pair FLOP costs 1 / (g F_att eta_c).
  const double per_flop = 1 / (8 * mla.attention_flop_per_s.value * mla.compute_efficiency.value);
  const double heads_layers = 61.0 * 128;
  const double b = 32, ctx = 4000;
  EXPECT_NEAR(DecodeStepSeconds(mla, b, ctx).value - DecodeStepSeconds(plain, b, ctx).value,
              heads_layers * (2176 - 1152) * ctx * b * per_flop, 1e-9);
  // A 20,000-token prompt is compute-bound: its n^2 / 2 pairs at 640 instead of 1,152.
  const double n = 20000;
  EXPECT_NEAR(PrefillSeconds(mla, n, PrefillRun::kAlone).value -
                  PrefillSeconds(plain, n, PrefillRun::kAlone).value,
              heads_layers * (640.0 - 1152) * n * n / 2 * per_flop, 1e-9);
  // The cache is the same: 576 values per layer and token.
  EXPECT_EQ(MemoryOf(mla).kv_bytes_per_token.value, MemoryOf(plain).kv_bytes_per_token.value);
}

// A catalog MLA model given its own cache shape attends as heads x head_dim, and says so.
TEST(InferModel, LatentAttentionGivenAnotherCacheShapeIsOrdinaryAttention) {
  const InferInputs in = Inputs({{"model", "deepseek-v3"},
                                 {"gpu", "h200"},
                                 {"gpus_per_replica", "8"},
                                 {"precision", "fp8"},
                                 {"head_dim", "128"}});
  EXPECT_FALSE(in.model.mla());
  EXPECT_TRUE(std::any_of(in.notes.begin(), in.notes.end(), [](const std::string& n) {
    return n.find("ordinary attention (heads x head_dim), not deepseek-v3's latent attention") !=
           std::string::npos;
  }));
  EXPECT_TRUE(Inputs({{"model", "deepseek-v3"},
                      {"gpu", "h200"},
                      {"gpus_per_replica", "8"},
                      {"precision", "fp8"},
                      {"heads", "64"}})
                  .model.mla());
  // Both named when both were given (only `kv_heads` was; found by an adversarial tester).
  const InferInputs both = Inputs({{"model", "deepseek-v3"},
                                   {"gpu", "h200"},
                                   {"gpus_per_replica", "8"},
                                   {"precision", "fp8"},
                                   {"kv_heads", "1"},
                                   {"head_dim", "288"}});
  EXPECT_TRUE(std::any_of(both.notes.begin(), both.notes.end(), [](const std::string& n) {
    return n.find("with `kv_heads` and `head_dim` given: ordinary attention") != std::string::npos;
  }));
}

// The four latent-attention facts come together, one number each, and their rank + rope is the
// cache the model counts.
TEST(InferModel, ACatalogModelsLatentAttentionFactsAreChecked) {
  const auto error_for = [](const std::string& replace, const std::string& with) {
    return CatalogModelError(replace, with,
                             {{"model", "deepseek-v3"},
                              {"gpu", "h200"},
                              {"gpus_per_replica", "8"},
                              {"precision", "fp8"}});
  };
  EXPECT_EQ(error_for("[model.mla_v_dim_count]", "[model.mla_v_dim_count]"), "no error");
  // Three of the four: the missing one is named.
  Entry three = *Catalog::Embedded().Find("model", "deepseek-v3");
  three.facts.erase("mla_nope_dim_count");
  try {
    CheckModelFacts(three);
    ADD_FAILURE() << "three of the four latent-attention facts were taken";
  } catch (const InputError& e) {
    EXPECT_THAT(e.where().field, ::testing::HasSubstr("mla_nope_dim_count"));
    EXPECT_THAT(e.detail(), ::testing::HasSubstr("needs all four"));
  }
  EXPECT_THAT(error_for("[model.mla_v_dim_count]", "[model.unrelated_v_dim]"),
              ::testing::HasSubstr("unknown fact"));
  EXPECT_THAT(
      error_for("[model.mla_rope_dim_count]\nvalue = 64", "[model.mla_rope_dim_count]\nvalue = 32"),
      ::testing::HasSubstr("caches rank + rope = 544 values per layer and token, where 2 "
                           "x kv_heads x head_dim = 576"));
  EXPECT_THAT(error_for("[model.mla_kv_rank_count]\nvalue = 512",
                        "[model.mla_kv_rank_count]\nvalue = 512\nlow = 256\nhigh = 512"),
              ::testing::HasSubstr("one number, not a range"));
}

// Another layer count keeps the catalog's share of sliding layers (18 of 36 made every one of 12
// layers slide, without a word).
TEST(InferModel, OtherLayerCountsKeepTheSlidingShare) {
  const InferInputs in =
      Inputs({{"model", "gpt-oss-120b"}, {"precision", "fp4"}, {"layers", "12"}});
  EXPECT_EQ(in.model.sliding_layers.value, 6);
  EXPECT_TRUE(std::any_of(in.notes.begin(), in.notes.end(), [](const std::string& n) {
    return n.find("6 of the 12 layers attend over a 128-token window") != std::string::npos;
  }));
}

// A mixture's experts over several GPUs: whole experts per GPU (expert parallel, the default)
// pay moe_layer_ep_s; sliced like the dense layers (tp), they do not.
TEST(InferModel, ExpertsSlicedOverTheGpusPayNoDispatch) {
  const InferResult ep =
      Serve({{"model", "qwen3-30b-a3b"}, {"gpus_per_replica", "2"}, {"batch", "64"}});
  const InferResult tp = Serve({{"model", "qwen3-30b-a3b"},
                                {"gpus_per_replica", "2"},
                                {"batch", "64"},
                                {"moe_parallel", "tp"}});
  EXPECT_NEAR(ep.itl_s.value - tp.itl_s.value, 48 * 40e-6, 1e-9);  // 48 layers x 40 us
  const InferInputs noted = Inputs({{"model", "qwen3-30b-a3b"},
                                    {"gpus_per_replica", "2"},
                                    {"moe_parallel", "TP"},
                                    {"moe_layer_ep_s", "1e-4"}});
  EXPECT_FALSE(noted.expert_parallel);
  // Two GPUs: the split is used (the note was tested before the GPU count was read, and said it
  // was not used on any count).
  EXPECT_FALSE(std::any_of(noted.notes.begin(), noted.notes.end(), [](const std::string& n) {
    return n.find("moe_parallel (how experts are split) is not used") != std::string::npos;
  }));
  const InferInputs one = Inputs({{"model", "qwen3-30b-a3b"}, {"moe_parallel", "tp"}});
  EXPECT_TRUE(std::any_of(one.notes.begin(), one.notes.end(), [](const std::string& n) {
    return n.find("one GPU per replica: moe_parallel") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(noted.notes.begin(), noted.notes.end(), [](const std::string& n) {
    return n.find("moe_layer_ep_s (whole experts spread over GPUs) is not used") !=
           std::string::npos;
  }));
  EXPECT_THAT(ErrorField({{"model", "qwen3-30b-a3b"}, {"moe_parallel", "pp"}}),
              ::testing::StartsWith("moe_parallel: unknown split 'pp'"));
  const InferInputs dense = Inputs({{"model", "llama-3.1-8b"}, {"moe_parallel", "tp"}});
  EXPECT_TRUE(std::any_of(dense.notes.begin(), dense.notes.end(), [](const std::string& n) {
    return n.find("a dense model: moe_parallel") != std::string::npos;
  }));
}

// FP4 weights on a GPU without an FP4 rate: computed at BF16 as vLLM dequantises them, at FP8
// as TensorRT-LLM runs W4A8.
TEST(InferModel, Fp4WithoutAnFp4RateIsTheEnginesPath) {
  const Entry& h100 = Catalog::Embedded().Get("gpu", "h100-sxm");
  const InferInputs vllm = Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp4"}});
  EXPECT_EQ(vllm.peak_flop_per_s.value, h100.Get("bf16_dense_flop_per_s").value.value);
  EXPECT_TRUE(vllm.weight_only);
  const InferInputs trt =
      Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp4"}, {"engine", "trtllm"}});
  EXPECT_EQ(trt.peak_flop_per_s.value, h100.Get("fp8_dense_flop_per_s").value.value);
  const InferInputs b200 =
      Inputs({{"model", "llama-3.1-8b"}, {"precision", "fp4"}, {"gpu", "b200"}});
  EXPECT_FALSE(b200.weight_only);  // its own FP4 rate
}

// Points of the token counts where a given batch does not fit still bound what fits in memory
// (the limit does not depend on the batch): 285 at 400 output tokens, not the 310 of the points
// that held (found by an adversarial tester).
TEST(InferModel, TheMemoryLimitSpansThePointsWhereTheBatchDoesNotFit) {
  const InferResult r = Serve({{"model", "llama-3.1-70b"},
                               {"gpus_per_replica", "4"},
                               {"output_tokens", "100..400"},
                               {"batch", "340"}});
  const InferMemory at400 = MemoryOf(
      Inputs({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"output_tokens", "400"}}));
  EXPECT_EQ(r.memory.max_batch.low, at400.max_batch.low);
  EXPECT_LT(at400.max_batch.value, 340);  // the batch does not fit there: that point is left out
  EXPECT_TRUE(std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) {
    return n.find("the ranges leave out") != std::string::npos;
  }));
}

// A demand beyond what `count` serves at some of the token counts' points caps the served demand
// there (load 1, with a note); the points stay, so a replica's figures (batch, tokens/s), which
// do not depend on the demand, span the same range with a demand as without (points were
// dropped: tokens/s 936-8,556 became 2,782-8,556; found by an adversarial tester).
TEST(InferModel, ADemandBeyondTheFleetAtSomeTokenCountsCapsItThereAndKeepsThePoints) {
  const InferResult alone = Serve(
      {{"model", "llama-3.1-8b"}, {"input_tokens", "500..1000..4000"}, {"tpot_slo_s", "30ms"}});
  const InferResult demand = Serve({{"model", "llama-3.1-8b"},
                                    {"input_tokens", "500..1000..4000"},
                                    {"tpot_slo_s", "30ms"},
                                    {"count", "250"},
                                    {"requests_per_s", "2000..3000..5000"}});
  for (auto [a, b] : {std::pair{alone.throughput_tokens_per_s, demand.throughput_tokens_per_s},
                      {alone.batch_span, demand.batch_span},
                      {alone.itl_s, demand.itl_s}}) {
    EXPECT_EQ(a.low, b.low);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.high, b.high);
  }
  EXPECT_LE(demand.load.high, 1.0);
  bool capped = false, left_out = false;
  for (const std::string& n : demand.notes) {
    capped = capped || n.find("the demand exceeds what `count` serves") != std::string::npos;
    left_out = left_out || n.find("the ranges leave out") != std::string::npos;
  }
  EXPECT_TRUE(capped);
  EXPECT_FALSE(left_out);
}

// More GPUs than KV heads, not a multiple of them: vLLM refuses; the note says so instead of a
// fractional copy count ("a copy of each KV head on 1.5 GPUs").
TEST(InferModel, GpusNotAMultipleOfTheKvHeadsAreSaid) {
  const InferInputs in = Inputs({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "12"}});
  const auto has = [&](const char* text) {
    return std::any_of(in.notes.begin(), in.notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(
      has("need the GPU count to be a multiple of the KV heads when it exceeds them (8 or "
          "16 would be) and refuse 12"));
  EXPECT_FALSE(has("1.5 GPUs"));
  const InferInputs sixteen = Inputs({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "16"}});
  EXPECT_TRUE(std::any_of(sixteen.notes.begin(), sixteen.notes.end(), [](const std::string& n) {
    return n.find("a copy of each KV head on 2 GPUs") != std::string::npos;
  }));
}

TEST(InferModel, ABatchThatDoesNotFitNamesTheLimit) {
  const double fit = MemoryOf(Inputs({{"model", "llama-3.1-8b"}})).max_batch.value;
  const std::string err = ErrorField({{"model", "llama-3.1-8b"}, {"batch", "100000"}});
  EXPECT_EQ(err.rfind("batch: 100000 sequences do not fit in memory: at most ", 0), 0) << err;
  EXPECT_NE(err.find(fmt::format("at most {} of 1300-token length", fit)), std::string::npos)
      << err;
  // auto: the most that fit, with a note.
  const InferResult r = Serve({{"model", "llama-3.1-8b"}});
  EXPECT_TRUE(r.batch_auto);
  EXPECT_EQ(r.batch, static_cast<int>(fit));
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("batch auto"), std::string::npos);
}

// A vanishing usable share made the minimum overflow int (undefined behaviour, printed as
// "at least -2147483648 GPUs"): it is held to a billion.
TEST(InferModel, TheMinimumGpusNeverOverflows) {
  const std::string err = ErrorField({{"model", "llama-3.1-8b"}, {"memory_usable", "1e-300"}});
  EXPECT_NE(err.find("(over a billion would hold it)"), std::string::npos) << err;
  EXPECT_EQ(err.find("at least -"), std::string::npos) << err;
}

// Architectures that cannot be (adversarial testing): more KV heads than query heads was
// accepted, and a mixture with every expert routed per token kept its catalog active share.
TEST(InferModel, ImpossibleArchitecturesAreRefusedOrMadeConsistent) {
  EXPECT_EQ(ErrorField({{"params", "70e9"},
                        {"layers", "80"},
                        {"hidden", "8192"},
                        {"head_dim", "128"},
                        {"kv_heads", "64"},
                        {"heads", "3"},
                        {"gpus_per_replica", "4"}})
                .rfind("kv_heads: ", 0),
            0u);
  const InferInputs all =
      Inputs({{"model", "qwen3-30b-a3b"}, {"experts", "1"}, {"experts_per_token", "1"}});
  EXPECT_FALSE(all.model.moe());
  EXPECT_EQ(all.model.active_params.value, all.model.params.value);
  EXPECT_EQ(ErrorField({{"model", "qwen3-30b-a3b"},
                        {"experts", "1"},
                        {"experts_per_token", "1"},
                        {"active_params", "3e9"}})
                .rfind("active_params: ", 0),
            0u);
}

TEST(InferModel, AModelThatDoesNotFitNamesTheMinimumGpus) {
  const std::string err = ErrorField({{"model", "llama-3.1-405b"}});
  EXPECT_EQ(err.rfind("gpus_per_replica: ", 0), 0) << err;
  // 405.9e9 x 2 bytes over 72 GB usable per H100 (0.9 x 80 GB): 12 GPUs.
  EXPECT_NE(err.find("at least 12 GPUs per replica"), std::string::npos) << err;
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-405b"}, {"gpus_per_replica", "12"}}), "no error");
  EXPECT_EQ(
      ErrorField({{"model", "llama-3.1-405b"}, {"gpus_per_replica", "8"}, {"precision", "fp8"}}),
      "no error");
}

// Found by an adversarial tester: figures that are quotients of energies over the same inputs
// took their ends from points that never meet (the fleet's mean GPU power reached 700 W at load
// 0.5, the GPUs' share of the facility energy 113%). Each is bounded by the ends of the inputs
// it is monotone in.
TEST(InferModel, PowerAndShareRangesStayWithinWhatTheirInputsAllow) {
  for (const char* load : {"0.5", "1e-6", "0.3..0.7", "1"}) {
    const InferInputs in = Inputs({{"model", "llama-3.1-8b"}, {"count", "8"}, {"load", load}});
    const InferResult r = Evaluate(in);
    ASSERT_TRUE(r.fleet_gpu_power_w.has_value());
    const Interval idle = In(in.idle, units::W);
    const Interval& p = r.gpu_power_w;
    const Interval& u = r.load;
    const Interval& fleet = *r.fleet_gpu_power_w;
    EXPECT_LE(fleet.high, u.high * p.high + (1 - u.high) * idle.high + 1e-9) << load;
    EXPECT_GE(fleet.low, u.low * p.low + (1 - u.low) * idle.low - 1e-9) << load;
    EXPECT_LE(fleet.low, fleet.value) << load;
    EXPECT_LE(fleet.value, fleet.high) << load;
    const Interval& share = r.gpu_share_of_facility_energy;
    EXPECT_GT(share.low, 0) << load;
    EXPECT_LE(share.low, share.value) << load;
    EXPECT_LE(share.value, share.high) << load;
    EXPECT_LE(share.high, 1.0) << load;
  }
  // Llama 3.1 70B FP8 on 4 x H100 with the DGX host (575 W a GPU) at load 0.3..0.7, Meta's site
  // (PUE 1.08): at most 700 / ((700 + 575 + (73 + 575) x 0.3 / 0.7) x 1.08) = 41.7%.
  const InferResult r = Evaluate(Inputs({{"model", "llama-3.1-70b"},
                                         {"gpus_per_replica", "4"},
                                         {"precision", "fp8"},
                                         {"system", "dgx-h100"},
                                         {"site", "meta-fleet"},
                                         {"load", "0.3..0.7"}}));
  EXPECT_LT(r.gpu_share_of_facility_energy.high, 0.42);
  EXPECT_GT(r.gpu_share_of_facility_energy.high, 0.40);
}

// Found by an adversarial tester: layouts engines refuse or run differently were taken silently.
TEST(InferModel, LayoutsEnginesSplitOtherwiseAreNoted) {
  const auto notes = [](Flags flags) {
    std::string all;
    for (const std::string& n : Evaluate(Inputs(flags)).notes) all += n + "\n";
    return all;
  };
  std::string n =
      notes({{"model", "llama-3.1-405b"}, {"gpus_per_replica", "16"}, {"system", "dgx-h100"}});
  EXPECT_NE(n.find("copy of each KV head on 2 GPUs"), std::string::npos) << n;
  EXPECT_NE(n.find("more than one NVLink domain of 8"), std::string::npos) << n;
  EXPECT_EQ(n.find("do not divide"), std::string::npos) << n;
  n = notes({{"model", "llama-3.1-405b"}, {"gpu", "h200"}, {"gpus_per_replica", "7"}});
  EXPECT_NE(n.find("7 GPUs do not divide llama-3.1-405b's 128 attention heads"), std::string::npos)
      << n;
  EXPECT_NE(n.find("(4 or 8 GPUs would give one)"), std::string::npos) << n;
  // More GPUs than heads: the count itself was suggested ("33 GPUs would give one"; twelfth
  // pass).
  n = notes({{"model", "llama-3.1-8b"}, {"gpus_per_replica", "33"}});
  EXPECT_NE(n.find("(32 GPUs would give one; more GPUs than heads split none)"), std::string::npos)
      << n;
  n = notes({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}});
  EXPECT_EQ(n.find("do not divide"), std::string::npos) << n;
  EXPECT_EQ(n.find("KV head"), std::string::npos) << n;
  EXPECT_EQ(n.find("NVLink domain"), std::string::npos) << n;
}

// "auto" in any case, as ids are: --batch AUTO was "expected a number like 700" (twelfth pass).
TEST(InferModel, BatchAutoInAnyCase) {
  EXPECT_FALSE(Inputs({{"model", "llama-3.1-8b"}, {"batch", "AUTO"}}).batch.has_value());
  EXPECT_EQ(Inputs({{"model", "llama-3.1-8b"}, {"batch", "Auto"}}).batch, std::nullopt);
  EXPECT_EQ(Evaluate(Inputs({{"model", "llama-3.1-8b"}, {"batch", "AUTO"}})).batch,
            Evaluate(Inputs({{"model", "llama-3.1-8b"}})).batch);
}

TEST(InferModel, LargerBatchesAreSlowerPerStepButCheaperPerToken) {
  double itl = 0, tput = 0, j = 1e9;
  for (const char* b : {"1", "8", "32", "128"}) {
    const InferInputs in = Inputs({{"model", "llama-3.1-8b"}, {"batch", b}});
    const InferResult r = Evaluate(in);
    EXPECT_GT(r.itl_s.value, itl) << b;
    EXPECT_GT(r.throughput_tokens_per_s.value, tput) << b;
    const double jt = r.energy_gpu_j_per_request.value / r.output_tokens.value;
    EXPECT_LT(jt, j) << b;
    itl = r.itl_s.value;
    tput = r.throughput_tokens_per_s.value;
    j = jt;
    // Power between idle and TDP.
    EXPECT_GE(r.decode_power_w.low, 70.0);
    EXPECT_LE(r.gpu_power_w.high, 700.0 + 1e-9);
  }
}

TEST(InferModel, BatchOneDecodeIsMemoryBound) {
  // One sequence: a step reads every weight once; at 80% of 3.35 TB/s, 16.06 GB take 6 ms. Its
  // FLOPs (the weights twice, attention over 1,150 tokens) follow, at 55% of 989.5 TFLOP/s.
  const InferInputs in = Inputs({{"model", "llama-3.1-8b"},
                                 {"batch", "1"},
                                 {"bandwidth_efficiency", "0.8"},
                                 {"compute_efficiency", "0.55"},
                                 {"step_overhead_s", "0.001"},
                                 {"step_overhead_per_seq_s", "2e-5"}});
  const InferResult r = Evaluate(in);
  const double bytes = 2 * 8.03e9 + 131072 * (1000 + 150);
  const double flops = 2 * 8.03e9 + 4.0 * 32 * 32 * 128 * (1000 + 150);
  const double t_mem = bytes / (3.35e12 * 0.8), t_comp = flops / (989.5e12 * 0.55);
  EXPECT_NEAR(r.itl_s.value, t_mem + t_comp + 0.001 + 2e-5, 1e-9);
  EXPECT_LT(t_comp, 0.01 * t_mem);  // memory-bound: the compute term is under 1% of it
  EXPECT_LT(r.decode_power_w.value, r.gpu_power_w.value * 1.0001 + 200);  // sanity
  // Memory-bound decode draws well under TDP: ML.ENERGY v3 measured 486 W for this model on
  // one H100 at batch 8 (tests/data/mlenergy-v3-dense.csv).
  EXPECT_GT(r.decode_power_w.value, 400);
  EXPECT_LT(r.decode_power_w.value, 560);
}

TEST(InferModel, MixtureOfExpertsTouchesMoreExpertsAsTheBatchGrows) {
  const InferInputs in = Inputs({{"model", "qwen3-30b-a3b"}, {"batch", "1"}});
  const InferResult one = Evaluate(in);
  EXPECT_NEAR(one.experts_touched.value, 8, 1e-9);  // k experts for one token
  const InferResult many =
      Serve({{"model", "qwen3-30b-a3b"}, {"batch", "256"}, {"precision", "fp8"}});
  EXPECT_GT(many.experts_touched.value, 120);  // nearly all 128
  EXPECT_LE(many.experts_touched.value, 128);
  // Batch 1 reads the active parameters' weights (+ its KV cache).
  const double kv = MemoryOf(in).kv_bytes_per_token.value * one.context_tokens.value;
  EXPECT_NEAR(one.decode_bytes.value - kv, 2 * 3.3e9, 1e3);
}

// Published MoE steps match the roofline only on one H100; elsewhere the result says that its
// time and energy are lower bounds (docs/validation.md).
// A mixture of experts pays the engine's per-layer MoE time in every decode step (fixed + per
// sequence) and once per prefill, at its own power; a dense model pays none, and the note says
// what share of the step it is.
TEST(InferModel, AMixtureOfExpertsPaysTheEnginesMoeTime) {
  auto moe_note = [](const InferResult& r) {
    for (const std::string& n : r.notes) {
      if (n.find("serving engine's MoE time") != std::string::npos) return true;
    }
    return false;
  };
  const InferResult dense =
      Serve({{"model", "llama-3.1-70b"}, {"gpu", "h100-sxm"}, {"gpus_per_replica", "4"}});
  EXPECT_FALSE(moe_note(dense));
  // MoE inputs, however large, change nothing for a dense model (0 would pass trivially).
  const InferResult dense0 = Serve({{"model", "llama-3.1-70b"},
                                    {"gpu", "h100-sxm"},
                                    {"gpus_per_replica", "4"},
                                    {"moe_layer_s", "0.01"},
                                    {"moe_layer_per_seq_s", "0.001"}});
  EXPECT_DOUBLE_EQ(dense.itl_s.value, dense0.itl_s.value);

#define QWEN30_BS64 \
  {"model", "qwen3-30b-a3b"}, {"gpu", "h100-sxm"}, { "batch", "64" }
  const InferResult moe = Serve({QWEN30_BS64});
  EXPECT_TRUE(moe_note(moe));
  const InferResult none = Serve({QWEN30_BS64, {"moe_layer_s", "0"}, {"moe_layer_per_seq_s", "0"}});
  // One GPU: 48 layers x (40 us + 64 x 0.6 us) = 3.76 ms more per step; 48 x 40 us per prefill.
  EXPECT_NEAR(moe.itl_s.value - none.itl_s.value, 48 * (40e-6 + 64 * 0.6e-6), 1e-9);
  EXPECT_NEAR(moe.ttft_s.value - none.ttft_s.value, 48 * 40e-6, 1e-9);
  // Experts over two GPUs add moe_layer_ep_s (40 us) per layer, in the step and the prefill.
  const InferResult two = Serve({QWEN30_BS64, {"gpus_per_replica", "2"}});
  const InferResult two_no_ep =
      Serve({QWEN30_BS64, {"gpus_per_replica", "2"}, {"moe_layer_ep_s", "0"}});
  EXPECT_NEAR(two.itl_s.value - two_no_ep.itl_s.value, 48 * 40e-6, 1e-9);
  EXPECT_NEAR(two.ttft_s.value - two_no_ep.ttft_s.value, 48 * 40e-6, 1e-9);
  const InferResult one_no_ep = Serve({QWEN30_BS64, {"moe_layer_ep_s", "0"}});
  EXPECT_DOUBLE_EQ(one_no_ep.itl_s.value, moe.itl_s.value);  // one GPU: no expert parallelism
  // Drawn at idle + 0.5 x (TDP - idle) per GPU while it lasts: between idle and TDP.
  const InferResult idle_only = Serve({QWEN30_BS64, {"moe_engine_power", "0"}});
  const InferResult full = Serve({QWEN30_BS64, {"moe_engine_power", "1"}});
  EXPECT_LT(none.energy_gpu_j_per_request.value, idle_only.energy_gpu_j_per_request.value);
  EXPECT_LT(idle_only.energy_gpu_j_per_request.value, moe.energy_gpu_j_per_request.value);
  EXPECT_LT(moe.energy_gpu_j_per_request.value, full.energy_gpu_j_per_request.value);
  // The simulator's step table carries the same step.
  const InferInputs in = Inputs({QWEN30_BS64});
#undef QWEN30_BS64
  const StepCost c = StepCostFor(in, 64);
  const double ctx = in.input_tokens.value + in.output_tokens.value * 0.5;
  EXPECT_NEAR(c.decode_s_by_batch[64] + c.decode_s_per_ctx_token * 64 * ctx,
              DecodeStepSeconds(in, 64, Interval(ctx)).value, 1e-12);
}

// FP8 weights pay fp8_layer_s per layer in every decode step and prefill (vLLM's activation
// quantisation and scaled GEMMs), drawn at the step's power, and a note says what share of the
// step it is; BF16 pays none, and 0 (an engine with fused FP8 kernels) removes it.
TEST(InferModel, Fp8WeightsPayTheEnginesFp8Time) {
  auto fp8_note = [](const InferResult& r) {
    for (const std::string& n : r.notes) {
      if (n.rfind("FP8:", 0) == 0) return true;
    }
    return false;
  };
  const InferResult fp8 = Serve({{"model", "llama-3.1-70b"},
                                 {"gpus_per_replica", "4"},
                                 {"precision", "fp8"},
                                 {"batch", "32"}});
  const InferResult fused = Serve({{"model", "llama-3.1-70b"},
                                   {"gpus_per_replica", "4"},
                                   {"precision", "fp8"},
                                   {"batch", "32"},
                                   {"fp8_layer_s", "0"}});
  // 80 layers x 100 us = 8 ms per step and per prefill.
  EXPECT_NEAR(fp8.itl_s.value - fused.itl_s.value, 80 * 100e-6, 1e-9);
  EXPECT_NEAR(fp8.ttft_s.value - fused.ttft_s.value, 80 * 100e-6, 1e-9);
  EXPECT_TRUE(fp8_note(fp8));
  EXPECT_FALSE(fp8_note(fused));
  // At the power of the step's work (its bytes and FLOPs over their time, the step overhead
  // excluded): above the step's average, which counts the overhead at idle; the energy per
  // token grows with the time.
  EXPECT_GT(fp8.decode_power_w.value, fused.decode_power_w.value);
  EXPECT_LE(fp8.decode_power_w.value, 700);
  EXPECT_GT(fp8.energy_gpu_j_per_request.value, fused.energy_gpu_j_per_request.value);
  // Weight-only FP8 (a GPU without an FP8 tensor rate) pays none: no activation quantisation.
  const InferResult a100 = Serve({{"model", "llama-3.1-8b"},
                                  {"gpu", "a100-sxm"},
                                  {"precision", "fp8"},
                                  {"batch", "32"},
                                  {"fp8_layer_s", "0.001"}});
  const InferResult a100_zero = Serve({{"model", "llama-3.1-8b"},
                                       {"gpu", "a100-sxm"},
                                       {"precision", "fp8"},
                                       {"batch", "32"},
                                       {"fp8_layer_s", "0"}});
  EXPECT_DOUBLE_EQ(a100.itl_s.value, a100_zero.itl_s.value);
  EXPECT_FALSE(fp8_note(a100));
  // A larger step overhead (drawn at idle) never makes the engine time cheaper: energy per token
  // and, under a cap, the step both grow with it (an adversarial tester found both falling).
  const auto serve = [](const std::vector<std::pair<const char*, const char*>>& flags) {
    inputs::Given g(inputs::kInfer);
    for (const auto& [k, v] : flags) g.SetText(k, v);
    return Evaluate(InferInputsFrom(Catalog::Embedded(), g));
  };
  for (const char* cap : {"", "300"}) {
    std::vector<std::pair<const char*, const char*>> low = {{"model", "llama-3.1-8b"},
                                                            {"precision", "fp8"},
                                                            {"batch", "1"},
                                                            {"fp8_layer_s", "1e-3"},
                                                            {"step_overhead_s", "5e-4"}};
    auto high = low;
    high.back() = {"step_overhead_s", "1e-2"};
    if (*cap != '\0') {
      low.push_back({"power_cap_w", cap});
      high.push_back({"power_cap_w", cap});
    }
    const InferResult a = serve(low), b = serve(high);
    EXPECT_LT(a.energy_gpu_j_per_request.value, b.energy_gpu_j_per_request.value) << cap;
    EXPECT_LT(a.itl_s.value, b.itl_s.value) << cap;
    EXPECT_LT(a.ttft_s.value, b.ttft_s.value) << cap;
  }
  const InferResult bf16 =
      Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", "32"}});
  const InferResult bf16_given = Serve({{"model", "llama-3.1-70b"},
                                        {"gpus_per_replica", "4"},
                                        {"batch", "32"},
                                        {"fp8_layer_s", "0.01"}});
  EXPECT_DOUBLE_EQ(bf16.itl_s.value, bf16_given.itl_s.value);
  EXPECT_FALSE(fp8_note(bf16));
}

// An engine input given where it does not apply says so; under a binding cap the MoE and FP8
// notes give the stretched duration, the share of the step it is (found by an adversarial
// tester: they gave the uncapped one).
TEST(InferModel, EngineNotesSayWhatIsUnusedAndWhatACapStretches) {
  auto has = [](const InferResult& r, const std::string& part) {
    for (const std::string& n : r.notes) {
      if (n.find(part) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(Serve({{"model", "llama-3.1-8b"}, {"fp8_layer_s", "1e-4"}}),
                  "fp8_layer_s is not used: it applies to FP8 weights only"));
  EXPECT_TRUE(has(Serve({{"model", "llama-3.1-8b"},
                         {"gpu", "a100-sxm"},
                         {"precision", "fp8"},
                         {"fp8_layer_s", "1e-4"}}),
                  "fp8_layer_s is not used: FP8 here is weight-only"));
  EXPECT_TRUE(has(Serve({{"model", "qwen3-30b-a3b"}, {"moe_layer_ep_s", "1e-4"}}),
                  "moe_layer_ep_s (experts spread over GPUs) is not used"));
  EXPECT_FALSE(has(
      Serve({{"model", "qwen3-30b-a3b"}, {"gpus_per_replica", "2"}, {"moe_layer_ep_s", "1e-4"}}),
      "is not used"));
  const InferResult capped = Serve(
      {{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"batch", "256"}, {"power_cap_w", "200"}});
  const InferResult free =
      Serve({{"model", "llama-3.1-8b"}, {"precision", "fp8"}, {"batch", "256"}});
  ASSERT_GT(capped.itl_s.value, 1.2 * free.itl_s.value);  // the cap binds
  const double stretch = capped.itl_s.value / free.itl_s.value;
  const std::string ms = fmt::format("scaled GEMMs: {:.3g} ms", 32 * 100e-6 * stretch * 1e3);
  EXPECT_TRUE(has(capped, ms)) << ms;
}

// The engine sets the defaults of the per-sequence and FP8 times (vLLM's fitted; TensorRT-LLM
// none; SGLang no FP8 time); a given value wins; an unknown engine is refused naming the input.
TEST(InferModel, TheEngineSetsItsEngineTimes) {
  const InferInputs vllm = Inputs({{"model", "llama-3.1-70b"}, {"precision", "fp8"}});
  EXPECT_EQ(ToString(vllm.engine), "vllm");
  EXPECT_DOUBLE_EQ(vllm.step_overhead_per_seq_s.value, 20e-6);
  EXPECT_DOUBLE_EQ(vllm.fp8_layer_s.value, 100e-6);
  const InferInputs trt =
      Inputs({{"model", "llama-3.1-70b"}, {"precision", "fp8"}, {"engine", "TRTLLM"}});
  EXPECT_EQ(ToString(trt.engine), "trtllm");
  EXPECT_DOUBLE_EQ(trt.step_overhead_per_seq_s.value, 0);
  EXPECT_DOUBLE_EQ(trt.fp8_layer_s.value, 0);
  EXPECT_GT(trt.fp8_layer_s.high, 0);  // the range still reaches some
  EXPECT_NE(trt.sources.at("fp8_layer_s").find("trtllm"), std::string::npos);
  const InferInputs sglang = Inputs({{"model", "deepseek-v3"},
                                     {"gpu", "h200"},
                                     {"gpus_per_replica", "8"},
                                     {"precision", "fp8"},
                                     {"engine", "sglang"}});
  EXPECT_DOUBLE_EQ(sglang.fp8_layer_s.value, 0);
  EXPECT_DOUBLE_EQ(sglang.step_overhead_per_seq_s.value, 20e-6);
  const InferInputs given = Inputs({{"model", "llama-3.1-70b"},
                                    {"precision", "fp8"},
                                    {"engine", "trtllm"},
                                    {"fp8_layer_s", "5e-5"}});
  EXPECT_DOUBLE_EQ(given.fp8_layer_s.value, 5e-5);
  EXPECT_EQ(given.sources.at("fp8_layer_s"), "given");
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"engine", "tgi"}}).rfind("engine", 0), 0u);
  // The same model is faster on the engine that spends less.
  EXPECT_LT(Evaluate(trt).itl_s.value, Evaluate(vllm).itl_s.value);
}

// Each architecture input of a catalog model cites its own fact (every one cited params_count);
// a re-derived count says so; every expert routed per token is said to be served dense.
TEST(InferModel, ArchitectureInputsCiteTheirOwnFacts) {
  const InferInputs in = Inputs({{"model", "qwen3-30b-a3b"}});
  for (const auto& [input, key] : {std::pair{"params", "params_count"},
                                   {"active_params", "active_params_count"},
                                   {"layers", "layers_count"},
                                   {"kv_heads", "kv_heads_count"},
                                   {"experts", "experts_count"},
                                   {"experts_per_token", "experts_per_token_count"}}) {
    ASSERT_TRUE(in.sources.contains(input)) << input;
    EXPECT_NE(in.sources.at(input).find(std::string(".") + key + ":"), std::string::npos)
        << input << ": " << in.sources.at(input);
  }
  const InferInputs routed = Inputs({{"model", "qwen3-30b-a3b"}, {"experts_per_token", "16"}});
  EXPECT_EQ(routed.sources.at("active_params").rfind("derived:", 0), 0u);
  EXPECT_NE(routed.sources.at("params").find("params_count"), std::string::npos);
  const InferInputs dense = Inputs({{"model", "qwen3-30b-a3b"}, {"experts", "8"}});
  EXPECT_FALSE(dense.model.moe());
  bool said = false;
  for (const std::string& n : dense.notes)
    said = said || n.find("served as a dense model") != std::string::npos;
  EXPECT_TRUE(said);
}

// A rate per MW says so in its unit (it was "tokens/s", a rate of one replica's).
TEST(InferModel, TokensPerMegawattCarryTheirUnit) {
  const InferInputs in = Inputs({{"model", "llama-3.1-8b"}, {"site", "us-average"}});
  const InferResult r = Evaluate(in);
  for (const NamedResult& row : TabulateInfer(in, r)) {
    if (row.name != "output_tokens_per_s_per_mw") continue;
    EXPECT_EQ(row.figure.unit(), "tokens/s/MW");
    EXPECT_DOUBLE_EQ(row.figure.range().value,
                     in.output_tokens.value * 1e6 / r.energy_facility_j_per_request.value);
    return;
  }
  ADD_FAILURE() << "no output_tokens_per_s_per_mw row";
}

// No site: CO2e, water and the cost (which needs an electricity price) are absent, not 0; a
// price per GPU-hour gives the cost back without a site.
TEST(InferModel, NoSiteMakesCarbonWaterAndCostAbsent) {
  auto figure = [](Flags flags, const char* name) {
    const InferInputs in = Inputs(flags);
    for (const NamedResult& row : TabulateInfer(in, Evaluate(in))) {
      if (row.name == name) return row.figure;
    }
    ADD_FAILURE() << name;
    return Figure::Absent("", "");
  };
  for (const char* name : {"co2e_g_per_request", "water_ml_per_request",
                           "water_onsite_ml_per_request", "cost_usd_per_million_output_tokens"}) {
    const Figure f = figure({{"model", "llama-3.1-8b"}}, name);
    EXPECT_FALSE(f.present()) << name;
    EXPECT_NE(f.why().find("no site given"), std::string::npos) << name;
    EXPECT_TRUE(figure({{"model", "llama-3.1-8b"}, {"site", "us-average"}}, name).present())
        << name;
  }
  EXPECT_TRUE(figure({{"model", "llama-3.1-8b"}, {"gpu_hour_usd", "2"}},
                     "cost_usd_per_million_output_tokens")
                  .present());
}

// Found by an adversarial tester (fifth session): a power cap at or above TDP stretched steps
// (interval arithmetic put a phase's power above TDP); the TPOT note said "the largest meeting
// the target" right after "no batch meets the target"; step_overhead_s 0 failed the simulator's
// step table; a dense model ignored MoE inputs silently; given MoE inputs were cited as
// "default".
// Under a power cap each end of a range is a point's: a phase above the cap draws the cap, one
// below it is unchanged, and a stretched phase takes its energy over the cap. The low power end
// was divided by the largest stretch (123 W under a 300 W cap where no point draws under 287 W),
// and the fast end of the times kept the uncapped 31 ms (found by an adversarial tester).
TEST(InferModel, ACapHoldsEachEndOfItsRangesToAPointsValue) {
  const InferResult free = Serve({{"model", "llama-3.1-8b"}});
  const InferResult capped = Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", "300"}});
  ASSERT_GT(free.decode_power_w.value, 300);
  EXPECT_GE(capped.gpu_power_w.low, std::min(free.gpu_power_w.low, 300.0) - 1e-9);
  EXPECT_GE(capped.decode_power_w.low, std::min(free.decode_power_w.low, 300.0) - 1e-9);
  EXPECT_LE(capped.decode_power_w.high, 300 + 1e-9);
  // The fastest point draws the most: capped, it is slowed the most, so the fast end moves.
  EXPECT_GT(capped.itl_s.low, 1.2 * free.itl_s.low);
  EXPECT_GT(capped.ttft_s.low, free.ttft_s.low);
  EXPECT_LT(capped.throughput_tokens_per_s.high, free.throughput_tokens_per_s.high / 1.2);
  // Central values are the stretch's: a decode step's energy over the cap.
  EXPECT_NEAR(capped.itl_s.value * capped.decode_power_w.value,
              free.itl_s.value * free.decode_power_w.value,
              1e-6 * free.itl_s.value * free.decode_power_w.value);
}

// The JSON inputs say which were given and hold every input the figures use: a given
// --input-tokens read "default", and the count, load, cap, SLOs and the site's factors were left
// out (found by an adversarial tester).
TEST(InferModel, TheDocumentsInputsSayWhatWasGivenAndHoldWhatTheFiguresUse) {
  const InferInputs in = Inputs({{"model", "llama-3.1-8b"},
                                 {"input_tokens", "500"},
                                 {"layers", "32"},
                                 {"count", "100"},
                                 {"site", "italy"},
                                 {"power_cap_w", "400"},
                                 {"ttft_slo_s", "1"},
                                 {"requests_per_s", "10"}});
  const nlohmann::json j = report::ToJson(report::InferDocument(in, Evaluate(in)));
  const nlohmann::json& inputs = j.at("inputs");
  for (const char* given :
       {"input_tokens", "layers", "count", "power_cap_w", "ttft_slo_s", "requests_per_s"}) {
    ASSERT_TRUE(inputs.contains(given)) << given;
    EXPECT_EQ(inputs[given].at("source"), "given") << given;
  }
  EXPECT_EQ(inputs["output_tokens"].at("source"), "default");
  EXPECT_EQ(inputs["grid_kg_per_kwh"].at("source"), "italy");
  EXPECT_NE(inputs["load"].at("source").get<std::string>().find("not used"), std::string::npos);
  EXPECT_FALSE(inputs.contains("gpu_hour_usd"));
  // Units are the input table's (gpu_hour_usd read "USD" for a price per GPU-hour).
  EXPECT_EQ(inputs["count"].at("unit"), "GPUs");
  EXPECT_EQ(inputs["grid_kg_per_kwh"].at("unit"), "kg/kWh");
  // A given FP8 time that weight-only FP8 does not use stays "not used", not "given".
  const InferInputs r = Inputs({{"model", "llama-3.1-8b"},
                                {"gpu_hour_usd", "2"},
                                {"gpu", "a100-sxm"},
                                {"precision", "fp8"},
                                {"fp8_layer_s", "1e-4"}});
  const nlohmann::json ri = report::ToJson(report::InferDocument(r, Evaluate(r))).at("inputs");
  EXPECT_EQ(ri.at("gpu_hour_usd").at("unit"), "USD/GPU-h");
  EXPECT_EQ(ri.at("fp8_layer_s").at("source").get<std::string>().rfind("not used", 0), 0u);
}

TEST(InferModel, CapAtTdpNotesSourcesAndAZeroOverhead) {
  const InferResult free = Serve({{"model", "llama-3.1-8b"}});
  for (const char* cap : {"700", "1000"}) {
    const InferResult capped = Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", cap}});
    EXPECT_DOUBLE_EQ(capped.itl_s.high, free.itl_s.high) << cap;
    EXPECT_DOUBLE_EQ(capped.gpu_power_w.low, free.gpu_power_w.low) << cap;
  }
  const InferResult slow =
      Serve({{"model", "qwen3-30b-a3b"}, {"tpot_slo_s", "0.05"}, {"moe_layer_s", "0.001"}});
  for (const std::string& n : slow.notes)
    EXPECT_EQ(n.find("the largest meeting"), std::string::npos) << n;
  const InferInputs zero = Inputs({{"model", "llama-3.1-8b"}, {"step_overhead_s", "0"}});
  EXPECT_NO_THROW(Check(StepCostFor(zero, 64)));
  bool said = false;
  for (const std::string& n : Serve({{"model", "llama-3.1-8b"}, {"moe_layer_s", "1"}}).notes)
    said = said || n.find("MoE engine inputs given are not used") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_EQ(
      Inputs({{"model", "qwen3-30b-a3b"}, {"moe_layer_s", "0.001"}}).sources.at("moe_layer_s"),
      "given");
  EXPECT_NE(Inputs({{"model", "qwen3-30b-a3b"}}).sources.at("moe_layer_s").find("fitted"),
            std::string::npos);
  // A range of experts gave "interval holds NaN", naming no input.
  for (const char* field : {"experts", "experts_per_token", "layers"}) {
    const std::string e = ErrorField({{"model", "qwen3-30b-a3b"}, {field, "4..8"}});
    EXPECT_EQ(e.rfind(std::string(field) + ": one whole number, not a range", 0), 0u) << e;
  }
}

// The power calibration is the GPU's own where the catalog has it (the project's H100), else the
// H100's carried over, said in the sources: the share at peak bandwidth as an energy per byte
// (scaled by bandwidth per W of TDP - idle: a B200 moves 1.57x the H100's bytes per W of its
// span), the share at peak compute as it is.
TEST(InferModel, PowerCalibrationIsTheGpusOwnOrCarriedOver) {
  const InferInputs h100 = Inputs({{"model", "llama-3.1-8b"}});
  EXPECT_DOUBLE_EQ(h100.power_per_bandwidth.value, 0.94);
  EXPECT_DOUBLE_EQ(h100.power_per_bandwidth.low, 0.52);  // the project's HBM copy
  EXPECT_DOUBLE_EQ(h100.power_per_compute.low, 1.45);    // the project's GEMM at the cap
  EXPECT_NE(h100.sources.at("power_per_bandwidth").find("ML.ENERGY"), std::string::npos);
  EXPECT_NE(h100.sources.at("power_per_bandwidth").find("own NVML measurement"), std::string::npos);
  const InferInputs b200 = Inputs({{"model", "llama-3.1-8b"}, {"gpu", "b200"}});
  const double per_byte = (7.7e12 / (1000 - 150)) / (3.35e12 / (700 - 120));
  EXPECT_NEAR(b200.power_per_bandwidth.value, 0.94 * per_byte, 1e-12);
  EXPECT_NEAR(b200.power_per_bandwidth.low, 0.52 * per_byte * 0.75, 1e-12);
  EXPECT_NEAR(b200.power_per_bandwidth.high, 1.2 * per_byte / 0.75, 1e-12);
  EXPECT_DOUBLE_EQ(b200.power_per_compute.value, 1.8);
  EXPECT_DOUBLE_EQ(b200.power_per_compute.high, 2.4);
  EXPECT_NE(b200.sources.at("power_per_bandwidth").find("no calibration for b200"),
            std::string::npos);
  // Power stays within idle..TDP however wide the shares.
  const InferResult r = Evaluate(b200);
  EXPECT_LE(r.decode_power_w.high, 1000 + 1e-9);
}

// A catalog given with --catalog may lack the calibrated GPU (h100-sxm): the shares are then
// InferInputs' defaults (h100-sxm's values), unscaled, and the sources say so.
TEST(InferModel, PowerCalibrationFallsBackToTheDefaultsWithoutTheCalibratedGpu) {
  const auto read = [](const char* name) {
    std::ifstream f(std::string(GPUFLEET_SOURCE_DIR) + "/data/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  };
  // `text` without the entries (blocks from `marker` on) that hold `needle`.
  const auto drop = [](const std::string& text, const std::string& marker,
                       const std::string& needle) {
    std::string kept;
    for (size_t at = 0; at != std::string::npos;) {
      const size_t next = text.find(marker, at + 1);
      const std::string block = text.substr(at, next == std::string::npos ? next : next - at);
      if (block.find(needle) == std::string::npos) kept += block;
      at = next;
    }
    return kept;
  };
  const std::string without = drop(read("gpus.toml"), "\n[[gpu]]\n", "id = \"h100-sxm\"");
  ASSERT_EQ(without.find("id = \"h100-sxm\""), std::string::npos);
  // And the systems built around it: a system must name a GPU of its catalog.
  const std::string systems = drop(read("systems.toml"), "\n[[system]]\n", "gpu = \"h100-sxm\"");
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(GPUFLEET_SOURCE_DIR) + "/data")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".toml") continue;
    files.emplace_back(name, name == "gpus.toml"      ? without
                             : name == "systems.toml" ? systems
                                                      : read(name.c_str()));
  }
  const Catalog c = Catalog::FromTexts(files);
  inputs::Given g(inputs::kInfer);
  g.SetText("model", "llama-3.1-8b");
  g.SetText("gpu", "b200");
  const InferInputs in = InferInputsFrom(c, g);
  const InferInputs defaults;
  EXPECT_EQ(in.power_per_bandwidth, defaults.power_per_bandwidth);
  EXPECT_EQ(in.power_per_compute, defaults.power_per_compute);
  EXPECT_NE(in.sources.at("power_per_bandwidth").find("nor h100-sxm"), std::string::npos);
  EXPECT_GT(Evaluate(in).energy_gpu_j_per_request.value, 0);
}

// The MoE inputs' domain ends: 0 and 1 are taken, just past either end is refused naming the
// input (the same table serves the CLI, the API and Python).
// The session's other engine inputs likewise: 0 and 1 s are taken (1 s a layer is absurd but
// in the domain), just past either end is refused naming the input; the engine's name is one of
// three, in any case.
TEST(InferModel, EngineInputsTakeTheirDomainEndsAndRefuseBeyond) {
  for (const char* name : {"moe_layer_ep_s", "fp8_layer_s", "step_overhead_per_seq_s"}) {
    for (const char* ok : {"0", "1"}) {
      EXPECT_EQ(ErrorField({{"model", "qwen3-30b-a3b"},
                            {"gpus_per_replica", "2"},
                            {"precision", "fp8"},
                            {"batch", "8"},
                            {name, ok}}),
                "no error")
          << name << ok;
    }
    for (const char* bad : {"-1e-9", "1.000001", "nan", "1..0"}) {
      EXPECT_EQ(
          ErrorField({{"model", "qwen3-30b-a3b"}, {name, bad}}).rfind(std::string(name) + ":", 0),
          0u)
          << name << " " << bad;
    }
  }
  // Trimmed of spaces and tabs, as every id on every front end (eighteenth pass, second round).
  for (const char* ok : {"vllm", "TrtLLM", "SGLANG", "vllm ", "\tsglang"}) {
    EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"engine", ok}}), "no error") << ok;
  }
  for (const char* bad : {"vl lm", "tensorrt", "v"}) {
    EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"engine", bad}}).rfind("engine:", 0), 0u)
        << bad;
  }
}

TEST(InferModel, MoeInputsTakeTheirDomainEndsAndRefuseBeyond) {
  for (const char* name : {"moe_layer_s", "moe_layer_per_seq_s", "moe_engine_power"}) {
    for (const char* ok : {"0", "1"}) {
      EXPECT_EQ(ErrorField({{"model", "qwen3-30b-a3b"}, {name, ok}}), "no error") << name << ok;
    }
    for (const char* bad : {"-1e-9", "1.000001"}) {
      EXPECT_EQ(
          ErrorField({{"model", "qwen3-30b-a3b"}, {name, bad}}).rfind(std::string(name) + ":", 0),
          0u)
          << name << " " << bad;
    }
  }
}

// Found by an adversarial tester: a load of 1e-300 gave per-request figures of 1e289, a demand
// of 1e-12 requests/s an internal interval error naming no input, a demand per day named
// requests_per_s, batch auto exceeded the batch input's million, and the idle-included power's
// high end (TDP) sat above both the serving and the idle power.
TEST(InferModel, DemandLoadAndBatchEdges) {
  EXPECT_EQ(
      ErrorField({{"model", "llama-3.1-8b"}, {"count", "8"}, {"load", "1e-300"}}).substr(0, 5),
      "load:");
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"count", "1000"}, {"requests_per_s", "1e-12"}})
                .substr(0, 15),
            "requests_per_s:");
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"count", "1e9"}, {"queries_per_day", "1"}})
                .substr(0, 16),
            "queries_per_day:");
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"count", "8"}, {"queries_per_day", "1e10"}})
                .substr(0, 16),
            "queries_per_day:");
  const InferResult tiny = Serve({{"params", "4"},  // its attention's 4 weights
                                  {"layers", "1"},
                                  {"kv_heads", "1"},
                                  {"head_dim", "1"},
                                  {"hidden", "1"},
                                  {"count", "10"}});
  EXPECT_EQ(tiny.batch, 1000000);
  bool said = false;
  for (const std::string& n : tiny.notes) said = said || n.find("at most a million") != n.npos;
  EXPECT_TRUE(said);
  for (const InferResult& r :
       {tiny, Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"count", "64"}})}) {
    ASSERT_TRUE(r.fleet_gpu_power_w.has_value());
    const Interval& w = *r.fleet_gpu_power_w;
    EXPECT_LE(w.high, r.gpu_power_w.high + 1e-9) << r.batch;  // idle draws less than serving
    EXPECT_LE(w.value, w.high);
    EXPECT_GE(w.value, w.low);
  }
}

TEST(InferModel, BoundariesNestAndTheSiteApplies) {
  const InferResult r = Serve({{"model", "llama-3.1-70b"},
                               {"gpus_per_replica", "4"},
                               {"batch", "64"},
                               {"system", "dgx-h100"},
                               {"site", "us-average"}});
  EXPECT_GT(r.energy_server_j_per_request.value, r.energy_gpu_j_per_request.value);
  EXPECT_GT(r.energy_facility_j_per_request.value, r.energy_server_j_per_request.value);
  EXPECT_GT(In(r.site.co2e, units::kg_co2e).value, 0);
  EXPECT_GE(In(r.site.water, units::L).value, In(r.site.water_onsite, units::L).value);
  // Load 1, no site: facility == server.
  const InferResult full = Serve(
      {{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", "64"}, {"load", "1"}});
  EXPECT_NEAR(full.energy_facility_j_per_request.value, full.energy_server_j_per_request.value,
              1e-9 * full.energy_server_j_per_request.value);
}

TEST(InferModel, RangesHoldTheCentralValue) {
  const InferResult r = Serve({{"model", "llama-3.1-70b"},
                               {"gpus_per_replica", "4"},
                               {"batch", "32"},
                               {"output_tokens", "200..400"}});
  for (const Interval& x : {r.itl_s, r.ttft_s, r.gpu_power_w, r.energy_facility_j_per_request,
                            r.throughput_tokens_per_s}) {
    EXPECT_LE(x.low, x.value);
    EXPECT_LE(x.value, x.high);
    EXPECT_LT(x.low, x.high);  // the default efficiencies are ranges
  }
}

// The power ranges are sound and no wider than the phases of a step allow. Sound: the model
// evaluated at points drawn inside every input's range gives powers inside the ranged result's.
// Tight: a power's low end is at least the least power a phase of the step draws, not energy
// over time in interval arithmetic, which paired the least energy with the longest time (an FP8
// time of 0..200 us a layer put Llama 3.1 70B FP8's power at 73 W, idle, .. 700 W).
TEST(InferModel, PowerRangesHoldEveryDrawnPointAndNoLessThanAPhaseDraws) {
  std::mt19937_64 rng(20261204);
  const auto draw = [&](Interval& x) {
    x = Interval(std::uniform_real_distribution<double>(x.low, x.high)(rng));
  };
  const auto draw_w = [&](IPower& p) {
    Interval w = In(p, units::W);
    draw(w);
    p = w * units::W;
  };
  for (Flags f : {Flags{{"model", "llama-3.1-70b"},
                        {"gpus_per_replica", "4"},
                        {"precision", "fp8"},
                        {"batch", "1"}},
                  Flags{{"model", "llama-3.1-8b"}, {"batch", "64"}},
                  Flags{{"model", "qwen3-235b-a22b"},
                        {"gpus_per_replica", "8"},
                        {"precision", "fp8"},
                        {"batch", "128"}},
                  Flags{{"model", "llama-3.1-70b"},
                        {"gpus_per_replica", "4"},
                        {"batch", "32"},
                        {"power_cap_w", "400"}}}) {
    const InferInputs ranged = Inputs(f);
    const InferResult r = Evaluate(ranged);
    int drawn = 0;
    for (int i = 0; i < 300; ++i) {
      InferInputs in = ranged;
      for (Interval* x :
           {&in.bandwidth_efficiency, &in.compute_efficiency, &in.step_overhead_s,
            &in.step_overhead_per_seq_s, &in.allreduce_latency_s, &in.moe_layer_s,
            &in.moe_layer_ep_s, &in.moe_layer_per_seq_s, &in.fp8_layer_s, &in.moe_engine_power,
            &in.power_per_bandwidth, &in.power_per_compute, &in.bandwidth_bytes_per_s,
            &in.peak_flop_per_s, &in.interconnect_bytes_per_s}) {
        draw(*x);
      }
      draw_w(in.idle);
      draw_w(in.tdp);
      const InferResult p = Evaluate(in);
      ++drawn;
      for (const auto& [name, range, point] :
           {std::tuple{"decode_power_w", r.decode_power_w, p.decode_power_w.value},
            std::tuple{"gpu_power_w", r.gpu_power_w, p.gpu_power_w.value},
            std::tuple{"itl_s", r.itl_s, p.itl_s.value},
            std::tuple{"energy_gpu_j_per_request", r.energy_gpu_j_per_request,
                       p.energy_gpu_j_per_request.value}}) {
        ASSERT_LE(range.low, point * (1 + 1e-9)) << name << " draw " << i;
        ASSERT_GE(range.high, point * (1 - 1e-9)) << name << " draw " << i;
      }
    }
    EXPECT_EQ(drawn, 300);
  }
  // The case that read 73 W: FP8 time is drawn at the power of the step's work, so the low end
  // stays above what an idle H100 draws (73-130 W).
  const InferResult fp8 = Serve({{"model", "llama-3.1-70b"},
                                 {"gpus_per_replica", "4"},
                                 {"precision", "fp8"},
                                 {"batch", "1"}});
  EXPECT_GT(fp8.gpu_power_w.low, 150);
  EXPECT_GT(fp8.decode_power_w.low, 150);
}

// Found by an adversarial tester: a one-token prefill took less than reading the weights (2.35 ms
// against 10.5 ms for Llama 3.1 70B on 4 H100s, and a 16.4 ms batch-1 step); a dense catalog
// model given other params kept its catalog active count; a ranged params on a mixture of
// experts failed with "interval holds NaN", naming no input.
TEST(InferModel, PrefillReadsTheWeightsDenseActiveIsAllAndMixturesTakeOneCount) {
  const InferResult one = Serve({{"model", "llama-3.1-70b"},
                                 {"gpus_per_replica", "4"},
                                 {"batch", "1"},
                                 {"input_tokens", "1"},
                                 {"output_tokens", "1"}});
  const double read_s = 70.6e9 * 2 / (4 * 3.35e12);  // BF16 weights at the H100's peak bandwidth
  EXPECT_GT(one.ttft_s.low, read_s);
  EXPECT_GT(one.ttft_s.value, 0.8 * one.itl_s.value);
  const InferResult given = Serve({{"model", "llama-3.1-8b"}, {"params", "16e9"}, {"batch", "8"}});
  const InferResult custom = Serve({{"params", "16e9"},
                                    {"layers", "32"},
                                    {"kv_heads", "8"},
                                    {"head_dim", "128"},
                                    {"hidden", "4096"},
                                    {"heads", "32"},
                                    {"batch", "8"}});
  EXPECT_DOUBLE_EQ(given.ttft_s.value, custom.ttft_s.value);
  EXPECT_THROW(Serve({{"model", "llama-3.1-70b"}, {"active_params", "20e9"}}), InputError);
  try {
    Serve({{"model", "qwen3-30b-a3b"}, {"params", "10e9..40e9"}});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "params");
  }
}

// A sequence longer than the catalog model's context window is refused with the limit; one that
// fills it exactly runs; a custom architecture has no known window.
TEST(InferModel, ASequenceLongerThanTheContextWindowIsRefused) {
  const Entry& e = Catalog::Embedded().Get("model", "llama-3.1-8b");
  const double window = e.Get("context_tokens_count").value.value;
  EXPECT_EQ(window, 131072);
  EXPECT_EQ(ModelFromCatalog(e).context_tokens.value, window);
  EXPECT_THAT(
      ErrorField({{"model", "llama-3.1-8b"}, {"input_tokens", "131000"}, {"output_tokens", "100"}}),
      ::testing::AllOf(::testing::StartsWith("output_tokens: "),
                       ::testing::HasSubstr("131,100 exceed llama-3.1-8b's context "
                                            "window of 131,072 tokens")));
  EXPECT_THAT(
      ErrorField({{"model", "llama-3.1-8b"}, {"input_tokens", "200000"}, {"output_tokens", "10"}}),
      ::testing::StartsWith("input_tokens: "));
  EXPECT_THAT(
      ErrorField(
          {{"model", "llama-3.1-8b"}, {"input_tokens", "1000..131000"}, {"output_tokens", "100"}}),
      ::testing::HasSubstr("at the top of the ranges"));
  EXPECT_EQ(
      ErrorField({{"model", "llama-3.1-8b"}, {"input_tokens", "131000"}, {"output_tokens", "72"}}),
      "no error");
  // Every catalog model has its window.
  for (const Entry* m : Catalog::Embedded().All("model")) {
    EXPECT_GT(ModelFromCatalog(*m).context_tokens.value, 0) << m->id;
  }
  EXPECT_EQ(ErrorField({{"params", "8e9"},
                        {"layers", "32"},
                        {"kv_heads", "8"},
                        {"head_dim", "128"},
                        {"hidden", "4096"},
                        {"heads", "32"},
                        {"input_tokens", "200000"},
                        {"output_tokens", "10"},
                        {"gpus_per_replica", "8"}}),
            "no error");
}

// A ranged token count spans what the model gives across it, not the quotients of its ends:
// --output-tokens 100..400 read 0.0835-1.73 J a token where the points give 0.338-0.497 J (an
// adversarial tester's find). With every other input a point, the range is the points' span
// (energy per token falls with output tokens: the ends), and batch auto follows each point.
TEST(InferModel, RangedTokenCountsSpanThePointsNotTheirQuotients) {
  const Flags pin = {{"model", "llama-3.1-8b"},
                     {"batch", "16"},
                     {"load", "0.5"},
                     {"bandwidth_efficiency", "0.75"},
                     {"compute_efficiency", "0.55"},
                     {"step_overhead_s", "0.001"},
                     {"step_overhead_per_seq_s", "2e-5"},
                     {"memory_usable", "0.9"}};
  const auto with = [&](const char* out) {
    InferInputs in = Inputs(pin);
    in.output_tokens = ParseInterval(out);
    in.idle = In(in.idle, units::W).value * units::W;
    in.tdp = In(in.tdp, units::W).value * units::W;
    for (Interval* x : {&in.bandwidth_bytes_per_s, &in.peak_flop_per_s,
                        &in.interconnect_bytes_per_s, &in.allreduce_latency_s,
                        &in.power_per_bandwidth, &in.power_per_compute, &in.memory_bytes}) {
      *x = Interval(x->value);
    }
    return Evaluate(in);
  };
  const InferResult lo = with("100"), hi = with("400"), ranged = with("100..400");
  const Interval j = ranged.energy_gpu_j_per_output_token;
  EXPECT_DOUBLE_EQ(j.low, hi.energy_gpu_j_per_output_token.value);
  EXPECT_DOUBLE_EQ(j.high, lo.energy_gpu_j_per_output_token.value);
  EXPECT_DOUBLE_EQ(ranged.throughput_tokens_per_s.low, lo.throughput_tokens_per_s.value);
  EXPECT_DOUBLE_EQ(ranged.throughput_tokens_per_s.high, hi.throughput_tokens_per_s.value);
  EXPECT_EQ(ranged.output_tokens, ParseInterval("100..400"));
  // The figure uses the same span.
  for (const NamedResult& row : TabulateInfer(Inputs(pin), ranged)) {
    if (row.name == "energy_gpu_j_per_output_token") {
      EXPECT_EQ(row.figure.range(), j);
    }
  }
  // Batch auto at a long range: each point takes the batch that fits it; the range holds the
  // point results at its ends (its high end was below the 5,000-token point's).
  const Flags moe = {{"model", "gpt-oss-120b"}, {"precision", "fp8"}, {"gpus_per_replica", "2"}};
  InferInputs in = Inputs(moe);
  in.output_tokens = ParseInterval("10..5000");
  const InferResult r = Evaluate(in);
  for (const char* n : {"10", "5000"}) {
    InferInputs p = Inputs(moe);
    p.output_tokens = ParseInterval(n);
    const InferResult e = Evaluate(p);
    EXPECT_LE(r.energy_gpu_j_per_request.low, e.energy_gpu_j_per_request.value) << n;
    EXPECT_GE(r.energy_gpu_j_per_request.high, e.energy_gpu_j_per_request.value) << n;
    EXPECT_LE(r.itl_s.low, e.itl_s.value) << n;
    EXPECT_GE(r.itl_s.high, e.itl_s.value) << n;
  }
  // Between the points: token counts drawn inside the ranges (every other input ranged as usual)
  // give figures inside the ranged result's, batch auto and a given batch, but for the interior
  // extremes a grid can miss (batch auto's floor makes throughput and power step): 5,000 draws
  // found them at most 0.27% beyond with nine points a count (five missed by 5%). Held to 1%.
  std::mt19937_64 rng(7);
  double worst = 0;  // the most a drawn point's figure lies beyond the range, as a share
  for (const Flags f :
       {Flags{{"model", "llama-3.1-8b"}}, Flags{{"model", "llama-3.1-8b"}, {"batch", "32"}}, moe}) {
    InferInputs ranged = Inputs(f);
    ranged.input_tokens = ParseInterval("100..4000");
    ranged.output_tokens = ParseInterval("10..2000");
    const InferResult all = Evaluate(ranged);
    for (int i = 0; i < 300; ++i) {
      InferInputs p = ranged;
      p.input_tokens = Interval(std::uniform_real_distribution<double>(100, 4000)(rng));
      p.output_tokens = Interval(std::uniform_real_distribution<double>(10, 2000)(rng));
      const InferResult e = Evaluate(p);
      for (const auto& [name, range, point] :
           {std::tuple{"j/token", all.energy_gpu_j_per_output_token,
                       e.energy_gpu_j_per_output_token},
            std::tuple{"itl", all.itl_s, e.itl_s},
            std::tuple{"throughput", all.throughput_tokens_per_s, e.throughput_tokens_per_s},
            std::tuple{"power", all.gpu_power_w, e.gpu_power_w},
            std::tuple{"facility", all.energy_facility_j_per_request,
                       e.energy_facility_j_per_request}}) {
        worst = std::max({worst, range.low / point.low - 1, point.high / range.high - 1});
        EXPECT_LE(range.low, point.low * 1.01)
            << name << " " << p.input_tokens.value << " " << p.output_tokens.value;
        EXPECT_GE(range.high, point.high * 0.99)
            << name << " " << p.input_tokens.value << " " << p.output_tokens.value;
      }
    }
  }
  if (std::getenv("GPUFLEET_PRINT_VALIDATION") != nullptr) {
    std::printf("token ranges: the worst drawn point lies %.3g%% beyond its range\n", 100 * worst);
  }
  // Every figure, not only the five above: a result field left out of the widening keeps the
  // central count's range, and the figure misses the ends' values (a fleet and a site give the
  // per-fleet, carbon, water and cost figures).
  {
    const Flags fleet = {{"model", "llama-3.1-8b"},
                         {"site", "us-average"},
                         {"count", "64"},
                         {"load", "0.5"}};  // a demand this low is all idle share: no test
    InferInputs in = Inputs(fleet);
    in.input_tokens = ParseInterval("100..3000");
    in.output_tokens = ParseInterval("20..1500");
    const std::vector<NamedResult> ranged = TabulateInfer(in, Evaluate(in));
    for (const char* n_in : {"100", "3000"}) {
      for (const char* n_out : {"20", "1500"}) {
        InferInputs p = in;
        p.input_tokens = ParseInterval(n_in);
        p.output_tokens = ParseInterval(n_out);
        const std::vector<NamedResult> point = TabulateInfer(p, Evaluate(p));
        ASSERT_EQ(point.size(), ranged.size());
        for (size_t k = 0; k < ranged.size(); ++k) {
          const std::string& name = ranged[k].name;
          if (name == "batch" || !ranged[k].figure.present()) continue;  // batch: the central one
          const Interval r = ranged[k].figure.range(), v = point[k].figure.range();
          EXPECT_LE(r.low, v.value * (1 + 1e-9) + 1e-300) << name << " at " << n_in << "/" << n_out;
          EXPECT_GE(r.high, v.value * (1 - 1e-9)) << name << " at " << n_in << "/" << n_out;
        }
      }
    }
  }
  // A given batch that does not fit at the long end: that end is left out, said in a note.
  InferInputs fixed = Inputs(moe);
  fixed.batch = 300;  // 1,195 fit at 10 output tokens, 222 at 5,000
  fixed.output_tokens = ParseInterval("10..5000");
  bool said = false;
  for (const std::string& note : Evaluate(fixed).notes) {
    said = said || note.find("the ranges leave out") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

TEST(InferModel, ASystemBuiltForAnotherGpuIsSaid) {
  auto said = [](const char* gpu) {
    const InferInputs in =
        Inputs({{"model", "llama-3.1-8b"}, {"gpu", gpu}, {"system", "dgx-h100"}});
    return std::any_of(in.notes.begin(), in.notes.end(), [](const std::string& n) {
      return n.find("system dgx-h100 is built for h100-sxm") != std::string::npos;
    });
  };
  EXPECT_TRUE(said("b200"));
  EXPECT_FALSE(said("h100-sxm"));
}

// The simulator's prefill (StepCost) and `ttft_s` share a floor: a pass reads the weights it
// uses. A short dense prompt waits on the read (the simulator's 5.7 ms against ttft_s 16.5 ms for
// 50 tokens on 4 H100s, before); a mixture's long prompt reads nearly every expert (Qwen3-30B-A3B,
// 1,000 tokens: 15.8 ms against 18 ms of reading, before).
TEST(InferModel, PrefillReadsWhatItsTokensTouchInBothModels) {
  const InferInputs dense = Inputs({{"model", "llama-3.1-70b"},
                                    {"gpu", "h100-sxm"},
                                    {"gpus_per_replica", "4"},
                                    {"input_tokens", "50"}});
  const StepCost d = StepCostFor(dense);
  const double ttft = Evaluate(dense).ttft_s.value;
  EXPECT_NEAR(d.PrefillSeconds(50, 2500), ttft, 1e-9 * ttft);
  EXPECT_GT(d.prefill_read_s, d.prefill_s_per_token * 50 + d.prefill_s_per_token2 * 2500);
  EXPECT_GE(ttft, d.prefill_s_fixed + d.prefill_read_s);
  EXPECT_EQ(d.prefill_read_s_experts, 0);

  for (const char* tokens : {"1", "1000"}) {
    const InferInputs moe =
        Inputs({{"model", "qwen3-30b-a3b"}, {"gpu", "h100-sxm"}, {"input_tokens", tokens}});
    const StepCost m = StepCostFor(moe);
    const double n = moe.input_tokens.value;
    const double t = Evaluate(moe).ttft_s.value;
    EXPECT_NEAR(m.PrefillSeconds(n, n * n), t, 1e-9 * t) << tokens;
    const double read =
        m.prefill_read_s + m.prefill_read_s_experts * (1 - std::pow(m.prefill_expert_miss, n));
    EXPECT_GE(t, m.prefill_s_fixed + read) << tokens;
    if (n == 1000) {  // 128 experts, 8 a token: 1,000 tokens miss one with chance 1e-28
      EXPECT_GT(read, 0.999 * (m.prefill_read_s + m.prefill_read_s_experts));
    } else {  // one token reads its 8 experts of 128, about a tenth of the routed weights
      EXPECT_LT(read, m.prefill_read_s + 0.07 * m.prefill_read_s_experts);
    }
  }
}

TEST(InferModel, StepCostAgreesWithItlAndTtft) {
  for (Flags f :
       {Flags{{"model", "llama-3.1-8b"}, {"batch", "48"}}, Flags{{"model", "qwen3-235b-a22b"},
                                                                 {"gpus_per_replica", "8"},
                                                                 {"batch", "48"},
                                                                 {"precision", "fp8"}}}) {
    const InferInputs in = Inputs(f);
    const InferResult r = Evaluate(in);
    const StepCost c = StepCostFor(in);
    ASSERT_GE(c.max_batch(), 48);
    const double ctx = 48 * r.context_tokens.value;
    EXPECT_NEAR(c.decode_s_by_batch[48] + c.decode_s_per_ctx_token * ctx, r.itl_s.value,
                1e-9 * r.itl_s.value);
    const double n = in.input_tokens.value;
    EXPECT_NEAR(c.PrefillSeconds(n, n * n), r.ttft_s.value, 1e-9 * r.ttft_s.value);
    for (int b = 2; b <= c.max_batch(); ++b) {
      ASSERT_GE(c.decode_s_by_batch[b], c.decode_s_by_batch[b - 1]) << b;
    }
    EXPECT_NEAR(c.power_w_by_batch[48] / c.gpus, r.decode_power_w.value,
                1e-9 * r.decode_power_w.value);
    EXPECT_EQ(c.gpus, in.gpus_per_replica);
    EXPECT_DOUBLE_EQ(c.max_kv_tokens, r.memory.kv_capacity_tokens.value);
  }
}

TEST(InferModel, DemandBeyondTheFleetNamesTheGpusItNeeds) {
  const std::string err =
      ErrorField({{"model", "llama-3.1-8b"}, {"count", "8"}, {"requests_per_s", "1e6"}});
  EXPECT_EQ(err.rfind("requests_per_s: ", 0), 0) << err;
  EXPECT_NE(err.find("GPUs"), std::string::npos) << err;
  const InferResult r =
      Serve({{"model", "llama-3.1-8b"}, {"count", "1000"}, {"queries_per_day", "1M"}});
  ASSERT_TRUE(r.fleet_requests_per_day.has_value());
  EXPECT_NEAR(r.fleet_requests_per_day->value, 1e6, 1);  // the demand is served
  EXPECT_LT(r.load.value, 1);
}

// With a demand given, the requests a day are the demand, ranged only as the demand is: replicas
// x load / request time gave 50 requests/s as 4.32 M a day (2.22-8.39), and where the pessimistic
// capacity falls short of the demand a note says so (found by an adversarial tester).
TEST(InferModel, RequestsADayAreTheDemandGiven) {
  const InferResult r =
      Serve({{"model", "llama-3.1-8b"}, {"count", "8"}, {"requests_per_s", "50"}});
  ASSERT_TRUE(r.fleet_requests_per_day.has_value());
  EXPECT_EQ(*r.fleet_requests_per_day, Interval(50 * 86400.0));
  const InferResult ranged =
      Serve({{"model", "llama-3.1-8b"}, {"count", "8"}, {"requests_per_s", "40..60"}});
  EXPECT_EQ(*ranged.fleet_requests_per_day, Interval(50 * 86400.0, 40 * 86400.0, 60 * 86400.0));
  for (const InferResult& x : {r, ranged}) {
    for (const std::string& n : x.notes)
      EXPECT_EQ(n.find("serves at most"), std::string::npos) << n;
  }
  const InferResult tight =
      Serve({{"model", "llama-3.1-8b"}, {"count", "1"}, {"requests_per_s", "14"}});
  EXPECT_EQ(tight.load.high, 1);
  bool said = false;
  for (const std::string& n : tight.notes) {
    said = said || n.find("serves at most") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

TEST(InferModel, CustomModelsNeedTheirArchitecture) {
  EXPECT_EQ(ErrorField({{"params", "7G"}}).rfind("layers: required", 0), 0);
  EXPECT_EQ(ErrorField({{"params", "7G"},
                        {"layers", "32"},
                        {"kv_heads", "8"},
                        {"head_dim", "128"},
                        {"hidden", "4096"}}),
            "no error");
  EXPECT_EQ(ErrorField({}).rfind("model: ", 0), 0);
  EXPECT_EQ(
      ErrorField({{"model", "llama-3.1-8b"}, {"active_params", "9G"}}).rfind("active_params: ", 0),
      0);
}

// An architecture whose parameters cannot hold its own attention, or whose hidden size is not a
// whole number of heads, is refused naming the input (an adversarial tester got 0.1 J a token
// for `--params 1 --layers 80 --hidden 8192`, and "8 KV heads exceed the 0.0078125 query heads"
// for `--hidden 1`). Every catalog model holds its attention.
TEST(InferModel, AnArchitectureMustHoldItsOwnAttention) {
  std::string err = ErrorField({{"params", "1"},
                                {"layers", "80"},
                                {"kv_heads", "8"},
                                {"head_dim", "128"},
                                {"hidden", "8192"}});
  EXPECT_EQ(err.rfind("params: 1 parameters a token uses are fewer than the attention weights", 0),
            0)
      << err;
  err = ErrorField({{"params", "70G"},
                    {"active_params", "1G"},
                    {"layers", "80"},
                    {"kv_heads", "8"},
                    {"head_dim", "128"},
                    {"hidden", "8192"}});
  EXPECT_EQ(err.rfind("active_params: ", 0), 0) << err;
  err = ErrorField({{"params", "70G"},
                    {"layers", "80"},
                    {"kv_heads", "8"},
                    {"head_dim", "128"},
                    {"hidden", "1"}});
  EXPECT_EQ(err.rfind("hidden: 1 is not a whole number of heads of ", 0), 0) << err;
  EXPECT_NE(err.find("128 (0.0078125 heads): give "), std::string::npos) << err;
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"layers", "200"}}).rfind("layers: ", 0), 0);
  // A mixture whose active count is below k/E of the whole: negative shared weights, printed,
  // and --simulate then failed on "prefill_read_s" (twelfth pass).
  err = ErrorField({{"params", "7G"},
                    {"active_params", "1.5G"},
                    {"layers", "32"},
                    {"hidden", "4096"},
                    {"kv_heads", "8"},
                    {"head_dim", "128"},
                    {"experts", "8"},
                    {"experts_per_token", "2"}});
  EXPECT_EQ(err.rfind("active_params: 1.5e+09 active parameters are fewer than 2 of 8", 0), 0)
      << err;
  for (const Entry* m : Catalog::Embedded().All("model")) {
    const std::string err = ErrorField({{"model", m->id.c_str()}, {"gpus_per_replica", "64"}});
    EXPECT_EQ(err, "no error") << m->id;
  }
}

TEST(InferModel, PrecisionWithoutTensorCoresIsANote) {
  const InferInputs in =
      Inputs({{"model", "llama-3.1-8b"}, {"gpu", "a100-sxm"}, {"precision", "fp8"}});
  ASSERT_FALSE(in.notes.empty());
  EXPECT_NE(in.notes[0].find("BF16 rate"), std::string::npos);
  EXPECT_DOUBLE_EQ(in.peak_flop_per_s.value, 312e12);
}

// A cap far below where the cap rule was measured says its figures are extrapolated (131 W on
// an H100 kept the energy of a step that 1 W of headroom would make far longer).
TEST(InferModel, ACapFarBelowTheStudiedOnesSaysSo) {
  const auto says = [](const InferResult& r) {
    for (const std::string& n : r.notes) {
      if (n.find("extrapolated") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(says(Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", "131"}})));
  EXPECT_FALSE(says(Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", "500"}})));
  EXPECT_FALSE(says(Serve({{"model", "llama-3.1-8b"}})));
}

TEST(InferModel, APowerCapStretchesStepsAndKeepsTheEnergy) {
  const InferResult free = Serve({{"model", "llama-3.1-8b"}, {"batch", "256"}});
  const InferResult capped =
      Serve({{"model", "llama-3.1-8b"}, {"batch", "256"}, {"power_cap_w", "300"}});
  EXPECT_GT(capped.itl_s.value, free.itl_s.value);
  EXPECT_NEAR(capped.energy_gpu_j_per_request.value, free.energy_gpu_j_per_request.value,
              1e-9 * free.energy_gpu_j_per_request.value);
  EXPECT_LE(capped.decode_power_w.value, 300 + 1e-6);
  // No bound of a power figure passes the cap either (the highs were the uncapped 505 W).
  for (const char* batch : {"1", "64", "256"}) {
    const InferResult r =
        Serve({{"model", "llama-3.1-8b"}, {"batch", batch}, {"power_cap_w", "300"}});
    ASSERT_TRUE(r.fleet_gpu_power_w);
    for (const Interval* w : {&r.decode_power_w, &r.gpu_power_w, &*r.fleet_gpu_power_w}) {
      EXPECT_LE(w->high, 300 + 1e-6) << batch;
      EXPECT_LE(w->low, w->value);
    }
  }
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"power_cap_w", "50"}})
                .rfind("power_cap_w: must be above the GPU's idle power", 0),
            0);
}

// A cap inside the idle range is refused naming the range and the top it must clear (125 W was
// refused "above the GPU's idle power (130 W)" of a catalog idle of 120 W (73-130)).
TEST(InferModel, ACapBelowTheIdleRangesTopNamesTheRange) {
  const Interval idle = In(Inputs({{"model", "llama-3.1-8b"}}).idle, units::W);
  ASSERT_FALSE(idle.is_point());
  const std::string cap = fmt::format("{}", (idle.value + idle.high) / 2);
  EXPECT_EQ(ErrorField({{"model", "llama-3.1-8b"}, {"power_cap_w", cap.c_str()}}),
            fmt::format("power_cap_w: must be above the GPU's idle power, {:g} W ({:g}-{:g}, "
                        "h100-sxm): the cap must clear its top, {:g} W; got {} W",
                        idle.value, idle.low, idle.high, idle.high, cap));
}

// The share of TDP is printed with the digits that tell it from the study's 70% (489 W of 700 W
// was "70% of TDP, below ... 70%").
TEST(InferModel, ACapJustBelowTheStudiedShareSaysItsShareApart) {
  const InferResult r = Serve({{"model", "llama-3.1-70b"},
                               {"gpus_per_replica", "4"},
                               {"batch", "64"},
                               {"power_cap_w", "489"}});
  bool said = false;
  for (const std::string& n : r.notes) {
    if (n.find("extrapolated") == std::string::npos) continue;
    said = true;
    EXPECT_NE(n.find("the 489 W cap is 69.9% of TDP"), std::string::npos) << n;
    EXPECT_NE(n.find("175 W, 70%"), std::string::npos) << n;
  }
  EXPECT_TRUE(said);
}

// One output token is the prefill's: no decode step runs, so the decode figures are absent with
// their reason and the request time is the prefill's (a batch of 213,394 and a 10.6 s time per
// output token were shown).
TEST(InferModel, OneOutputTokenRunsNoDecodeStep) {
  const InferInputs in =
      Inputs({{"model", "llama-3.1-8b"}, {"input_tokens", "1"}, {"output_tokens", "1"}});
  const InferResult r = Evaluate(in);
  EXPECT_FALSE(r.decodes);
  EXPECT_DOUBLE_EQ(r.request_time_s.value, r.prefill_s.value);
  std::map<std::string, Figure> rows;
  for (NamedResult& row : TabulateInfer(in, r)) rows.emplace(row.name, row.figure);
  for (const char* name : {"itl_s", "decode_power_w", "batch"}) {
    ASSERT_TRUE(rows.count(name)) << name;
    EXPECT_FALSE(rows.at(name).present()) << name;
    EXPECT_NE(rows.at(name).why().find("no decode step"), std::string::npos) << name;
  }
  EXPECT_TRUE(rows.at("ttft_s").present());
  EXPECT_TRUE(rows.at("throughput_output_tokens_per_s").present());
  // Two output tokens decode once: the figures are there.
  const InferInputs two =
      Inputs({{"model", "llama-3.1-8b"}, {"input_tokens", "1"}, {"output_tokens", "2"}});
  const InferResult r2 = Evaluate(two);
  EXPECT_TRUE(r2.decodes);
  for (NamedResult& row : TabulateInfer(two, r2)) {
    if (row.name == "itl_s" || row.name == "batch") {
      EXPECT_TRUE(row.figure.present()) << row.name;
    }
  }
  // A given batch stays, said to set nothing.
  const InferInputs given = Inputs(
      {{"model", "llama-3.1-8b"}, {"output_tokens", "1"}, {"batch", "8"}, {"tpot_slo_s", "1ms"}});
  const InferResult rg = Evaluate(given);
  for (NamedResult& row : TabulateInfer(given, rg)) {
    if (row.name == "batch") {
      EXPECT_TRUE(row.figure.present());
    }
  }
  for (const std::string& n : rg.notes) EXPECT_EQ(n.find("misses the target"), std::string::npos);
}

// A GPU without BF16 (the V100: FP16 in the catalog's BF16 peak) says so where that peak serves.
TEST(InferModel, AGpuWithoutBf16SaysItsPeakIsFp16) {
  const InferInputs v100 = Inputs({{"model", "llama-3.1-8b"}, {"gpu", "v100"}});
  bool said = false;
  for (const std::string& n : v100.notes) said |= n.find("v100 has no BF16") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_NE(v100.sources.at("peak_flop_per_s").find("FP16 tensor-core peak"), std::string::npos);
  for (const std::string& n : Inputs({{"model", "llama-3.1-8b"}}).notes) {
    EXPECT_EQ(n.find("no BF16"), std::string::npos) << n;
  }
}

// Embodied carbon per request: the replica's GPUs' embodied carbon (the fleet model's rule: the
// bottom-up model at the server boundary when the system lists its host parts) times the replica
// seconds a request holds (idle share included) over the lifetime.
TEST(InferModel, EmbodiedPerRequestIsTheReplicasTimeShare) {
  const Flags flags = {{"model", "llama-3.1-70b"},
                       {"gpus_per_replica", "4"},
                       {"system", "dgx-h100"},
                       {"load", "0.5"},
                       {"lifetime_years", "4"}};
  const InferInputs in = Inputs(flags);
  ASSERT_TRUE(in.embodied_kg_per_gpu.has_value());
  EXPECT_EQ(in.embodied_boundary, "server");
  const Catalog& c = Catalog::Embedded();
  const EmbodiedEstimate est = FleetEmbodied(
      c, c.Get("gpu", "h100-sxm"), &c.Get("system", "dgx-h100"), EmbodiedBoundary::kServer);
  EXPECT_DOUBLE_EQ(in.embodied_kg_per_gpu->value, est.per_gpu_kg.value);
  const InferResult r = Evaluate(in);
  ASSERT_TRUE(r.co2e_embodied_kg_per_request.has_value());
  const double year_s = In(1.0 * units::year, units::s);
  const double want = est.per_gpu_kg.value * 4 * (r.request_time_s.value / 0.5) / (4 * year_s);
  EXPECT_NEAR(r.co2e_embodied_kg_per_request->value, want, 1e-9 * want);
  EXPECT_LE(r.co2e_embodied_kg_per_request->low, r.co2e_embodied_kg_per_request->value);
  EXPECT_GE(r.co2e_embodied_kg_per_request->high, r.co2e_embodied_kg_per_request->value);
  // Half the load: twice the replica time per request, twice the share.
  Flags quarter = {{"model", "llama-3.1-70b"},
                   {"gpus_per_replica", "4"},
                   {"system", "dgx-h100"},
                   {"load", "0.25"},
                   {"lifetime_years", "4"}};
  const InferResult r2 = Serve(quarter);
  EXPECT_NEAR(r2.co2e_embodied_kg_per_request->value / r.co2e_embodied_kg_per_request->value, 2,
              1e-9);
  // Without a system: the GPU boundary, less per request.
  const InferInputs gpu_only = Inputs({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}});
  EXPECT_EQ(gpu_only.embodied_boundary, "GPU");
  EXPECT_LT(gpu_only.embodied_kg_per_gpu->value, in.embodied_kg_per_gpu->value);
}

// A catalog mixture routed differently keeps its shared weights and its experts' size: 64 of
// qwen3-30b-a3b's 128 experts per token is A = S + 64 e (it kept 3.3 G active and was refused
// naming --params, never given); the input given is the one an error names (found by an
// adversarial tester).
TEST(InferModel, ACatalogMixtureRoutedDifferentlyRederivesItsActiveParameters) {
  const InferInputs base = Inputs({{"model", "qwen3-30b-a3b"}});
  const double p = base.model.params.value, a = base.model.active_params.value;
  const double e = (p - a) / (base.model.experts.value - base.model.experts_per_token.value);
  const double shared = p - base.model.experts.value * e;
  const InferInputs wide = Inputs({{"model", "qwen3-30b-a3b"}, {"experts_per_token", "64"}});
  EXPECT_NEAR(wide.model.active_params.value, shared + 64 * e, 1);
  EXPECT_DOUBLE_EQ(wide.model.params.value, p);
  const InferInputs fewer = Inputs({{"model", "qwen3-30b-a3b"}, {"experts", "64"}});
  EXPECT_NEAR(fewer.model.params.value, shared + 64 * e, 1);
  EXPECT_NEAR(fewer.model.active_params.value, a, 1);
  EXPECT_TRUE(ErrorField({{"model", "qwen3-30b-a3b"}, {"experts", "4"}}).starts_with("experts:"));
  EXPECT_TRUE(ErrorField({{"model", "qwen3-30b-a3b"}, {"params", "3.3G"}}).starts_with("params:"));
}

// A cap at or above the TDP, and GPUs that make no whole replica, are said (each passed in
// silence; found by an adversarial tester).
TEST(InferModel, ACapAboveTdpAndLeftOverGpusAreSaid) {
  const auto has = [](const std::vector<std::string>& notes, const char* part) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(
      has(Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", "1000"}}).notes, "limits nothing"));
  EXPECT_FALSE(
      has(Serve({{"model", "llama-3.1-8b"}, {"power_cap_w", "500"}}).notes, "limits nothing"));
  const InferResult r = Serve(
      {{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", "64"}, {"count", "7"}});
  EXPECT_TRUE(has(r.notes, "3 of the 7 GPUs make no whole replica"));
  EXPECT_FALSE(has(
      Serve(
          {{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", "64"}, {"count", "8"}})
          .notes,
      "no whole replica"));
}

// The notes of `r` that hold `part`.
int NotesWith(const InferResult& r, const char* part) {
  return static_cast<int>(std::count_if(r.notes.begin(), r.notes.end(), [&](const std::string& n) {
    return n.find(part) != std::string::npos;
  }));
}

// Seventeenth pass (docs/validation.md, "Hardening, seventeenth pass: serving's ranges and
// messages"), findings of an adversarial tester.

// An error names the input given, and says whose the other count is: `--params 3G` on
// qwen3-30b-a3b blamed --active-params (never given) for the catalog's 3.3 G active.
TEST(InferModel, AnErrorNamesTheCountGivenAndTheCatalogsOther) {
  std::string err = ErrorField({{"model", "qwen3-30b-a3b"}, {"params", "3G"}});
  EXPECT_TRUE(
      err.starts_with("params: 3000000000 parameters in all are fewer than "
                      "qwen3-30b-a3b's 3300000000 (the catalog's) active"))
      << err;
  err = ErrorField({{"model", "gpt-oss-120b"}, {"params", "1G"}, {"precision", "fp4"}});
  EXPECT_TRUE(err.starts_with("params: ")) << err;
  EXPECT_NE(err.find("gpt-oss-120b's"), std::string::npos) << err;
  // Both given: the active count, beside the count given.
  err = ErrorField({{"model", "qwen3-30b-a3b"}, {"params", "3G"}, {"active_params", "3.3G"}});
  EXPECT_TRUE(
      err.starts_with("active_params: 3300000000 active parameters exceed `params` "
                      "3000000000 in all"))
      << err;
  err = ErrorField({{"model", "llama-3.1-8b"}, {"active_params", "7G"}});
  EXPECT_TRUE(err.starts_with("active_params: ")) << err;
  EXPECT_NE(err.find("must equal the 8030000000 parameters in all, llama-3.1-8b's (the "
                     "catalog's;"),
            std::string::npos)
      << err;
  // A dense model made a mixture by its routing: the routing given is named, not
  // --active-params.
  err = ErrorField({{"model", "llama-3.1-8b"}, {"experts", "8"}, {"experts_per_token", "2"}});
  EXPECT_TRUE(err.starts_with("experts: ")) << err;
  EXPECT_NE(err.find("give `active_params`"), std::string::npos) << err;
  EXPECT_NE(err.find("llama-3.1-8b's 8030000000 (the catalog's)"), std::string::npos) << err;
  err = ErrorField({{"model", "llama-3.1-8b"}, {"experts", "8"}});
  EXPECT_TRUE(err.starts_with("experts: ")) << err;
  EXPECT_NE(err.find("give `experts_per_token` too"), std::string::npos) << err;
  err = ErrorField({{"model", "llama-3.1-8b"}, {"heads", "4"}});
  EXPECT_TRUE(err.starts_with("heads: llama-3.1-8b's 8 (the catalog's) KV heads exceed")) << err;
  // With the counts given, as before.
  EXPECT_TRUE(ErrorField({{"model", "llama-3.1-8b"},
                          {"experts", "8"},
                          {"experts_per_token", "2"},
                          {"active_params", "8.03G"}})
                  .starts_with("active_params: "));
}

// Grouped-query attention shares each KV head among the same number of query heads: 33 query
// heads over 8 KV heads ran without a word. A hidden width other than heads x head_dim is said
// where the inputs given made it (--hidden 1 passed in silence), never for the catalog's own
// (Qwen3's and gpt-oss's differ from it legitimately).
TEST(InferModel, ImpossibleAttentionLayoutsAreRefusedAndOddOnesSaid) {
  std::string err = ErrorField({{"model", "llama-3.1-8b"}, {"heads", "33"}});
  EXPECT_TRUE(
      err.starts_with("heads: 33 query heads are not a multiple of llama-3.1-8b's 8 "
                      "(the catalog's) KV heads"))
      << err;
  EXPECT_NE(err.find("32 or 40 query heads would be"), std::string::npos) << err;
  err = ErrorField({{"model", "llama-3.1-8b"}, {"kv_heads", "3"}});
  EXPECT_TRUE(err.starts_with("kv_heads: ")) << err;
  EXPECT_NE(err.find("2 or 4 KV heads would be"), std::string::npos) << err;
  EXPECT_TRUE(ErrorField({{"params", "7G"},
                          {"layers", "32"},
                          {"kv_heads", "3"},
                          {"head_dim", "128"},
                          {"hidden", "4096"}})
                  .starts_with("kv_heads: "));
  // Every catalog model holds together, with no note about its widths.
  for (const Entry* e : Catalog::Embedded().All("model")) {
    const InferInputs in = Inputs({{"model", e->id.c_str()},
                                   {"gpu", "b200"},
                                   {"gpus_per_replica", "8"},
                                   {"precision", "fp8"}});
    EXPECT_EQ(std::fmod(in.model.heads.value, in.model.kv_heads.value), 0) << e->id;
    for (const std::string& n : in.notes) {
      EXPECT_EQ(n.find("is not the hidden width"), std::string::npos) << e->id << ": " << n;
    }
  }
  const InferInputs thin =
      Inputs({{"model", "llama-3.1-8b"}, {"hidden", "1"}, {"params", "8.03G"}});
  EXPECT_EQ(std::count_if(thin.notes.begin(), thin.notes.end(),
                          [](const std::string& n) {
                            return n.find(
                                       "heads x head_dim (32 x 128 = 4096) is not the hidden "
                                       "width (1)") != std::string::npos;
                          }),
            1);
  // Qwen3-32B's own heads x head_dim (8192) exceeds its hidden width (5120): no note for it,
  // nor for a layer count changed; one for a head count that changes the ratio.
  const auto width_notes = [](const InferInputs& in) {
    return std::count_if(in.notes.begin(), in.notes.end(), [](const std::string& n) {
      return n.find("is not the hidden width") != std::string::npos;
    });
  };
  EXPECT_EQ(
      width_notes(Inputs({{"model", "qwen3-32b"}, {"layers", "64"}, {"gpus_per_replica", "2"}})),
      0);
  EXPECT_EQ(
      width_notes(Inputs({{"model", "qwen3-32b"}, {"heads", "48"}, {"gpus_per_replica", "2"}})), 1);
}

// Batch auto picks a batch at each point of ranged token counts: the batch evaluated spans them
// as every figure beside it does (it said 235 beside a time per token from batches 135-895).
TEST(InferModel, BatchAutoSpansTheBatchesOfRangedTokenCounts) {
  const InferResult r =
      Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"input_tokens", "200..3000"}});
  ASSERT_TRUE(r.batch_auto);
  EXPECT_EQ(r.batch_span.value, r.batch);
  double lo = 1e9, hi = 0;
  for (const char* n : {"200", "550", "900", "1250", "1600", "1950", "2300", "2650", "3000"}) {
    const InferResult p =
        Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"input_tokens", n}});
    lo = std::min(lo, double(p.batch));
    hi = std::max(hi, double(p.batch));
  }
  EXPECT_LT(lo, hi);
  EXPECT_EQ(r.batch_span.low, lo);
  EXPECT_EQ(r.batch_span.high, hi);
  EXPECT_EQ(NotesWith(r, "batch auto varies with the token counts"), 1);
  const InferInputs in = Inputs(
      {{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"input_tokens", "200..3000"}});
  bool batch_row = false;
  for (const NamedResult& row : TabulateInfer(in, r)) {
    if (row.name == "batch") {
      batch_row = true;
      EXPECT_EQ(row.figure.range().low, lo);
      EXPECT_EQ(row.figure.range().high, hi);
    }
    if (row.name == "itl_s") {
      EXPECT_NE(
          row.figure.basis().find(fmt::format("({:.0f}-{:.0f} across the token counts)", lo, hi)),
          std::string::npos)
          << row.figure.basis();
    }
  }
  EXPECT_TRUE(batch_row);
  // A batch given is one batch.
  const InferResult given = Serve({{"model", "llama-3.1-70b"},
                                   {"gpus_per_replica", "4"},
                                   {"batch", "64"},
                                   {"input_tokens", "200..3000"}});
  EXPECT_TRUE(given.batch_span.is_point());
  EXPECT_EQ(NotesWith(given, "batch auto varies"), 0);
}

// Demand beyond capacity at every end: the note says so, and the requests a day are what the
// fleet serves (2000 requests/s were kept as 173 M a day where 250 replicas serve at most
// 1295-1366 requests/s).
TEST(InferModel, DemandBeyondCapacityIsCappedAndSaidAtEveryEnd) {
  const Flags flags = {{"model", "llama-3.1-70b"},
                       {"gpus_per_replica", "4"},
                       {"batch", "64"},
                       {"count", "1000"},
                       {"requests_per_s", "500..2000"},
                       {"bandwidth_efficiency", "0.75"},
                       {"compute_efficiency", "0.55"},
                       {"step_overhead_s", "0.001"},
                       {"step_overhead_per_seq_s", "2e-5"},
                       {"memory_usable", "0.9"}};
  const InferResult r = Serve(flags);
  ASSERT_TRUE(r.fleet_requests_per_day && r.replicas);
  const Interval capacity = *r.replicas / r.request_time_s;
  ASSERT_GT(2000, capacity.high);
  EXPECT_NEAR(r.fleet_requests_per_day->high, capacity.high * 86400, 1e-6 * capacity.high * 86400);
  EXPECT_NEAR(r.fleet_requests_per_day->value, r.load.value * capacity.value * 86400,
              1e-6 * r.fleet_requests_per_day->value);
  EXPECT_EQ(r.fleet_requests_per_day->low, 500 * 86400.0);
  EXPECT_EQ(NotesWith(r, "at every end of them"), 1);
  EXPECT_EQ(NotesWith(r, "at the pessimistic end of the inputs `count`"), 0);
  // Short only at the pessimistic end: that note, and the top capped there.
  const InferResult tight =
      Serve({{"model", "llama-3.1-8b"}, {"count", "1"}, {"requests_per_s", "14"}});
  const Interval cap1 = *tight.replicas / tight.request_time_s;
  ASSERT_LT(cap1.low, 14);
  ASSERT_GT(cap1.high, 14);
  EXPECT_EQ(NotesWith(tight, "at the pessimistic end of the inputs `count` serves at most"), 1);
  EXPECT_EQ(tight.fleet_requests_per_day->high, 14 * 86400.0);
  EXPECT_NEAR(tight.fleet_requests_per_day->low, cap1.low * 86400, 1e-6 * cap1.low * 86400);
}

// A latency target met at the central values and missed at the pessimistic end is said, as the
// memory limit's end is; batch auto names the batch that meets it at every end.
TEST(InferModel, LatencyTargetsAreJudgedAtThePessimisticEndToo) {
  const InferResult r =
      Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"tpot_slo_s", "30ms"}});
  ASSERT_LE(r.itl_s.value, 0.03);
  ASSERT_GT(r.itl_s.high, 0.03);
  ASSERT_EQ(NotesWith(r, "ms target met at the central values; batch "), 1);
  int meets = 0;
  for (const std::string& n : r.notes) {
    if (const size_t at = n.find("; batch ");
        at != std::string::npos && n.find("time per output token") != std::string::npos) {
      meets = std::stoi(n.substr(at + 8));
    }
  }
  ASSERT_GE(meets, 1);
  ASSERT_LT(meets, r.batch);
  // The time and the target differ as printed ("0.03 s misses the 0.03 s target" was said of
  // 30.04 ms; found by an adversarial tester).
  for (const std::string& n : r.notes) {
    const size_t at = n.find("time per output token, ");
    if (at == std::string::npos) continue;
    const std::string time = n.substr(at + 23, n.find(" ms,", at) - at - 23);
    const size_t t = n.find("misses the ") + 11;
    const std::string target = n.substr(t, n.find(" ms target", t) - t);
    EXPECT_NE(time, target) << n;
    EXPECT_EQ(target, "30") << n;
  }
  const InferResult close =
      Serve({{"model", "llama-3.1-8b"}, {"tpot_slo_s", "30ms"}, {"batch", "120"}});
  EXPECT_EQ(NotesWith(close, "misses the 30 ms target"), 1);
  EXPECT_EQ(NotesWith(close, "0.03 s"), 0);
  const std::string b = std::to_string(meets), b1 = std::to_string(meets + 1);
  EXPECT_LE(Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", b.c_str()}})
                .itl_s.high,
            0.03);
  EXPECT_GT(Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}, {"batch", b1.c_str()}})
                .itl_s.high,
            0.03);
  // TTFT: between the ends, said; above the top, not.
  const InferResult one = Serve({{"model", "llama-3.1-70b"}, {"gpus_per_replica", "4"}});
  const std::string mid = fmt::format("{}", (one.ttft_s.value + one.ttft_s.high) / 2);
  EXPECT_EQ(NotesWith(Serve({{"model", "llama-3.1-70b"},
                             {"gpus_per_replica", "4"},
                             {"ttft_slo_s", mid.c_str()}}),
                      "the time to first token"),
            1);
  const std::string above = fmt::format("{}", one.ttft_s.high * 1.01);
  EXPECT_EQ(NotesWith(Serve({{"model", "llama-3.1-70b"},
                             {"gpus_per_replica", "4"},
                             {"ttft_slo_s", above.c_str()}}),
                      "misses"),
            0);
}

// Without a system the server figures are the GPU's: said beside them, as the PUE is.
TEST(InferModel, ServerFiguresSayWhenThereIsNoHostPower) {
  const auto basis = [](Flags flags, const char* name) {
    const InferInputs in = Inputs(flags);
    for (const NamedResult& row : TabulateInfer(in, Evaluate(in))) {
      if (row.name == name) return row.figure.basis();
    }
    return std::string("none");
  };
  EXPECT_EQ(basis({{"model", "llama-3.1-8b"}}, "energy_server_j_per_output_token"),
            "GPU + host share (no system given: no host power)");
  EXPECT_EQ(basis({{"model", "llama-3.1-8b"}}, "energy_server_wh_per_request"),
            "no system given: no host power");
  EXPECT_EQ(basis({{"model", "llama-3.1-8b"}, {"system", "dgx-h100"}},
                  "energy_server_j_per_output_token"),
            "GPU + host share");
}

// docs/model.md's list of result names is TabulateInfer's (docs/python.md named one that is not).
TEST(InferModel, TheResultNamesInTheDocsAreTheModels) {
  std::ifstream f(std::string(GPUFLEET_SOURCE_DIR) + "/docs/model.md");
  std::stringstream text;
  text << f.rdbuf();
  const std::string doc = text.str();
  const size_t at = doc.find("**Result names** (`--format json`, `results.NAME`):");
  ASSERT_NE(at, std::string::npos);
  const size_t end = doc.find("\n\n", at);
  std::string list = doc.substr(at, end - at);
  list = list.substr(list.find("):") + 2);
  std::set<std::string> documented;
  std::string word;
  for (char c : list + ",") {
    if (c == ',' || c == '.' || c == ' ' || c == '\n') {
      if (!word.empty()) documented.insert(word);
      word.clear();
    } else {
      word += c;
    }
  }
  const InferInputs in = Inputs({{"model", "llama-3.1-8b"}});
  std::set<std::string> names;
  for (const NamedResult& row : TabulateInfer(in, Evaluate(in))) names.insert(row.name);
  EXPECT_EQ(documented, names);
}

// Suggestions stay inside the inputs' domains, and enumerated words take any case.
TEST(InferModel, SuggestionsStayInsideTheDomainsAndWordsTakeAnyCase) {
  std::string err = ErrorField({{"model", "llama-3.1-8b"}, {"memory_usable", "1e-9"}});
  EXPECT_TRUE(err.starts_with("gpus_per_replica: ")) << err;
  EXPECT_NE(err.find("usable each), nor on the 4096 GPUs a replica may span (202879920 would hold "
                     "it)"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("at least 202879920"), std::string::npos) << err;
  err = ErrorField({{"model", "llama-3.1-8b"}, {"params", "1e15"}});
  EXPECT_NE(err.find(", nor on the 4096 GPUs a replica may span"), std::string::npos) << err;
  // Within the domain, the number as before.
  err = ErrorField({{"model", "llama-3.1-405b"}});
  EXPECT_NE(err.find("at least 12 GPUs per replica"), std::string::npos) << err;
  EXPECT_EQ(GpusNeededText(4096), ": at least 4096 GPUs per replica");
  EXPECT_EQ(GpusNeededText(4097).find(", nor on the 4096 GPUs a replica may span (4097 would "
                                      "hold it)"),
            0u);
}

// deepseek-v3's weights do not fit on 19 GPUs at the pessimistic end of the memory inputs (70.6
// GB a GPU, 68 GB usable there): the note says so, not "only 0 sequences fit", and the count
// suggested for 3 GPUs names what the whole memory range needs beside the central values' 19
// (found by an adversarial tester).
TEST(InferModel, WeightsThatDoNotFitAtThePessimisticEndAreSaid) {
  const std::string err = ErrorField({{"model", "deepseek-v3"}, {"gpus_per_replica", "3"}});
  EXPECT_NE(err.find("at least 19 GPUs per replica at the central values, "), std::string::npos)
      << err;
  const InferInputs in = Inputs({{"model", "deepseek-v3"}, {"gpus_per_replica", "19"}});
  const int every_end = MinGpusPerReplica(in, true);
  EXPECT_GT(every_end, 19);
  EXPECT_NE(err.find(fmt::format("{} for the whole range of the memory inputs", every_end)),
            std::string::npos)
      << err;
  const InferResult r = Evaluate(in);
  bool weights = false, zero = false;
  for (const std::string& n : r.notes) {
    weights = weights || n.find("the weights alone") != std::string::npos;
    zero = zero || n.find("only 0 sequences") != std::string::npos;
  }
  EXPECT_TRUE(weights);
  EXPECT_FALSE(zero);
  // On the count the whole range needs, no such note.
  const InferInputs enough = Inputs(
      {{"model", "deepseek-v3"}, {"gpus_per_replica", fmt::format("{}", every_end).c_str()}});
  for (const std::string& n : Evaluate(enough).notes) {
    EXPECT_EQ(n.find("the weights alone"), std::string::npos) << n;
  }
}

}  // namespace
}  // namespace gpufleet

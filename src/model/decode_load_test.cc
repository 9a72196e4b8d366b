// The decode load's plan (decode_load.h): shapes from the architecture, bytes equal to the
// serving model's weights read per step and per GPU, mixtures of experts, and its errors.
#include "gpufleet/decode_load.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

using Flags = std::initializer_list<std::pair<const char*, const char*>>;

DecodeLoad Plan(Flags flags) {
  inputs::Given g(inputs::kInfer);
  for (const auto& [k, v] : flags) g.SetText(k, v);
  return DecodeLoadFor(Catalog::Embedded(), g);
}

std::string ErrorOf(Flags flags) {
  try {
    Plan(flags);
  } catch (const InputError& e) {
    return e.where().field;
  }
  return "no error";
}

const DecodeGemm* Find(const DecodeLoad& l, const std::string& what) {
  for (const DecodeGemm& g : l.per_layer) {
    if (g.what == what) return &g;
  }
  return nullptr;
}

TEST(DecodeLoad, DenseShapesFromTheArchitecture) {
  // Llama 3.1 8B: 32 layers, hidden 4096, 32 query heads, 8 KV heads of 128.
  const DecodeLoad l = Plan({{"model", "llama-3.1-8b"}, {"batch", "32"}});
  EXPECT_EQ(l.layers, 32);
  EXPECT_EQ(l.batch, 32);
  const DecodeGemm* qkv = Find(l, "qkv");
  ASSERT_NE(qkv, nullptr);
  EXPECT_EQ(qkv->m, 32);
  EXPECT_EQ(qkv->k, 4096);
  EXPECT_EQ(qkv->n, (32 + 2 * 8) * 128);
  const DecodeGemm* o = Find(l, "o");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->k, 32 * 128);
  EXPECT_EQ(o->n, 4096);
  ASSERT_NE(Find(l, "mlp"), nullptr);
  EXPECT_EQ(Find(l, "expert"), nullptr);
  // The plan reads the serving model's weights (params x 2 bytes for a dense model).
  const double params =
      Catalog::Embedded().Get("model", "llama-3.1-8b").Get("params_count").value.value;
  EXPECT_NEAR(l.model_weight_bytes_per_gpu, 2 * params, 1e-6 * params);
  EXPECT_NEAR(l.weight_bytes_per_gpu(), l.model_weight_bytes_per_gpu,
              0.001 * l.model_weight_bytes_per_gpu);
  EXPECT_NEAR(l.flops_per_gpu(), 2.0 * 32 * l.weight_bytes_per_gpu() / 2, 1e-9 * l.flops_per_gpu());
}

TEST(DecodeLoad, TensorParallelSplitsTheWeights) {
  const DecodeLoad one =
      Plan({{"model", "llama-3.1-70b"}, {"batch", "4"}, {"gpus_per_replica", "2"}});
  const DecodeLoad four =
      Plan({{"model", "llama-3.1-70b"}, {"batch", "4"}, {"gpus_per_replica", "4"}});
  EXPECT_EQ(four.gpus, 4);
  EXPECT_EQ(Find(four, "qkv")->n * 2, Find(one, "qkv")->n);
  EXPECT_NEAR(four.weight_bytes_per_gpu() * 2, one.weight_bytes_per_gpu(),
              0.001 * one.weight_bytes_per_gpu());
}

// 3 GPUs for Llama 3.1 8B's 32 heads planned an o GEMM of k 1365 with no word, where `infer`
// notes that engines need an even split; 64 GPUs gave half a head each (found by an adversarial
// tester).
TEST(DecodeLoad, AnUnevenHeadSplitIsNoted) {
  const DecodeLoad three =
      Plan({{"model", "llama-3.1-8b"}, {"batch", "8"}, {"gpus_per_replica", "3"}});
  EXPECT_EQ(Find(three, "o")->k, 1365);
  ASSERT_EQ(three.notes.size(), 1u);
  EXPECT_NE(three.notes[0].find("3 GPUs do not divide llama-3.1-8b's 32 attention heads"),
            std::string::npos)
      << three.notes[0];
  EXPECT_NE(DecodeLoadText(three).find("note: 3 GPUs do not divide"), std::string::npos);
  const DecodeLoad many =
      Plan({{"model", "llama-3.1-8b"}, {"batch", "8"}, {"gpus_per_replica", "64"}});
  ASSERT_FALSE(many.notes.empty());
  EXPECT_NE(many.notes.back().find("a fraction of a head per GPU"), std::string::npos)
      << many.notes.back();
  EXPECT_TRUE(
      Plan({{"model", "llama-3.1-8b"}, {"batch", "8"}, {"gpus_per_replica", "4"}}).notes.empty());
}

// Expert parallel (the default) runs whole experts, each GPU its share of those touched; tensor
// parallel slices every touched expert. The shared weights beside attention are the same at
// every batch (the touched experts' rounding was folded into an "mlp" GEMM that grew with it).
TEST(DecodeLoad, ExpertsAreWholeOrSlicedAsTheSplitSays) {
  const DecodeLoad ep =
      Plan({{"model", "qwen3-30b-a3b"}, {"batch", "64"}, {"gpus_per_replica", "4"}});
  const DecodeLoad tp = Plan({{"model", "qwen3-30b-a3b"},
                              {"batch", "64"},
                              {"gpus_per_replica", "4"},
                              {"moe_parallel", "tp"}});
  const DecodeGemm *e_ep = Find(ep, "expert"), *e_tp = Find(tp, "expert");
  ASSERT_NE(e_ep, nullptr);
  ASSERT_NE(e_tp, nullptr);
  EXPECT_NEAR(double(e_ep->n), 4.0 * double(e_tp->n), 4);  // whole against a quarter
  EXPECT_NEAR(double(e_tp->count), 4.0 * double(e_ep->count), 4);
  EXPECT_NEAR(ep.weight_bytes_per_gpu(), tp.weight_bytes_per_gpu(),
              0.02 * tp.weight_bytes_per_gpu());
  const DecodeLoad one =
      Plan({{"model", "qwen3-30b-a3b"}, {"batch", "1"}, {"gpus_per_replica", "4"}});
  ASSERT_NE(Find(one, "shared"), nullptr);
  EXPECT_EQ(Find(one, "shared")->n, Find(ep, "shared")->n);
  EXPECT_EQ(Find(ep, "mlp"), nullptr);
}

TEST(DecodeLoad, MixtureOfExpertsReadsTheExpertsTouched) {
  const DecodeLoad small = Plan({{"model", "qwen3-30b-a3b"}, {"batch", "1"}});
  const DecodeLoad big = Plan({{"model", "qwen3-30b-a3b"}, {"batch", "64"}});
  const DecodeGemm* e1 = Find(small, "expert");
  const DecodeGemm* e64 = Find(big, "expert");
  ASSERT_NE(e1, nullptr);
  ASSERT_NE(e64, nullptr);
  const Entry& m = Catalog::Embedded().Get("model", "qwen3-30b-a3b");
  EXPECT_EQ(e1->count, static_cast<int64_t>(m.Get("experts_per_token_count").value.value));
  EXPECT_GT(e64->count, e1->count);
  EXPECT_LE(e64->count, static_cast<int64_t>(m.Get("experts_count").value.value));
  EXPECT_GT(big.weight_bytes_per_gpu(), small.weight_bytes_per_gpu());
  for (const DecodeLoad* l : {&small, &big}) {
    EXPECT_NEAR(l->weight_bytes_per_gpu(), l->model_weight_bytes_per_gpu,
                0.03 * l->model_weight_bytes_per_gpu);
  }
}

TEST(DecodeLoad, ErrorsNameTheInput) {
  EXPECT_EQ(ErrorOf({{"batch", "8"}}), "model");
  EXPECT_EQ(ErrorOf({{"model", "llama-3.1-8b"}}), "batch");
  EXPECT_EQ(ErrorOf({{"model", "llama-3.1-8b"}, {"batch", "auto"}}), "batch");
  EXPECT_EQ(ErrorOf({{"model", "llama-3.1-8b"}, {"batch", "8"}, {"precision", "fp8"}}),
            "precision");
  EXPECT_EQ(ErrorOf({{"model", "llama-3.1-8b"}, {"batch", "1000000"}}), "batch");
  EXPECT_EQ(ErrorOf({{"model", "llama-3.1-405b"}, {"batch", "1"}}), "gpus_per_replica");
  EXPECT_EQ(ErrorOf({{"model", "no-such-model"}, {"batch", "1"}}), "model");
}

}  // namespace
}  // namespace gpufleet

// DecodeLoadFor: the GEMMs of one decode step on one GPU, from the serving model (decode_load.h).
#include "gpufleet/decode_load.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/infer.h"
#include "util/ascii.h"

namespace gpufleet {
namespace {

int64_t AtLeastOne(double x) { return std::max<int64_t>(1, std::llround(x)); }

}  // namespace

double DecodeLoad::weight_bytes_per_gpu() const {
  double params = 0;
  for (const DecodeGemm& g : per_layer) params += g.weight_params();
  return 2.0 * params * static_cast<double>(layers);
}

double DecodeLoad::flops_per_gpu() const {
  double f = 0;
  for (const DecodeGemm& g : per_layer) f += g.flops();
  return f * static_cast<double>(layers);
}

DecodeLoad DecodeLoadFor(const Catalog& catalog, const inputs::Given& given) {
  if (!given.Has("model") && !given.Has("params")) {
    throw InputError(Where{"", 0, "model"}, "required: the model whose decode step to run");
  }
  if (!given.Has("batch") || AsciiLower(given.Text("batch")) == "auto") {
    throw InputError(Where{"", 0, "batch"}, "required: a whole number of sequences");
  }
  const InferInputs in = InferInputsFrom(catalog, given);
  if (in.precision != Precision::kBf16) {
    throw InputError(Where{"", 0, "precision"},
                     "the decode load runs BF16 weights only (cuBLAS GEMMs), got " +
                         std::string(ToString(in.precision)));
  }
  const InferResult r = Evaluate(in);
  const ModelArch& m = in.model;
  const double t = in.gpus_per_replica, b = r.batch;
  DecodeLoad load;
  load.model = m.id;
  load.batch = r.batch;
  load.gpus = in.gpus_per_replica;
  load.precision = std::string(ToString(in.precision));
  load.layers = AtLeastOne(m.layers.value);
  const double layers = static_cast<double>(load.layers);
  const double bpv = BytesPerValue(in.precision);
  // The serving model's weights read per step: the step's bytes less its KV cache read.
  const double weights = r.decode_bytes.value - KvBytesRead(in, b, r.context_tokens).value;
  load.model_weight_bytes_per_gpu = weights / t;
  const double hidden = m.hidden.value, hd = m.head_dim.value;
  const int64_t tokens = r.batch;
  const DecodeGemm qkv{"qkv", tokens, AtLeastOne((m.heads.value + 2 * m.kv_heads.value) * hd / t),
                       AtLeastOne(hidden), 1};
  const DecodeGemm o{"o", tokens, AtLeastOne(hidden), AtLeastOne(m.heads.value * hd / t), 1};
  load.per_layer = {qkv, o};
  // The attention split the plan takes, where no tensor-parallel engine splits that way: 3 GPUs
  // for 32 heads gave an o GEMM of k 1365 with no word, as `infer` gives one (found by an
  // adversarial tester).
  if (t > 1 && m.heads.value >= 1 && std::fmod(m.heads.value, t) != 0) {
    load.notes.push_back(fmt::format(
        "{} GPUs do not divide {}'s {:g} attention heads: tensor-parallel engines (vLLM, SGLang) "
        "need an even split; the plan splits them evenly anyway ({:.4g} heads per GPU, o GEMM k "
        "{} rounded from {:.6g})",
        t, m.id, m.heads.value, m.heads.value / t, o.k, m.heads.value * hd / t));
  }
  if (t > 1 && t > m.heads.value && m.heads.value >= 1) {
    load.notes.push_back(fmt::format(
        "{} GPUs for {:g} attention heads: a fraction of a head per GPU, which no engine runs; "
        "the plan's attention GEMMs are smaller than any engine's",
        t, m.heads.value));
  }
  double rest = load.model_weight_bytes_per_gpu / bpv / layers - qkv.weight_params() -
                o.weight_params();  // parameters per layer still to read
  if (m.moe() && r.experts_touched.value > 0) {
    const double per_expert = (m.params.value - m.active_params.value) /
                              (m.experts.value - m.experts_per_token.value) / layers;
    const double touched = r.experts_touched.value;
    // Expert parallel (infer's default): each GPU runs whole experts, its 1/N share of those the
    // step touches; tensor parallel: every touched expert, sliced N ways. (The plan sliced them
    // whatever the split; found by an adversarial tester.)
    const int64_t count = AtLeastOne(in.expert_parallel ? touched / t : touched);
    const DecodeGemm e{"expert", AtLeastOne(b * m.experts_per_token.value / touched),
                       AtLeastOne(per_expert / hidden / (in.expert_parallel ? 1 : t)),
                       AtLeastOne(hidden), count};
    load.per_layer.push_back(e);
    // The rest is the shared weights beside attention (unembedding, router, a shared expert),
    // the same at every batch: the touched experts' rounding is not folded into it.
    rest -= per_expert * touched / t;
  }
  if (rest >= hidden) {
    load.per_layer.push_back(DecodeGemm{m.moe() ? "shared" : "mlp", tokens,
                                        AtLeastOne(rest / hidden), AtLeastOne(hidden), 1});
  }
  return load;
}

std::string DecodeLoadText(const DecodeLoad& load) {
  std::string s = fmt::format("decode step of {} at batch {} on 1 of {} GPU(s), {}: {} layers of\n",
                              load.model, load.batch, load.gpus, load.precision, load.layers);
  for (const DecodeGemm& g : load.per_layer) {
    s += fmt::format("  {:<7} GEMM m {} (tokens) x k {} x n {}{}\n", g.what, g.m, g.k, g.n,
                     g.count > 1 ? fmt::format(", {} of them", g.count) : "");
  }
  s += fmt::format(
      "weights read per step: {:.4g} GB per GPU (the serving model's: {:.4g} GB); {:.4g} GFLOP "
      "per step per GPU\n",
      load.weight_bytes_per_gpu() / 1e9, load.model_weight_bytes_per_gpu / 1e9,
      load.flops_per_gpu() / 1e9);
  for (const std::string& n : load.notes) s += "note: " + n + "\n";
  return s;
}

}  // namespace gpufleet

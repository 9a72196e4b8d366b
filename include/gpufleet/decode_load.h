// The calibration load of `gpufleet burn --decode` (issue 13, part 5): the weight GEMMs one
// decode step of a model runs on one GPU of a tensor-parallel replica at a batch, sized from the
// serving model (infer.h) so that the bytes read per step are the model's weights touched per
// GPU. Pure (core layer): the CUDA runner (src/measure/burn/) executes the plan, and the CLI
// checks it without a GPU.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/inputs.h"

namespace gpufleet {

// One weight GEMM of a layer, per GPU: tokens (m) x k activations times a k x n weight slice,
// `count` times per layer (the experts a step touches).
struct DecodeGemm {
  std::string what;  // "qkv", "o", "mlp" (dense), "expert", "shared" (a mixture's rest)
  int64_t m = 1, n = 1, k = 1;
  int64_t count = 1;
  double weight_params() const { return double(n) * double(k) * double(count); }
  double flops() const { return 2.0 * double(m) * weight_params(); }
};

struct DecodeLoad {
  std::string model;
  int batch = 1, gpus = 1;
  std::string precision;  // bf16 (the only one the CUDA runner has)
  int64_t layers = 1;     // each step runs `per_layer` once per layer
  std::vector<DecodeGemm> per_layer;
  double model_weight_bytes_per_gpu = 0;  // the serving model's weights read per step, one GPU
  // What the plan assumes that an engine would not do: a GPU count that does not divide the
  // attention heads (the plan splits them evenly anyway: `infer`'s note), more GPUs than heads.
  std::vector<std::string> notes;
  double weight_bytes_per_gpu() const;    // what the plan reads per step (2 bytes per param)
  double flops_per_gpu() const;           // per step
};

// The plan for the inputs of infer (`model` and `batch` required; `gpus_per_replica`,
// `precision` and the custom-model inputs as for infer): the serving model's memory check
// applies (a model that does not fit names the minimum gpus_per_replica, a batch that does not
// fit names the limit). Shapes: attention per layer from the architecture (qkv: hidden x
// (heads + 2 kv_heads) head_dim / gpus; o: heads head_dim / gpus x hidden); for a mixture of
// experts, the experts one step touches (the serving model's expectation, rounded, at least 1),
// with batch x experts_per_token / touched tokens each: whole experts (an expert's parameters per
// layer over hidden), the GPU's 1/N share of them, when expert parallel (infer's moe_parallel
// ep, the default), or every one sliced N ways (tp); the rest of the weights the step reads as
// one GEMM per layer ("mlp" for a dense model; "shared" for a mixture: the weights beside
// attention every token reads, the same at every batch). Throws
// InputError naming the input; precision other than bf16 is refused (field "precision").
DecodeLoad DecodeLoadFor(const Catalog& catalog, const inputs::Given& given);

// The plan as text lines (one per GEMM, then the totals), for `gpufleet burn --decode --plan`.
std::string DecodeLoadText(const DecodeLoad& load);

}  // namespace gpufleet

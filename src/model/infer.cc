// The serving model's equations (infer.h; docs/model.md, "Serving"). Interval arithmetic
// throughout; times in seconds, energies in joules, sizes in bytes unless a type says otherwise.
#include "gpufleet/infer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "gpufleet/embodied.h"
#include "gpufleet/error.h"
#include "gpufleet/si_format.h"
#include "util/ascii.h"

namespace gpufleet {
namespace {

Interval Floor(const Interval& x) {
  return MapIncreasing(x, [](double v) { return std::floor(v); });
}

// x^e for x >= 0, e > 0: increasing in x.
Interval Pow(const Interval& base, double e) {
  return MapIncreasing(base, [e](double v) { return std::pow(std::max(v, 0.0), e); });
}

double Watts(const IPower& p) { return In(p, units::W).value; }
Interval WattsRange(const IPower& p) { return In(p, units::W); }

int Gpus(const InferInputs& in) { return in.gpus_per_replica; }

// Routed-expert parameters in all (0 for a dense model).
Interval ExpertParams(const InferInputs& in) {
  if (!in.model.moe()) return 0;
  return in.model.params - in.model.active_params;
}

// Expected distinct experts (per layer) that b tokens routed top-k over E experts touch:
// E (1 - (1 - k/E)^b), assuming uniform independent routing (an upper bound on locality).
// The chance one token leaves a given expert untouched: 1 - k/E.
Interval ExpertMiss(const InferInputs& in) {
  return Interval(1) - in.model.experts_per_token / in.model.experts;
}

Interval ExpertsTouched(const InferInputs& in, double b) {
  if (!in.model.moe()) return 0;
  return in.model.experts * (Interval(1) - Pow(ExpertMiss(in), b));
}

// `params` parameters at the weights' precision, the first `bf16` of them at BF16 (a checkpoint's
// unquantised tensors; ModelArch::bf16_params): bytes.
Interval StoredBytes(const InferInputs& in, const Interval& params, const Interval& bf16) {
  const Interval kept = Min(bf16, params);
  return kept * 2.0 + Max(Interval(0), params - kept) * BytesPerValue(in.precision);
}

// One routed expert's parameters, all layers (0 for a dense model).
Interval ParamsPerExpert(const InferInputs& in) {
  if (!in.model.moe()) return 0;
  return ExpertParams(in) / (in.model.experts - in.model.experts_per_token);
}

// The weights every token uses: a dense model's all; a mixture's all but its routed experts.
Interval SharedParams(const InferInputs& in) {
  return in.model.params - ParamsPerExpert(in) * in.model.experts;
}

// Weights read by one decode step over b sequences (bytes, whole replica): the shared weights
// (the BF16-kept ones first) and the routed experts the batch touches.
Interval WeightBytesRead(const InferInputs& in, double b) {
  const Interval shared = StoredBytes(in, SharedParams(in), in.model.bf16_params);
  if (!in.model.moe()) return shared;
  return shared + ParamsPerExpert(in) * ExpertsTouched(in, b) * BytesPerValue(in.precision);
}

// Every weight a forward pass can read: the shared ones and every routed expert.
Interval AllWeightBytesRead(const InferInputs& in) {
  const Interval shared = StoredBytes(in, SharedParams(in), in.model.bf16_params);
  return shared + ParamsPerExpert(in) * in.model.experts * BytesPerValue(in.precision);
}

// The share of the layers with sliding-window attention (0 without).
Interval SlidingShare(const InferInputs& in) {
  if (in.model.sliding_window.value <= 0) return 0;
  return Min(in.model.sliding_layers / in.model.layers, Interval(1));
}

// Weights one prefill pass over n prompt tokens reads (bytes, whole replica): a dense model's
// all; a mixture of experts' shared weights and the routed experts its n tokens touch, as a
// decode step over n sequences would. A long prompt touches nearly every expert (Qwen3-30B-A3B,
// 1,000 tokens: all 128 in each layer): counted from the first token alone it took 15.8 ms where
// the reading takes 18 ms.
Interval PrefillBytesRead(const InferInputs& in, const Interval& n) {
  if (!in.model.moe()) return WeightBytesRead(in, 1);
  return Interval(WeightBytesRead(in, n.value).value, WeightBytesRead(in, n.low).low,
                  WeightBytesRead(in, n.high).high);
}

// Tensor-parallel all-reduce time for `tokens` tokens in one forward pass: two all-reduces of
// tokens x hidden BF16 activations per layer (after attention and after the MLP), ring
// algorithm: 2 (g-1)/g of the data over each GPU's link, plus a latency per all-reduce.
Interval AllReduceSeconds(const InferInputs& in, const Interval& tokens) {
  const int g = Gpus(in);
  if (g <= 1) return 0;
  const double ring = 2.0 * (g - 1) / g;
  const Interval bytes = tokens * in.model.hidden * 2.0;
  return in.model.layers * 2.0 *
         (in.allreduce_latency_s + bytes * ring / in.interconnect_bytes_per_s);
}

// The tokens a query at context n attends over, averaged over the layers: n on a full layer,
// at most the window on a sliding one. As many KV entries per layer a sequence of n tokens
// caches, on average.
Interval AttendedTokens(const InferInputs& in, const Interval& n) {
  const Interval f = SlidingShare(in);
  if (f.high <= 0) return n;
  return n * (Interval(1) - f) + Min(n, in.model.sliding_window) * f;
}

// The (query, key) pairs a prompt of n tokens attends over, averaged over the layers: n^2 / 2 on a
// full layer; on a sliding one as many up to the window, then w per token (n w - w^2 / 2).
// Increasing in n and the window, decreasing in the sliding share: each end from those.
Interval AttendedPairs(const InferInputs& in, const Interval& n) {
  const Interval f = SlidingShare(in);
  const auto pairs = [](double x, double share, double w) {
    const double full = 0.5 * x * x;
    const double sliding = x <= w ? full : x * w - 0.5 * w * w;
    return full * (1 - share) + sliding * share;
  };
  const Interval& w = in.model.sliding_window;
  if (f.high <= 0) return n * n * 0.5;
  return Interval(pairs(n.value, f.value, w.value), pairs(n.low, f.high, w.low),
                  pairs(n.high, f.low, w.high));
}

// Which pass attention runs in: a prefill attends over its own prompt, a decode step over the
// cache.
enum class AttentionPass { kPrefill, kDecode };

// Attention's FLOPs per (query, key) pair, all layers, counted at the weights' rate: QK^T and AV,
// 2 FLOPs per multiply-add, weighed by the weights' rate over attention's (a BF16 cache beside
// FP8 or FP4 weights runs its attention at BF16: 2x or 4x the time and energy per FLOP the
// weights' GEMMs take; found by an adversarial tester). Per head and layer: 2 x head_dim for each
// matmul. Latent attention (DeepSeek-V3) differs by pass, as FlashMLA and the engines run it: a
// prefill expands the latent and attends with nope + rope query/key values and v values, 2 (nope
// + rope) + 2 v = 640 per head; a decode step attends over the latent itself (the up-projections
// absorbed into the query and output), 2 (rank + rope) + 2 rank = 2,176 per head, where heads x
// head_dim x 4 with the cache's 1 x 288 counted 1,152 for both (DeepSeek-V3 Technical Report,
// section 2.1.1; docs/model.md).
Interval AttentionFlopsPerPair(const InferInputs& in, AttentionPass pass) {
  const ModelArch& m = in.model;
  Interval per_head = m.head_dim * 4.0;
  if (m.mla()) {
    per_head = pass == AttentionPass::kPrefill
                   ? (m.mla_nope_dim + m.mla_rope_dim) * 2.0 + m.mla_v_dim * 2.0
                   : (m.mla_kv_rank + m.mla_rope_dim) * 2.0 + m.mla_kv_rank * 2.0;
  }
  return m.layers * m.heads * per_head * (in.peak_flop_per_s.value / in.attention_flop_per_s.value);
}

Interval DecodeBytes(const InferInputs& in, double b, const Interval& context) {
  return WeightBytesRead(in, b) + KvBytesRead(in, b, context);
}

Interval DecodeFlops(const InferInputs& in, double b, const Interval& context) {
  return in.model.active_params * 2.0 * b +
         AttentionFlopsPerPair(in, AttentionPass::kDecode) * AttendedTokens(in, context) * b;
}

Interval ReplicaBandwidth(const InferInputs& in) {
  return in.bandwidth_bytes_per_s * in.bandwidth_efficiency * static_cast<double>(Gpus(in));
}
Interval ReplicaCompute(const InferInputs& in) {
  return in.peak_flop_per_s * in.compute_efficiency * static_cast<double>(Gpus(in));
}

// Dynamic energy (J, whole replica) of moving `bytes` and computing `flops` (totals over the
// replica's GPUs): the calibrated share of (TDP - idle) at peak bandwidth / peak compute, times
// the GPU-seconds the work takes at peak.
Interval DynamicJoules(const InferInputs& in, const Interval& bytes, const Interval& flops) {
  const Interval span = WattsRange(in.tdp) - WattsRange(in.idle);
  return span * (in.power_per_bandwidth * bytes / in.bandwidth_bytes_per_s +
                 in.power_per_compute * flops / in.peak_flop_per_s);
}

// Energy of a phase of `t` seconds doing `bytes` and `flops`: idle x t + dynamic, capped at TDP.
Interval PhaseJoules(const InferInputs& in, const Interval& t, const Interval& bytes,
                     const Interval& flops) {
  const double g = Gpus(in);
  const Interval span = WattsRange(in.tdp) - WattsRange(in.idle);
  return WattsRange(in.idle) * t * g + Min(DynamicJoules(in, bytes, flops), span * t * g);
}

// The power (W, whole replica) of a phase's work: idle + the dynamic energy of its bytes and
// FLOPs over the time they take (`t_work`: memory and compute, no overheads), capped at TDP. The
// engine times the roofline does not count (per sequence, FP8) are drawn at it: a larger step
// overhead, drawn at idle, must not make them cheaper (found by an adversarial tester).
Interval BusyWatts(const InferInputs& in, const Interval& t_work, const Interval& bytes,
                   const Interval& flops) {
  const double g = Gpus(in);
  const Interval span = WattsRange(in.tdp) - WattsRange(in.idle);
  return WattsRange(in.idle) * g + Min(DynamicJoules(in, bytes, flops) / t_work, span * g);
}

// A power cap below the phase's power stretches its time (the energy stays: a conservative
// reading, docs/model.md).
// A phase of `t` seconds and `joules` (whole replica) under the power cap: one that would draw
// more than the cap per GPU is stretched until it draws the cap, its energy unchanged, so it
// takes max(t, E / (g cap)) at every point of the inputs, its power held to TDP (interval
// arithmetic over shared inputs put the high end above it, so a cap at or above TDP stretched
// steps). The central value is the stretch's, t x max(1, P / cap); the ends bound the same
// function end by end, where t x the stretch paired the fastest point's time with the smallest
// stretch: 31 ms where no capped point beats 46 ms (found by an adversarial tester).
Interval CappedSeconds(const InferInputs& in, const Interval& joules, const Interval& t) {
  if (!in.power_cap_w) return t;
  const double cap = *in.power_cap_w;
  const double tdp = In(in.tdp, units::W).high;
  return Max(t, Min(joules / (static_cast<double>(Gpus(in)) * cap), t * (tdp / cap)));
}

// A mixture of experts' engine time in one forward pass over `seqs` decoded sequences (0 for a
// prefill's fixed share): every layer pays moe_layer_s, moe_layer_ep_s when whole experts sit
// on different GPUs (expert parallel), plus moe_layer_per_seq_s per sequence. 0 for a dense model.
Interval MoeEngineSeconds(const InferInputs& in, double seqs) {
  if (!in.model.moe()) return 0;
  const Interval ep = Gpus(in) > 1 && in.expert_parallel ? in.moe_layer_ep_s : Interval(0);
  return in.model.layers * (in.moe_layer_s + ep + in.moe_layer_per_seq_s * seqs);
}

// FP8 weights' engine time in one forward pass: every layer pays fp8_layer_s (0 at other
// precisions, and for weight-only FP8 on a GPU without an FP8 tensor rate).
Interval Fp8Seconds(const InferInputs& in) {
  if (in.precision != Precision::kFp8 || in.weight_only) return 0;
  return in.model.layers * in.fp8_layer_s;
}

// Energy (J, whole replica) of `t` seconds of that engine time: idle + the share of TDP - idle.
Interval MoeEngineJoules(const InferInputs& in, const Interval& t) {
  const Interval span = WattsRange(in.tdp) - WattsRange(in.idle);
  return (WattsRange(in.idle) + span * in.moe_engine_power) * t * static_cast<double>(Gpus(in));
}

// The time of a phase's work: its bytes and its FLOPs one after the other (a decode step's
// kernels do not hide one under the other, docs/model.md).
Interval WorkSeconds(const InferInputs& in, const Interval& bytes, const Interval& flops) {
  return bytes / ReplicaBandwidth(in) + flops / ReplicaCompute(in);
}

// The rest of a decode step's roofline: its all-reduces and the step overhead.
Interval DecodeFixedSeconds(const InferInputs& in, double b) {
  return AllReduceSeconds(in, b) + in.step_overhead_s;
}

// The roofline part of a decode step: its work and the rest.
Interval RooflineDecodeSeconds(const InferInputs& in, double b, const Interval& context) {
  return WorkSeconds(in, DecodeBytes(in, b, context), DecodeFlops(in, b, context)) +
         DecodeFixedSeconds(in, b);
}

// The engine's time per decoded sequence in a step (step_overhead_per_seq_s x b).
Interval PerSequenceSeconds(const InferInputs& in, double b) {
  return in.step_overhead_per_seq_s * b;
}

Interval UncappedDecodeSeconds(const InferInputs& in, double b, const Interval& context) {
  return RooflineDecodeSeconds(in, b, context) + PerSequenceSeconds(in, b) + Fp8Seconds(in) +
         MoeEngineSeconds(in, b);
}

// The roofline phase's energy, its per-sequence and FP8 engine time drawn at the power of its
// work (the GPUs stay busy: ML.ENERGY's decode powers do not fall at large batches), and the MoE
// engine time's.
Interval UncappedDecodeJoules(const InferInputs& in, double b, const Interval& context) {
  const Interval bytes = DecodeBytes(in, b, context), flops = DecodeFlops(in, b, context);
  const Interval t_work = WorkSeconds(in, bytes, flops);
  return PhaseJoules(in, t_work + DecodeFixedSeconds(in, b), bytes, flops) +
         BusyWatts(in, t_work, bytes, flops) * (PerSequenceSeconds(in, b) + Fp8Seconds(in)) +
         MoeEngineJoules(in, MoeEngineSeconds(in, b));
}

// The power (W, whole replica) of a phase of `t` seconds doing `bytes` and `flops`, as
// PhaseJoules / t, with t cancelled in the idle term: interval arithmetic on PhaseJoules / t
// pairs the shortest time's idle energy with the longest time.
Interval PhaseWatts(const InferInputs& in, const Interval& t, const Interval& bytes,
                    const Interval& flops) {
  const double g = Gpus(in);
  const Interval span = WattsRange(in.tdp) - WattsRange(in.idle);
  return WattsRange(in.idle) * g + Min(DynamicJoules(in, bytes, flops) / t, span * g);
}

// The least low end and the most high end of `powers`.
struct PowerSpan {
  double low = std::numeric_limits<double>::infinity();
  double high = 0;
  void Add(const Interval& w) { Add(PowerSpan{w.low, w.high}); }
  void Add(const PowerSpan& w) {
    low = std::min(low, w.low);
    high = std::max(high, w.high);
  }
};

// The span (W, whole replica) of the powers of a decode step's phases: its roofline work and
// rest, the per-sequence and FP8 engine times drawn at BusyWatts, the MoE engine time. The
// step's average power is their mean weighted by their times, so it lies in this span however
// the ranges of the times pair with those of the energies. Energy over time in interval
// arithmetic pairs the least energy with the longest time: an FP8 time of 0..200 us a layer put
// Llama 3.1 70B FP8's decode power at 73 W (idle) .. 700 W.
PowerSpan DecodePowerSpan(const InferInputs& in, double b, const Interval& context) {
  const Interval bytes = DecodeBytes(in, b, context), flops = DecodeFlops(in, b, context);
  const Interval t_work = WorkSeconds(in, bytes, flops);
  PowerSpan span;
  span.Add(PhaseWatts(in, t_work + DecodeFixedSeconds(in, b), bytes, flops));
  if ((PerSequenceSeconds(in, b) + Fp8Seconds(in)).high > 0) {
    span.Add(BusyWatts(in, t_work, bytes, flops));
  }
  if (MoeEngineSeconds(in, b).high > 0) span.Add(MoeEngineJoules(in, 1));
  return span;
}

Interval PrefillFlops(const InferInputs& in, const Interval& n) {
  return in.model.active_params * 2.0 * n +
         AttentionFlopsPerPair(in, AttentionPass::kPrefill) * AttendedPairs(in, n);
}

// A prefill's work: its FLOPs, or the weights it reads when that takes longer. Every forward
// pass reads them; from FLOPs alone a one-token prompt on Llama 3.1 70B over 4 H100s took
// 2.35 ms, under the 10.5 ms the weights take to read and the 16.4 ms of a batch-1 decode step
// (found by an adversarial tester). Long dense prompts are compute-bound. A mixture's lone
// prompt reads every expert its tokens touch (PrefillBytesRead); one in a batch rides on steps
// that read most of them anyway, and is held only to its first token's (PrefillRun).
Interval PrefillFloorBytes(const InferInputs& in, const Interval& n, PrefillRun run) {
  return run == PrefillRun::kAlone ? PrefillBytesRead(in, n) : WeightBytesRead(in, 1);
}

Interval RooflinePrefillSeconds(const InferInputs& in, const Interval& n, PrefillRun run) {
  return Max(PrefillFlops(in, n) / ReplicaCompute(in),
             PrefillFloorBytes(in, n, run) / ReplicaBandwidth(in)) +
         AllReduceSeconds(in, n) + in.step_overhead_s;
}

Interval UncappedPrefillSeconds(const InferInputs& in, const Interval& n, PrefillRun run) {
  return RooflinePrefillSeconds(in, n, run) + Fp8Seconds(in) + MoeEngineSeconds(in, 0);
}

// The bytes a prefill's power follows: alone, what it reads; in a batch, the whole model (the
// calibration's rule, docs/model.md).
Interval PrefillPowerBytes(const InferInputs& in, const Interval& n, PrefillRun run) {
  return run == PrefillRun::kAlone ? PrefillBytesRead(in, n) : AllWeightBytesRead(in);
}

}  // namespace

std::string_view ToString(Precision p) {
  switch (p) {
    case Precision::kFp8:
      return "fp8";
    case Precision::kFp4:
      return "fp4";
    case Precision::kBf16:
      break;
  }
  return "bf16";
}

namespace {

// The value of `all` whose name is `text`, case-insensitively; else an InputError naming
// `field` and listing the names (`what`: "number format", "engine").
template <typename E>
E ParseName(std::string_view text, const char* field, const char* what,
            std::initializer_list<E> all) {
  const std::string t = AsciiLower(text);
  std::string known;
  for (E e : all) {
    if (t == ToString(e)) return e;
    known += (known.empty() ? "" : ", ") + std::string(ToString(e));
  }
  throw InputError(Where{"", 0, field},
                   fmt::format("unknown {} '{}'; known: {}", what, text, known));
}

}  // namespace

Precision ParsePrecision(std::string_view text, const char* field) {
  return ParseName(text, field, "number format",
                   {Precision::kBf16, Precision::kFp8, Precision::kFp4});
}

std::string_view ToString(ServingEngine e) {
  switch (e) {
    case ServingEngine::kTrtllm:
      return "trtllm";
    case ServingEngine::kSglang:
      return "sglang";
    case ServingEngine::kVllm:
      break;
  }
  return "vllm";
}

ServingEngine ParseEngine(std::string_view text) {
  return ParseName(text, "engine", "engine",
                   {ServingEngine::kVllm, ServingEngine::kTrtllm, ServingEngine::kSglang});
}

double BytesPerValue(Precision p) {
  switch (p) {
    case Precision::kFp8:
      return 1;
    case Precision::kFp4:
      return 4.25 / 8;  // MXFP4: 4-bit values, an 8-bit scale per 32 (OCP MX v1.0)
    case Precision::kBf16:
      break;
  }
  return 2;
}

ModelArch ModelFromCatalog(const Entry& e) {
  ModelArch m;
  m.id = e.id;
  m.params = e.Get("params_count").value;
  m.active_params = e.Get("active_params_count").value;
  m.layers = e.Get("layers_count").value;
  m.hidden = e.Get("hidden_count").value;
  m.heads = e.Get("heads_count").value;
  m.kv_heads = e.Get("kv_heads_count").value;
  m.head_dim = e.Get("head_dim_count").value;
  if (const Fact* f = e.Find("experts_count")) m.experts = f->value;
  if (const Fact* f = e.Find("experts_per_token_count")) m.experts_per_token = f->value;
  if (const Fact* f = e.Find("context_tokens_count")) m.context_tokens = f->value;
  if (const Fact* f = e.Find("bf16_params_count")) m.bf16_params = f->value;
  if (const Fact* f = e.Find("sliding_window_tokens_count")) m.sliding_window = f->value;
  if (const Fact* f = e.Find("sliding_layers_count")) m.sliding_layers = f->value;
  if (const Fact* f = e.Find("mla_kv_rank_count")) m.mla_kv_rank = f->value;
  if (const Fact* f = e.Find("mla_rope_dim_count")) m.mla_rope_dim = f->value;
  if (const Fact* f = e.Find("mla_nope_dim_count")) m.mla_nope_dim = f->value;
  if (const Fact* f = e.Find("mla_v_dim_count")) m.mla_v_dim = f->value;
  return m;
}

InferMemory MemoryOf(const InferInputs& in) {
  InferMemory m;
  m.weights_bytes = StoredBytes(in, in.model.params, in.model.bf16_params);
  const Interval tokens = in.input_tokens + in.output_tokens;
  m.kv_bytes_per_token = KvBytesPerCachedToken(in) * AttendedTokens(in, tokens) / tokens;
  const Interval usable = in.memory_bytes * in.memory_usable * static_cast<double>(Gpus(in));
  m.kv_capacity_tokens = Max(Interval(0), (usable - m.weights_bytes) / m.kv_bytes_per_token);
  m.max_batch = Floor(m.kv_capacity_tokens / (in.input_tokens + in.output_tokens));
  return m;
}

Interval KvBytesPerCachedToken(const InferInputs& in) {
  // An FP4 cache is NVFP4 (TensorRT-LLM, Blackwell): 4 bits and an FP8 scale per 16 values.
  const double bytes =
      in.kv_precision == Precision::kFp4 ? 4.5 / 8 : BytesPerValue(in.kv_precision);
  return in.model.layers * in.model.kv_heads * in.model.head_dim * (2.0 * bytes);
}

Interval KvBytesRead(const InferInputs& in, double b, const Interval& context) {
  return KvBytesPerCachedToken(in) * AttendedTokens(in, context) * b;
}

int MinGpusPerReplica(const InferInputs& in, bool every_end) {
  const InferMemory m = MemoryOf(in);
  const double need =
      every_end ? m.weights_bytes.high +
                      m.kv_bytes_per_token.high * (in.input_tokens.high + in.output_tokens.high)
                : m.weights_bytes.value +
                      m.kv_bytes_per_token.value * (in.input_tokens.value + in.output_tokens.value);
  const double per_gpu = every_end ? in.memory_bytes.low * in.memory_usable.low
                                   : in.memory_bytes.value * in.memory_usable.value;
  // Held to 1e9 before the conversion: a tiny usable share (1e-300) made the ratio overflow int,
  // undefined behaviour that printed "at least -2147483648 GPUs".
  const double gpus = std::ceil(need / per_gpu);
  return gpus < 1e9 ? static_cast<int>(gpus) : 1'000'000'000;
}

std::string GpusNeededText(int gpus, int every_end) {
  const double most = inputs::Get("gpus_per_replica", inputs::kInfer).domain.max;
  // The central values' count, and the whole memory range's where it needs more: 19 GPUs were
  // suggested for deepseek-v3, whose weights do not fit on 19 at the range's pessimistic end
  // (found by an adversarial tester).
  if (gpus <= most && every_end > gpus) {
    return fmt::format(
        ": at least {} GPUs per replica at the central values, {} for the whole range of the "
        "memory inputs{}",
        gpus, std::min<double>(every_end, most),
        every_end > most ? fmt::format(" ({} would hold it there; a replica spans at most {:.0f})",
                                       every_end, most)
                         : std::string());
  }
  if (gpus <= most) return fmt::format(": at least {} GPUs per replica", gpus);
  // 202879920 GPUs were suggested for a tiny --memory-usable, where a replica spans at most
  // 4096 (found by an adversarial tester).
  return fmt::format(
      ", nor on the {:.0f} GPUs a replica may span ({} would hold it): give more "
      "usable memory, a narrower precision or a larger GPU",
      most, gpus >= 1'000'000'000 ? std::string("over a billion") : fmt::format("{}", gpus));
}

Interval DecodeStepSeconds(const InferInputs& in, double b, const Interval& context) {
  return CappedSeconds(in, UncappedDecodeJoules(in, b, context),
                       UncappedDecodeSeconds(in, b, context));
}

Interval DecodeStepJoules(const InferInputs& in, double b, const Interval& context) {
  return UncappedDecodeJoules(in, b, context);
}

Interval PrefillSeconds(const InferInputs& in, const Interval& n, PrefillRun run) {
  return CappedSeconds(in, PrefillJoules(in, n, run), UncappedPrefillSeconds(in, n, run));
}

Interval PrefillJoules(const InferInputs& in, const Interval& n, PrefillRun run) {
  const Interval bytes = PrefillPowerBytes(in, n, run), flops = PrefillFlops(in, n);
  return PhaseJoules(in, RooflinePrefillSeconds(in, n, run), bytes, flops) +
         BusyWatts(in, flops / ReplicaCompute(in), bytes, flops) * Fp8Seconds(in) +
         MoeEngineJoules(in, MoeEngineSeconds(in, 0));
}

namespace {

// As DecodePowerSpan, for a prefill of `n` tokens: its roofline, FP8 and MoE engine times.
PowerSpan PrefillPowerSpan(const InferInputs& in, const Interval& n) {
  constexpr PrefillRun run = PrefillRun::kInBatch;
  const Interval bytes = PrefillPowerBytes(in, n, run), flops = PrefillFlops(in, n);
  PowerSpan span;
  span.Add(PhaseWatts(in, RooflinePrefillSeconds(in, n, run), bytes, flops));
  if (Fp8Seconds(in).high > 0) span.Add(BusyWatts(in, flops / ReplicaCompute(in), bytes, flops));
  if (MoeEngineSeconds(in, 0).high > 0) span.Add(MoeEngineJoules(in, 1));
  return span;
}

// `span` (W, whole replica, before a cap) as watts per GPU under the power cap: a phase above it
// is stretched to draw the cap, one below is not, so each end is min(end, cap). Dividing the
// low end by the largest stretch put it at 123 W under a 300 W cap where no point draws under
// 287 W (found by an adversarial tester).
PowerSpan PerGpuAfterCap(const InferInputs& in, const PowerSpan& span, double g) {
  const double cap = in.power_cap_w ? *in.power_cap_w : INFINITY;
  return {std::min(span.low / g, cap), std::min(span.high / g, cap)};
}

// `w` held to `span`: its value (a weighted mean of the phases') lies in it already.
Interval Within(const Interval& w, const PowerSpan& span) {
  return Min(Max(w, Interval(span.low)), Interval(span.high));
}

}  // namespace

namespace {

// `a` and `b` with the fewest significant digits (three at least) that tell them apart: "0.03 s
// misses the 0.03 s target" was said of 30.04 ms against 30 ms (found by an adversarial tester).
std::pair<std::string, std::string> Apart(double a, double b) {
  for (int digits = 3; digits < 17; ++digits) {
    std::string x = fmt::format("{:.{}g}", a, digits), y = fmt::format("{:.{}g}", b, digits);
    if (x != y) return {std::move(x), std::move(y)};
  }
  return {fmt::format("{}", a), fmt::format("{}", b)};
}

// The model at the inputs as given; Evaluate calls it once per point of the token counts. With
// `capped` (a point other than the central one), a demand beyond what `count` serves at the
// point's central values is served at capacity there (load 1), and *capped says so, instead of
// the point being refused: a replica's figures do not depend on the demand, and dropping the
// point narrowed them (tokens/s 936-8,556 became 2,782-8,556 once a demand was given; found by
// an adversarial tester).
InferResult EvaluateAt(const InferInputs& in, std::string* capped = nullptr) {
  InferResult r;
  r.notes = in.notes;  // what filling the inputs said first, then what the model says
  r.memory = MemoryOf(in);
  r.output_tokens = in.output_tokens;
  r.batch_auto = !in.batch.has_value();
  // One output token at every point: the prefill emits it and no decode step runs (n_out - 1 =
  // 0), so nothing depends on a decode step or its batch (a batch of 213,394 and a 10.6 s "time
  // per output token" were shown for one-token outputs; found by an adversarial tester).
  r.decodes = in.output_tokens.high > 1;
  // The most sequences decoded together: what fits, and never more than the batch input's
  // domain (a million; a 1-parameter model fitted 13.8 million).
  const int fit = static_cast<int>(std::min(r.memory.max_batch.value, kMaxServingBatch));
  r.context_tokens = in.input_tokens + in.output_tokens * 0.5;
  if (fit < 1) {
    throw InputError(
        Where{"", 0, "gpus_per_replica"},
        fmt::format("{} at {}: the weights and one {}-token sequence do not fit on {} x {}{}",
                    in.model.id, ToString(in.precision),
                    in.input_tokens.value + in.output_tokens.value, Gpus(in), in.gpu_id,
                    GpusNeededText(MinGpusPerReplica(in), MinGpusPerReplica(in, true))));
  }
  bool slo_missed = false;  // no batch meets the TPOT target (batch auto shows 1)
  if (in.batch) {
    if (*in.batch > fit) {
      throw InputError(
          Where{"", 0, "batch"},
          fmt::format(
              "{} sequences do not fit in memory: at most {} of {}-token length (KV cache of "
              "{:.3g} GB after {:.3g} GB of weights on {} x {} at {})",
              *in.batch, fit, in.input_tokens.value + in.output_tokens.value,
              r.memory.kv_capacity_tokens.value * r.memory.kv_bytes_per_token.value / 1e9,
              r.memory.weights_bytes.value / 1e9, Gpus(in), in.gpu_id, ToString(in.precision)));
    }
    r.batch = *in.batch;
    if (!r.decodes) {
      r.notes.push_back(fmt::format(
          "one output token: the prefill emits it and no decode step runs (n_out - 1 = 0), so "
          "the request time is the prefill's and the batch of {} sets no figure; the decode "
          "figures are n/a{}",
          r.batch, in.tpot_slo_s ? "; the time-per-output-token target applies to no step" : ""));
    }
  } else {
    r.batch = fit;
    if (in.tpot_slo_s && r.decodes) {
      // The largest batch whose central decode step meets the SLO (step time grows with b).
      int lo = 1, hi = fit;
      if (DecodeStepSeconds(in, 1, r.context_tokens).value > *in.tpot_slo_s) {
        hi = 1;
        slo_missed = true;
        r.notes.push_back(fmt::format(
            "no batch meets the time-per-output-token target of {:.3g} s; batch 1 is shown",
            *in.tpot_slo_s));
      }
      while (lo < hi) {
        const int mid = lo + (hi - lo + 1) / 2;
        if (DecodeStepSeconds(in, mid, r.context_tokens).value <= *in.tpot_slo_s) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      r.batch = lo;
    }
    if (!r.decodes) {
      r.notes.push_back(fmt::format(
          "one output token: the prefill emits it and no decode step runs (n_out - 1 = 0), so "
          "the request time is the prefill's, batch auto chooses no batch ({:.0f} sequences fit "
          "in memory) and the decode figures are n/a{}",
          std::floor(r.memory.max_batch.value),
          in.tpot_slo_s ? "; the time-per-output-token target applies to no step" : ""));
    } else {
      r.notes.push_back(fmt::format(
          "batch auto: {} sequence{} ({} fit in memory{}{})", r.batch, r.batch == 1 ? "" : "s",
          fmt::format("{:.0f}", std::floor(r.memory.max_batch.value)),
          r.memory.max_batch.value > kMaxServingBatch ? "; at most a million are decoded together"
                                                      : "",
          in.tpot_slo_s && !slo_missed
              ? fmt::format(", the largest meeting the {:.3g} s TPOT target", *in.tpot_slo_s)
              : std::string()));
    }
  }
  if (r.memory.max_batch.low < r.batch) {
    // Not "only 0 sequences fit" where the weights alone do not fit there (deepseek-v3 on 19
    // GPUs: 70.6 GB of weights a GPU, 68 GB usable at that end; found by an adversarial tester).
    const double usable_low = in.memory_bytes.low * in.memory_usable.low * Gpus(in);
    const int there = MinGpusPerReplica(in, true);
    if (r.memory.weights_bytes.high > usable_low) {
      r.notes.push_back(fmt::format(
          "at the pessimistic end of the memory inputs the weights alone ({:.4g} GB, {:.4g} GB a "
          "GPU) do not fit in the {:.4g} GB usable a GPU: nothing is served there{}",
          r.memory.weights_bytes.high / 1e9, r.memory.weights_bytes.high / 1e9 / Gpus(in),
          usable_low / 1e9 / Gpus(in), GpusNeededText(there)));
    } else if (r.memory.max_batch.low < 1) {
      r.notes.push_back(fmt::format(
          "at the pessimistic end of the memory inputs the weights fit but not one {:.0f}-token "
          "sequence beside them{}",
          in.input_tokens.high + in.output_tokens.high, GpusNeededText(there)));
    } else if (r.decodes || !r.batch_auto) {
      r.notes.push_back(
          fmt::format("at the pessimistic end of the memory inputs only {} sequence{} fit",
                      r.memory.max_batch.low, r.memory.max_batch.low == 1 ? "" : "s"));
    }
  }
  r.batch_span = Interval(r.batch);
  const double b = r.batch;
  r.experts_touched = ExpertsTouched(in, b);
  r.decode_bytes = DecodeBytes(in, b, r.context_tokens);
  r.decode_flops = DecodeFlops(in, b, r.context_tokens);
  r.itl_s = DecodeStepSeconds(in, b, r.context_tokens);
  // A prompt's time to its first token alone on the replica; in a batch, its share of the
  // replica's time is its prefill beside the others' (PrefillRun).
  r.ttft_s = PrefillSeconds(in, in.input_tokens, PrefillRun::kAlone);
  r.prefill_s = PrefillSeconds(in, in.input_tokens, PrefillRun::kInBatch);
  // The prefill emits the first output token; n_out - 1 decode steps give the rest, as engines
  // (and the serving simulator) count them (n_out steps were charged: found by an adversarial
  // tester; at one output token there is no decode step).
  const Interval decode_steps = Max(in.output_tokens - 1.0, Interval(0));
  const Interval decode_share = decode_steps * r.itl_s / b;  // replica s per request
  r.request_time_s = r.prefill_s + decode_share;
  r.throughput_tokens_per_s = in.output_tokens / r.request_time_s;
  const Interval e_step = DecodeStepJoules(in, b, r.context_tokens);
  const double g = Gpus(in);
  // Powers are energies over times whose ranges come from the same inputs: interval arithmetic
  // widens them, so they are clipped to what a GPU can draw: idle .. TDP, or .. the power cap,
  // which no phase exceeds (a phase over it is stretched). The cap's high end was left at TDP:
  // 300 W (168-505) under a 300 W cap (found by an invariant tester).
  const Interval floor_w = Interval(In(in.idle, units::W).low);
  const Interval ceil_w =
      Interval(in.power_cap_w ? std::min(In(in.tdp, units::W).high, *in.power_cap_w)
                              : In(in.tdp, units::W).high);
  auto clip = [&](const Interval& w) { return Min(Max(w, floor_w), ceil_w); };
  // And each is held to the span of the powers of the phases it averages (DecodePowerSpan).
  const PowerSpan decode_span = PerGpuAfterCap(in, DecodePowerSpan(in, b, r.context_tokens), g);
  r.decode_power_w = clip(Within(e_step / (r.itl_s * g), decode_span));
  const Interval e_prefill = PrefillJoules(in, in.input_tokens, PrefillRun::kInBatch);
  const Interval e_gpu = e_prefill + decode_steps * e_step / b;
  r.energy_gpu_j_per_request = e_gpu;
  PowerSpan request_span = PerGpuAfterCap(in, PrefillPowerSpan(in, in.input_tokens), g);
  request_span.Add(decode_span);
  r.gpu_power_w = clip(Within(e_gpu / (r.request_time_s * g), request_span));
  const Interval host_w = WattsRange(in.host_overhead_per_gpu) * g;
  r.energy_server_j_per_request = e_gpu + host_w * r.request_time_s;

  // Load: given, or demand / capacity of the fleet.
  r.load = in.load;
  if (in.count) {
    r.replicas = Floor(*in.count / g);
    // GPUs that make no whole replica serve nothing: said (7 GPUs of 4-GPU replicas served as 4,
    // without a word; found by an adversarial tester).
    if (const double left = in.count->value - r.replicas->value * g;
        left > 0 && r.replicas->value >= 1) {
      r.notes.push_back(
          fmt::format("{} of the {} GPUs make no whole replica of {} and serve nothing", left,
                      in.count->value, g));
    }
    if (r.replicas->value < 1) {
      throw InputError(Where{"", 0, "count"},
                       fmt::format("{} GPUs make no replica of {} GPUs", in.count->value, g));
    }
    // A range whose low end makes none: that end serves nothing, and its figures (load 1e-6,
    // 52 kWh a request) were printed as the range's pessimistic end.
    if (r.replicas->low < 1) {
      throw InputError(Where{"", 0, "count"},
                       fmt::format("the low end of the range, {} GPUs, makes no replica of {} "
                                   "GPUs: give at least {} GPUs at each end",
                                   in.count->low, g, g));
    }
    if (in.requests_per_s) {
      const Interval capacity = *r.replicas / r.request_time_s;  // requests/s at full load
      r.load = *in.requests_per_s / capacity;
      if (r.load.value > 1) {
        // Whole replicas: "need about 1994 GPUs" was said of 4-GPU replicas (found by an
        // adversarial tester).
        const double needed = std::ceil(in.requests_per_s->value * r.request_time_s.value);
        if (capped != nullptr) {
          *capped = fmt::format(
              "{:.4g} requests/s need about {:.0f} GPUs there; `count` gives {} at most {:.4g} "
              "requests/s",
              in.requests_per_s->value, needed * g, in.count->value, capacity.value);
          r.load = Interval(std::min(r.load.value, 1.0), std::min(r.load.low, 1.0),
                            std::min(r.load.high, 1.0));
        } else {
          throw InputError(
              Where{"", 0, in.demand_input},
              fmt::format("{:.4g} requests/s need about {:.0f} GPUs ({:.0f} replicas of {}); "
                          "`count` gives {} at most {:.4g} requests/s",
                          in.requests_per_s->value, needed * g, needed, g, in.count->value,
                          capacity.value));
        }
      }
      // Below the least load the model takes (the input's domain), the idle share per request
      // grows without bound (1e-12 gave per-request figures of 1e289): refused, naming the
      // demand, instead of an internal interval error. The same at a range's low end, which was
      // held at the least load silently while the same demand alone was refused.
      if (r.load.low < kMinServingLoad) {
        const bool central = r.load.value < kMinServingLoad;
        throw InputError(
            Where{"", 0, in.demand_input},
            fmt::format("{}{:.4g} requests/s is below a millionth of what `count` can serve{} "
                        "({:.4g} requests/s): too little demand to model; {}",
                        central ? "" : "at the low end of the inputs, ",
                        central ? in.requests_per_s->value : in.requests_per_s->low,
                        central ? "" : " there", central ? capacity.value : capacity.high,
                        central ? "give more demand or fewer GPUs" : "narrow the range"));
      }
      // Where the demand exceeds what the fleet serves, the load is held to 1 and the requests
      // a day are what it serves (min(demand, capacity) at each end). The note said only "at
      // the pessimistic end" when 2000 requests/s was out of reach at every end (1295-1366), and
      // the requests a day kept the 2000 (found by an adversarial tester).
      const Interval& demand = *in.requests_per_s;
      if (r.load.high > 1) {
        if (demand.high > capacity.high) {
          r.notes.push_back(fmt::format(
              "`count` serves at most {:.4g} requests/s ({:.4g}-{:.4g} across the other inputs' "
              "ranges), less than the {:.4g} asked at the top of the demand's range at every end "
              "of them: the load is held to 1 there, and the requests a day are what the fleet "
              "serves, not the demand",
              capacity.value, capacity.low, capacity.high, demand.high));
        } else {
          r.notes.push_back(fmt::format(
              "at the pessimistic end of the inputs `count` serves at most {:.4g} requests/s, "
              "less than the {:.4g} asked: the load is held to 1 there, and the requests a day "
              "are what the fleet serves there, not the demand",
              capacity.low, demand.high));
        }
      }
      r.load =
          Interval(r.load.value, std::max(r.load.low, kMinServingLoad), std::min(r.load.high, 1.0));
      // The demand itself, where the fleet serves it: replicas x load / request time is the
      // demand again, but interval arithmetic over the shared request time gave 50 requests/s
      // as 4.32 M a day (2.22-8.39).
      r.fleet_requests_per_day =
          Interval(std::min(demand.value, capacity.value), std::min(demand.low, capacity.low),
                   std::min(demand.high, capacity.high)) *
          86400.0;
    } else {
      r.fleet_requests_per_day = *r.replicas * r.load * 86400.0 / r.request_time_s;
    }
  }
  // Idle share of provisioned capacity: per request, the replica idles (1 - u) / u of its
  // busy time, at idle power plus host power.
  const Interval idle_share = r.request_time_s * (Interval(1) - r.load) / r.load;
  const Interval idle_j = (WattsRange(in.idle) * g + host_w) * idle_share;
  const Interval it_j = r.energy_server_j_per_request + idle_j;
  r.site = AtSite(it_j * units::J, in.site);
  r.energy_facility_j_per_request = In(r.site.facility, units::J);
  if (in.grid_market) {
    r.co2e_market_kg_per_request = In(*in.grid_market * r.site.facility, units::kg_co2e);
  }
  // Money per request: a rental price per GPU-hour, or amortised capex + electricity.
  const Interval wall_per_request = r.request_time_s / r.load;  // replica seconds incl. idle
  if (in.gpu_hour_usd) {
    r.cost_usd_per_request = *in.gpu_hour_usd * g * wall_per_request / 3600.0;
  } else {
    const Interval capex_per_s = In(in.price_per_gpu, units::usd) * g / In(in.lifetime, units::s);
    r.cost_usd_per_request = capex_per_s * wall_per_request + In(r.site.cost, units::usd);
  }
  if (in.embodied_kg_per_gpu) {
    r.co2e_embodied_kg_per_request =
        AmortisedEmbodied(*in.embodied_kg_per_gpu * g, in.lifetime, wall_per_request * units::s);
  }
  // A time-weighted mean of the serving power and the idle power lies between them; interval
  // arithmetic over the shared inputs put its high end at TDP, above both (found by an
  // adversarial tester): it is held to their span.
  // The request time cancels: load x serving power + (1 - load) x idle power, increasing in each
  // of the three (the serving power is at least the idle), so each end is taken at the ends of
  // its inputs. As a quotient over the shared request time its high end was 700 W at load 0.5,
  // where 0.5 x 700 + 0.5 x 130 = 415 W bounds it (found by an adversarial tester).
  const Interval idle_w = WattsRange(in.idle);
  {
    const Interval& p = r.gpu_power_w;
    const Interval& u = r.load;
    const auto mix = [](double load, double serving, double idle) {
      return load * serving + (1 - load) * idle;
    };
    const Interval central =
        clip((e_gpu + idle_w * g * idle_share) / (wall_per_request * g));  // the value
    r.fleet_gpu_power_w =
        Interval(central.value, std::min(central.value, mix(u.low, p.low, idle_w.low)),
                 std::max(central.value, mix(u.high, p.high, idle_w.high)));
  }
  // The GPUs' share of the facility's energy: 1 / (PUE (1 + X)), X = host / P + (idle + host)
  // (1 - u) / (u P) per GPU (P the serving power): the request time cancels again. As a quotient
  // of two energies over the same inputs it ran to 113%; bounded so, each input at its end.
  {
    const Interval h = host_w / g;  // host power per GPU
    const Interval& p = r.gpu_power_w;
    const Interval& u = r.load;
    const Interval& pue = in.site.pue;
    const auto x = [](double host, double idle, double load, double serving) {
      return host / serving + (idle + host) * (1 - load) / (load * serving);
    };
    const double value = (e_gpu.value / r.energy_facility_j_per_request.value);
    const double low = 1 / (pue.high * (1 + x(h.high, idle_w.high, u.low, p.low)));
    const double high = 1 / (pue.low * (1 + x(h.low, idle_w.low, u.high, p.high)));
    r.gpu_share_of_facility_energy =
        Interval(value, std::min(value, low), std::min(1.0, std::max(value, high)));
  }
  r.output_tokens_per_s_per_mw = in.output_tokens * 1e6 / r.energy_facility_j_per_request;

  if (in.tpot_slo_s && r.itl_s.value > *in.tpot_slo_s && !r.batch_auto && r.decodes) {
    r.notes.push_back(fmt::format("time per output token {:.3g} s misses the target of {:.3g} s",
                                  r.itl_s.value, *in.tpot_slo_s));
  }
  if (in.ttft_slo_s && r.ttft_s.value > *in.ttft_slo_s) {
    r.notes.push_back(fmt::format(
        "time to first token {:.3g} s (prefill alone, no queueing) misses the target of {:.3g} s",
        r.ttft_s.value, *in.ttft_slo_s));
  }
  // The MoE and FP8 engine times are one engine's and engines differ (docs/validation.md): each
  // is said, with the share of the step it makes. A power cap stretches the whole step, the
  // engine times with it: their shares stay, their durations grow (the notes gave the uncapped
  // ones, found by an adversarial tester).
  const double uncapped_step = UncappedDecodeSeconds(in, b, r.context_tokens).value;
  const double stretch = r.itl_s.value / uncapped_step;
  if (in.model.moe() && r.decodes) {
    const double moe_s = MoeEngineSeconds(in, b).value * stretch;
    r.notes.push_back(fmt::format(
        "a mixture of experts: {:.0f}% of the decode step is the serving engine's MoE time "
        "(routing, expert dispatch, grouped GEMMs: {:.3g} ms), fitted to vLLM 0.11.1 steps; "
        "other engines and releases differ by 2-5x in it (the MoE engine inputs set it)",
        100 * moe_s / r.itl_s.value, moe_s * 1e3));
  }
  if (Fp8Seconds(in).value > 0 && r.decodes) {
    const double fp8_s = Fp8Seconds(in).value * stretch;
    r.notes.push_back(fmt::format(
        "FP8: {:.0f}% of the decode step is the serving engine's FP8 time (activation "
        "quantisation, scaled GEMMs: {:.3g} ms, {}); engines whose FP8 kernels are fused "
        "(TensorRT-LLM: --engine trtllm) spend about none",
        100 * fp8_s / r.itl_s.value, fp8_s * 1e3,
        in.fp8_layer_given ? std::string("fp8_layer_s as given")
                           : fmt::format("as {} spends it", ToString(in.engine))));
  }
  if (in.power_cap_w && r.decode_power_w.value >= *in.power_cap_w * 0.999) {
    r.notes.push_back(
        fmt::format("the {:.0f} W power cap binds: steps are stretched so that the "
                    "energy per step stays (a conservative reading)",
                    *in.power_cap_w));
    // The rule rests on a cap at 70% of TDP; near idle it keeps the energy of a step that,
    // with 1 W of headroom, would take far longer (found by an adversarial tester): said.
    const double tdp_w = In(in.tdp, units::W).value;
    if (*in.power_cap_w < 0.7 * tdp_w) {
      // The share with the digits that tell it from 70% (a 489 W cap on 700 W, 69.86%, was
      // "70% of TDP, below ... 70%"; found by an adversarial tester).
      const auto [share, study] = Apart(100 * *in.power_cap_w / tdp_w, 70);
      r.notes.push_back(fmt::format(
          "the {} W cap is {}% of TDP, below the cap of the study behind the cap rule "
          "(Samsi et al. 2023: 250 W capped to 175 W, {}%): far below it a GPU runs at its lowest "
          "clocks and its idle power is a growing share, so these stretched times and energies "
          "are extrapolated, likely low",
          FormatNumber(*in.power_cap_w, 6), share, study));
    }
  }
  // Per output token, as the figures give them (the token count a point here, Evaluate).
  r.energy_gpu_j_per_output_token = r.energy_gpu_j_per_request / r.output_tokens;
  r.energy_server_j_per_output_token = r.energy_server_j_per_request / r.output_tokens;
  r.energy_facility_j_per_output_token = r.energy_facility_j_per_request / r.output_tokens;
  r.cost_usd_per_output_token = r.cost_usd_per_request / r.output_tokens;
  return r;
}

// `a` widened to hold `b`'s low and high ends (its value kept).
void Widen(Interval& a, const Interval& b) { a = Hull(a, b); }
void Widen(std::optional<Interval>& a, const std::optional<Interval>& b) {
  if (a && b) Widen(*a, *b);
}
template <typename Q, typename U>
void Widen(Q& a, const Q& b, U unit) {
  a = Hull(In(a, unit), In(b, unit)) * unit;
}

// `r` (at the central token counts) widened by `p` (at other token counts), field by field.
// The memory figures, which hold at every point (they do not depend on the batch).
void Widen(InferMemory& r, const InferMemory& p) {
  Widen(r.max_batch, p.max_batch);
  Widen(r.kv_capacity_tokens, p.kv_capacity_tokens);  // sliding layers: depends on the length
  Widen(r.kv_bytes_per_token, p.kv_bytes_per_token);
}

void Widen(InferResult& r, const InferResult& p) {
  Widen(r.memory, p.memory);
  Widen(r.batch_span, p.batch_span);
  Widen(r.context_tokens, p.context_tokens);
  Widen(r.experts_touched, p.experts_touched);
  Widen(r.decode_bytes, p.decode_bytes);
  Widen(r.decode_flops, p.decode_flops);
  for (auto [a, b] :
       {std::pair{&r.itl_s, &p.itl_s},
        {&r.ttft_s, &p.ttft_s},
        {&r.prefill_s, &p.prefill_s},
        {&r.request_time_s, &p.request_time_s},
        {&r.throughput_tokens_per_s, &p.throughput_tokens_per_s},
        {&r.gpu_power_w, &p.gpu_power_w},
        {&r.decode_power_w, &p.decode_power_w},
        {&r.energy_gpu_j_per_request, &p.energy_gpu_j_per_request},
        {&r.energy_server_j_per_request, &p.energy_server_j_per_request},
        {&r.energy_facility_j_per_request, &p.energy_facility_j_per_request},
        {&r.energy_gpu_j_per_output_token, &p.energy_gpu_j_per_output_token},
        {&r.energy_server_j_per_output_token, &p.energy_server_j_per_output_token},
        {&r.energy_facility_j_per_output_token, &p.energy_facility_j_per_output_token},
        {&r.cost_usd_per_request, &p.cost_usd_per_request},
        {&r.cost_usd_per_output_token, &p.cost_usd_per_output_token},
        {&r.load, &p.load},
        {&r.output_tokens_per_s_per_mw, &p.output_tokens_per_s_per_mw}}) {
    Widen(*a, *b);
  }
  Widen(r.site.it, p.site.it, units::J);
  Widen(r.site.facility, p.site.facility, units::J);
  Widen(r.site.cost, p.site.cost, units::usd);
  Widen(r.site.co2e, p.site.co2e, units::kg_co2e);
  Widen(r.site.water_onsite, p.site.water_onsite, units::L);
  Widen(r.site.water_offsite, p.site.water_offsite, units::L);
  Widen(r.site.water, p.site.water, units::L);
  Widen(r.co2e_market_kg_per_request, p.co2e_market_kg_per_request);
  Widen(r.co2e_embodied_kg_per_request, p.co2e_embodied_kg_per_request);
  Widen(r.replicas, p.replicas);
  Widen(r.fleet_requests_per_day, p.fleet_requests_per_day);
  Widen(r.fleet_gpu_power_w, p.fleet_gpu_power_w);
  Widen(r.gpu_share_of_facility_energy, p.gpu_share_of_facility_energy);
}

}  // namespace

// The token counts appear in numerators and denominators (energy per token = (prefill(n_in) +
// n_out x step) / n_out; the batch auto picks depends on them): interval arithmetic over them
// paired ends that never meet, and --output-tokens 100..400 read 0.0835-1.73 J a token where the
// model gives 0.338-0.497 J across the range (found by an adversarial tester). So the model is
// evaluated at points across their ranges (nine each, ends included: five missed interior
// extremes of batch auto's steps by up to 5%, nine by 0.27% in 5,000 draws), every other input
// ranged as before, and each figure spans what the points give; its value is the central point's. A
// point where the configuration does not hold (a given batch that no longer fits) is left out,
// and a note says so; a demand beyond the fleet at a point is served at capacity there (load 1),
// with a note, as it is at the demand range's own top end.
namespace {

// The latency targets at the pessimistic end of the inputs (EvaluateAt judges the central
// values): a target met there and missed at the range's top is said, as the memory limit's
// pessimistic end is (a 30 ms TPOT target beside "29.9 ms (23-42.3)" said only that batch auto
// chose the largest batch meeting it; found by an adversarial tester). For batch auto, the
// largest batch that meets the TPOT target at every end of the inputs (the token counts' too:
// the step grows with the context).
void NoteTargetsAtTheEnds(const InferInputs& in, InferResult& r) {
  if (const auto tpot = in.tpot_slo_s;
      tpot && r.decodes && r.itl_s.value <= *tpot && r.itl_s.high > *tpot) {
    std::string meets;
    if (r.batch_auto) {
      const Interval context = in.input_tokens + in.output_tokens * 0.5;
      const auto meets_at = [&](int b) { return DecodeStepSeconds(in, b, context).high <= *tpot; };
      if (!meets_at(1)) {
        meets = "; no batch meets it there";
      } else {
        int lo = 1, hi = std::max(1, static_cast<int>(r.batch_span.high));
        while (lo < hi) {
          const int mid = lo + (hi - lo + 1) / 2;
          if (meets_at(mid)) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        meets = fmt::format("; batch {} meets it at every end (give {} {})", lo,
                            inputs::Mention("batch"), lo);
      }
    }
    const auto [itl, target] = Apart(r.itl_s.high * 1e3, *tpot * 1e3);
    r.notes.push_back(fmt::format(
        "at the pessimistic end of the inputs the time per output token, {} ms, misses the {} ms "
        "target met at the central values{}",
        itl, target, meets));
  }
  if (const auto ttft = in.ttft_slo_s; ttft && r.ttft_s.value <= *ttft && r.ttft_s.high > *ttft) {
    const auto [first, target] = Apart(r.ttft_s.high, *ttft);
    r.notes.push_back(fmt::format(
        "at the pessimistic end of the inputs the time to first token, {} s (prefill alone, "
        "no queueing), misses the {} s target met at the central values",
        first, target));
  }
}

}  // namespace

InferResult Evaluate(const InferInputs& in) {
  if (in.input_tokens.is_point() && in.output_tokens.is_point()) {
    InferResult r = EvaluateAt(in);
    NoteTargetsAtTheEnds(in, r);
    return r;
  }
  InferInputs at = in;
  at.input_tokens = Interval(in.input_tokens.value);
  at.output_tokens = Interval(in.output_tokens.value);
  InferResult r = EvaluateAt(at);
  r.output_tokens = in.output_tokens;
  r.decodes = in.output_tokens.high > 1;
  const auto points = [](const Interval& x) {
    std::vector<double> out = {x.low};
    if (!x.is_point()) {
      for (int k = 1; k <= 8; ++k) out.push_back(x.low + (x.high - x.low) * k / 8);
    }
    return out;
  };
  int left_out = 0, served_at_capacity = 0;
  std::string first;         // the first point left out, and why
  std::string first_capped;  // the first point whose demand is served at capacity, and why
  for (double n_in : points(in.input_tokens)) {
    for (double n_out : points(in.output_tokens)) {
      at.input_tokens = Interval(n_in);
      at.output_tokens = Interval(n_out);
      try {
        std::string capped;
        Widen(r, EvaluateAt(at, &capped));
        if (!capped.empty() && served_at_capacity++ == 0) {
          first_capped =
              fmt::format("{:.6g} input and {:.6g} output tokens ({})", n_in, n_out, capped);
        }
      } catch (const InputError& e) {
        // What fits in memory holds there all the same: a given batch that does not fit at
        // 400 output tokens left the limit's low end at the points where it did (310 where
        // 285 is the limit; found by an adversarial tester).
        Widen(r.memory, MemoryOf(at));
        if (left_out++ == 0) {
          first =
              fmt::format("{:.6g} input and {:.6g} output tokens ({})", n_in, n_out, e.detail());
        }
      }
    }
  }
  // Batch auto picks its batch at each point: the figures beside it span those batches, and so
  // does the batch (one number, 235, was shown beside a time per token from batches 135-895;
  // found by an adversarial tester).
  if (r.batch_auto && !r.batch_span.is_point()) {
    r.notes.push_back(fmt::format(
        "batch auto varies with the token counts: {:.0f} sequences at the central counts, "
        "{:.0f}-{:.0f} across their ranges; each figure's range spans those batches",
        r.batch_span.value, r.batch_span.low, r.batch_span.high));
  }
  if (served_at_capacity > 0) {
    r.notes.push_back(fmt::format(
        "at {} of the token counts' points the demand exceeds what `count` serves, first at {}: "
        "the load is held to 1 there, and the requests a day are what the fleet serves there, "
        "not the demand (a replica's own figures do not depend on the demand)",
        served_at_capacity, first_capped));
  }
  if (left_out > 0) {
    r.notes.push_back(fmt::format(
        "the ranges leave out {} of the token counts' points where this configuration does not "
        "hold, first at {}",
        left_out, first));
  }
  NoteTargetsAtTheEnds(in, r);
  return r;
}

StepCost StepCostFor(const InferInputs& in, int max_batch_cap) {
  const InferMemory mem = MemoryOf(in);
  const int n = static_cast<int>(std::clamp(mem.max_batch.value, 1.0, double(max_batch_cap)));
  const Interval context = in.input_tokens + in.output_tokens * 0.5;
  StepCost c;
  c.gpus = Gpus(in);
  c.max_kv_tokens = mem.kv_capacity_tokens.value;
  // The KV read is linear in the cached tokens; the rest of the step is tabulated per batch at
  // the mean context, so the table plus the linear term gives DecodeStepSeconds exactly there.
  // (On sliding layers the read stops growing at the window: its share rides in the table.)
  c.decode_s_per_ctx_token =
      (KvBytesPerCachedToken(in) * (Interval(1) - SlidingShare(in)) / ReplicaBandwidth(in)).value;
  c.decode_s_by_batch.assign(n + 1, 0.0);
  c.power_w_by_batch.assign(n + 1, 0.0);
  for (int b = 1; b <= n; ++b) {
    const double t = DecodeStepSeconds(in, b, context).value;
    c.decode_s_by_batch[b] = std::max(1e-9, t - c.decode_s_per_ctx_token * b * context.value);
    c.power_w_by_batch[b] = DecodeStepJoules(in, b, context).value / t;
  }
  for (int b = 2; b <= n; ++b) {  // the contract: non-decreasing in b
    c.decode_s_by_batch[b] = std::max(c.decode_s_by_batch[b], c.decode_s_by_batch[b - 1]);
  }
  // Prefill: fixed + linear + quadratic, the same terms as PrefillSeconds (with the cap's
  // stretch at the request's prompt length applied to all three).
  constexpr PrefillRun alone = PrefillRun::kAlone;  // ttft_s's: the simulator batches prompts
  const double stretch = PrefillSeconds(in, in.input_tokens, alone).value /
                         UncappedPrefillSeconds(in, in.input_tokens, alone).value;
  const double compute = ReplicaCompute(in).value;
  const int g = Gpus(in);
  const double ring = g > 1 ? 2.0 * (g - 1) / g : 0;
  const double layers = in.model.layers.value;
  c.prefill_s_fixed =
      stretch * (in.step_overhead_s.value + Fp8Seconds(in).value + MoeEngineSeconds(in, 0).value +
                 (g > 1 ? layers * 2 * in.allreduce_latency_s.value : 0));
  // Sliding layers attend over at most the window: w pairs a token past it (the w^2 / 2 the
  // first w tokens save is left out, a few microseconds).
  const double sliding = SlidingShare(in).value;
  c.prefill_s_per_token = stretch *
                          (2 * in.model.active_params.value +
                           sliding * in.model.sliding_window.value *
                               AttentionFlopsPerPair(in, AttentionPass::kPrefill).value) /
                          compute;
  c.prefill_s_comm_per_token = g > 1 ? stretch * layers * 2 * in.model.hidden.value * 2 * ring /
                                           in.interconnect_bytes_per_s.value
                                     : 0;
  c.prefill_s_per_token2 = stretch * 0.5 * (1 - sliding) *
                           AttentionFlopsPerPair(in, AttentionPass::kPrefill).value / compute;
  // The weights' read, PrefillBytesRead's terms: a dense model's every weight; a mixture's
  // shared weights (those no token is needed for: WeightBytesRead at 0), and its routed experts
  // by the share its tokens touch.
  const double bandwidth = ReplicaBandwidth(in).value;
  c.prefill_read_s = stretch * WeightBytesRead(in, in.model.moe() ? 0 : 1).value / bandwidth;
  if (in.model.moe()) {  // every routed expert: all the weights but the shared
    const double all = AllWeightBytesRead(in).value;
    c.prefill_read_s_experts = stretch * all / bandwidth - c.prefill_read_s;
    c.prefill_expert_miss = ExpertMiss(in).value;
  }
  c.power_w_prefill = PrefillJoules(in, in.input_tokens, alone).value /
                      UncappedPrefillSeconds(in, in.input_tokens, alone).value / stretch;
  c.power_w_idle = Watts(in.idle) * g;
  return c;
}

}  // namespace gpufleet

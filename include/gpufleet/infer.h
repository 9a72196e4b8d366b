// The serving model (`gpufleet infer`, issue 13): what one replica of a model on GPUs serves, how
// fast, at what power, and what a request or an output token costs in energy at three
// boundaries, CO2e, water and money; and what a fleet of such replicas serves in a day. Pure
// functions, no I/O (core layer). Every input is an Interval; every output an Interval from
// interval arithmetic (docs/model.md, "Serving": the equations and their sources).
//
// The roofline in one paragraph: weights + KV cache against memory give the largest batch; a
// decode step over a batch of b takes max(bytes / effective bandwidth, FLOPs / effective
// compute) + tensor-parallel all-reduces + a per-step overhead, where the bytes are the weights
// the batch touches (a mixture of experts: the expected experts hit by b tokens) and the KV
// cache it reads; a prefill of n tokens is compute-bound with attention's n^2 term. GPU energy
// is idle power x time + a dynamic energy per byte moved and per FLOP, calibrated on an H100
// (shared/measurements/h100-nvml.json) and capped at TDP.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/interval.h"
#include "gpufleet/serving_step.h"
#include "gpufleet/site_energy.h"
#include "gpufleet/units.h"

namespace gpufleet {

// Storage precision of the weights or of the KV cache.
enum class Precision { kBf16, kFp8, kFp4 };
std::string_view ToString(Precision p);
// "bf16", "fp8", "fp4" (case-insensitive); throws InputError (field `field`) otherwise.
Precision ParsePrecision(std::string_view text, const char* field = "precision");
// Bytes per stored value: 2 (bf16), 1 (fp8), 0.53125 (fp4: MXFP4's 4 bits and one 8-bit scale per
// block of 32 values; NVFP4's 4.5 bits are 6% more).
double BytesPerValue(Precision p);

// The serving engine whose own costs (per sequence, FP8 per layer) are assumed.
enum class ServingEngine { kVllm, kTrtllm, kSglang };
std::string_view ToString(ServingEngine e);
// "vllm", "trtllm", "sglang" (case-insensitive); throws InputError (field "engine") otherwise.
ServingEngine ParseEngine(std::string_view text);

// A transformer decoder as serving sees it. Counts are whole numbers >= 1 except experts (0 for
// a dense model). For a mixture of experts, params is the total and active_params what one token
// uses; the routed experts' parameters are (params - active_params) / (experts -
// experts_per_token) in all.
struct ModelArch {
  std::string id = "custom";
  Interval params;         // total parameters
  Interval active_params;  // per token (== params for a dense model)
  Interval layers;
  Interval hidden;    // residual width (all-reduce size per token)
  Interval heads;     // query heads (attention FLOPs: heads x head_dim)
  Interval kv_heads;  // cached K and V heads per layer
  Interval head_dim;
  Interval experts = 0;            // routed experts per layer; 0 = dense
  Interval experts_per_token = 0;  // routed experts per token
  Interval context_tokens = 0;     // longest sequence (prompt + output) it takes; 0 = unknown
  // Parameters its checkpoint keeps in BF16 at any narrower precision (gpt-oss: attention and
  // embeddings, its experts in MXFP4); they are the shared weights' first. 0: none.
  Interval bf16_params = 0;
  // Sliding-window attention: `sliding_layers` of the layers attend over the last
  // `sliding_window` tokens only (their KV cache and reads hold at most that many); 0: none.
  Interval sliding_window = 0;
  Interval sliding_layers = 0;
  // Multi-head latent attention (DeepSeek-V3): the cache holds a latent of `mla_kv_rank` values
  // plus `mla_rope_dim` positional ones per layer and token, and a head attends with `mla_nope_dim`
  // + `mla_rope_dim` query/key values and `mla_v_dim` values. All 0: ordinary attention, heads x
  // head_dim. They set attention's FLOPs only (the cache is kv_heads x head_dim x 2, the catalog
  // entry's K + V = rank + rope).
  Interval mla_kv_rank = 0;
  Interval mla_rope_dim = 0;
  Interval mla_nope_dim = 0;
  Interval mla_v_dim = 0;
  bool moe() const { return experts.value > 0; }
  bool mla() const { return mla_kv_rank.value > 0; }
};

// The architecture of a catalog entry of kind "model" (data/models.toml).
ModelArch ModelFromCatalog(const Entry& model);

// Everything the serving model needs; InferInputsFrom fills it from the catalog and the input
// table, with the source of each value in `sources`.
struct InferInputs {
  ModelArch model;
  std::string gpu_id, site_id, system_id;
  Precision precision = Precision::kBf16;     // the weights'
  Precision kv_precision = Precision::kBf16;  // the KV cache's (default: the weights')
  // The serving engine: sets the defaults of step_overhead_per_seq_s and fp8_layer_s
  // (docs/model.md).
  ServingEngine engine = ServingEngine::kVllm;
  int gpus_per_replica = 1;  // tensor (and, for experts, expert) parallel degree
  // A mixture's experts over the replica's GPUs: whole experts per GPU (expert parallel, with
  // dispatch and combine: moe_layer_ep_s), or each expert sliced like the dense layers.
  bool expert_parallel = true;
  std::optional<int> batch;      // sequences decoded together; nullopt = auto
  Interval input_tokens = 1000;  // prompt tokens per request
  Interval output_tokens = 300;  // generated tokens per request
  std::optional<double> ttft_slo_s, tpot_slo_s;
  // The GPU (per GPU).
  Interval memory_bytes = 80e9;
  Interval bandwidth_bytes_per_s = 3.35e12;
  Interval peak_flop_per_s = 989.5e12;  // at the precision's tensor-core rate (or BF16)
  // Attention's rate: the KV cache's precision's (FP8 for an FP4 cache), else the next wider.
  Interval attention_flop_per_s = 989.5e12;
  Interval interconnect_bytes_per_s = 450e9;
  IPower tdp = 700.0 * units::W;
  IPower idle = 120.0 * units::W;
  std::optional<double> power_cap_w;
  // Efficiencies and the power calibration (dimensionless unless named).
  Interval memory_usable = Interval(0.9, 0.85, 0.92);  // share of memory for weights + KV
  Interval bandwidth_efficiency = Interval(0.75, 0.6, 0.85);
  Interval compute_efficiency = Interval(0.55, 0.4, 0.7);
  Interval step_overhead_s = Interval(1e-3, 0.5e-3, 2e-3);
  // Engine time per decoded sequence in a step (host-side scheduling, sampling, detokenisation),
  // s: a decode step over b sequences adds b x this.
  Interval step_overhead_per_seq_s = Interval(20e-6, 0, 50e-6);
  Interval allreduce_latency_s = Interval(8e-6, 4e-6, 15e-6);
  // A mixture of experts' engine cost per MoE layer (every layer of a MoE model counts): a
  // decode step over b sequences adds layers x (moe_layer_s + moe_layer_ep_s + moe_layer_per_seq_s
  // x b), a prefill layers x (moe_layer_s + moe_layer_ep_s); moe_layer_ep_s only when the experts
  // are spread over GPUs (gpus_per_replica > 1 and expert_parallel). The GPUs draw idle +
  // moe_engine_power x (TDP - idle) during it. 0 for a dense model.
  Interval moe_layer_s = Interval(40e-6, 10e-6, 150e-6);
  Interval moe_layer_ep_s = Interval(40e-6, 0, 150e-6);
  Interval moe_layer_per_seq_s = Interval(0.6e-6, 0.2e-6, 2.5e-6);
  // FP8 weights: engine time per layer and forward pass (activation quantisation, scaled GEMMs),
  // s, drawn at the step's power; 0 at other precisions.
  Interval fp8_layer_s = Interval(100e-6, 0, 200e-6);
  Interval moe_engine_power = Interval(0.5, 0.2, 0.8);
  bool fp8_layer_given = false;  // fp8_layer_s was given, not the engine's default
  // The GPU has no tensor rate at the precision: weights are stored at it and computed at a wider
  // rate (weight-only quantisation); no FP8 activation quantisation then.
  bool weight_only = false;
  // The power calibration, filled from the GPU's catalog facts (InferInputsFrom); these defaults
  // are h100-sxm's, for a catalog that lacks them.
  Interval power_per_bandwidth = Interval(0.94, 0.52, 1.2);  // alpha_m: dynamic share at peak BW
  Interval power_per_compute = Interval(1.80, 1.45, 2.4);    // alpha_c: dynamic share at peak FLOPs
  // Server, facility, fleet, money.
  IPower host_overhead_per_gpu = 0.0 * units::W;
  SiteFactors site;
  std::optional<CarbonIntensity<Interval>> grid_market;  // market-based, where the site has one
  Interval load = Interval(0.5, 0.3, 0.7);               // share of provisioned capacity in use
  std::optional<Interval> count;                         // GPUs in the fleet
  std::optional<Interval> requests_per_s;                // demand instead of load (needs count)
  // The input the demand was given as ("requests_per_s" or "queries_per_day"), for errors.
  std::string demand_input = "requests_per_s";
  IMoney price_per_gpu = 0.0 * units::usd;  // system price per GPU, else the GPU's
  IDuration lifetime = 4.0 * units::year;
  // Embodied carbon per GPU within `embodied_boundary` (kg CO2e): the GPU's published figure, or
  // the bottom-up model's (embodied.h; "server" when the system lists its host parts, as the
  // fleet model does); nullopt when the catalog has neither.
  std::optional<Interval> embodied_kg_per_gpu;
  std::string embodied_boundary;
  std::optional<Interval> gpu_hour_usd;  // a rental price replaces capex + electricity
  std::map<std::string, std::string> sources;
  std::vector<std::string> notes;  // assumptions made while filling (fp8 at the BF16 rate ...)
};

// Builds the inputs from the catalog (model, gpu, system, site) and the inputs given to the
// infer command (inputs::kInfer). Throws InputError naming the input (canonical name): unknown
// ids, an incomplete custom model, a model that does not fit (naming the minimum
// gpus_per_replica), a batch that does not fit (naming the limit).
InferInputs InferInputsFrom(const Catalog& catalog, const inputs::Given& given);

// Memory: what fits on one replica.
struct InferMemory {
  Interval weights_bytes;  // all GPUs of the replica
  // K and V of a sequence at its full length (input + output tokens), per token: all layers', or
  // less when some layers slide (their cache holds at most the window).
  Interval kv_bytes_per_token;
  Interval kv_capacity_tokens;  // tokens of KV cache after the weights
  Interval max_batch;           // floor(kv_capacity / (input + output)), sequences
};
InferMemory MemoryOf(const InferInputs& in);

// K and V bytes of one token cached on every layer, at the KV cache's precision.
Interval KvBytesPerCachedToken(const InferInputs& in);
// The KV cache a decode step over `b` sequences at mean context `context` reads (bytes, whole
// replica): sliding layers read at most their window.
Interval KvBytesRead(const InferInputs& in, double b, const Interval& context);

// The smallest gpus_per_replica that holds the weights and one sequence (central values; with
// `every_end`, at the pessimistic end of the memory inputs: the most weights and cache, the
// least usable memory).
int MinGpusPerReplica(const InferInputs& in, bool every_end = false);
// ": at least N GPUs per replica", or, past the most a replica may span (gpus_per_replica's
// domain), ", nor on the 4096 GPUs a replica may span ...": the end of a "does not fit" message.
// With `every_end` above `gpus` (MinGpusPerReplica's two answers), the count the whole memory
// range needs is said too.
std::string GpusNeededText(int gpus, int every_end = 0);

struct InferResult {
  InferMemory memory;
  int batch = 1;  // the batch evaluated (at the central token counts)
  bool batch_auto = false;
  // Whether any point of the token counts runs a decode step: one output token is the prefill's,
  // and then itl_s, decode_power_w and the batch (computed at the batch as chosen) describe a
  // step that never runs (TabulateInfer gives them as n/a).
  bool decodes = true;
  // The batch across the token counts' points (Evaluate): batch auto picks a different one at
  // each; a point (`batch`) when they do not vary or the batch was given.
  Interval batch_span = 1;
  Interval context_tokens;              // mean cached tokens per sequence during decode
  Interval experts_touched;             // per layer in one decode step (0 for dense)
  Interval decode_bytes, decode_flops;  // one step, whole replica
  Interval itl_s;                       // one decode step = time per output token of one sequence
  Interval ttft_s;                      // prefill of one prompt alone (no queueing)
  Interval prefill_s;                   // the same prompt's prefill in a batch (PrefillRun)
  Interval request_time_s;              // replica time per request: prefill + output x itl / batch
  Interval throughput_tokens_per_s;     // output tokens per second, one replica
  Interval gpu_power_w;                 // average per GPU while serving (decode and prefill)
  Interval decode_power_w;              // per GPU while decoding
  Interval energy_gpu_j_per_request, energy_server_j_per_request,
      energy_facility_j_per_request;  // facility: + idle share at `load`, x PUE
  // GPU energy / facility energy (a fraction), its ends from the inputs' ends (the quotient of the
  // two ranged energies is far wider than the share can be).
  Interval gpu_share_of_facility_energy;
  Interval output_tokens;
  // Per output token (J; USD): computed at each point of the token counts (Evaluate), not as a
  // per-request range over a token range.
  Interval energy_gpu_j_per_output_token, energy_server_j_per_output_token,
      energy_facility_j_per_output_token, cost_usd_per_output_token;
  SiteImpact site;  // AtSite of the request's IT energy (server + idle share)
  std::optional<Interval> co2e_market_kg_per_request;
  Interval cost_usd_per_request;
  // The request's time share of making its replica's hardware (AmortisedEmbodied over the
  // replica seconds it holds, idle share included, and the lifetime); kg CO2e.
  std::optional<Interval> co2e_embodied_kg_per_request;
  Interval load;                     // given, or demand / capacity
  std::optional<Interval> replicas;  // count / gpus_per_replica
  std::optional<Interval> fleet_requests_per_day;
  std::optional<Interval> fleet_gpu_power_w;  // per GPU, idle included, at `load`
  Interval output_tokens_per_s_per_mw;        // facility power
  std::vector<std::string> notes;  // the inputs' notes, then SLO misses, auto batch, power cap ...
};

// Decode step time (s) at batch b with `context` cached tokens per sequence, and its energy
// (J, all GPUs of the replica). Exposed for StepCostFor and the tests.
Interval DecodeStepSeconds(const InferInputs& in, double b, const Interval& context);
Interval DecodeStepJoules(const InferInputs& in, double b, const Interval& context);
// How a prefill runs. kAlone: on an idle replica (ttft_s, the serving simulator's prefill),
// reading every weight its tokens touch (a mixture of experts' long prompt: nearly all).
// kInBatch: beside other requests' decode steps, as engines with chunked prefill run it (the
// replica's time and energy per request): those steps read the experts anyway, so it is held
// only to what its first token reads. The same for a dense model.
enum class PrefillRun { kInBatch, kAlone };
// Prefill of n prompt tokens: seconds and joules (whole replica).
Interval PrefillSeconds(const InferInputs& in, const Interval& n,
                        PrefillRun run = PrefillRun::kInBatch);
Interval PrefillJoules(const InferInputs& in, const Interval& n,
                       PrefillRun run = PrefillRun::kInBatch);

// The most sequences `batch auto` decodes together (the batch input's domain), and the least
// share of capacity in use the model takes (the load input's domain; a demand under it is an
// InputError naming the demand): below it the idle share per request has no useful bound.
inline constexpr double kMaxServingBatch = 1e6;
inline constexpr double kMinServingLoad = 1e-6;

// Evaluates the model. Throws InputError when the batch does not fit or demand exceeds the
// fleet (naming the input) at the central token counts. Ranged token counts are evaluated at
// nine points each (they sit in numerators and denominators, where interval arithmetic would
// pair ends that never meet): each figure spans the points' ranges, its value the central one's;
// points where the configuration does not hold are left out with a note.
InferResult Evaluate(const InferInputs& in);

// The seam with the serving simulator (serving_step.h): the central values of the model as
// tables for batches 1..max_batch (at most `max_batch_cap`).
StepCost StepCostFor(const InferInputs& in, int max_batch_cap = 4096);

// The results as named Figures (names stable for scripts: docs/model.md, "Serving").
std::vector<NamedResult> TabulateInfer(const InferInputs& in, const InferResult& r);

}  // namespace gpufleet

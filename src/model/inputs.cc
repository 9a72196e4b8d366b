// The input table (inputs.h): one row per input of fleet, train and sweep, and the one parse and
// domain check every front end uses.
#include "gpufleet/inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "gpufleet/duration_text.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/infer.h"
#include "gpufleet/sim.h"
#include "util/ascii.h"

namespace gpufleet::inputs {
namespace {

constexpr const char* kTypo = "upper bound: an absurd magnitude (a typo of a few zeros)";

Domain Between(double lo, double hi, bool lo_exclusive = false, const char* why = kTypo) {
  Domain d;
  d.min = lo;
  d.max = hi;
  d.min_exclusive = lo_exclusive;
  d.why = why;
  return d;
}
Domain Positive(double hi, const char* why = kTypo) { return Between(0, hi, true, why); }

// Whole numbers, a value or a range of them (a model's layers, heads, experts: 1.5 layers was
// accepted).
Domain WholeRange(double lo, double hi, const char* why = kTypo) {
  Domain d = Between(lo, hi, false, why);
  d.integer = true;
  return d;
}

Domain Whole(double lo, double hi, const char* why) {
  Domain d = Between(lo, hi, false, why);
  d.integer = true;
  d.point = true;
  return d;
}

// A duration in seconds: 0 (an off switch) when zero_ok, else in [lo, hi].
Domain Seconds(double lo, double hi, bool zero_ok, const char* why) {
  Domain d = Between(lo, hi, false, why);
  d.point = true;
  d.zero_ok = zero_ok;
  return d;
}

Input Fleet(const char* name, const char* unit, Domain d, const char* help) {
  return {name, unit, Kind::kInterval, d, nullptr, help, kFleet};
}

Input Training(const char* name, const char* unit, Kind kind, Domain d, const char* def,
               const char* help, unsigned front_ends = kBoth) {
  return {name, unit, kind, d, def, help, kTraining, front_ends};
}

Input Id(const char* name, unsigned commands, const char* def, const char* help,
         unsigned front_ends = kBoth) {
  return {name, "", Kind::kId, Domain{}, def, help, commands, front_ends};
}

Input Infer(const char* name, const char* unit, Kind kind, Domain d, const char* def,
            const char* help, unsigned front_ends = kBoth) {
  return {name, unit, kind, d, def, help, kInfer, front_ends};
}

Domain PointBetween(double lo, double hi, bool lo_exclusive, const char* why) {
  Domain d = Between(lo, hi, lo_exclusive, why);
  d.point = true;
  return d;
}

// 100 years: the longest mean time between planned stops (a rarer stop is none in practice).
constexpr double kCenturyS = 100 * 365.25 * 86400;

std::vector<Input> MakeTable() {
  Domain kListDomain;
  kListDomain.why = "1 to 16 values, each in the domain of the input it repeats";
  const Domain ratio = Between(0, 1, false, "a share: 0 (none) to 1 (all)");
  return {
      // fleet: the fleet model's inputs (FleetInputs, via GetInput/SetInput).
      Id("gpu", kFleet, "h100-sxm", "GPU id or alias from the catalog (gpufleet catalog gpus)"),
      Id("site", kFleet, nullptr,
         "Site id (us-average, meta-fleet ...): grid intensity, price, PUE, water; without it "
         "PUE is 1 and what needs the others is n/a unless they are given (none: no site)"),
      Id("system", kFleet, nullptr,
         "System id (dgx-h100, generic-8gpu ...): GPUs per node, host power, system price; "
         "without it (or none) the GPUs alone are counted"),
      // Whole GPUs, as infer's and train's: 1.5 read as "1.5 x USD 30 k" on "servers 1" (found
      // by an adversarial tester).
      Fleet("count", "GPUs", WholeRange(1, 1e9), "number of GPUs, whole (350k, 1000..2000)"),
      Fleet("hours", "h", Positive(1e9),
            "period in hours (default 8760, one year; for GPU-hours use --count 1)"),
      Fleet("load", "", ratio, "average load, 0 = idle .. 1 = TDP (default 1)"),
      Fleet("gpu_power_w", "W", Between(0, 1e5),
            "average power of one GPU in W; replaces the load formula"),
      Fleet("gpu_tdp_w", "W", Positive(1e5), "GPU board power limit in W (catalog)"),
      Fleet("gpu_idle_w", "W", Between(0, 1e5), "GPU idle power in W (catalog)"),
      Fleet("host_overhead_w", "W", Between(0, 1e5),
            "host power per GPU in W: CPUs, memory, NICs, fans (system)"),
      Fleet("pue", "", Between(1, 10, false, "a facility uses at least the IT power"),
            "power usage effectiveness, >= 1 (site)"),
      Fleet("grid_kg_per_kwh", "kg/kWh", Between(0, 5),
            "grid carbon intensity in kg CO2e/kWh (site)"),
      Fleet("price_per_kwh", "USD/kWh", Between(0, 10), "electricity price in USD/kWh (site)"),
      Fleet("wue_l_per_kwh", "L/kWh", Between(0, 100),
            "on-site water in L per kWh of IT energy (site)"),
      Fleet("offsite_water_l_per_kwh", "L/kWh", Between(0, 100),
            "off-site water in L per kWh of facility energy (site)"),
      Fleet("gpu_price_usd", "USD", Between(0, 1e8), "price of one GPU in USD (catalog)"),
      Fleet("system_price_per_gpu_usd", "USD", Between(0, 1e8),
            "system price per GPU in USD (system)"),
      Fleet("lifetime_years", "years",
            Between(0.01, 100, false,
                    "at least 0.01 years (about 4 days): capex spread over less has no meaning, "
                    "and 1e-308 years made every amortised figure infinite; at most 100"),
            "years over which capex and embodied carbon are amortised (default 4)"),
      Fleet("embodied_kg_co2e", "kg CO2e", Between(0, 1e6),
            "embodied carbon per GPU in kg CO2e (catalog, where sourced)"),
      Fleet("board_length_mm", "mm", Positive(1e4),
            "length of one card in mm (catalog, where published)"),
      Fleet("gpu_peak_bf16_flop_per_s", "FLOP/s", Between(0, 1e18),
            "dense BF16 peak of one GPU in FLOP/s (catalog)"),
      Fleet("mfu", "", ratio, "model FLOPs utilisation for delivered FLOPs, 0..1 (default 0.4)"),
      // Whole: "ceil(10 / 2.5 GPUs per node)" was accepted (train refused 2.5; found by an
      // adversarial tester).
      Fleet("gpus_per_node", "GPUs", WholeRange(1, 1e6), "GPUs per server (system; default 8)"),
      Fleet("nodes_per_rack", "nodes", WholeRange(1, 1e6), "servers per rack (default 4)"),
      Id("catalog", kFleet | kTraining, nullptr,
         "Directory of catalog *.toml files replacing the built-in one (CLI only: the server "
         "never opens a path a client names)",
         kCli),

      // train and sweep: the work (default: Llama 3 405B on 15.6T tokens, Dubey et al. 2024;
      // the defaults of params and tokens apply only when no work input is given).
      Training("params", "parameters", Kind::kInterval,
               Between(1, 1e15, false, "at least one parameter; above 1e15 a typo"), "405G",
               "Model parameters (405e9, 405G; a range lo..hi). Default with tokens: Llama 3 405B"),
      Training("active_params", "parameters", Kind::kInterval,
               Between(1, 1e15, false, "at least one parameter; above 1e15 a typo"), nullptr,
               "Parameters active per token (mixture of experts)"),
      Training("tokens", "tokens", Kind::kInterval,
               Between(1, 1e17, false, "at least one token; above 1e17 a typo"), "15.6T",
               "Training tokens (15.6T). Default with params: Llama 3 405B"),
      Training("flops", "FLOP", Kind::kInterval, Positive(1e32), nullptr,
               "Total training FLOPs instead of 6 x params x tokens (3.8e25)"),
      Training("gpu_hours", "GPU-h", Kind::kInterval, Positive(1e12), nullptr,
               "GPU-hours of compute instead of FLOPs"),
      // The fleet.
      Id("gpu", kTraining, "h100-sxm", "GPU id from the catalog"),
      Id("site", kTraining, nullptr,
         "Site id from the catalog (PUE, grid, price, water; none: no site)"),
      Training("count", "GPUs", Kind::kCount,
               Whole(1, 1e7, "one synchronous job of at least one GPU; at most 10 million"),
               "16384", "GPUs in the job"),
      Training(
          "mfu", "", Kind::kInterval,
          Between(1e-6, 1, false,
                  "a share of the peak: at least 1e-6 (below, no run ends), at most all of it"),
          "0.38..0.41..0.43", "Model FLOPs utilisation, 0 < MFU <= 1 (Llama 3 paper, Table 4)"),
      // Reliability.
      Id("failure_model", kTraining, kDefaultFailureModel.data(),
         "Failure model id (gpufleet catalog failure-models) or, on the CLI, a .toml file"),
      Training("checkpoint_interval_h", "h", Kind::kDuration,
               Seconds(1, 1e9, false,
                       "at least 1 s (no job checkpoints faster; shorter floods the event queue), "
                       "at most 1e9 s (31.7 years)"),
               "auto", "Compute between checkpoints: auto (Daly) or a duration (30m, 2h)"),
      Training("checkpoint_write_s", "s", Kind::kDuration,
               Seconds(1e-3, 1e7, true,
                       "0 (free checkpoints) or at least 1 ms (below that it rounds away in the "
                       "simulator's nanoseconds), at most 1e7 s (116 days)"),
               nullptr, "Time to write one checkpoint (30s, 500ms; default: size / bandwidth)"),
      Training("checkpoint_size_gb", "GB", Kind::kNumber, Between(0, 1e6), nullptr,
               "Checkpoint size per GPU in GB (default: 14 bytes per parameter over all GPUs)"),
      Training("storage_gb_per_s", "GB/s", Kind::kNumber, Positive(1e9), "2000",
               "Aggregate checkpoint write bandwidth, GB/s (Llama 3: 2 TB/s)"),
      Training("restart_s", "s", Kind::kDuration,
               Seconds(0, 1e7, false, "at least 0, at most 1e7 s (116 days)"), nullptr,
               "Detection + restart time after an interruption (default: the failure model's)"),
      Training("spares", "nodes", Kind::kCount,
               Whole(-1, 1e6, "-1 means unlimited; at most a million nodes"), "-1",
               "Hot spare nodes (-1: unlimited)"),
      Training("repair_h", "h", Kind::kDuration,
               Seconds(0, 1e9, false, "at least 0, at most 1e9 s (31.7 years)"), "72h",
               "Time to repair a failed node (with --spares)"),
      Training("maintenance_h", "h", Kind::kDuration,
               Seconds(3600, kCenturyS, true,
                       "0 (none) or at least 1 h: more frequent planned stops flood the event "
                       "queue and leave no time to compute; at most 100 years"),
               nullptr, "Mean time between planned stops (default: the failure model's; 0: none)"),
      Training("horizon_h", "h", Kind::kDuration,
               Seconds(1, kMaxWallS, true,
                       "0 (run to the end of the work) or at least 1 s, at most 26,687 days "
                       "(2305756800 s, about 73 years: the simulator's wall-time cap)"),
               nullptr, "Simulate this much wall time instead of finishing the work (54d)"),
      {"explicit_checkpoints", "", Kind::kSwitch, Domain{}, nullptr,
       "One event per segment and checkpoint (slower, same results; CLI only: a cross-check)",
       kTraining, kCli},
      // Reliability operations (issue 17): a failure rate replacing the model's total, the node
      // size it is counted on, detection, and loss spikes with the work each throws away.
      Training("failure_rate", "per 1,000 node-days", Kind::kNumber,
               Between(0, 10000, false,
                       "0 (no unplanned failures) up to 10,000 per 1,000 node-days (10 per node "
                       "and day: beyond, a node would never compute)"),
               nullptr,
               "Unexpected interruptions per 1,000 node-days, replacing the failure model's total "
               "and keeping its mix of causes (RSC-1 6.5, RSC-2 2.34, Llama 3 3.8)"),
      Training("gpus_per_node", "GPUs", Kind::kCount,
               Whole(1, 1e6, "a server of at least one GPU; at most a million"), nullptr,
               "GPUs per node for the failure model's node-scaled causes and --failure-rate "
               "(default: the failure model's, 8 in every embedded one)"),
      Training("detect_s", "s", Kind::kDuration,
               Seconds(0, 1e7, false, "at least 0, at most 1e7 s (116 days)"), "0",
               "Time to notice a failure, added to every restart (5m: a 5-minute health check)"),
      Training("rollback_rate", "per day", Kind::kNumber,
               Between(0, 24, false,
                       "0 (none) up to 24 per day: more frequent spikes flood the event queue "
                       "and leave no time to compute"),
               "0", "Loss spikes per day of wall time, each rolling back to an earlier checkpoint"),
      Training("rollback_lost_h", "h", Kind::kDuration,
               Seconds(0, 1e9, false, "at least 0, at most 1e9 s (31.7 years)"), "0",
               "Committed work each loss spike throws away beyond the last checkpoint (6h)"),
      // Operations (issue 17, part 2): checkpoint restore, in-memory (peer) checkpoints, and a
      // repair queue for the hot spares (docs/model.md, "Operations").
      Training("restore_s", "s", Kind::kDuration,
               Seconds(0, 1e7, false, "at least 0, at most 1e7 s (116 days)"), "0",
               "Time to load the last checkpoint after every restart, planned stop and loss spike "
               "(0: counted in --restart)"),
      Training("peer_checkpoint_write_s", "s", Kind::kDuration,
               Seconds(1e-3, 1e7, true,
                       "0 (free copies) or at least 1 ms (the simulator's resolution), at most "
                       "1e7 s"),
               nullptr,
               "In-memory (peer) checkpoints: time to copy the state to a peer's memory (2s). "
               "Failures then lose only the compute since the last copy; storage checkpoints "
               "are written from memory off the critical path"),
      Training("peer_checkpoint_interval_h", "h", Kind::kDuration,
               Seconds(1, 1e9, false, "at least 1 s (the simulator's floor), at most 1e9 s"),
               "auto",
               "Compute between in-memory copies: auto (Daly for the copy time) or a duration"),
      Training("repair_crews", "repairs", Kind::kCount,
               Whole(0, 1e6, "0 means unlimited; at most a million at once"), "0",
               "Repairs done at once, first come first served (a repair queue; 0: unlimited), "
               "with --spares"),
      Training("elastic_min_share", "", Kind::kNumber,
               PointBetween(0, 1, false, "a share of the job's nodes from 0 (off) to 1"), "0",
               "Elastic recovery, with --spares: with no spare left, keep training on the nodes "
               "left while they are at least this share of the job (0.9; 0: wait for a repair)"),
      Training("elastic_group_nodes", "nodes", Kind::kCount,
               Whole(1, 1e6, "at least one node; at most a million"), "1",
               "Nodes per data-parallel group, the unit elastic recovery drops (a pipeline "
               "replica: 16 for PP 16 x TP 8 on 8-GPU nodes)"),
      // The sweep's axis (count: GPUs; the CLI's --over checkpoint-interval reads --from and --to
      // as values of checkpoint_interval_h instead, default 1m and 24h).
      {"from", "GPUs", Kind::kNumber,
       Whole(1, 1e7, "GPUs in the first job of the sweep, whole; at most 10 million"), "1000",
       "First point: GPUs (with --over checkpoint-interval an interval as --checkpoint-interval "
       "reads it, default 1m)",
       kSweep},
      {"to", "GPUs", Kind::kNumber,
       Whole(1, 1e7, "GPUs in the last job of the sweep, whole; at most 10 million"), "1000000",
       "Last point: GPUs (with --over checkpoint-interval an interval as --checkpoint-interval "
       "reads it, default 24h)",
       kSweep},
      {"points", "", Kind::kCount, Whole(1, 200, "log-spaced points, at most 200"), "13",
       "Points, log-spaced", kSweep},
      // The goodput family (issue 17): one series per failure rate and checkpoint write.
      {"failure_rates", "per 1,000 node-days", Kind::kList, kListDomain, nullptr,
       "Goodput family: failure rates, comma-separated (2,4,8), one series each over the GPU "
       "counts (each as --failure-rate)",
       kSweep, kBoth, "failure_rate"},
      {"checkpoint_writes", "s", Kind::kList, kListDomain, nullptr,
       "Goodput family: checkpoint write times, comma-separated (10s,5m), one series each "
       "(each as --checkpoint-write)",
       kSweep, kBoth, "checkpoint_write_s"},
      // The Monte Carlo run.
      Training("replicas", "replicas", Kind::kCount,
               Whole(1, 1e6, "each replica's result is kept for the percentiles: at most 1e6"),
               "1000", "Monte Carlo replicas"),
      Training("seed", "", Kind::kCount,
               Whole(0, 9007199254740991.0,
                     "a whole number exact in a double (at most 2^53 - 1: above it, 2^53 + 1 reads "
                     "as 2^53)"),
               "1", "Random seed"),
      Training("threads", "threads", Kind::kCount,
               Whole(0, 4096, "0 means all cores; CLI only: the server uses one per request"), "0",
               "Worker threads (0: all cores)", kCli),
      // infer: the serving model (infer.h; docs/model.md, "Serving").
      Id("model", kInfer, nullptr,
         "Model id from the catalog (gpufleet catalog models); or give --params, "
         "--active-params, --layers, --kv-heads, --head-dim, --hidden"),
      Infer("params", "parameters", Kind::kInterval,
            Between(1, 1e15, false, "at least one parameter; above 1e15 a typo"), nullptr,
            "Total parameters of a custom model (70G), or overriding the catalog's"),
      Infer("active_params", "parameters", Kind::kInterval,
            Between(1, 1e15, false, "at least one parameter; above 1e15 a typo"), nullptr,
            "Parameters one token uses (mixture of experts; default: params)"),
      Infer("layers", "layers", Kind::kCount, WholeRange(1, 1e5), nullptr, "Transformer layers"),
      Infer("hidden", "", Kind::kCount, WholeRange(1, 1e7), nullptr,
            "Residual width (hidden size)"),
      Infer("heads", "heads", Kind::kCount, WholeRange(1, 1e5), nullptr,
            "Query heads (default: hidden / head_dim)"),
      Infer("kv_heads", "heads", Kind::kCount, WholeRange(1, 1e5), nullptr,
            "Key/value heads per layer"),
      Infer("head_dim", "", Kind::kCount, WholeRange(1, 1e5), nullptr, "Size of one head"),
      Infer("experts", "experts", Kind::kCount, WholeRange(0, 1e6), nullptr,
            "Routed experts per layer (0: dense)"),
      Infer("experts_per_token", "experts", Kind::kCount, WholeRange(0, 1e6), nullptr,
            "Routed experts per token"),
      Id("gpu", kInfer, "h100-sxm", "GPU id from the catalog (memory, bandwidth, FLOP/s, power)"),
      Infer("gpus_per_replica", "GPUs", Kind::kCount,
            Whole(1, 4096, "one replica spans 1 to 4096 GPUs (tensor / expert parallel)"), "1",
            "GPUs serving one copy of the model (tensor parallel; expert parallel for experts)"),
      Id("precision", kInfer, "bf16",
         "Weights precision: bf16, fp8 or fp4 (the KV cache's too, unless --kv-precision)"),
      Id("kv_precision", kInfer, nullptr,
         "KV cache precision: bf16, fp8 or fp4 (default: the weights', bf16 for fp4 weights on "
         "vllm and sglang; vLLM's own kv_cache_dtype=auto is BF16 for FP8 weights too: give bf16 "
         "to match it)"),
      Id("moe_parallel", kInfer, "ep",
         "How a replica of several GPUs splits a mixture's experts: ep (expert parallel, whole "
         "experts per GPU: dispatch and combine, moe_layer_ep_s) or tp (every expert sliced over "
         "the GPUs, vLLM's default without --enable-expert-parallel)"),
      Id("engine", kInfer, "vllm",
         "Serving engine whose per-sequence and FP8 times are assumed: vllm, trtllm or sglang"),
      Infer("batch", "sequences", Kind::kCount,
            Whole(1, 1e6, "at least one sequence; at most a million"), "auto",
            "Sequences decoded together, or auto (the most that fit, within --tpot-slo)"),
      Infer("input_tokens", "tokens", Kind::kInterval, Between(1, 1e7, false, kTypo), "1000",
            "Prompt tokens per request"),
      Infer("output_tokens", "tokens", Kind::kInterval, Between(1, 1e7, false, kTypo), "300",
            "Generated tokens per request"),
      Infer("ttft_slo_s", "s", Kind::kDuration,
            Seconds(1e-6, 86400, false, "at least 1 us, at most a day"), nullptr,
            "Time-to-first-token target (500ms, 2s): a note says when it is missed"),
      Infer("tpot_slo_s", "s", Kind::kDuration,
            Seconds(1e-6, 3600, false, "at least 1 us, at most an hour"), nullptr,
            "Time-per-output-token target (50ms); with --batch auto the batch meets it"),
      Infer("power_cap_w", "W", Kind::kNumber, PointBetween(1, 1e5, false, "at least 1 W per GPU"),
            nullptr,
            "GPU power limit in W: a step drawing more is stretched; above the GPU's idle power "
            "(the top of its catalog range, as `gpufleet catalog gpu` lists it)"),
      Id("system", kInfer, nullptr,
         "System id (dgx-h100 ...): host power per GPU, system price (none: no system)"),
      Id("site", kInfer, nullptr, "Site id: PUE, grid carbon, price, water (none: no site)"),
      Infer("count", "GPUs", Kind::kInterval, WholeRange(1, 1e9), nullptr,
            "GPUs in the fleet (350k): requests a day"),
      Infer("load", "", Kind::kInterval,
            Between(kMinServingLoad, 1, false,
                    "a share of capacity in use: at least a millionth, at most all of it"),
            "0.3..0.5..0.7",
            "Share of provisioned serving capacity in use (assumed 0.5, 0.3-0.7): idle share"),
      Infer("requests_per_s", "requests/s", Kind::kInterval, Positive(1e12), nullptr,
            "Demand instead of --load (needs --count)"),
      Infer("queries_per_day", "requests/day", Kind::kInterval, Positive(1e15), nullptr,
            "Demand per day instead of --load (needs --count)"),
      Infer("gpu_hour_usd", "USD/GPU-h", Kind::kInterval, Between(0, 1e4), nullptr,
            "Price per GPU-hour: replaces amortised capex + electricity"),
      Infer("lifetime_years", "years", Kind::kInterval, Between(0.01, 100), "4",
            "Years over which GPUs and systems are amortised"),
      Infer("bandwidth_efficiency", "", Kind::kInterval,
            Between(1e-6, 1, false,
                    "a share of the peak: at least 1e-6 (below, no run ends), at most all of it"),
            "0.6..0.75..0.85", "Achieved share of peak memory bandwidth in decode"),
      Infer("compute_efficiency", "", Kind::kInterval,
            Between(1e-6, 1, false,
                    "a share of the peak: at least 1e-6 (below, no run ends), at most all of it"),
            "0.4..0.55..0.7", "Achieved share of peak tensor FLOP/s (prefill, large batches)"),
      Infer("step_overhead_s", "s", Kind::kInterval, Between(0, 10), "0.0005..0.001..0.002",
            "Per-step overhead in s (scheduling, sampling, launches)"),
      Infer("step_overhead_per_seq_s", "s", Kind::kInterval, Between(0, 1), "0..2e-5..5e-5",
            "Engine time per sequence in a decode step in s (scheduling, sampling, "
            "detokenisation; 0..20..50 us)"),
      // A mixture of experts' per-layer engine cost (docs/model.md, "Serving"; fitted to 13
      // published steps, tested on 13 held out: docs/validation.md).
      Infer("moe_layer_s", "s", Kind::kInterval, Between(0, 1), "1e-5..4e-5..1.5e-4",
            "MoE only: engine time per MoE layer per forward pass in s (routing, grouped GEMMs; "
            "10..40..150 us)"),
      Infer("moe_layer_ep_s", "s", Kind::kInterval, Between(0, 1), "0..4e-5..1.5e-4",
            "MoE only, experts over more than one GPU: added engine time per MoE layer per "
            "forward pass in s (expert dispatch and combine; 0..40..150 us)"),
      Infer("moe_layer_per_seq_s", "s", Kind::kInterval, Between(0, 1), "2e-7..6e-7..2.5e-6",
            "MoE only: engine time per MoE layer per sequence in a decode step in s "
            "(0.2..0.6..2.5 us)"),
      Infer("moe_engine_power", "", Kind::kInterval, Between(0, 1), "0.2..0.5..0.8",
            "MoE only: GPU power during that engine time, as a share of TDP - idle"),
      Infer("fp8_layer_s", "s", Kind::kInterval, Between(0, 1), "0..1e-4..2e-4",
            "FP8 only: engine time per layer per forward pass in s (activation quantisation, "
            "scaled GEMMs; 0..100..200 us)"),
      Infer("memory_usable", "", Kind::kInterval,
            Between(0, 1, true, "a share of memory: above 0, at most all of it"), "0.85..0.9..0.92",
            "Share of GPU memory for weights and KV cache (vLLM's default 0.9)"),
      Id("catalog", kInfer, nullptr, "Directory of catalog *.toml files (CLI only)", kCli),
      // fit: a run's published figures -> failure and restart parameters (fit.h).
      {"count", "GPUs", Kind::kCount,
       Whole(1, 1e7, "one synchronous job of at least one GPU; at most 10 million"), nullptr,
       "GPUs in the run", kFit},
      {"gpus_per_node", "GPUs", Kind::kCount,
       Whole(1, 1e6, "a server of at least one GPU; at most a million"), "8",
       "GPUs per node: the failure rate is counted per 1,000 node-days", kFit},
      {"window_d", "d", Kind::kDuration,
       Seconds(3600, kMaxWallS, false,
               "at least 1 h (a shorter window says nothing of a rate), at most 26,687 days "
               "(2305756800 s, about 73 years: the simulator's wall-time cap)"),
       nullptr, "Wall time observed (56d, a bare number in days)", kFit},
      {"interruptions", "", Kind::kCount,
       Whole(0, 1e7, "a count: 0 (none seen) or more; at most 10 million"), nullptr,
       "Unplanned interruptions counted in the window", kFit},
      {"effective", "", Kind::kInterval,
       Between(0, 1, true, "a share of wall time: above 0, at most all of it"), nullptr,
       "Effective training time in the window, useful compute / wall time (0.59, or "
       "0.55..0.63)",
       kFit},
      {"checkpoint_write_s", "s", Kind::kDuration,
       Seconds(1e-3, 1e7, true,
               "0 (free checkpoints) or at least 1 ms (the simulator's resolution), at most 1e7 s"),
       "0", "Time to write one checkpoint, if known (5m)", kFit},
      {"checkpoint_interval_h", "h", Kind::kDuration,
       Seconds(1, 1e9, false, "at least 1 s (the simulator's floor), at most 1e9 s (31.7 years)"),
       "auto", "Compute between checkpoints, if known: auto (Daly at the fitted MTBI) or 3h", kFit},
      {"restart_s", "s", Kind::kDuration,
       Seconds(0, 1e7, false, "at least 0, at most 1e7 s (116 days)"), nullptr,
       "Restart time (detection included), if known: then the rest of the loss is fitted", kFit},
      {"rollback_rate", "per day", Kind::kNumber,
       Between(0, 24, false, "0 (none) up to 24 per day, as train's --rollback-rate"), "0",
       "Loss spikes per day (with --restart): fits the work each throws away", kFit},
      {"confidence", "", Kind::kNumber,
       PointBetween(0.5, 0.999, false,
                    "a confidence level of at least 50% and at most 99.9% (the interval's tails "
                    "stay computable)"),
       "0.95", "Confidence of the Poisson interval on the count", kFit},
      // infer --simulate: the serving simulator (infer_sim.h; docs/model.md, "Serving simulator").
      {"simulate", "", Kind::kSwitch, Domain{}, nullptr,
       "Also run the serving simulator (Poisson arrivals, continuous batching): latency "
       "percentiles, energy per request idle included, replicas for a p99 target (API: true)",
       kInfer},
      Infer("sim_requests_per_s", "requests/s", Kind::kNumber,
            PointBetween(0, 1e7, false, "0 (no traffic) up to 10 million requests/s"), nullptr,
            "Arrival rate to the simulated replicas, day mean (default: --load x one replica's "
            "capacity x --sim-replicas)"),
      Id("sim_profile", kInfer, "flat",
         "Arrivals over the day: flat, diurnal (x1.5 at 14:00, x0.5 at 02:00) or 24 "
         "comma-separated hourly multipliers"),
      Id("sim_lengths", kInfer, "exponential",
         "Prompt and output lengths: fixed (the central values), uniform (over lo..hi) or "
         "exponential (mean the central value, clamped to lo..hi, or 1..8 x mean)"),
      Infer("sim_hours", "h", Kind::kDuration,
            Seconds(1, 366 * 86400.0, false, "at least 1 s, at most 366 days"), "24h",
            "Simulated period of arrivals (30m, 24h), then the requests in the system drain"),
      Infer("sim_replicas", "replicas", Kind::kCount,
            Whole(1, 1e6, "at least one engine replica; at most a million"), "1",
            "Engine replicas sharing the arrivals (each gets a random 1/N share)"),
      Infer("sim_runs", "runs", Kind::kCount,
            Whole(1, 1e4, "each run's percentiles are kept; at most 10,000"), "10",
            "Monte Carlo runs (simulated periods of one engine replica)"),
      Infer("sim_ttft_p99_s", "s", Kind::kDuration,
            Seconds(1e-6, 86400, false, "at least 1 us, at most a day"), nullptr,
            "p99 time-to-first-token target: the fewest engine replicas that meet it"),
      Infer("sim_e2e_p99_s", "s", Kind::kDuration,
            Seconds(1e-6, 366 * 86400.0, false, "at least 1 us, at most 366 days"), nullptr,
            "p99 end-to-end target: the fewest engine replicas that meet it"),
      Infer("seed", "", Kind::kCount,
            Whole(0, 9007199254740991.0,
                  "a whole number exact in a double (at most 2^53 - 1: above it, 2^53 + 1 reads as "
                  "2^53)"),
            "1", "Random seed of the simulation"),
      Infer("threads", "threads", Kind::kCount,
            Whole(0, 4096, "0 means all cores; CLI only: the server uses one per request"), "0",
            "Worker threads of the simulation (0: all cores; results do not depend on it)", kCli),
  };
}

bool IsDurationSuffix(std::string_view name, std::string_view suffix) {
  return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

// Seconds per bare number of a duration input.
double SecondsPer(const Input& in) {
  const std::string_view u = in.unit;
  if (u == "h") return 3600;
  if (u == "min") return 60;
  if (u == "d") return 86400;
  return 1;
}

InputError Bad(const Input& in, const std::string& msg) {
  return InputError(Where{"", 0, in.name}, msg);
}

// Exact text of a number: the shortest that reads back as the same double.
std::string Exact(double x) { return fmt::format("{}", x); }

// Whether `x` is what "lo..hi" reads as: the midpoint as ParseInterval computes it (lo + (hi -
// lo) / 2, which can differ from (lo + hi) / 2 in the last bit: 1e-3..5 was echoed as
// "0.001..2.5004999999999997..5"; found by an adversarial tester), or for a whole-number input
// that midpoint rounded down (ParseRange).
bool IsTwoPoint(const Interval& x, bool whole) {
  const double mid = x.low + (x.high - x.low) / 2;  // Interval::Between's, which throws on lo > hi
  return x.value == mid || x.value == 0.5 * (x.low + x.high) ||
         (whole && x.value == std::floor(mid) && x.value >= x.low);
}

std::string Exact(const Interval& x, const char* unit, bool whole = false) {
  const std::string u = *unit ? std::string(" ") + unit : "";
  if (x.is_point()) return Exact(x.value) + u;
  if (IsTwoPoint(x, whole)) return Exact(x.low) + ".." + Exact(x.high) + u;
  return Exact(x.low) + ".." + Exact(x.value) + ".." + Exact(x.high) + u;
}

// A duration as a message echoes it: to 6 significant digits (0.0002 h is 0.7200000000000001 s
// in a double, and was echoed so; found by an adversarial tester), but exactly where rounding
// would change how it compares with its other ends or the domain's bounds ("got 10000000 s"
// beside "must be <= 10000000 s").
std::string EchoSeconds(const Interval& x, const Domain& d) {
  const auto round6 = [](double v) {
    return std::strtod(fmt::format("{:.6g}", v).c_str(), nullptr);
  };
  Interval r = x;
  r.low = round6(x.low);
  r.value = round6(x.value);
  r.high = round6(x.high);
  const double a[] = {x.low, x.value, x.high, d.min, d.max};
  const double b[] = {r.low, r.value, r.high, d.min, d.max};
  for (size_t i = 0; i < 5; ++i) {
    for (size_t j = i + 1; j < 5; ++j) {
      if ((a[i] < a[j]) != (b[i] < b[j]) || (a[i] == a[j]) != (b[i] == b[j])) {
        return Exact(x, "s");
      }
    }
  }
  return Exact(r, "s");
}

// The text a number was read from, when it reads differently from the double it became
// ("9007199254740993" is 9007199254740992 in a double, and a message said "got
// 9007199254740992": found by an adversarial tester); "" when the text is that number's own
// (or not a plain decimal numeral: "1e12", "350k" say what they are).
std::string ReadFrom(std::string_view text, double x) {
  std::string_view t = text;
  const bool minus = t.starts_with('-');
  if (minus || t.starts_with('+')) t.remove_prefix(1);
  const size_t dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  const auto digits = [](std::string_view v) {
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() && frac.empty()) return "";
  if (!digits(whole) || !digits(frac)) return "";
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  std::string norm = std::string(minus ? "-" : "") + (whole.empty() ? "0" : std::string(whole));
  if (!frac.empty()) norm += "." + std::string(frac);
  return norm == Exact(x) || norm == "-0" ? "" : std::string(text);
}

}  // namespace

const std::vector<Input>& All() {
  static const std::vector<Input> table = MakeTable();
  return table;
}

std::vector<const Input*> For(Command command, FrontEnd front_end) {
  std::vector<const Input*> out;
  for (const Input& in : All()) {
    if ((in.commands & command) && (in.front_ends & front_end)) out.push_back(&in);
  }
  return out;
}

const Input* Find(std::string_view name, Command command) {
  for (const Input& in : All()) {
    if (name == in.name && (in.commands & command)) return &in;
  }
  return nullptr;
}

const Input& Get(std::string_view name, Command command) {
  if (const Input* in = Find(name, command)) return *in;
  std::string known;
  for (const Input& in : All()) {
    if (in.commands & command) known += (known.empty() ? "" : ", ") + std::string(in.name);
  }
  throw InputError(Where{"", 0, std::string(name)}, "unknown input; known: " + known);
}

std::string FlagName(const Input& in) {
  std::string_view base = in.name;
  if (in.kind == Kind::kDuration) {
    for (std::string_view suffix : {"_s", "_h", "_min", "_d"}) {
      if (IsDurationSuffix(base, suffix)) {
        base.remove_suffix(suffix.size());
        break;
      }
    }
  }
  std::string flag = "--";
  for (char ch : base) flag += ch == '_' ? '-' : ch;
  return flag;
}

std::string FieldName(const Input& in) { return in.name; }

const char* DefaultFor(const Input& in, Command command) {
  if (command == kSweep && std::string_view(in.name) == "replicas") return "200";
  return in.default_text;
}

std::string DomainText(const Input& in) {
  if (in.kind == Kind::kId || in.kind == Kind::kSwitch) return "";
  if (in.kind == Kind::kList) {
    for (const Input& e : All()) {
      if (in.element != nullptr && in.element == std::string_view(e.name) &&
          (e.commands & in.commands)) {
        return "each as " + FlagName(e) + ": " + DomainText(e);
      }
    }
    return "";
  }
  const Domain& d = in.domain;
  const std::string lo = std::isfinite(d.min) ? Exact(d.min) : "-inf";
  const std::string hi = std::isfinite(d.max) ? Exact(d.max) : "inf";
  std::string out = d.zero_ok ? "0 or " : "";
  if (d.min_exclusive) {
    out += fmt::format("> {}, <= {}", lo, hi);
  } else {
    out += lo + ".." + hi;
  }
  if (in.kind == Kind::kDuration) out += " s";
  // A range's central value too: lo..hi on its midpoint rounded down (docs/model.md).
  if (d.integer) {
    out += in.kind == Kind::kInterval ? ", whole; lo..hi is centred on its midpoint rounded down"
                                      : ", whole";
  }
  return out;
}

std::string Help(const Input& in) {
  std::string text = in.help;
  const std::string domain = DomainText(in);
  if (domain.empty()) return text;
  text += " [" + domain;
  if (in.kind == Kind::kDuration) text += fmt::format("; a bare number is in {}", in.unit);
  if (*in.domain.why) text += fmt::format("; {}", in.domain.why);
  return text + "]";
}

std::string Mention(std::string_view name) { return "`" + std::string(name) + "`"; }

namespace {
std::string Spell(std::string_view name, Spelling s) {
  const Input* in = nullptr;
  for (const Input& row : All()) {
    if (name == row.name) in = &row;
  }
  if (in == nullptr) return "";
  switch (s) {
    case Spelling::kCli:
      return FlagName(*in);
    case Spelling::kApi:
      return FieldName(*in);
    default:
      return Mention(name);
  }
}
}  // namespace

std::string Respell(std::string_view msg, Spelling s) {
  std::string out;
  size_t i = 0;
  while (i < msg.size()) {
    const size_t open = msg.find('`', i);
    const size_t close = open == std::string_view::npos ? open : msg.find('`', open + 1);
    if (close == std::string_view::npos) break;
    const std::string spelt = Spell(msg.substr(open + 1, close - open - 1), s);
    out.append(msg.substr(i, open - i));
    if (spelt.empty()) {
      out.append(msg.substr(open, close + 1 - open));
    } else {
      out += spelt;
    }
    i = close + 1;
  }
  out.append(msg.substr(std::min(i, msg.size())));
  return out;
}

InputError Respell(const InputError& e, Spelling s) {
  Where w = e.where();
  // A field of a file (scenario.toml's `count`) is a key of that file, not an input to re-spell.
  const std::string spelt = w.names_file() ? "" : Spell(w.field, s);
  if (!spelt.empty()) w.field = spelt;
  // And an input a file's error mentions is that file's key too, spelt as the API spells it
  // (the name): a scenario file's error advised "--system none" and "--host-overhead-w" where
  // its keys are `system` and `host_overhead_w` (found by an adversarial tester).
  return InputError(w, Respell(e.detail(), w.names_file() ? Spelling::kApi : s));
}

namespace {
// Check, with the text the value was read from (Parse) or none (a value from a file or JSON).
void CheckRead(const Input& in, const Interval& v, std::string_view text) {
  const Domain& d = in.domain;
  const char* unit = in.kind == Kind::kDuration ? "s" : "";
  if (std::isnan(v.value) || std::isnan(v.low) || std::isnan(v.high)) {
    throw Bad(in, "is not a number (NaN)");
  }
  if (!std::isfinite(v.low) || !std::isfinite(v.high)) throw Bad(in, "must be finite");
  if (!(v.low <= v.value && v.value <= v.high)) {
    throw Bad(in, fmt::format("needs low <= value <= high, got {}", Exact(v, unit)));
  }
  if (d.point && !v.is_point()) {
    throw Bad(in, fmt::format("must be one value, not a range, got {}", Exact(v, unit)));
  }
  // Messages are built only on the way out: Validate runs this for every input of every
  // Evaluate.
  // A duration whose bare number is in hours or days is answered in that unit too: /api/fit's
  // window_d 0.01 was told "must be >= 3600 s, got 864 s", a days field answered in seconds
  // (found by an adversarial tester).
  const double per = in.kind == Kind::kDuration ? SecondsPer(in) : 1;
  const auto own = [&](double seconds) {
    return per == 1 ? std::string() : fmt::format(" ({:.6g} {})", seconds / per, in.unit);
  };
  auto got = [&] {
    if (in.kind == Kind::kDuration) {
      std::string mine = v.is_point() ? own(v.value) : "";
      // Exactly where 6 digits would read as a bound, as EchoSeconds does.
      if (!mine.empty() && (mine == own(d.min) || mine == own(d.max)) && v.value != d.min &&
          v.value != d.max) {
        mine = fmt::format(" ({} {})", v.value / per, in.unit);
      }
      return ", got " + EchoSeconds(v, d) + mine;
    }
    // A range is echoed as given ("1e-3..5", "1k..2k"), not as the three numbers it was read
    // as: "got 0.001..2.5004999999999997..5" named a central value nobody typed (found by an
    // adversarial tester).
    if (!v.is_point() && !text.empty()) return ", got " + EscapeControls(Trim(text));
    const std::string read = v.is_point() ? ReadFrom(text, v.value) : "";
    return read.empty() ? ", got " + Exact(v, unit, d.integer)
                        : fmt::format(", got {} (read as {})", read, Exact(v, unit));
  };
  const std::string_view u = *unit ? " s" : "";
  for (double x : {v.low, v.value, v.high}) {
    if (d.zero_ok && x == 0) continue;
    if (d.min_exclusive ? !(x > d.min) : !(x >= d.min)) {
      throw Bad(in, fmt::format("must be {}{} {}{}{}{}", d.zero_ok ? "0 or " : "",
                                d.min_exclusive ? ">" : ">=", Exact(d.min), u, own(d.min), got()));
    }
    if (!(x <= d.max)) {
      throw Bad(in, fmt::format("must be <= {}{}{}{}", Exact(d.max), u, own(d.max), got()));
    }
  }
  // Whole numbers, the central value too: "lo..hi" of whole ends reads as its midpoint rounded
  // down (ParseRange), and a "lo..x..hi" needs a whole x. "1..2" was fleet's 1.5 GPUs ("1.5
  // (1-2) x 700 W", where --count 1.5 was refused), and measure's --project-to 1..1000 was
  // refused for its midpoint 500.5 (found by adversarial testers).
  const auto whole = [](double x) { return x == std::floor(x); };
  if (d.integer && !(whole(v.low) && whole(v.value) && whole(v.high))) {
    if (whole(v.low) && whole(v.high)) {
      // Without the text, the three numbers: "got 1..2" would hide the central value.
      const std::string three =
          fmt::format(", got {}..{}..{}", Exact(v.low), Exact(v.value), Exact(v.high));
      throw Bad(in, fmt::format("must be whole numbers: a range's central value too (lo..x..hi "
                                "with a whole x, or lo..hi: its midpoint rounded down){}",
                                text.empty() ? three : got()));
    }
    throw Bad(in, fmt::format("must be a whole number{}", got()));
  }
}
}  // namespace

void Check(const Input& in, const Interval& v) { CheckRead(in, v, ""); }

Interval ParseRange(const Input& in, std::string_view text) {
  Interval v = ParseInterval(text, in.name);
  // Two numbers (ParseInterval refuses four and "..."): the midpoint, rounded down for whole
  // ends of a whole-number input. Ends that are not whole are left to the domain check.
  const size_t first = text.find("..");
  const bool two_point =
      first != std::string_view::npos && text.find("..", first + 2) == std::string_view::npos;
  if (in.domain.integer && two_point && v.low == std::floor(v.low) &&
      v.high == std::floor(v.high)) {
    v.value = std::max(v.low, std::floor(v.value));
  }
  return v;
}

Interval Parse(const Input& in, std::string_view text) {
  Interval v;
  try {
    switch (in.kind) {
      case Kind::kNumber:
      case Kind::kCount:
        // A range where one number is expected says so, not "expected a number like 700".
        if (text.find("..") != std::string_view::npos) {
          throw Bad(in, fmt::format("one {}, not a range ({})",
                                    in.kind == Kind::kCount ? "whole number" : "number", text));
        }
        v = ParseNumber(text, in.name);
        break;
      case Kind::kInterval:
        v = ParseRange(in, text);
        break;
      case Kind::kDuration: {
        const Duration<> bare = SecondsPer(in) * units::s;
        // A negative duration is refused naming the input's own bound: the grammar's ">= 0"
        // read as if 0 s were taken where the domain starts at 1 us (found by an adversarial
        // tester).
        const auto negative = [&] {
          try {
            return text.starts_with('-') && !text.starts_with("--") &&
                   In(ParseDuration(text.substr(1), in.name, bare), units::s) > 0;
          } catch (const InputError&) {
            return false;  // not a duration after the sign: the grammar's own message below
          }
        };
        if (negative()) {
          throw Bad(
              in,
              fmt::format("duration must be {}{} {} s, got '{}'", in.domain.zero_ok ? "0 or " : "",
                          in.domain.min_exclusive ? ">" : ">=", Exact(in.domain.min), text));
        }
        v = In(ParseDuration(text, in.name, bare), units::s);
        break;
      }
      default:
        throw Bad(in, "is not a number input");
    }
  } catch (const InputError& e) {
    throw Bad(in, e.detail());
  }
  CheckRead(in, v, text);
  return v;
}

std::vector<Interval> ParseList(const Input& in, std::string_view text, Command command) {
  if (in.kind != Kind::kList || in.element == nullptr) throw Bad(in, "is not a list input");
  const Input& element = Get(in.element, command);
  std::vector<Interval> out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string_view part = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (out.size() == 16) throw Bad(in, "at most 16 values");
    try {
      if (part.empty()) throw Bad(element, "empty value");
      out.push_back(Parse(element, part));
    } catch (const InputError& e) {
      throw Bad(in,
                fmt::format("value {} ('{}'): {}", out.size() + 1, std::string(part), e.detail()));
    }
    // Each value is one series: a repeated one drew the same series twice.
    for (size_t k = 0; k + 1 < out.size(); ++k) {
      if (out[k] == out.back()) {
        throw Bad(in, fmt::format("value {} ('{}') repeats value {}: give each once", out.size(),
                                  std::string(part), k + 1));
      }
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<Interval> Default(const Input& in) {
  if (in.default_text == nullptr || in.kind == Kind::kId || in.kind == Kind::kSwitch ||
      in.kind == Kind::kList || std::string_view(in.default_text) == "auto") {
    return std::nullopt;
  }
  return Parse(in, in.default_text);
}

namespace {

// Whether `in` is an id, read trimmed of spaces and tabs (Given::Text): every kId input but the
// catalog, a directory, whose path is kept as given.
bool TrimmedId(const Input& in) {
  return in.kind == Kind::kId && std::string_view(in.name) != "catalog";
}

}  // namespace

void Given::SetText(std::string name, std::string text) {
  const Input& in = Get(name, command_);
  // An id of spaces alone would read, trimmed (Text), as not given.
  if (TrimmedId(in) && !text.empty() && Trim(text).empty()) {
    throw InputError(Where{"", 0, name}, "blank: give an id, or leave it out for its default");
  }
  text_[std::move(name)] = std::move(text);
}

void Given::SetValue(std::string name, Interval value) {
  Check(Get(name, command_), value);
  value_[std::move(name)] = value;
}

void Given::SetDefault(std::string name, std::string text) {
  Get(name, command_);
  defaults_[std::move(name)] = std::move(text);
}

bool Given::Has(std::string_view name) const {
  return text_.find(name) != text_.end() || value_.find(name) != value_.end();
}

std::optional<Interval> Given::Value(std::string_view name) const {
  const Input& in = Get(name, command_);
  if (auto it = value_.find(name); it != value_.end()) return it->second;
  const std::string* text = nullptr;
  if (auto it = text_.find(name); it != text_.end()) {
    text = &it->second;
  } else if (auto d = defaults_.find(name); d != defaults_.end()) {
    text = &d->second;
  }
  if (text == nullptr) return Default(in);
  // "auto" in any case, as ids are (--batch AUTO was "expected a number like 700").
  if (AsciiLower(*text) == "auto" && in.default_text != nullptr &&
      std::string_view(in.default_text) == "auto") {
    return std::nullopt;
  }
  return Parse(in, *text);
}

double Given::Point(std::string_view name) const {
  const std::optional<Interval> v = Value(name);
  if (!v) throw InputError(Where{"", 0, std::string(name)}, "required");
  return v->value;
}

void Given::CheckAll() const {
  for (const auto& [name, text] : text_) {
    const Input& in = Get(name, command_);
    if (in.kind == Kind::kList) {
      List(name);
    } else if (in.kind != Kind::kId && in.kind != Kind::kSwitch) {
      Value(name);
    }
  }
}

std::vector<Interval> Given::List(std::string_view name) const {
  const Input& in = Get(name, command_);
  auto it = text_.find(name);
  if (it == text_.end()) return {};
  return ParseList(in, it->second, command_);
}

std::string Given::Text(std::string_view name) const {
  const Input& in = Get(name, command_);
  // An id (model, gpu, site, failure model, engine, ...) is trimmed of spaces and tabs on every
  // front end, as a query string's values are and as the catalog matches ids (Catalog::Find):
  // ' h100-sxm ' was refused by the CLI, the API's body and Python (found by an adversarial
  // tester).
  const auto id = [&](const std::string& text) {
    return TrimmedId(in) ? std::string(Trim(text)) : text;
  };
  if (auto it = text_.find(name); it != text_.end()) return id(it->second);
  if (auto it = defaults_.find(name); it != defaults_.end()) return id(it->second);
  return in.default_text ? in.default_text : "";
}

}  // namespace gpufleet::inputs

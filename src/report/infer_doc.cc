// InferDocument: the serving model as a Report for every renderer; JSON adds "results" by name
// and "inputs" (flat_results).
#include <fmt/format.h>

#include <map>

#include "gpufleet/inputs.h"
#include "gpufleet/report.h"

namespace gpufleet::report {
namespace {

using nlohmann::json;

// The rows of `all` named in `names`, in that order.
std::vector<NamedResult> Pick(const std::vector<NamedResult>& all,
                              std::initializer_list<const char*> names) {
  std::vector<NamedResult> out;
  for (const char* n : names) {
    for (const NamedResult& r : all) {
      if (r.name == n) out.push_back(r);
    }
  }
  return out;
}

// An input as a figure with its source: the input's own ("given" when it was), else
// `fallback`'s (an architecture field: the model's), else "default".
json InputFigure(const Interval& v, const char* unit, const InferInputs& in, const char* key,
                 const char* fallback = nullptr) {
  json j = gpufleet::ToJson(Figure::Of(v, unit));
  auto it = in.sources.find(key);
  if (it == in.sources.end() && fallback != nullptr) it = in.sources.find(fallback);
  j["source"] = it != in.sources.end() ? it->second : "default";
  return j;
}

// An input's unit as the input table gives it (infer's row, else the fleet's: the site
// factors), for the inputs below that take it from there.
const char* TableUnit(const char* name) {
  if (const inputs::Input* i = inputs::Find(name, inputs::kInfer)) return i->unit;
  if (const inputs::Input* i = inputs::Find(name, inputs::kFleet)) return i->unit;
  return "";
}

// InputFigure with the table's unit.
json TableInput(const Interval& v, const InferInputs& in, const char* key,
                const char* fallback = nullptr) {
  return InputFigure(v, TableUnit(key), in, key, fallback);
}

json InputsJson(const InferInputs& in) {
  const ModelArch& m = in.model;
  json out{{"model", m.id},
           {"gpu", in.gpu_id},
           {"site", in.site.id},
           {"system", in.system_id},
           {"precision", std::string(ToString(in.precision))},
           {"kv_precision", std::string(ToString(in.kv_precision))},
           {"engine", std::string(ToString(in.engine))},
           {"gpus_per_replica", in.gpus_per_replica},
           {"batch", in.batch ? json(*in.batch) : json("auto")}};
  out["params"] = InputFigure(m.params, "", in, "params", "model");
  out["active_params"] = InputFigure(m.active_params, "", in, "active_params", "model");
  out["layers"] = InputFigure(m.layers, "", in, "layers", "model");
  out["hidden"] = InputFigure(m.hidden, "", in, "hidden", "model");
  out["heads"] = InputFigure(m.heads, "", in, "heads", "model");
  out["kv_heads"] = InputFigure(m.kv_heads, "", in, "kv_heads", "model");
  out["head_dim"] = InputFigure(m.head_dim, "", in, "head_dim", "model");
  out["experts"] = InputFigure(m.experts, "", in, "experts", "model");
  out["experts_per_token"] = InputFigure(m.experts_per_token, "", in, "experts_per_token", "model");
  out["input_tokens"] = InputFigure(in.input_tokens, "tokens", in, "input_tokens");
  out["output_tokens"] = InputFigure(in.output_tokens, "tokens", in, "output_tokens");
  out["memory_bytes"] = InputFigure(in.memory_bytes, "B", in, "memory_bytes");
  out["memory_bandwidth_bytes_per_s"] =
      InputFigure(in.bandwidth_bytes_per_s, "B/s", in, "memory_bandwidth_bytes_per_s");
  out["peak_flop_per_s"] = InputFigure(in.peak_flop_per_s, "FLOP/s", in, "peak_flop_per_s");
  out["attention_flop_per_s"] =
      InputFigure(in.attention_flop_per_s, "FLOP/s", in, "attention_flop_per_s");
  out["interconnect_bytes_per_s"] =
      InputFigure(in.interconnect_bytes_per_s, "B/s", in, "interconnect_bytes_per_s");
  out["gpu_tdp_w"] = InputFigure(In(in.tdp, units::W), "W", in, "gpu_tdp_w");
  out["gpu_idle_w"] = InputFigure(In(in.idle, units::W), "W", in, "gpu_idle_w");
  out["host_overhead_w"] =
      InputFigure(In(in.host_overhead_per_gpu, units::W), "W", in, "host_overhead_w");
  out["bandwidth_efficiency"] =
      InputFigure(in.bandwidth_efficiency, "fraction", in, "bandwidth_efficiency");
  out["compute_efficiency"] =
      InputFigure(in.compute_efficiency, "fraction", in, "compute_efficiency");
  out["step_overhead_s"] = InputFigure(in.step_overhead_s, "s", in, "step_overhead_s");
  out["step_overhead_per_seq_s"] =
      InputFigure(in.step_overhead_per_seq_s, "s", in, "step_overhead_per_seq_s");
  out["power_per_bandwidth"] =
      InputFigure(in.power_per_bandwidth, "fraction", in, "power_per_bandwidth");
  out["power_per_compute"] = InputFigure(in.power_per_compute, "fraction", in, "power_per_compute");
  if (m.moe()) {
    out["moe_parallel"] = in.expert_parallel ? "ep" : "tp";
    out["moe_layer_s"] = InputFigure(in.moe_layer_s, "s", in, "moe_layer_s");
    out["moe_layer_ep_s"] = InputFigure(in.moe_layer_ep_s, "s", in, "moe_layer_ep_s");
    out["moe_layer_per_seq_s"] =
        InputFigure(in.moe_layer_per_seq_s, "s", in, "moe_layer_per_seq_s");
    out["moe_engine_power"] = InputFigure(in.moe_engine_power, "fraction", in, "moe_engine_power");
  }
  if (in.precision == Precision::kFp8) {
    out["fp8_layer_s"] = InputFigure(in.fp8_layer_s, "s", in, "fp8_layer_s");
  }
  out["memory_usable"] = InputFigure(in.memory_usable, "fraction", in, "memory_usable");
  out["pue"] = InputFigure(in.site.pue, "", in, "pue", "site");
  // The rest of what the figures use (they were left out: `count`, `load`, the cap, the SLOs,
  // the site's factors; found by an adversarial tester), each when it applies.
  out["grid_kg_per_kwh"] =
      TableInput(In(in.site.grid, units::kg_per_kwh), in, "grid_kg_per_kwh", "site");
  out["price_per_kwh"] =
      TableInput(In(in.site.price, units::usd_per_kwh), in, "price_per_kwh", "site");
  out["wue_l_per_kwh"] =
      TableInput(In(in.site.wue_onsite, units::l_per_kwh), in, "wue_l_per_kwh", "site");
  out["offsite_water_l_per_kwh"] = TableInput(In(in.site.water_offsite, units::l_per_kwh), in,
                                              "offsite_water_l_per_kwh", "site");
  out["load"] = TableInput(in.load, in, "load");
  if (in.requests_per_s) out["load"]["source"] = "not used: the demand sets the load";
  out["lifetime_years"] = TableInput(In(in.lifetime, units::year), in, "lifetime_years");
  if (in.count) out["count"] = TableInput(*in.count, in, "count");
  if (in.requests_per_s)
    out["requests_per_s"] = TableInput(*in.requests_per_s, in, "requests_per_s");
  if (in.gpu_hour_usd) out["gpu_hour_usd"] = TableInput(*in.gpu_hour_usd, in, "gpu_hour_usd");
  if (in.power_cap_w) out["power_cap_w"] = TableInput(*in.power_cap_w, in, "power_cap_w");
  if (in.ttft_slo_s) out["ttft_slo_s"] = TableInput(*in.ttft_slo_s, in, "ttft_slo_s");
  if (in.tpot_slo_s) out["tpot_slo_s"] = TableInput(*in.tpot_slo_s, in, "tpot_slo_s");
  return out;
}

}  // namespace

Report InferDocument(const InferInputs& in, const InferResult& r) {
  const std::vector<NamedResult> all = TabulateInfer(in, r);
  Report doc;
  doc.title = fmt::format("Serving {} on {} x {} at {} (gpufleet infer)", in.model.id,
                          in.gpus_per_replica, in.gpu_id, ToString(in.precision));
  doc.flat_results = true;
  doc.inputs = InputsJson(in);
  Section memory{"memory", "Memory and batch"};
  memory.rows =
      Pick(all, {"max_batch_by_memory", "batch", "weights_gb_per_gpu", "kv_cache_tokens"});
  Section speed{"latency", "Latency and throughput, one replica"};
  speed.rows = Pick(all, {"itl_s", "ttft_s", "request_time_s", "throughput_output_tokens_per_s"});
  Section energy{"energy", "Power and energy"};
  energy.rows = Pick(all, {"gpu_power_w", "decode_power_w", "energy_gpu_j_per_output_token",
                           "energy_server_j_per_output_token", "energy_facility_j_per_output_token",
                           "energy_gpu_wh_per_request", "energy_server_wh_per_request",
                           "energy_facility_wh_per_request", "gpu_share_of_facility_energy"});
  Section impact{"impact", "Carbon, water and money per request"};
  impact.rows = Pick(all, {"co2e_g_per_request", "co2e_market_g_per_request",
                           "co2e_embodied_g_per_request", "water_onsite_ml_per_request",
                           "water_ml_per_request", "cost_usd_per_million_output_tokens"});
  Section fleet{"fleet", "Fleet capacity"};
  fleet.rows = Pick(
      all, {"load", "fleet_requests_per_day", "fleet_gpu_power_w", "output_tokens_per_s_per_mw"});
  fleet.notes = r.notes;  // the inputs' notes, then the model's
  doc.extra = {memory, speed, energy, impact, fleet};
  return doc;
}

}  // namespace gpufleet::report

// TabulateInfer: the serving model's results as named Figures (names stable for scripts).
#include <fmt/format.h>

#include "gpufleet/infer.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

NamedResult Row(std::string name, std::string label, Figure f) {
  return NamedResult{std::move(name), std::move(label), std::move(f)};
}

}  // namespace

std::vector<NamedResult> TabulateInfer(const InferInputs& in, const InferResult& r) {
  const Interval wh = 3600.0;
  const double g = in.gpus_per_replica;
  // The batch the figures come from: one, or batch auto's span across the token counts (a
  // single batch was named beside figures from batches 135-895).
  // One output token: no decode step runs (InferResult::decodes), so no batch sets a figure.
  const std::string no_decode =
      "one output token: the prefill emits it, no decode step runs (n_out - 1 = 0)";
  const std::string batch =
      !r.decodes ? std::string("no decode step")
      : r.batch_span.is_point()
          ? fmt::format("batch {}", r.batch)
          : fmt::format("batch auto {} ({:.0f}-{:.0f} across the token counts)", r.batch,
                        r.batch_span.low, r.batch_span.high);
  const std::string replica =
      fmt::format("{} x {}, {}, {}", in.gpus_per_replica, in.gpu_id, ToString(in.precision), batch);
  const std::string load = fmt::format("load {}", ToString(r.load));
  // No site: the facility figures use PUE 1, an assumption said where they are.
  const std::string no_site_pue = in.site.id.empty() ? " (no site given: PUE 1)" : "";
  // No system (or one without a host power figure): the server figures equal the GPU's, said
  // as the PUE is (they passed as "GPU + host share" with no host; found by an adversarial
  // tester).
  const std::string no_host = In(in.host_overhead_per_gpu, units::W).high > 0 ? ""
                              : in.system_id.empty()
                                  ? " (no system given: no host power)"
                                  : " (system " + in.system_id + " has no host power figure: 0 W)";
  std::vector<NamedResult> rows = {
      Row("max_batch_by_memory", "largest batch that fits in memory",
          Figure::Of(r.memory.max_batch, "",
                     "(usable memory - weights) / KV bytes per token / (input + output tokens)")),
      Row("batch", "batch evaluated",
          !r.decodes && r.batch_auto
              ? Figure::Absent("", "auto: " + no_decode + ", so no batch is chosen")
              : Figure::Of(r.batch_span, "",
                           !r.batch_auto             ? (r.decodes ? "given" : "given; " + no_decode)
                           : r.batch_span.is_point() ? "auto"
                                                     : "auto, at each point of the token counts")),
      Row("weights_gb_per_gpu", "weights per GPU",
          Figure::Of(r.memory.weights_bytes / g / 1e9, "GB", std::string(ToString(in.precision)))),
      Row("kv_cache_tokens", "KV cache capacity (tokens, whole replica)",
          Figure::Of(r.memory.kv_capacity_tokens, "",
                     fmt::format("{}, {:.4g} kB per token", ToString(in.kv_precision),
                                 r.memory.kv_bytes_per_token.value / 1e3))),
      Row("itl_s", "time per output token (one decode step)",
          !r.decodes ? Figure::Absent("s", no_decode)
                     : Figure::Of(r.itl_s, "s",
                                  "bytes / bandwidth + FLOPs / compute + all-reduce + overheads; " +
                                      replica)),
      Row("ttft_s", "time to first token (prefill, no queueing)", Figure::Of(r.ttft_s, "s")),
      Row("request_time_s", "replica time per request (prefill + its share of decode steps)",
          Figure::Of(r.request_time_s, "s")),
      Row("throughput_output_tokens_per_s", "output tokens per second, one replica",
          Figure::Of(r.throughput_tokens_per_s, "tokens/s", replica)),
      Row("gpu_power_w", "average power per GPU while serving",
          Figure::Of(r.gpu_power_w, "W",
                     in.power_cap_w && *in.power_cap_w < In(in.tdp, units::W).high
                         ? fmt::format("idle + energy per byte and per FLOP, capped at {} W "
                                       "(power cap)",
                                       FormatNumber(*in.power_cap_w, 4))
                         : std::string("idle + energy per byte and per FLOP, capped at TDP"))),
      Row("decode_power_w", "power per GPU while decoding",
          !r.decodes ? Figure::Absent("W", no_decode) : Figure::Of(r.decode_power_w, "W")),
      Row("energy_gpu_j_per_output_token", "GPU energy per output token",
          Figure::Of(r.energy_gpu_j_per_output_token, "J", "GPU boundary, prefill included")),
      Row("energy_server_j_per_output_token", "server energy per output token",
          Figure::Of(r.energy_server_j_per_output_token, "J", "GPU + host share" + no_host)),
      Row("energy_facility_j_per_output_token", "facility energy per output token",
          Figure::Of(r.energy_facility_j_per_output_token, "J",
                     "server + idle share at " + load + ", x PUE" + no_site_pue)),
      Row("energy_gpu_wh_per_request", "GPU energy per request",
          Figure::Of(r.energy_gpu_j_per_request / wh, "Wh")),
      Row("energy_server_wh_per_request", "server energy per request",
          Figure::Of(r.energy_server_j_per_request / wh, "Wh",
                     no_host.empty() ? std::string() : no_host.substr(2, no_host.size() - 3))),
      Row("energy_facility_wh_per_request", "facility energy per request",
          Figure::Of(r.energy_facility_j_per_request / wh, "Wh", load + no_site_pue)),
      Row("gpu_share_of_facility_energy", "GPUs' share of the facility energy",
          Figure::Of(r.gpu_share_of_facility_energy, "fraction",
                     "GPU / (GPU + host + idle share at " + load + ") / PUE" + no_site_pue)),
      Row("co2e_g_per_request", "CO2e per request (location-based)",
          in.site.id.empty() ? Figure::Absent("g CO2e", "no site given: no grid carbon intensity")
                             : Figure::Of(In(r.site.co2e, units::kg_co2e) * 1000.0, "g CO2e",
                                          "site " + in.site.id)),
      Row("co2e_market_g_per_request", "CO2e per request (market-based)",
          r.co2e_market_kg_per_request
              ? Figure::Of(*r.co2e_market_kg_per_request * 1000.0, "g CO2e")
              : Figure::Absent("g CO2e", in.site.id.empty() ? "no site given"
                                                            : "site " + in.site.id +
                                                                  " has no market-based factor")),
      Row("co2e_embodied_g_per_request", "embodied CO2e per request (time share of the hardware)",
          r.co2e_embodied_kg_per_request
              ? Figure::Of(*r.co2e_embodied_kg_per_request * 1000.0, "g CO2e",
                           "boundary " + in.embodied_boundary +
                               ", the replica's time per request "
                               "at " +
                               load + " over the lifetime")
              : Figure::Absent("g CO2e", "no embodied figure for GPU " + in.gpu_id)),
      Row("water_onsite_ml_per_request", "on-site water per request",
          in.site.id.empty()
              ? Figure::Absent("mL", "no site given: no WUE")
              : Figure::Of(In(r.site.water_onsite, units::L) * 1000.0, "mL", "WUE x IT energy")),
      Row("water_ml_per_request", "water per request, on-site + off-site",
          in.site.id.empty()
              ? Figure::Absent("mL", "no site given: no WUE or off-site water factor")
              : Figure::Of(In(r.site.water, units::L) * 1000.0, "mL",
                           "WUE x IT energy + off-site factor x facility energy")),
      Row("cost_usd_per_million_output_tokens", "cost per million output tokens",
          !in.gpu_hour_usd && in.site.id.empty()
              ? Figure::Absent("USD",
                               "no site given: no electricity price (or give a price per GPU-hour)")
              : Figure::Of(r.cost_usd_per_output_token * 1e6, "USD",
                           in.gpu_hour_usd ? "price per GPU-hour at " + load
                                           : "amortised capex + electricity at " + load)),
      Row("load", "share of capacity in use", Figure::Of(r.load, "fraction")),
      Row("output_tokens_per_s_per_mw", "output tokens per second per MW of facility power",
          Figure::Of(r.output_tokens_per_s_per_mw, "tokens/s/MW")),
  };
  const std::string no_count = "no fleet size: give count (GPUs)";
  rows.push_back(Row("fleet_requests_per_day", "requests a day, whole fleet",
                     r.fleet_requests_per_day ? Figure::Of(*r.fleet_requests_per_day, "", load)
                                              : Figure::Absent("", no_count)));
  rows.push_back(Row("fleet_gpu_power_w", "average power per GPU, idle time included",
                     r.fleet_gpu_power_w ? Figure::Of(*r.fleet_gpu_power_w, "W", load)
                                         : Figure::Absent("W", no_count)));
  return rows;
}

}  // namespace gpufleet

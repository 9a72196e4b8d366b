// ServingSimSection: the serving simulator's summary as rows of Figures (serving_sim_report.h).
#include <fmt/format.h>

#include "gpufleet/infer_sim.h"
#include "gpufleet/serving_sim_report.h"

namespace gpufleet::report {

Section ServingSimSection(const ServingSpec& spec, const ServingSummary& m,
                          const ReplicaSearch* search) {
  Section s{"serving_simulation", "Serving simulation (one engine replica)"};
  auto row = [&](const char* name, const char* label, const Figure& f) {
    s.rows.push_back(NamedResult{name, label, f});
  };
  row("sim_ttft_p50_s", "time to first token, p50", m.ttft_p50_s);
  row("sim_ttft_p99_s", "time to first token, p99", m.ttft_p99_s);
  row("sim_tpot_p50_s", "time per output token, p50", m.tpot_p50_s);
  row("sim_tpot_p99_s", "time per output token, p99", m.tpot_p99_s);
  row("sim_e2e_p50_s", "end to end, p50", m.e2e_p50_s);
  row("sim_e2e_p99_s", "end to end, p99", m.e2e_p99_s);
  row("sim_throughput_output_tokens_per_s", "output tokens per second",
      m.throughput_output_tokens_per_s);
  // Not sim_requests_per_s: that is the input, the fleet's arrival rate (this is one replica's
  // rate served, the drain included; found by an adversarial tester).
  row("sim_served_requests_per_s", "requests served per second", m.requests_per_s);
  row("sim_energy_gpu_j_per_request", "GPU energy per request, idle included",
      m.energy_gpu_j_per_request);
  row("sim_energy_gpu_j_per_output_token", "GPU energy per output token, idle included",
      m.energy_gpu_j_per_output_token);
  row("sim_gpu_power_w", "mean power per GPU", m.gpu_power_w);
  row("sim_utilisation", "time busy (prefill or decode)", m.utilisation);
  row("sim_mean_batch", "mean decode batch", m.mean_batch);
  row("sim_rejected_fraction", "requests longer than the KV cache", m.rejected_fraction);
  if (search != nullptr)
    row("replicas_for_p99", "engine replicas for the p99 target", search->figure());
  const double horizon_rate = MeanRateOverHorizon(spec);
  s.notes = {
      "Scheduling: prefill first (vLLM's default without chunked prefill), continuous batching "
      "up to max_batch, admission only when a request's full length fits the KV cache.",
      fmt::format("Arrivals: Poisson, {:.4g} requests/s to the fleet (day mean, hourly "
                  "profile{}), split at random over {} engine replica(s); no load-balancing "
                  "router.",
                  spec.arrival_rate_per_s,
                  horizon_rate == spec.arrival_rate_per_s
                      ? std::string()
                      : fmt::format("; {:.4g} over the simulated hours", horizon_rate),
                  spec.replicas),
      fmt::format("Monte Carlo: {} simulated periods of {:.4g} h plus the drain, seed {}; p50 "
                  "with p5..p95.",
                  m.replicas, spec.horizon_s / 3600, m.seed),
  };
  // A p99 over a handful of requests is their largest (--sim-hours 1s gave one from about 7,
  // without a word; found by an adversarial tester).
  // A period with none (or one) was said nowhere: a p99 of 51.7 ms beside 0 requests a period
  // (found by an adversarial tester).
  if (m.fewest_completed < 100 && m.ttft_p99_s.present()) {
    s.notes.push_back(fmt::format(
        "As few as {} requests completed in a simulated period{}: a p99 over fewer than 100 is "
        "about their largest (a longer period or a higher rate gives more).",
        m.fewest_completed,
        m.fewest_completed == 0 ? " (some periods had none: their latencies are left out)" : ""));
  }
  // Draws past the context window are cut to it (serving_sim.h).
  if (m.cut_fraction.present() && m.cut_fraction.range().high > 0) {
    s.notes.push_back(fmt::format(
        "Requests longer than the context window of {:.0f} tokens: {:.3g}% (median over the "
        "periods; up to {:.3g}%), cut to it as an engine would (a prompt to {:.0f} tokens, an "
        "output stopped at the window).",
        spec.max_request_tokens, 100 * m.cut_fraction.range().value,
        100 * m.cut_fraction.range().high, spec.max_request_tokens - 1));
  }
  if (search != nullptr && !search->note.empty()) s.notes.push_back(search->note);
  return s;
}

Section InferSimSection(const InferSimulation& sim, const InferSimResult& result) {
  Section s =
      ServingSimSection(sim.spec, result.summary, result.search ? &*result.search : nullptr);
  s.notes.insert(s.notes.end(), sim.notes.begin(), sim.notes.end());
  s.notes.push_back(fmt::format(
      "Step costs from the serving model (central values), batch cap {}, KV cache {:.4g} tokens; "
      "GPU boundary (the host and the facility are in the sections above).",
      sim.spec.max_batch, sim.spec.cost.max_kv_tokens));
  return s;
}

void AddInferSimInputs(nlohmann::json& inputs, const InferSimulation& sim) {
  const ServingSpec& spec = sim.spec;
  nlohmann::json rate =
      gpufleet::ToJson(Figure::Of(Interval(spec.arrival_rate_per_s), "requests/s"));
  rate["source"] = sim.rate_given
                       ? "given"
                       : "default: load x one replica's capacity (the serving model's) x "
                         "sim_replicas";
  inputs["sim_requests_per_s"] = rate;
  inputs["sim_profile"] = sim.profile;
  inputs["sim_lengths"] = sim.lengths;
  inputs["sim_hours"] = gpufleet::ToJson(Figure::Of(Interval(spec.horizon_s / 3600), "h"));
  inputs["sim_replicas"] = spec.replicas;
  inputs["sim_runs"] = sim.mc.replicas;
  inputs["seed"] = sim.mc.seed;
  if (sim.target) {
    inputs[sim.target->metric == LatencyMetric::kTtft ? "sim_ttft_p99_s" : "sim_e2e_p99_s"] =
        gpufleet::ToJson(Figure::Of(Interval(sim.target->p99_s), "s"));
  }
}

}  // namespace gpufleet::report

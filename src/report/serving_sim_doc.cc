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
  row("sim_requests_per_s", "requests served per second", m.requests_per_s);
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
  if (m.fewest_completed > 0 && m.fewest_completed < 100) {
    s.notes.push_back(fmt::format(
        "As few as {} requests completed in a simulated period: a p99 over fewer than 100 is "
        "about their largest (a longer period or a higher rate gives more).",
        m.fewest_completed));
  }
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

}  // namespace gpufleet::report

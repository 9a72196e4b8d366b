// ServingStorySection: the default report's serving section (issue 13, part 6). The seed's
// 350,000 H100 serving Llama 3.1 405B in FP8, evaluated by the serving model (infer.h) through
// the same inputs and named results as `gpufleet infer`, and the article's 427 W set against it.
#include <fmt/format.h>

#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "gpufleet/si_format.h"

namespace gpufleet::report {
namespace {

// The serving inputs of the story, as `gpufleet infer` flags would give them.
InferInputs StoryInputs(const Catalog& catalog) {
  inputs::Given given(inputs::kInfer);
  given.SetText("model", "llama-3.1-405b");
  given.SetText("gpu", "h100-sxm");
  given.SetText("gpus_per_replica", "8");
  given.SetText("precision", "fp8");
  given.SetText("system", "dgx-h100");
  given.SetText("site", "meta-fleet");
  given.SetText("count", "350000");
  return InferInputsFrom(catalog, given);
}

// The load (share of capacity in use) at which the fleet's average GPU power, idle included,
// equals `watts` (central values; bisection, fleet_gpu_power_w rises with load); nullopt when
// no load in (0, 1] gives it.
std::optional<double> LoadForGpuPower(InferInputs in, double watts) {
  auto power = [&](double u) {
    in.load = u;
    return Evaluate(in).fleet_gpu_power_w->value;
  };
  double lo = 1e-4, hi = 1;
  if (!(power(lo) <= watts && watts <= power(hi))) return std::nullopt;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (power(mid) < watts ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

}  // namespace

Section ServingStorySection(const Catalog& catalog) {
  const InferInputs in = StoryInputs(catalog);
  const InferResult r = Evaluate(in);
  const std::vector<NamedResult> all = TabulateInfer(in, r);
  Section s;
  s.id = "serving";
  s.title = "Serving: the 350,000 H100 answering prompts (Llama 3.1 405B, FP8)";
  for (const char* name :
       {"fleet_requests_per_day", "energy_gpu_wh_per_request", "energy_server_wh_per_request",
        "energy_facility_wh_per_request", "gpu_power_w", "fleet_gpu_power_w", "itl_s",
        "co2e_g_per_request", "water_ml_per_request"}) {
    for (const NamedResult& row : all) {
      if (row.name == name) s.rows.push_back(row);
    }
  }
  // The article: "una H100s consuma 700W, 3.740KWh annuali"; 3,740 kWh over 8,760 h.
  const double article_w = 3740e3 / 8760;
  const Interval fleet_w = *r.fleet_gpu_power_w;
  const char* verdict = article_w < fleet_w.low ? "below this range: serving this model refutes it"
                        : article_w > fleet_w.high
                            ? "above this range: serving this model refutes it"
                            : "inside this range: serving this model can account for it";
  s.notes = {
      fmt::format(
          "Llama 3.1 405B in FP8 on one 8-GPU server per replica: Meta released FP8 weights "
          "so that 405B runs on a single node (Llama 3.1 announcement and Llama 3 paper, "
          "section 6.2, 2024), {} replicas; "
          "1,000 prompt and 300 output tokens a request and batch auto ({} sequences) are "
          "assumptions; load {} of provisioned capacity (assumed); DGX H100 host power (575 W "
          "per GPU, the fleet's upper end) and Meta's site (PUE 1.08). `gpufleet infer --model "
          "llama-3.1-405b --gpus-per-replica "
          "8 --precision fp8 --system dgx-h100 --site meta-fleet --count 350k` gives every "
          "figure.",
          FormatCount(*r.replicas), r.batch, FormatPercent(r.load)),
      fmt::format(
          "The article's 3,740 kWh a year per H100 implies {:.0f} W on average. Serving at this "
          "load an H100 averages {} (idle time included): 427 W is {}.",
          article_w, FormatSi(fleet_w, "W"), verdict),
  };
  if (auto u = LoadForGpuPower(in, article_w)) {
    s.notes.push_back(fmt::format(
        "427 W needs the serving fleet busy {:.0f}% of the time (central values); the fleet "
        "figures above assume 550 W (400-700), a mix of training and serving.",
        *u * 100));
  } else {
    s.notes.push_back("No load between idle and full gives 427 W on average for this model.");
  }
  return s;
}

}  // namespace gpufleet::report

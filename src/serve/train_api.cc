// /api/train: a training run on a fleet, with failures, simulated over Monte Carlo replicas.
#include <algorithm>
#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/random.h"
#include "gpufleet/training_fleet.h"
#include "gpufleet/training_report.h"
#include "serve/handlers.h"
#include "serve/simulation_slot.h"
#include "serve/train_request.h"

namespace gpufleet::serve {
namespace {

// Wall time of every replica (days) as a histogram of up to 24 equal bins.
Json HistogramJson(const std::vector<ReplicaResult>& results) {
  std::vector<double> days;
  for (const ReplicaResult& r : results) days.push_back(r.wall * 1e-9 / 86400);
  const auto [lo, hi] = std::minmax_element(days.begin(), days.end());
  const int bins = *hi > *lo ? std::min<int>(24, std::max<int>(1, days.size() / 8)) : 1;
  const double width = *hi > *lo ? (*hi - *lo) / bins : 1;
  std::vector<double> edges, counts(bins, 0);
  for (int i = 0; i <= bins; ++i) edges.push_back(*lo + i * width);
  for (double d : days) counts[std::min<int>(bins - 1, static_cast<int>((d - *lo) / width))] += 1;
  return Json{{"unit", "days"}, {"edges", edges}, {"counts", counts}};
}

}  // namespace

Json TimelineJson(const TrainingPlan& plan, double wall_h, uint64_t seed, size_t max_events) {
  Json events = Json::array();
  size_t total = 0;
  const auto add = [&](double rate_per_h, const std::string& category, uint64_t stream) {
    if (!(rate_per_h > 0)) return;
    Xoshiro256pp rng(seed, stream);
    for (double t = rng.Exponential(1 / rate_per_h); t < wall_h;
         t += rng.Exponential(1 / rate_per_h)) {
      if (++total <= max_events) events.push_back(Json{{"t", t / 24}, {"category", category}});
    }
  };
  const auto& classes = plan.model.classes;
  for (size_t i = 0; i < plan.job.causes.size() && i < classes.size(); ++i) {
    add(plan.job.causes[i].rate_per_hour, classes[i].category, (1ull << 40) + i);
  }
  add(plan.job.planned_per_hour, "planned", (1ull << 40) + 1000);
  std::sort(events.begin(), events.end(), [](const Json& a, const Json& b) {
    return a["t"].get<double>() < b["t"].get<double>();
  });
  return Json{{"unit", "days"},
              {"duration", wall_h / 24},
              {"events", events},
              {"total", total},
              {"shown", std::min(total, max_events)},
              {"what",
               "one sampled sequence of interruptions at the failure model's rates over "
               "the median simulated wall time"}};
}

Json TrainJson(const Catalog& catalog, const Json& request, const ApiOptions& budget) {
  const TrainRequest req = ParseTrainRequest(catalog, request, inputs::kTrain, budget);
  const SimulationSlot slot;  // after the request is known to be good
  const std::vector<ReplicaResult> results = RunReplicas(Compile(req.plan.job), req.mc);
  TrainingReport report;
  report.gpu = req.gpu;
  report.site = req.site;
  report.inputs = req.inputs;
  report.plan = req.plan;
  report.mc = Summarise(results, req.plan.job.causes.size(), req.mc.seed);
  // The run's energy, cost, CO2e and water from the fleet model, as `gpufleet train` gives them.
  report.fleet = RunFigures(req.fleet, req.inputs.gpus.value, report.mc);
  Json out = TrainingJson(report);
  out["histogram"] = HistogramJson(results);
  out["timeline"] = TimelineJson(req.plan, report.mc.wall_h.p50, req.mc.seed, 3000);
  return out;
}

}  // namespace gpufleet::serve

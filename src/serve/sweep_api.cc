// /api/sweep: effective training time against the number of GPUs in one job.
#include <fmt/format.h>

#include <algorithm>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/sweep.h"
#include "serve/handlers.h"
#include "serve/simulation_slot.h"
#include "serve/train_request.h"

namespace gpufleet::serve {
Json SweepApiJson(const Catalog& catalog, const Json& request, const ApiOptions& budget) {
  if (!request.is_object()) throw Bad("body", "must be a JSON object");
  // Each field's own domain first, in the input table's order, as the CLI checks its flags: with
  // two bad fields both front ends name the same one (the API named `from` where the CLI named
  // --count, found by an adversarial tester). Unknown fields and budgets are checked after.
  {
    inputs::Given scratch(inputs::kSweep);
    for (const inputs::Input* in : inputs::For(inputs::kSweep, inputs::kApi)) {
      const auto it = request.find(in->name);
      if (it != request.end() && !it->is_null()) SetFromJson(scratch, in->name, *it);
    }
  }
  inputs::Given axis(inputs::kSweep);  // the table's from, to, points; the server's defaults
  if (budget.server_defaults) {
    axis.SetDefault("from", "1024");
    axis.SetDefault("points", "9");
  }
  for (const char* f : {"from", "to", "points"}) {
    if (auto it = request.find(f); it != request.end() && !it->is_null()) {
      SetFromJson(axis, f, *it);
    }
  }
  const double from = axis.Point("from"), to = axis.Point("to"), points = axis.Point("points");
  CheckSweepAxis(from, to, static_cast<int>(points), true, !axis.Has("to"));
  // Work budgets of one request, after the domains.
  if (to > budget.max_gpus) {
    throw Bad("to",
              fmt::format("must be <= {} for the server's simulator, got {}", budget.max_gpus, to));
  }
  if (points > budget.max_points) {
    throw Bad("points",
              fmt::format("must be <= {} for the server, got {}", budget.max_points, points));
  }
  Json train = request;
  for (const char* f : {"from", "to", "points"}) train.erase(f);
  // null means absent, as for every field: the sweep's own default of 100 replicas.
  if (train.value("replicas", Json()).is_null()) {
    train["replicas"] = budget.server_defaults
                            ? 100
                            : std::stoi(inputs::DefaultFor(inputs::Get("replicas", inputs::kSweep),
                                                           inputs::kSweep));
  }
  if (!train.value("count", Json()).is_null()) {  // checked (its domain first), then refused
    inputs::Given count(inputs::kSweep);
    SetFromJson(count, "count", train["count"]);
    // As the CLI refuses --count in a sweep over the count: each point replaces it (it was
    // ignored without a word; found by an adversarial tester).
    throw Bad("count", "not used in a sweep over the GPU count: give from and to");
  }
  train["count"] = 1;
  const TrainRequest req = ParseTrainRequest(catalog, train, inputs::kSweep, budget);
  if (req.mc.replicas > budget.max_sweep_replicas) {  // a work budget, after the domain check
    throw Bad("replicas", fmt::format("must be <= {} for a sweep, got {}",
                                      budget.max_sweep_replicas, req.mc.replicas));
  }
  const std::vector<double> counts = LogSpaced(from, to, static_cast<int>(points));
  // The goodput family: one series per failure rate and checkpoint write (SweepFamily).
  inputs::Given lists(inputs::kSweep);
  for (const char* f : {"failure_rates", "checkpoint_writes"}) {
    if (auto it = request.find(f); it != request.end() && !it->is_null())
      SetFromJson(lists, f, *it);
  }
  std::vector<double> rates;
  std::vector<Duration<>> writes;
  for (const Interval& v : lists.List("failure_rates")) rates.push_back(v.value);
  for (const Interval& v : lists.List("checkpoint_writes")) writes.push_back(v.value * units::s);
  const size_t series = std::max<size_t>(1, rates.size()) * std::max<size_t>(1, writes.size());
  if (rates.empty() && writes.empty()) {
    const SimulationSlot slot;  // after the request is known to be good
    return SweepJson(SweepCount(req.inputs, req.reliability, req.figures, counts, req.mc), "count");
  }
  // A family may hold four times the points of one series (the dashboard's chart: 3 rates x 2
  // writes x 9 counts = 54).
  const size_t max_rows = 4 * static_cast<size_t>(budget.max_points);
  if (series * counts.size() > max_rows) {
    throw Bad("points", fmt::format("points x series must be <= {} for the server, got {} x {}",
                                    max_rows, counts.size(), series));
  }
  const SimulationSlot slot;  // after the request is known to be good
  return SweepJson(
      SweepFamily(req.inputs, req.reliability, req.figures, counts, rates, writes, req.mc),
      "count");
}

}  // namespace gpufleet::serve

// /api/sweep: effective training time against the number of GPUs in one job.
#include <fmt/format.h>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/sweep.h"
#include "serve/handlers.h"
#include "serve/train_request.h"

namespace gpufleet::serve {
namespace {

InputError Bad(const char* field, const std::string& message) {
  return InputError(Where{"<http>", 0, field}, message);
}

}  // namespace

Json SweepApiJson(const Catalog& catalog, const Json& request, const ApiOptions& budget) {
  if (!request.is_object()) throw InputError(Where{"<http>", 0, "body"}, "must be a JSON object");
  inputs::Given axis(inputs::kSweep);  // the table's from, to, points; the server's defaults
  axis.SetDefault("from", "1024");
  axis.SetDefault("points", "9");
  for (const char* f : {"from", "to", "points"}) {
    if (auto it = request.find(f); it != request.end() && !it->is_null()) {
      SetFromJson(axis, f, *it);
    }
  }
  const double from = axis.Point("from"), to = axis.Point("to"), points = axis.Point("points");
  // Work budgets of one request, after the domains.
  if (to > budget.max_gpus) {
    throw Bad("to", fmt::format("must be <= {} for the server's simulator", budget.max_gpus));
  }
  if (points > budget.max_points) {
    throw Bad("points", fmt::format("must be <= {} for the server", budget.max_points));
  }
  Json train = request;
  for (const char* f : {"from", "to", "points"}) train.erase(f);
  if (!train.contains("replicas")) train["replicas"] = 100;
  if (train.contains("count")) {  // checked, then replaced by each count of the sweep
    inputs::Given count(inputs::kSweep);
    SetFromJson(count, "count", train["count"]);
  }
  train["count"] = 1;
  const TrainRequest req = ParseTrainRequest(catalog, train, inputs::kSweep, budget);
  if (req.replicas > budget.max_sweep_replicas) {  // a work budget, after the domain check
    throw InputError(Where{"<http>", 0, "replicas"},
                     fmt::format("must be <= {} for a sweep", budget.max_sweep_replicas));
  }
  McOptions mc;
  mc.replicas = req.replicas;
  mc.seed = req.seed;
  mc.threads = 1;
  mc.max_events = budget.max_events;
  const std::vector<double> counts = LogSpaced(from, to, static_cast<int>(points));
  return SweepJson(SweepCount(req.inputs, req.reliability, req.figures, counts, mc), "gpus");
}

}  // namespace gpufleet::serve

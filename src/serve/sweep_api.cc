// /api/sweep: effective training time against the number of GPUs in one job.
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

Json SweepApiJson(const Catalog& catalog, const Json& request) {
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
  if (to > 1e6) throw Bad("to", "must be <= 1000000 for the server's simulator");
  if (points > 16) throw Bad("points", "must be <= 16 for the server");
  Json train = request;
  for (const char* f : {"from", "to", "points"}) train.erase(f);
  if (!train.contains("replicas")) train["replicas"] = 100;
  if (train.contains("count")) {  // checked, then replaced by each count of the sweep
    inputs::Given count(inputs::kSweep);
    SetFromJson(count, "count", train["count"]);
  }
  train["count"] = 1;
  const TrainRequest req = ParseTrainRequest(catalog, train, inputs::kSweep);
  if (req.replicas > 500) {  // a work budget, after the domain check
    throw InputError(Where{"<http>", 0, "replicas"}, "must be <= 500 for a sweep");
  }
  McOptions mc;
  mc.replicas = req.replicas;
  mc.seed = req.seed;
  mc.threads = 1;
  const std::vector<double> counts = LogSpaced(from, to, static_cast<int>(points));
  return SweepJson(SweepCount(req.inputs, req.reliability, req.figures, counts, mc), "gpus");
}

}  // namespace gpufleet::serve

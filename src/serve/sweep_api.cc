// /api/sweep: effective training time against the number of GPUs in one job.
#include "gpufleet/error.h"
#include "gpufleet/sweep.h"
#include "serve/handlers.h"
#include "serve/train_request.h"

namespace gpufleet::serve {
namespace {

double Field(const Json& req, const char* field, double fallback) {
  auto it = req.find(field);
  return it == req.end() ? fallback : IntervalFromJson(*it, field).value;
}

}  // namespace

Json SweepApiJson(const Catalog& catalog, const Json& request) {
  if (!request.is_object()) throw InputError(Where{"<http>", 0, "body"}, "must be a JSON object");
  const double from = Field(request, "from", 1024), to = Field(request, "to", 1e6);
  const double points = Field(request, "points", 9);
  if (!(to <= 1e6)) throw InputError(Where{"<http>", 0, "to"}, "must be <= 1000000");
  if (!(points >= 1 && points <= 16))
    throw InputError(Where{"<http>", 0, "points"}, "must be 1..16");
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

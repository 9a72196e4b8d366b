#include "serve/train_request.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/fleet.h"

namespace gpufleet::serve {
namespace {

const std::set<std::string> kFields = {"gpu",
                                       "site",
                                       "count",
                                       "params",
                                       "tokens",
                                       "flops",
                                       "mfu",
                                       "failure_model",
                                       "interval_h",
                                       "checkpoint_write_s",
                                       "storage_gb_per_s",
                                       "restart_s",
                                       "spares",
                                       "replicas",
                                       "seed"};

InputError Bad(const std::string& field, const std::string& message) {
  return InputError(Where{"<http>", 0, field}, message);
}

std::optional<Interval> Opt(const Json& req, const std::string& field) {
  auto it = req.find(field);
  if (it == req.end() || it->is_null()) return std::nullopt;
  return IntervalFromJson(*it, field);
}

// A whole number in [lo, hi], or `fallback` when absent.
int64_t Whole(const Json& req, const std::string& field, int64_t lo, int64_t hi, int64_t fallback) {
  const auto v = Opt(req, field);
  if (!v) return fallback;
  if (!v->is_point() || v->value != std::floor(v->value) || v->value < lo || v->value > hi) {
    throw Bad(field, "must be a whole number in " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return static_cast<int64_t>(v->value);
}

std::string Text(const Json& req, const std::string& field, const std::string& fallback) {
  auto it = req.find(field);
  if (it == req.end() || it->is_null()) return fallback;
  if (!it->is_string()) throw Bad(field, std::string("must be a string, got ") + it->type_name());
  return it->get<std::string>();
}

// Only the embedded failure models: a client must never make the server open a file.
std::string FailureModelId(const Json& req) {
  const std::string id = Text(req, "failure_model", "llama3-2024");
  std::string known;
  for (const FailureModel& m : EmbeddedFailureModels()) {
    const bool same = std::equal(m.id.begin(), m.id.end(), id.begin(), id.end(),
                                 [](char a, char b) { return std::tolower(a) == std::tolower(b); });
    if (same) return m.id;
    known += (known.empty() ? "" : ", ") + m.id;
  }
  throw Bad("failure_model", "unknown failure model '" + id + "'; known: " + known);
}

TrainingWork Work(const Json& req) {
  TrainingWork w{Opt(req, "params"), std::nullopt, Opt(req, "tokens"), Opt(req, "flops"),
                 std::nullopt};
  if (!w.params && !w.tokens && !w.flops) {  // Llama 3 405B
    w.params = Interval(405e9);
    w.tokens = Interval(15.6e12);
  }
  return w;
}

ReliabilityOptions Reliability(const Json& req) {
  ReliabilityOptions o;
  o.failure_model = FailureModelId(req);
  if (auto v = Opt(req, "interval_h")) o.interval = v->value * units::h;
  if (auto v = Opt(req, "checkpoint_write_s")) o.checkpoint_write = v->value * units::s;
  if (auto v = Opt(req, "storage_gb_per_s")) o.storage_gb_per_s = v->value;
  if (auto v = Opt(req, "restart_s")) {
    if (!(v->value >= 0)) throw Bad("restart_s", "must be >= 0");
    o.restart = v->value * units::s;
  }
  o.spares = static_cast<int>(Whole(req, "spares", -1, 1000000, -1));
  return o;
}

}  // namespace

GpuFigures FiguresFor(const Catalog& catalog, const std::string& gpu, const std::string& site) {
  FleetInputs in = InputsFromCatalog(catalog, gpu, site);
  in.count = 1;
  in.period = 1.0 * units::h;
  GpuFigures g;
  g.peak = in.peak_bf16_per_gpu;
  for (const auto& [load, out] : {std::pair{1.0, &g.busy}, {0.0, &g.down}}) {
    in.load = load;
    *out = In(Evaluate(in).energy_facility, units::J).value / 3600 * units::W;
  }
  return g;
}

TrainRequest ParseTrainRequest(const Catalog& catalog, const Json& req) {
  if (!req.is_object()) throw Bad("body", "must be a JSON object");
  for (const auto& [key, value] : req.items()) {
    if (!kFields.contains(key)) throw Bad(key, "unknown field");
  }
  TrainRequest r;
  try {
    r.gpu = catalog.Get("gpu", Text(req, "gpu", "h100-sxm")).id;
  } catch (const InputError& e) {
    throw Bad("gpu", e.detail());
  }
  r.site = Text(req, "site", "");
  if (!r.site.empty() && catalog.Find("site", r.site) == nullptr) {
    throw Bad("site", "unknown site '" + r.site + "'");
  }
  r.inputs.work = Work(req);
  r.inputs.gpus = Opt(req, "count").value_or(Interval(16384));
  if (!(r.inputs.gpus.low > 0) || r.inputs.gpus.high > 1e6) {
    throw Bad("count", "must be in 1..1000000 for the server's simulator");
  }
  r.inputs.mfu = Opt(req, "mfu").value_or(Interval(0.41, 0.38, 0.43));
  r.figures = FiguresFor(catalog, r.gpu, r.site);
  r.inputs.peak_per_gpu = r.figures.peak;
  r.reliability = Reliability(req);
  r.replicas = static_cast<uint64_t>(Whole(req, "replicas", 1, 2000, 200));
  r.seed = static_cast<uint64_t>(Whole(req, "seed", 0, 1ll << 53, 1));
  r.plan = PlanTraining(r.inputs, r.reliability, r.figures);
  return r;
}

}  // namespace gpufleet::serve

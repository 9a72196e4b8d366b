#include "serve/train_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/training_fleet.h"

namespace gpufleet::serve {
namespace {

// Only the catalog's failure models (the embedded ones, or those beside the directory the
// server or the Python call loaded its catalog from): a client must never make the server open
// a file it names.
std::string FailureModelId(const std::string& id, const FailureModelSet* set) {
  if (const FailureModel* m = FindFailureModel(id, set)) return m->id;
  // The CLI's words: a directory without failure models said a bare "known: " here.
  const InputError e = UnknownFailureModel(id, set, false);
  throw Bad(e.where().field, e.detail());
}

// Work budgets of one request, on top of the inputs' domains: the value given or, when none is,
// the default (a budget smaller than a default applies to requests that leave the field out).
void CheckBudget(const inputs::Given& g, const char* name, double max, const char* why) {
  if (!g.Value(name)) return;
  const double v = g.Point(name);
  if (v > max) throw Bad(name, fmt::format("must be <= {} {}, got {}", max, why, v));
}

}  // namespace

namespace {
// "true" / "false" in any case: a query string's text ("True" was refused as a string; found by
// an adversarial tester).
bool TextIs(const Json& v, std::string_view word) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() != word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != word[i]) return false;
  }
  return true;
}
}  // namespace

bool SwitchOff(const Json& v) { return v == false || TextIs(v, "false"); }

std::string InputText(const inputs::Input& in, const Json& v) {
  const std::string name = in.name;
  if (in.kind == inputs::Kind::kSwitch) {  // true (given) or false (as if left out)
    // A query string carries text only: "true" and "false" there (GET /api/infer?simulate=true
    // could never be true, found by an adversarial tester).
    if (TextIs(v, "true") || TextIs(v, "false")) return "1";
    if (!v.is_boolean())
      throw Bad(name,
                "must be true or false, got " +
                    (v.is_string()
                         ? "'" + v.get<std::string>().substr(0, 64) + "'"
                         : v.dump(-1, ' ', false, Json::error_handler_t::replace).substr(0, 64)));
    return "1";
  }
  if (in.kind == inputs::Kind::kId) {
    if (!v.is_string()) throw Bad(name, std::string("must be a string, got ") + v.type_name());
    return v.get<std::string>();
  }
  if (in.kind == inputs::Kind::kList && v.is_array()) {  // [2, 4, 8] as "2,4,8"
    std::string text;
    for (const Json& e : v) {
      if (!e.is_number() && !e.is_string()) {
        throw Bad(name, std::string("must hold numbers or strings, got ") + e.type_name());
      }
      text += (text.empty() ? "" : ",") +
              (e.is_string() ? e.get<std::string>() : fmt::format("{}", e.get<double>()));
    }
    return text;
  }
  // Numbers go through the same text parse as the CLI's flags: a JSON number is a bare number
  // in the input's unit (hours for checkpoint_interval_h), a string may carry a unit ("30m") or
  // be a range ("1..2"). "{}" prints a double exactly.
  if (v.is_string()) return v.get<std::string>();
  // A whole number as written (JSON holds it exactly): read as a double first, seed
  // 9007199254740993 was echoed as "got 9007199254740992", where Python and the CLI say "got
  // 9007199254740993 (read as 9007199254740992)" (found by an adversarial tester).
  if (v.is_number_unsigned()) return fmt::format("{}", v.get<uint64_t>());
  if (v.is_number_integer()) return fmt::format("{}", v.get<int64_t>());
  if (v.is_number()) return fmt::format("{}", v.get<double>());
  throw Bad(name, std::string("must be a number or a string, got ") + v.type_name());
}

void SetFromJson(inputs::Given& given, const std::string& name, const Json& v) {
  const inputs::Input& in = inputs::Get(name, given.command());
  const std::string text = InputText(in, v);
  if (in.kind == inputs::Kind::kSwitch && SwitchOff(v)) return;  // left out
  // As the CLI refuses `--site ""`: a field that is given says something; leaving it out (or
  // null) is how to ask for the default.
  if (text.empty()) throw Bad(name, "empty: give a value, or leave the field out for its default");
  given.SetText(name, text);
  // Check now: the error names this field.
  if (in.kind == inputs::Kind::kList) {
    given.List(name);
  } else if (in.kind != inputs::Kind::kId && in.kind != inputs::Kind::kSwitch) {
    given.Value(name);
  }
}

namespace {

TrainRequest Parse(const Catalog& catalog, const Json& req, inputs::Command command,
                   const ApiOptions& budget) {
  inputs::Given given(command);
  if (budget.server_defaults)
    given.SetDefault("replicas", "200");
  else if (const char* d = inputs::DefaultFor(inputs::Get("replicas", command), command))
    given.SetDefault("replicas", d);
  for (const auto& [key, value] : req.items()) {
    const std::string name = key == "interval_h" ? "checkpoint_interval_h" : key;  // old name
    // Both names at once: which was meant cannot be known (the old one won silently).
    if (key == "interval_h" && req.contains("checkpoint_interval_h")) {
      throw Bad(key, "given more than once: interval_h is the old name of checkpoint_interval_h");
    }
    const inputs::Input* in = inputs::Find(name, command);
    if (in == nullptr) throw Bad(key, "unknown field; known: " + KnownFields(command));
    // An input of the command the API does not offer says so, as Python does: "unknown field"
    // read as if it did not exist (found by an adversarial tester).
    if (!(in->front_ends & inputs::kApi)) {
      throw Bad(key, fmt::format("offered by the command line only ({})", in->help));
    }
    if (!value.is_null()) SetFromJson(given, name, value);
  }
  CheckBudget(given, "count", budget.max_gpus,
              "for the server's simulator (a work budget per request)");
  CheckBudget(given, "replicas", static_cast<double>(budget.max_replicas),
              "for the server (a work budget per request)");
  TrainRequest r;
  try {
    r.gpu = catalog.Get("gpu", given.Text("gpu")).id;
  } catch (const InputError& e) {
    throw Bad("gpu", e.detail());
  }
  // "none" is no site; an unknown one is an InputError naming "site" (Catalog::Get).
  r.fleet = InputsFromCatalog(catalog, r.gpu, given.Text("site"));
  r.site = r.fleet.site_id;
  r.figures = GpuFiguresFrom(r.fleet);
  r.inputs = TrainingInputsFrom(given, r.figures);
  r.reliability = ReliabilityFrom(given);
  r.reliability.catalog_models = CatalogFailureModels(catalog);
  r.reliability.failure_model =
      FailureModelId(r.reliability.failure_model, r.reliability.catalog_models.get());
  r.mc = MonteCarloFrom(given);
  r.mc.threads = 1;  // the server's workers already run requests in parallel
  r.mc.max_events = budget.max_events != 0 ? budget.max_events : kLocalMaxEventsPerReplica;
  r.mc.max_total_events = budget.max_request_events;
  r.mc.spent = std::make_shared<std::atomic<uint64_t>>(0);
  r.mc.progress = nullptr;
  r.plan = PlanTraining(r.inputs, r.reliability, r.figures);
  return r;
}

}  // namespace

TrainRequest ParseTrainRequest(const Catalog& catalog, const Json& req, inputs::Command command,
                               const ApiOptions& budget) {
  if (!req.is_object()) throw Bad("body", "must be a JSON object");
  try {
    return Parse(catalog, req, command, budget);
  } catch (const InputError& e) {
    // A request that used the old name of the checkpoint interval hears about it by that name.
    if (req.contains("interval_h") && e.where().field == "checkpoint_interval_h") {
      throw Bad("interval_h", e.detail());
    }
    throw;
  }
}

}  // namespace gpufleet::serve

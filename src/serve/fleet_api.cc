// /api/fleet: a scenario (catalog ids plus input overrides) in, the fleet model's figures out.
#include <fmt/format.h>

#include <set>

#include "gpufleet/catalog_format.h"
#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "report/breakdown.h"
#include "serve/handlers.h"
#include "serve/train_request.h"

namespace gpufleet::serve {
namespace {

const std::set<std::string> kIdFields = {"gpu", "site", "system"};

// The catalog id under `field`, "" when absent. Checks that the id exists in the catalog.
std::string IdField(const Catalog& catalog, const Json& scenario, const std::string& field) {
  auto it = scenario.find(field);
  if (it == scenario.end() || it->is_null()) return "";
  if (!it->is_string()) throw Bad(field, std::string("must be a string, got ") + it->type_name());
  const std::string id = it->get<std::string>();
  if (id.empty()) return "";
  try {
    return catalog.Get(field, id).id;
  } catch (const InputError& e) {
    throw Bad(field, e.detail());
  }
}

Json BreakdownsJson(const std::vector<Breakdown>& breakdowns) {
  Json out = Json::array();
  for (const Breakdown& b : breakdowns) {
    Json parts = Json::array();
    for (const BreakdownPart& p : b.parts) {
      Json j = gpufleet::ToJson(Figure::Of(p.value, b.unit));
      j["label"] = p.label;
      parts.push_back(std::move(j));
    }
    Json j(Json::value_t::object);
    j["id"] = b.id;
    j["title"] = b.title;
    j["unit"] = b.unit;
    j["parts"] = std::move(parts);
    out.push_back(std::move(j));
  }
  return out;
}

// Every fact of the catalog entries the scenario used, with its source.
Json SourcesJson(const Catalog& catalog, const FleetInputs& in) {
  Json out = Json::array();
  const std::pair<const char*, const std::string*> used[] = {
      {"gpu", &in.gpu_id}, {"system", &in.system_id}, {"site", &in.site_id}};
  for (const auto& [kind, id] : used) {
    const Entry* e = id->empty() ? nullptr : catalog.Find(kind, *id);
    if (e == nullptr) continue;
    for (const auto& [key, fact] : e->facts) {
      Json j = FactJson(key, fact);
      j["kind"] = kind;
      j["id"] = e->id;
      j["key"] = key;
      out.push_back(std::move(j));
    }
  }
  return out;
}

}  // namespace

Json FleetJson(const Catalog& catalog, const Json& scenario) {
  if (!scenario.is_object()) throw Bad("body", "must be a JSON object");
  const std::string gpu = IdField(catalog, scenario, "gpu");
  if (gpu.empty()) throw Bad("gpu", "required: a GPU id from /api/catalog");
  FleetInputs in = InputsFromCatalog(catalog, gpu, IdField(catalog, scenario, "site"),
                                     IdField(catalog, scenario, "system"));
  Json overrides = Json::object();
  for (const auto& [key, value] : scenario.items()) {
    if (kIdFields.contains(key)) continue;
    const inputs::Input* input = inputs::Find(key, inputs::kFleet);
    if (input == nullptr || input->kind == inputs::Kind::kId ||
        !(input->front_ends & inputs::kApi)) {
      throw Bad(key, "unknown field; known: " + KnownFields(inputs::kFleet));
    }
    SetInput(in, key, inputs::Parse(*input, InputText(*input, value)));
    overrides[key] = gpufleet::ToJson(Figure::Of(GetInput(in, key), InputUnit(key)));
  }
  // The same document `gpufleet fleet --format json` prints (inputs, results, sections,
  // comparisons), plus what the dashboard draws: the scenario as understood, breakdowns for the
  // charts and every catalog fact used.
  const report::FleetReport doc = report::BuildFleetReport(in.gpu_id, in, catalog);
  Json out = report::ToJson(doc);
  out["scenario"] = Json{
      {"gpu", in.gpu_id}, {"site", in.site_id}, {"system", in.system_id}, {"overrides", overrides}};
  out["breakdowns"] = BreakdownsJson(FleetBreakdowns(in, doc.result));
  out["sources"] = SourcesJson(catalog, in);
  return out;
}

}  // namespace gpufleet::serve

// /api/fleet: a scenario (catalog ids plus input overrides) in, the fleet model's figures out.
#include <set>

#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "report/breakdown.h"
#include "serve/handlers.h"

namespace gpufleet::serve {
namespace {

const std::set<std::string> kIdFields = {"gpu", "site", "system"};

InputError Bad(const std::string& field, const std::string& message) {
  return InputError(Where{"<http>", 0, field}, message);
}

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

Json InputsJson(const FleetInputs& in) {
  Json out = Json::object();
  for (const std::string& name : InputNames()) {
    try {
      out[name] = ToJson(GetInput(in, name));
    } catch (const InputError&) {
      // An optional input that this scenario does not set (e.g. board_length_mm).
    }
  }
  return out;
}

Json ResultsJson(const std::vector<NamedResult>& results) {
  Json out = Json::array();
  for (const NamedResult& n : results) {
    Json j = ToJson(n.value);
    j["name"] = n.name;
    j["unit"] = n.unit;
    j["description"] = n.description;
    j["assumption"] = n.assumption;
    out.push_back(std::move(j));
  }
  return out;
}

Json ComparisonsJson(const std::vector<Comparison>& comparisons) {
  Json out = Json::array();
  for (const Comparison& c : comparisons) {
    Json j(Json::value_t::object);
    j["what"] = c.what;
    j["reference"] = c.reference;
    j["ratio"] = ToJson(c.ratio);
    j["text"] = c.text;
    out.push_back(std::move(j));
  }
  return out;
}

Json BreakdownsJson(const std::vector<Breakdown>& breakdowns) {
  Json out = Json::array();
  for (const Breakdown& b : breakdowns) {
    Json parts = Json::array();
    for (const BreakdownPart& p : b.parts) {
      Json j = ToJson(p.value);
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
      Json j = ToJson(fact.value);
      j["kind"] = kind;
      j["id"] = e->id;
      j["key"] = key;
      j["source"] = fact.source;
      j["url"] = fact.url;
      j["year"] = fact.year;
      j["confidence"] = std::string(ToString(fact.confidence));
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
    SetInput(in, key, IntervalFromJson(value, key));
    overrides[key] = ToJson(GetInput(in, key));
  }
  const FleetResult r = Evaluate(in);
  return Json{{"scenario", Json{{"gpu", in.gpu_id},
                                {"site", in.site_id},
                                {"system", in.system_id},
                                {"overrides", overrides}}},
              {"inputs", InputsJson(in)},
              {"results", ResultsJson(Tabulate(in, r))},
              {"breakdowns", BreakdownsJson(FleetBreakdowns(in, r))},
              {"comparisons", ComparisonsJson(Compare(in, r, catalog))},
              {"sources", SourcesJson(catalog, in)}};
}

}  // namespace gpufleet::serve

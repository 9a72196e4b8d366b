// /api/fleet: a scenario (catalog ids plus input overrides) in, the fleet model's figures out.
#include <fmt/format.h>

#include <memory>
#include <set>

#include "gpufleet/catalog_format.h"
#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "report/breakdown.h"
#include "report/fleet_json.h"
#include "serve/handlers.h"
#include "serve/train_request.h"
#include "util/ascii.h"
#include "util/json_writer.h"

namespace gpufleet::serve {
namespace {

const std::set<std::string> kIdFields = {"gpu", "site", "system"};

// The catalog id under `field`, "" when absent. Checks that the id exists in the catalog.
std::string IdField(const Catalog& catalog, const Json& scenario, const std::string& field) {
  auto it = scenario.find(field);
  if (it == scenario.end() || it->is_null()) return "";
  if (!it->is_string()) throw Bad(field, std::string("must be a string, got ") + it->type_name());
  // Trimmed of spaces and tabs, as ids are on every front end (Catalog::Find, inputs::Given).
  const std::string id(Trim(it->get<std::string>()));
  // As the CLI refuses `--site ""`: a field that is given says something; leaving it out (or
  // null) is how to ask for none.
  // Words for every front end that runs this (Python's fleet() as well: "/api/catalog" was no
  // hint to a Python user; found by an adversarial tester).
  if (id.empty()) throw Bad(field, "empty: give an id from the catalog, or leave it out");
  if (NamesNone(id) && field != "gpu") return "";  // no site or system, as on every front end
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
      // An unknown part is null with its why, as every absent figure (the parts then add up to
      // the total, null too).
      Json j =
          gpufleet::ToJson(p.known() ? Figure::Of(p.value, b.unit) : Figure::Absent(b.unit, p.why));
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

// The catalog entries the scenario used (kind, entry), in the answer's order: gpu, system, site.
std::vector<std::pair<const char*, const Entry*>> UsedEntries(const Catalog& catalog,
                                                              const FleetInputs& in) {
  std::vector<std::pair<const char*, const Entry*>> out;
  const std::pair<const char*, const std::string*> ids[] = {
      {"gpu", &in.gpu_id}, {"system", &in.system_id}, {"site", &in.site_id}};
  for (const auto& [kind, id] : ids) {
    const Entry* e = id->empty() ? nullptr : catalog.Find(kind, *id);
    if (e != nullptr) out.emplace_back(kind, e);
  }
  return out;
}

// Every fact of the catalog entries the scenario used, with its source.
Json SourcesJson(const Catalog& catalog, const FleetInputs& in) {
  Json out = Json::array();
  for (const auto& [kind, e] : UsedEntries(catalog, in)) {
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

// The scenario as understood: its inputs, and each override's value as set, in key order.
struct FleetScenario {
  FleetInputs in;
  std::vector<std::pair<std::string, Interval>> overrides;
};

FleetScenario ReadScenario(const Catalog& catalog, const Json& scenario) {
  if (!scenario.is_object()) throw Bad("body", "must be a JSON object");
  const std::string gpu = IdField(catalog, scenario, "gpu");
  if (gpu.empty()) throw Bad("gpu", "required: a GPU id from the catalog");
  FleetScenario s{InputsFromCatalog(catalog, gpu, IdField(catalog, scenario, "site"),
                                    IdField(catalog, scenario, "system")),
                  {}};
  for (const auto& [key, value] : scenario.items()) {
    if (kIdFields.contains(key)) continue;
    const inputs::Input* input = inputs::Find(key, inputs::kFleet);
    if (input == nullptr || input->kind == inputs::Kind::kId ||
        !(input->front_ends & inputs::kApi)) {
      throw Bad(key, "unknown field; known: " + KnownFields(inputs::kFleet));
    }
    if (value.is_null()) continue;  // null is left out, as on every other route
    SetInput(s.in, key, inputs::Parse(*input, InputText(*input, value)), "request field " + key);
    s.overrides.emplace_back(key, GetInput(s.in, key));
  }
  return s;
}

void WriteBreakdowns(JsonWriter& w, const std::vector<Breakdown>& breakdowns) {
  w.BeginArray();
  for (const Breakdown& b : breakdowns) {
    w.BeginObject();
    w.Member("id", b.id);
    w.Key("parts");
    w.BeginArray();
    for (const BreakdownPart& p : b.parts) {
      const report::JsonField extra[] = {{"label", p.label}};
      report::WriteFigure(
          w, p.known() ? Figure::Of(p.value, b.unit) : Figure::Absent(b.unit, p.why), false, extra);
    }
    w.EndArray();
    w.Member("title", b.title);
    w.Member("unit", b.unit);
    w.EndObject();
  }
  w.EndArray();
}

void WriteSourcesArray(JsonWriter& w, const Catalog& catalog, const FleetInputs& in) {
  w.BeginArray();
  for (const auto& [kind, e] : UsedEntries(catalog, in)) {
    for (const auto& [key, fact] : e->facts) {
      // FactJson's members and the three added here, in key order.
      const std::string text = FactText(key, fact);
      const report::JsonField extra[] = {{"confidence", ToString(fact.confidence)},
                                         {"id", e->id},
                                         {"key", key},
                                         {"kind", kind},
                                         {"note", fact.note},
                                         {"source", fact.source},
                                         {"text", text},
                                         {"url", fact.url},
                                         {"year", {}, fact.year, true}};
      report::WriteFigure(w, Figure::Of(fact.value, std::string(UnitOfKey(key))), false, extra);
    }
  }
  w.EndArray();
}

// The same array, written once per catalog and combination of entries (Catalog::Derived): it
// depends on the entries alone, never on a request's inputs, and is a fifth of the answer.
void WriteSources(JsonWriter& w, const Catalog& catalog, const FleetInputs& in) {
  const std::string key =
      "serve.fleet.sources\x1f" + in.gpu_id + '\x1f' + in.system_id + '\x1f' + in.site_id;
  const std::shared_ptr<const std::string> text = catalog.Derived<std::string>(key, [&] {
    std::string out;
    JsonWriter array(out);
    WriteSourcesArray(array, catalog, in);
    array.Finish();
    return out;
  });
  w.Raw(*text);
}

}  // namespace

Json FleetJson(const Catalog& catalog, const Json& scenario) {
  const FleetScenario s = ReadScenario(catalog, scenario);
  const FleetInputs& in = s.in;
  Json overrides = Json::object();
  for (const auto& [key, value] : s.overrides) {
    overrides[key] = gpufleet::ToJson(Figure::Of(value, InputUnit(key)));
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

std::string FleetAnswer(const Catalog& catalog, const Json& scenario) {
  FleetScenario s = ReadScenario(catalog, scenario);
  const std::string name = s.in.gpu_id;
  const report::FleetReport doc =
      report::BuildFleetReport(name, std::move(s.in), catalog, {}, /*with_sources=*/false);
  const FleetInputs& in = doc.inputs;  // the scenario's inputs, moved into the report
  std::string out;
  out.reserve(24 * 1024);
  JsonWriter w(out);
  // FleetJson's members in key order.
  w.BeginObject();
  w.Key("breakdowns");
  WriteBreakdowns(w, FleetBreakdowns(in, doc.result));
  w.Key("comparisons");
  report::WriteComparisons(w, doc.comparisons);
  w.Key("inputs");
  // The catalog's inputs for this combination of entries, written once per catalog (most of a
  // request's inputs are these, unchanged): never a request's value.
  const std::string inputs_key =
      "serve.fleet.inputs\x1f" + in.gpu_id + '\x1f' + in.system_id + '\x1f' + in.site_id;
  const auto inputs_text = catalog.Derived<report::FleetInputsText>(inputs_key, [&] {
    return report::MakeFleetInputsText(
        InputsFromCatalog(catalog, in.gpu_id, in.site_id, in.system_id));
  });
  report::WriteFleetInputs(w, doc.inputs, *inputs_text);
  report::WriteNotes(w, doc.notes);
  w.Key("results");
  report::WriteResults(w, report::FleetRows(doc));
  w.Key("scenario");
  w.BeginObject();
  w.Member("gpu", in.gpu_id);
  w.Key("overrides");
  w.BeginObject();
  for (const auto& [key, value] : s.overrides) {
    w.Key(key);
    report::WriteFigure(w, Figure::Of(value, InputUnit(key)));
  }
  w.EndObject();
  w.Member("site", in.site_id);
  w.Member("system", in.system_id);
  w.EndObject();
  w.Key("sections");
  report::WriteGrouping(w, doc.sections);
  w.Key("sources");
  WriteSources(w, catalog, in);
  w.EndObject();
  w.Finish();
  return out;
}

}  // namespace gpufleet::serve

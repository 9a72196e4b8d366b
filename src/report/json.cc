// RenderJson/ToJson: the report for programs (shape documented in report.h).
#include "gpufleet/report.h"
#include "report/fleet_json.h"

namespace gpufleet::report {
namespace {

using nlohmann::json;

json Inputs(const FleetInputs& in) {
  json out = json::object();
  out["gpu"] = in.gpu_id;
  out["site"] = in.site_id;
  out["system"] = in.system_id;
  for (const std::string& name : InputNames()) {
    if (name == "system_price_per_gpu_usd" && !in.system_price_per_gpu) continue;
    if (name == "board_length_mm" && !in.board_length) continue;
    json x = gpufleet::ToJson(FleetInputFigure(in, name));
    const std::string* source = in.sources.Find(name);
    x["source"] = source != nullptr ? *source
                                    : (name == "gpu_power_w" && !in.gpu_avg_power
                                           ? "derived: idle + load x (TDP - idle)"
                                           : "");
    out[name] = std::move(x);
  }
  return out;
}

// NAME: the figure with its basis and its label for people.
json Results(const std::vector<NamedResult>& results) {
  json out = json::object();
  for (const NamedResult& r : results) {
    json j = gpufleet::ToJson(r.figure, /*with_basis=*/true);
    j["label"] = r.description;
    out[r.name] = std::move(j);
  }
  return out;
}

// The grouping people see: [{"id", "title", "names": [result names]}].
json Grouping(const std::vector<Section>& sections) {
  json out = json::array();
  for (const Section& s : sections) {
    json names = json::array();
    for (const NamedResult& r : s.rows) names.push_back(r.name);
    out.push_back(json{{"id", s.id}, {"title", s.title}, {"names", names}});
  }
  return out;
}

json Comparisons(const std::vector<Comparison>& cmp) {
  json out = json::array();
  for (const Comparison& c : cmp) {
    out.push_back(json{{"what", c.what},
                       {"reference", c.reference},
                       {"ratio", gpufleet::ToJson(Figure::Of(c.ratio, ""))},
                       {"text", c.text}});
  }
  return out;
}

json SectionJson(const Section& s) {
  json out{{"id", s.id}, {"title", s.title}, {"rows", Results(s.rows)}, {"notes", s.notes}};
  if (!s.comparisons.empty()) out["comparisons"] = Comparisons(s.comparisons);
  if (s.table) out["table"] = json{{"columns", s.table->columns}, {"cells", s.table->cells}};
  return out;
}

}  // namespace

json ToJson(const FleetReport& f) {
  json results = json::object();
  for (const NamedResult* r : FleetRows(f)) {
    json j = gpufleet::ToJson(r->figure, /*with_basis=*/true);
    j["label"] = r->description;
    results[r->name] = std::move(j);
  }
  json out{{"inputs", Inputs(f.inputs)},
           {"results", std::move(results)},
           {"sections", Grouping(f.sections)},
           {"comparisons", Comparisons(f.comparisons)}};
  if (!f.notes.empty()) out["notes"] = f.notes;  // what the text prints under "Assumptions"
  return out;
}

json ToJson(const Report& r) {
  if (r.fleets.size() == 1 && r.extra.empty() && !r.scenario) return ToJson(r.fleets[0]);
  json scenarios = json::array();
  for (const FleetReport& f : r.fleets) {
    json one = ToJson(f);
    one["name"] = f.name;
    one["description"] = f.description;
    one["notes"] = f.notes;
    scenarios.push_back(std::move(one));
  }
  json sections = json::array();
  for (const Section& s : r.extra) sections.push_back(SectionJson(s));
  json out{{"title", r.title}, {"scenarios", scenarios}, {"sections", sections}};
  if (!r.description.empty()) out["description"] = r.description;
  if (r.flat_results) {
    std::vector<NamedResult> rows;
    for (const Section& s : r.extra) rows.insert(rows.end(), s.rows.begin(), s.rows.end());
    out["results"] = Results(rows);
    out["inputs"] = r.inputs.is_null() ? json::object() : r.inputs;
    out.erase("scenarios");
  }
  return out;
}

std::string RenderJson(const Report& r) { return ToJson(r).dump(2) + "\n"; }

}  // namespace gpufleet::report

// RenderJson/ToJson: the report for programs (shape documented in report.h).
#include "gpufleet/report.h"

namespace gpufleet::report {
namespace {

using nlohmann::json;

json Figure(const Interval& v, const std::string& unit) {
  return json{{"value", v.value}, {"low", v.low}, {"high", v.high}, {"unit", unit}};
}

json Inputs(const FleetInputs& in) {
  json out = json::object();
  out["gpu"] = in.gpu_id;
  out["site"] = in.site_id;
  out["system"] = in.system_id;
  for (const std::string& name : InputNames()) {
    if (name == "system_price_per_gpu_usd" && !in.system_price_per_gpu) continue;
    if (name == "board_length_mm" && !in.board_length) continue;
    json x = Figure(GetInput(in, name), InputUnit(name));
    auto it = in.sources.find(name);
    x["source"] = it != in.sources.end() ? it->second
                                         : (name == "gpu_power_w" && !in.gpu_avg_power
                                                ? "derived: idle + load x (TDP - idle)"
                                                : "");
    out[name] = std::move(x);
  }
  return out;
}

json Results(const std::vector<NamedResult>& results) {
  json out = json::object();
  for (const NamedResult& r : results) {
    if (r.available) {
      out[r.name] = Figure(r.value, r.unit);
    } else {
      out[r.name] = json{{"value", nullptr},
                         {"low", nullptr},
                         {"high", nullptr},
                         {"unit", r.unit},
                         {"note", r.assumption}};
    }
  }
  return out;
}

json Comparisons(const std::vector<Comparison>& cmp) {
  json out = json::array();
  for (const Comparison& c : cmp) {
    out.push_back(json{{"what", c.what},
                       {"reference", c.reference},
                       {"ratio", c.ratio.value},
                       {"ratio_low", c.ratio.low},
                       {"ratio_high", c.ratio.high},
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
  return json{{"inputs", Inputs(f.inputs)},
              {"results", Results(f.results)},
              {"comparisons", Comparisons(f.comparisons)}};
}

json ToJson(const Report& r) {
  if (r.fleets.size() == 1 && r.extra.empty()) return ToJson(r.fleets[0]);
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
  return json{{"title", r.title}, {"scenarios", scenarios}, {"sections", sections}};
}

std::string RenderJson(const Report& r) { return ToJson(r).dump(2) + "\n"; }

}  // namespace gpufleet::report

// The JSON report, for programs.
#include <cmath>
#include <nlohmann/json.hpp>

#include "gpufleet/claims.h"
#include "gpufleet/figure.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

using Json = nlohmann::ordered_json;

// A range in the claim's unit, in the one Figure shape (figure.h).
Json Range(const Interval& x, const std::string& unit) {
  return Json(gpufleet::ToJson(Figure::Of(x, unit)));
}

Json ImpliedJson(const Implied& i) {
  Json j{{"variable", i.variable}, {"unit", i.unit}, {"solved", i.solved}};
  if (i.jump) j["jump"] = true;
  if (i.solved) j["value"] = i.value;
  j["scenario_value"] = i.current;
  if (i.plausible) {
    j["plausible"] = Range(*i.plausible, i.unit);
    j["plausible_source"] = i.plausible_source;
    j["is_plausible"] = i.is_plausible;
  }
  j["text"] = i.text;
  return j;
}

Json ReadingJson(const ReadingResult& r, const std::string& unit) {
  Json j{{"label", r.label}, {"verdict", ToString(r.verdict)}};
  if (r.verdict == Verdict::kUnverifiable) {
    j["missing"] = r.missing;
  } else {
    j["computed"] = Range(r.computed, unit);
    // For people, as `gpufleet check` prints it (the dashboard showed its own formatting).
    j["computed_text"] = NumberWithUnit(FormatScaledInterval(r.computed), unit);
    j["factor_claimed_over_computed"] = r.factor;
    j["direction"] = r.direction;
  }
  j["accepted"] = Range(r.accepted, unit);
  j["assumption"] = r.assumption;
  j["sources"] = r.sources;
  j["implied"] = Json::array();
  for (const Implied& i : r.implied) j["implied"].push_back(ImpliedJson(i));
  return j;
}

Json ClaimJson(const ClaimResult& c) {
  const Claim& cl = *c.claim;
  Json j{{"id", cl.id},
         {"words", cl.words},
         {"translation", cl.translation},
         {"file", cl.file},
         {"sentence", cl.sentence},
         {"quantity", cl.quantity.text},
         {"claimed",
          {{"value", cl.value},
           {"unit", cl.unit},
           {"as_written", cl.value_text},
           {"text", NumberWithUnit(cl.value_text, cl.unit)}}},
         {"hedge", cl.hedge->name},
         {"verdict", ToString(c.verdict)}};
  j["readings"] = Json::array();
  for (const ReadingResult& r : c.readings) j["readings"].push_back(ReadingJson(r, cl.unit));
  if (!cl.follows.empty()) {
    j["follows"] = cl.follows;
    j["consistency"] = {{"checked", c.consistency.checked},
                        {"consistent", c.consistency.consistent},
                        {"text", c.consistency.text}};
    if (c.consistency.checked) {
      j["consistency"]["derived"] = Range(c.consistency.derived, cl.unit);
      j["consistency"]["factor_claimed_over_derived"] = c.consistency.factor;
    }
  }
  j["explanation"] = c.explanation;
  j["note"] = cl.note;
  return j;
}

}  // namespace

std::string RenderJson(const Report& r) {
  Json j{{"title", r.title}, {"source_file", r.source_file}, {"claims_file", r.claims_path}};
  Json counts = Json::object();
  for (Verdict v : {Verdict::kHolds, Verdict::kOff, Verdict::kPartly, Verdict::kUnverifiable}) {
    int n = 0;
    for (const ClaimResult& c : r.results) n += c.verdict == v;
    counts[std::string(ToString(v))] = n;
  }
  j["counts"] = counts;
  j["claims"] = Json::array();
  for (const ClaimResult& c : r.results) j["claims"].push_back(ClaimJson(c));
  return j.dump(2) + "\n";
}

}  // namespace gpufleet::claims

// /api/fleet's streamed answer (FleetAnswer, written by JsonWriter) against the DOM it replaced
// (FleetJson): the same value, number for number to the bit, keys in the same order, the same
// errors; on every GPU of the catalog, with and without a site and a system, with overrides
// (ranges, given power, absent figures). And WriteFleetJson against report::ToJson on the
// default scenario's fleets.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/report.h"
#include "gpufleet/scenario.h"
#include "gpufleet/serve.h"
#include "report/fleet_json.h"
#include "serve/handlers.h"
#include "util/json_writer.h"

namespace gpufleet::serve {
namespace {

// Every object's keys in strictly increasing order (nlohmann's std::map order), at any depth:
// then the text is byte for byte what dump() of the same value prints, up to number digits.
void ExpectSortedKeys(const nlohmann::ordered_json& j, const std::string& where) {
  if (j.is_object()) {
    std::string last;
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      EXPECT_TRUE(first || last < key) << where << ": '" << key << "' after '" << last << "'";
      first = false;
      last = key;
      ExpectSortedKeys(value, where + "." + key);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i)
      ExpectSortedKeys(j[i], where + "[" + std::to_string(i) + "]");
  }
}

// The streamed text against the DOM: equal values, equal bits (re-dumping the parsed text goes
// through the same number printer as the DOM's dump, so any bit or type difference shows), the
// same keys in the same order.
void ExpectSameDocument(const std::string& text, const Json& dom, const std::string& what) {
  const Json parsed = Json::parse(text);
  EXPECT_EQ(parsed, dom) << what;
  EXPECT_EQ(parsed.dump(), dom.dump()) << what;
  ExpectSortedKeys(nlohmann::ordered_json::parse(text), what);
}

struct Outcome {
  std::string text;  // the answer, or the error's field and message
  bool error = false;
};

Outcome Streamed(const Catalog& c, const Json& scenario) {
  try {
    return {FleetAnswer(c, scenario)};
  } catch (const InputError& e) {
    return {e.where().field + ": " + e.detail(), true};
  }
}

Outcome Dom(const Catalog& c, const Json& scenario, Json& dom) {
  try {
    dom = FleetJson(c, scenario);
    return {dom.dump()};
  } catch (const InputError& e) {
    return {e.where().field + ": " + e.detail(), true};
  }
}

// The overrides tried on every GPU: none, ranges, given power, zero embodied carbon (absent
// figures), a system price and a board length (the optional inputs), numbers as JSON numbers.
std::vector<Json> Overrides() {
  return {
      Json::object(),
      {{"count", "300k..350k"}, {"load", "0.6..0.8"}, {"pue", "1.08"}},
      {{"gpu_power_w", "500"}, {"hours", "1"}},
      {{"embodied_kg_co2e", "0"}, {"grid_kg_per_kwh", "0"}},
      {{"system_price_per_gpu_usd", "30000..40000"}, {"board_length_mm", "267"}},
      {{"count", 1}, {"load", 0}, {"mfu", "0.3..0.5"}, {"lifetime_years", "3..6"}},
      {{"count", 1e8}, {"price_per_kwh", "0.05..0.2"}, {"wue_l_per_kwh", 0.0}},
      {{"gpus_per_node", "4"}, {"nodes_per_rack", "8"}, {"gpu_tdp_w", "350..1200"}},
      {{"count", "-3"}},         // an error: both must refuse it alike
      {{"no_such_input", "1"}},  // likewise
  };
}

TEST(FleetAnswer, EqualsTheDomOnEveryGpuSiteSystemAndOverride) {
  const Catalog& c = Catalog::Embedded();
  std::vector<std::string> sites = {""};
  for (const Entry* e : c.All("site")) sites.push_back(e->id);
  std::vector<std::string> systems = {""};
  for (const Entry* e : c.All("system")) systems.push_back(e->id);
  const std::vector<Json> overrides = Overrides();
  int documents = 0;
  int errors = 0;
  size_t k = 0;
  for (const Entry* gpu : c.All("gpu")) {
    // Each GPU with no site or system, with its own systems, and with a few others in turn.
    std::vector<std::pair<std::string, std::string>> places = {{"", ""}};
    for (const std::string& sys : systems) {
      const Entry* e = sys.empty() ? nullptr : c.Find("system", sys);
      const bool own = e != nullptr && e->text.count("gpu") && e->text.at("gpu") == gpu->id;
      if (own || (!sys.empty() && (k++ % 5) == 0)) places.push_back({sites[k % sites.size()], sys});
    }
    places.push_back({sites[(k + 1) % sites.size()], ""});
    for (const auto& [site, system] : places) {
      for (Json scenario : overrides) {
        scenario["gpu"] = gpu->id;
        if (!site.empty()) scenario["site"] = site;
        if (!system.empty()) scenario["system"] = system;
        Json dom;
        const Outcome old = Dom(c, scenario, dom);
        const Outcome now = Streamed(c, scenario);
        ASSERT_EQ(now.error, old.error) << scenario.dump() << "\n" << now.text << "\n" << old.text;
        if (old.error) {
          EXPECT_EQ(now.text, old.text) << scenario.dump();
          ++errors;
          continue;
        }
        ExpectSameDocument(now.text, dom, scenario.dump());
        ++documents;
      }
    }
  }
  EXPECT_GT(documents, 100);
  EXPECT_GT(errors, 10);
}

// Absent figures are in the answer on some GPU (the test above covers both shapes).
TEST(FleetAnswer, CoversAbsentAndPresentFigures) {
  const Catalog& c = Catalog::Embedded();
  int absent = 0;
  for (const Entry* gpu : c.All("gpu")) {
    const Json answer = Json::parse(FleetAnswer(c, Json{{"gpu", gpu->id}}));
    for (const auto& [name, figure] : answer["results"].items())
      absent += figure["value"].is_null();
  }
  EXPECT_GT(absent, 0);
}

// The route serves the streamed text, and GET (query strings) and POST (JSON) agree with it.
TEST(FleetAnswer, IsWhatTheRouteServes) {
  const Catalog& c = Catalog::Embedded();
  const Api api(c);
  const std::string gpu = c.All("gpu").front()->id;
  const std::multimap<std::string, std::string> query = {
      {"gpu", gpu}, {"count", "300k..350k"}, {"load", "0.6..0.8"}, {"pue", "1.08"}};
  const Response get = api.Handle(Request{"GET", "/api/fleet", query, ""});
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.content_type, "application/json");
  const Json scenario = QueryToJson(query);
  EXPECT_EQ(get.body, FleetAnswer(c, scenario));
  ExpectSameDocument(get.body, FleetJson(c, scenario), "GET");
  const Response post = api.Handle(Request{"POST", "/api/fleet", {}, scenario.dump()});
  ASSERT_EQ(post.status, 200) << post.body;
  EXPECT_EQ(post.body, get.body);
  const Response bad = api.Handle(Request{"GET", "/api/fleet", {{"gpu", "no-such-gpu"}}, ""});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json::parse(bad.body).value("field", ""), "gpu");
}

// The notes reach the API as they reach the CLI's JSON: an average GPU power above the TDP is
// said (an excess that shows in the printed figures, a range's top; the TDP itself, an excess
// too small to print and 0 W: none).
TEST(FleetAnswer, AveragePowerAboveTdpIsANoteThroughTheApi) {
  const Catalog& c = Catalog::Embedded();
  const Api api(c);
  const auto notes = [&](const std::string& power) {
    const Response r =
        api.Handle(Request{"GET", "/api/fleet", {{"gpu", "h100-sxm"}, {"gpu_power_w", power}}, ""});
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body).value("notes", Json::array());
  };
  ASSERT_EQ(notes("900").size(), 1u);
  EXPECT_NE(notes("900")[0].get<std::string>().find("above the GPU's TDP (700 W)"),
            std::string::npos);
  EXPECT_NE(notes("600..900")[0].get<std::string>().find("top of the range: 900 W"),
            std::string::npos);
  EXPECT_EQ(notes("703").size(), 1u);   // "703 W" against "700 W"
  EXPECT_TRUE(notes("700.4").empty());  // prints as 700 W: not "above" 700 W
  EXPECT_TRUE(notes("700").empty());
  EXPECT_TRUE(notes("0").empty());
  // Below the idle power (73 W at the catalog's low end) too, but for 0 W: a fleet switched off.
  ASSERT_EQ(notes("10").size(), 1u);
  EXPECT_NE(notes("10")[0].get<std::string>().find("below the GPU's idle power (73 W)"),
            std::string::npos);
}

// WriteFleetJson is report::ToJson(FleetReport), on the default scenario's fleets (notes, a
// length proxy, sources) and on a fleet report of every GPU.
TEST(FleetAnswer, WriteFleetJsonEqualsToJson) {
  const Catalog& c = Catalog::Embedded();
  std::vector<report::FleetReport> fleets =
      report::BuildScenarioReport(DefaultScenario(c), c).fleets;
  for (const Entry* gpu : c.All("gpu")) {
    fleets.push_back(report::BuildFleetReport(gpu->id, InputsFromCatalog(c, gpu->id), c));
  }
  for (const report::FleetReport& f : fleets) {
    std::string text;
    JsonWriter w(text);
    report::WriteFleetJson(w, f);
    w.Finish();
    ExpectSameDocument(text, report::ToJson(f), f.name);
  }
}

// A figure's extra members merge in key order and replace a member of the same key.
TEST(FleetAnswer, WriteFigureMergesExtraMembersInKeyOrder) {
  const Figure present = Figure::Of(Interval(2, 1, 3), "W", "a basis");
  const report::JsonField extra[] = {{"aaa", "first"},
                                     {"label", "L"},
                                     {"unit", "replaced"},
                                     {"year", {}, 2024, true},
                                     {"zzz", "last"}};
  const Figure absent = Figure::Absent("m", "no \"board\" length");
  std::string text;
  for (const Figure& f : {present, absent}) {
    text.clear();
    JsonWriter w(text);
    report::WriteFigure(w, f, true, extra);
    w.Finish();
    Json expected = gpufleet::ToJson(f, true);
    expected["aaa"] = "first";
    expected["label"] = "L";
    expected["unit"] = "replaced";
    expected["year"] = 2024;
    expected["zzz"] = "last";
    EXPECT_EQ(text, expected.dump()) << f.present();
  }

  // Infinite bounds (a ratio over a range that holds 0) are null, as in ToJson.
  const Figure wide = Figure::Of(Interval(1, 0.5, std::numeric_limits<double>::infinity()), "");
  text.clear();
  JsonWriter w3(text);
  report::WriteFigure(w3, wide);
  w3.Finish();
  EXPECT_EQ(text, gpufleet::ToJson(wide).dump());
}

}  // namespace
}  // namespace gpufleet::serve

// The report structure and its renderers, on a fleet built from the test catalog.
#include "gpufleet/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "gpufleet/scenario.h"
#include "model/test_catalog.h"
#include "util/csv.h"

namespace gpufleet::report {
namespace {

Report OneFleet(const std::string& gpu = "test-gpu") {
  FleetInputs in = InputsFromCatalog(gpufleet::testing::TestCatalog(), gpu, "test-site");
  in.count = Interval(1000, 900, 1100);
  Report r;
  r.fleets.push_back(
      BuildFleetReport("1,000 test GPUs", in, gpufleet::testing::TestCatalog(), {"an assumption"}));
  return r;
}

// The report holds each output once, in its section: every row Tabulate gives is in exactly one
// of the named groups (none falls to "other"), and FleetRows lists them all, each name once.
TEST(Report, EveryTabulatedRowIsInExactlyOneNamedSection) {
  for (const char* site : {"test-site", ""}) {
    FleetInputs in = InputsFromCatalog(gpufleet::testing::TestCatalog(), "test-gpu", site);
    const std::vector<NamedResult> rows = Tabulate(in, Evaluate(in));
    const FleetReport f = BuildFleetReport("f", in, gpufleet::testing::TestCatalog());
    for (const Section& s : f.sections) EXPECT_NE(s.id, "other");
    const std::vector<const NamedResult*> all = FleetRows(f);
    for (const NamedResult& row : rows) {
      EXPECT_EQ(std::count_if(all.begin(), all.end(),
                              [&](const NamedResult* r) { return r->name == row.name; }),
                1)
          << row.name;
    }
    std::set<std::string> names;
    for (const NamedResult* r : all) EXPECT_TRUE(names.insert(r->name).second) << r->name;
  }
}

// The notes the text prints under "Assumptions" are in the JSON too (they were left out of a
// single fleet's JSON before); without notes there is no "notes" member.
// A system built for another GPU is accepted (a server's host figures stand in for a close
// one's) but said: its host power and price per GPU were taken without a word (found by an
// adversarial tester). Its own GPU, given by id or through an alias of the system, says nothing.
TEST(Report, ASystemBuiltForAnotherGpuIsSaid) {
  const Catalog& c = Catalog::Embedded();
  auto notes = [&](const std::string& gpu, const std::string& system) {
    return BuildFleetReport("f", InputsFromCatalog(c, gpu, "", system), c).notes;
  };
  const std::vector<std::string> other = notes("b200", "dgx-h100");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].find("system dgx-h100 is built for h100-sxm, not b200"), std::string::npos)
      << other[0];
  EXPECT_TRUE(notes("h100-sxm", "dgx-h100").empty());
  EXPECT_TRUE(notes("h100-sxm", "hgx").empty());  // generic-8gpu through its alias
  EXPECT_TRUE(notes("b200", "").empty());
}

// A scenario file's report says what it is about in every format: its title, its description
// and each fleet's name and description. With one fleet the JSON dropped all four (it was the
// bare fleet document) and no format printed the file's description (found by an adversarial
// tester); CSV also lacked the comparisons and the training table.
TEST(Report, AScenarioReportKeepsItsTitleDescriptionsAndComparisonsInEveryFormat) {
  const Catalog& c = Catalog::Embedded();
  const Scenario s = ParseScenario(
      "title = \"One fleet\"\ndescription = \"The file's own words\"\n"
      "[[fleet]]\nname = \"solo\"\ndescription = \"a lone fleet\"\ngpu = \"h100-sxm\"\n"
      "count = 1000\nhours = 8760\n",
      "one.toml", c);
  const Report r = BuildScenarioReport(s, c);
  const nlohmann::json j = ToJson(r);
  EXPECT_EQ(j.at("title"), "One fleet");
  EXPECT_EQ(j.at("description"), "The file's own words");
  ASSERT_EQ(j.at("scenarios").size(), 1u);
  EXPECT_EQ(j["scenarios"][0].at("name"), "solo");
  EXPECT_EQ(j["scenarios"][0].at("description"), "a lone fleet");
  for (Format f : {Format::kText, Format::kMarkdown, Format::kHtml, Format::kCsv}) {
    const std::string out = Render(r, f);
    for (const char* want : {"One fleet", "own words", "a lone fleet"}) {
      EXPECT_NE(out.find(want), std::string::npos) << ToString(f) << ": " << want;
    }
  }
  // CSV: one row per comparison, with the ratio as its figure.
  const std::string csv = Render(r, Format::kCsv);
  ASSERT_FALSE(r.fleets[0].comparisons.empty());
  size_t rows = 0;
  for (size_t at = csv.find("\nsolo,comparisons,"); at != std::string::npos;
       at = csv.find("\nsolo,comparisons,", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, r.fleets[0].comparisons.size());
  const Comparison& first = r.fleets[0].comparisons[0];
  EXPECT_NE(csv.find("solo,comparisons," + first.reference + ","), std::string::npos);
  // Its unit is JSON's for the ratio: CSV said `ratio` where JSON says "" (found by an
  // adversarial tester).
  const std::string json_unit = j["scenarios"][0].at("comparisons").at(0).at("ratio").at("unit");
  const size_t row = csv.find("\nsolo,comparisons," + first.reference + ",");
  const std::string line = csv.substr(row + 1, csv.find('\n', row + 1) - row - 1);
  const std::string what = "," + CsvCell(first.what) + ",";
  ASSERT_NE(line.find(what), std::string::npos) << line;
  const std::string before = line.substr(0, line.rfind(what));
  EXPECT_EQ(before.substr(before.rfind(',') + 1), json_unit) << line;
  // `gpufleet fleet` (not a scenario file) keeps the bare fleet document.
  Report bare;
  bare.fleets.push_back(r.fleets[0]);
  EXPECT_FALSE(ToJson(bare).contains("scenarios"));
}

// The default report's training table reaches CSV, a row per table row.
TEST(Report, CsvHoldsASectionsTable) {
  Report r;
  Section s{"t", "A table"};
  s.table = Table{{"GPUs", "goodput"}, {{"16384", "94.9%"}, {"350000", "54.7%"}}};
  r.extra.push_back(s);
  const std::string csv = Render(r, Format::kCsv);
  EXPECT_NE(csv.find(",t,table,GPUs: 16384; goodput: 94.9%,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",t,table,GPUs: 350000; goodput: 54.7%,"), std::string::npos) << csv;
}

TEST(Report, JsonForOneFleetHasExactlyInputsResultsSectionsComparisonsAndNotes) {
  const nlohmann::json j = ToJson(OneFleet());
  ASSERT_EQ(j.size(), 5u);
  EXPECT_EQ(j.at("notes"), nlohmann::json::array({"an assumption"}));
  FleetInputs in = InputsFromCatalog(gpufleet::testing::TestCatalog(), "test-gpu", "test-site");
  EXPECT_EQ(ToJson(BuildFleetReport("no notes", in, gpufleet::testing::TestCatalog())).size(), 4u);
  const auto& e = j.at("results").at("energy_facility_kwh");
  // The Figure shape (figure.h) plus its basis and its label for people.
  EXPECT_EQ(e.size(), 6u);
  EXPECT_EQ(e.at("unit"), "kWh");
  EXPECT_EQ(e.at("label"), "facility energy");
  EXPECT_NE(e.at("basis").get<std::string>().find("PUE"), std::string::npos);
  EXPECT_EQ(j.at("sections").at(0).at("id"), "money");
  EXPECT_EQ(j.at("comparisons").at(0).at("ratio").at("unit"), "");
  EXPECT_LE(e.at("low").get<double>(), e.at("value").get<double>());
  EXPECT_LT(e.at("value").get<double>(), e.at("high").get<double>());
  EXPECT_EQ(j.at("inputs").at("gpu"), "test-gpu");
  EXPECT_EQ(j.at("inputs").at("count").at("low"), 900);
  EXPECT_EQ(j.at("inputs").at("pue").at("source"), "site test-site.pue: test, 2024, verified");
  EXPECT_EQ(j.at("comparisons").at(0).at("reference"), "lombardy-electricity-2023");
  EXPECT_TRUE(j.at("comparisons").at(0).contains("ratio"));
}

TEST(Report, UnavailableResultsAreNullWithWhyNeverZero) {
  const nlohmann::json j = ToJson(OneFleet("bare-gpu"));
  const auto& len = j.at("results").at("length_m");
  EXPECT_TRUE(len.at("value").is_null());
  EXPECT_FALSE(len.contains("low"));
  EXPECT_NE(len.at("why").get<std::string>().find("no published board length"), std::string::npos);
}

TEST(Report, SeveralFleetsGoUnderScenarios) {
  Report r = OneFleet();
  r.fleets.push_back(r.fleets[0]);
  r.title = "two";
  const nlohmann::json j = ToJson(r);
  ASSERT_EQ(j.at("scenarios").size(), 2u);
  EXPECT_EQ(j.at("scenarios").at(1).at("name"), "1,000 test GPUs");
  EXPECT_TRUE(j.at("scenarios").at(0).contains("results"));
}

TEST(Report, TextShowsFigureRangeAndAssumption) {
  const std::string t = RenderText(OneFleet());
  EXPECT_NE(t.find("facility energy"), std::string::npos);
  EXPECT_NE(t.find("GWh ("), std::string::npos) << t;  // a range follows the figure
  EXPECT_NE(t.find("IT energy x PUE 1.5"), std::string::npos) << t;
  EXPECT_NE(t.find("- an assumption"), std::string::npos);
  EXPECT_NE(t.find("Sources"), std::string::npos);
}

TEST(Report, ExtraSectionsRenderInEveryFormat) {
  Report r = OneFleet();
  Section s{"claims", "Claims checked"};
  s.table = Table{{"claim", "verdict"}, {{"100 km of GPUs", "plausible"}}};
  s.notes.push_back("checked against the catalog");
  r.extra.push_back(s);
  EXPECT_NE(RenderText(r).find("100 km of GPUs  plausible"), std::string::npos) << RenderText(r);
  EXPECT_NE(RenderMarkdown(r).find("| 100 km of GPUs | plausible |"), std::string::npos);
  EXPECT_EQ(ToJson(r).at("sections").at(0).at("table").at("cells").at(0).at(1), "plausible");
}

TEST(Report, MarkdownHasATablePerSection) {
  const std::string md = RenderMarkdown(OneFleet());
  EXPECT_NE(md.find("## 1,000 test GPUs"), std::string::npos);
  EXPECT_NE(md.find("| Figure | Value | Name | Assumption |"), std::string::npos);
  EXPECT_NE(md.find("`energy_facility_kwh`"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet::report

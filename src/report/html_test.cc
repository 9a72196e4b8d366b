#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "gpufleet/report_html.h"
#include "gpufleet/scenario.h"
#include "report/svg.h"

namespace gpufleet::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class HtmlTest : public ::testing::Test {
 protected:
  const Catalog& catalog_ = Catalog::Embedded();
  Report report_ = BuildScenarioReport(DefaultScenario(catalog_), catalog_);
};

TEST_F(HtmlTest, EveryFleetGetsItsChartsAndSeveralFleetsAnOverview) {
  ASSERT_FALSE(report_.fleets.empty());
  const std::string html = RenderHtml(report_);
  size_t expected = report_.fleets.size() > 1 ? 3 : 0;
  for (const FleetReport& f : report_.fleets) {
    expected += FleetCharts(f).size();
    EXPECT_GE(FleetCharts(f).size(), 4u);
    EXPECT_NE(html.find(svg::Escape(f.name)), std::string::npos) << f.name;
  }
  EXPECT_EQ(Count(html, "<svg "), expected);
  EXPECT_EQ(Count(html, "</svg>"), expected);
}

// Every id once: each fleet's sections ("money", "power" ...) were the same ids in a report of
// two fleets, invalid HTML whose anchors reached only the first (found by an adversarial
// tester). Every in-page link has its target.
// The fleet's header through the one formatter ("3.5e+05 x h100-sxm, 8.76e+03 hours" beside the
// text's "350,000" and "8,760 h"; found by an adversarial tester).
TEST_F(HtmlTest, TheFleetHeaderFormatsCountsAsTheText) {
  const std::string html = RenderHtml(report_);
  EXPECT_NE(html.find("350,000 x <code>"), std::string::npos);
  EXPECT_NE(html.find("8,760 hours"), std::string::npos);
  EXPECT_EQ(html.find("e+05 x"), std::string::npos);
}

// A figure that is unknown keeps its row, "n/a" with its why: the charts of a fleet with no site
// showed the embodied carbon alone as "Carbon over the period", and the side-by-side chart had
// no row for it (found by an adversarial tester).
TEST_F(HtmlTest, UnknownPartsAndFleetsReadNaWithTheirWhy) {
  const Scenario s = ParseScenario(
      "[[fleet]]\nname = \"sited\"\ngpu = \"mi300x\"\ncount = 10\nsite = \"us-average\"\n"
      "host_overhead_w = 100\n"
      "[[fleet]]\nname = \"nowhere\"\ngpu = \"mi300x\"\ncount = 10\n",
      "two.toml", catalog_);
  const Report r = BuildScenarioReport(s, catalog_);
  ASSERT_EQ(r.fleets.size(), 2u);
  // Each fleet: the four breakdowns, whatever is known.
  EXPECT_EQ(FleetCharts(r.fleets[0]).size(), FleetCharts(r.fleets[1]).size());
  const std::vector<std::string> nowhere = FleetCharts(r.fleets[1]);
  ASSERT_GE(nowhere.size(), 4u);
  const std::string carbon = nowhere[2];
  ASSERT_NE(carbon.find("Carbon over the period"), std::string::npos);
  EXPECT_NE(carbon.find("n/a: no site given and no grid carbon intensity"), std::string::npos)
      << carbon;
  EXPECT_NE(carbon.find("embodied, amortised"), std::string::npos);
  const std::string cost = nowhere[0];
  EXPECT_NE(cost.find("n/a: no site given and no electricity price"), std::string::npos) << cost;
  EXPECT_NE(nowhere[3].find("n/a: no site given and no water use effectiveness"),
            std::string::npos);
  // No system and no host power: the host part is n/a too (it read "0 Wh"; found by an
  // adversarial tester).
  EXPECT_NE(nowhere[1].find("n/a: no system given: no host power counted"), std::string::npos)
      << nowhere[1];
  // The sited fleet's charts (a site and a host power) say no n/a.
  for (const std::string& chart : FleetCharts(r.fleets[0])) {
    EXPECT_EQ(chart.find("n/a"), std::string::npos) << chart;
  }
  // Side by side: the fleet with no site has its row in the operational carbon chart.
  const std::string html = RenderHtml(r);
  const size_t op = html.find("Operational carbon");
  ASSERT_NE(op, std::string::npos);
  const std::string chart = html.substr(op, html.find("</svg>", op) - op);
  EXPECT_NE(chart.find("nowhere"), std::string::npos) << chart;
  EXPECT_NE(chart.find("n/a: no site given and no grid carbon intensity"), std::string::npos)
      << chart;
  EXPECT_EQ(Count(chart, "<rect"), Count(chart.substr(0, chart.find("nowhere")), "<rect"))
      << "no bar for the unknown fleet";
}

TEST_F(HtmlTest, IdsAreUniqueAndEveryLinkHasItsTarget) {
  ASSERT_GT(report_.fleets.size(), 1u);
  const std::string html = RenderHtml(report_);
  const std::regex id_re("id=\"([^\"]+)\"");
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), id_re);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(ids.insert((*it)[1].str()).second) << "duplicate id " << (*it)[1].str();
  }
  const std::regex href_re("href=\"#([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href_re);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(ids.contains((*it)[1].str())) << "no target for #" << (*it)[1].str();
  }
}

TEST_F(HtmlTest, IsSelfContained) {
  const std::string html = RenderHtml(report_);
  for (const char* banned : {"<script", "<link", "src=", "@import", "url(", "href=\"http"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // The only URL in markup is the SVG namespace (an identifier, never fetched).
  const std::regex attr_url("=\"(https?://[^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), attr_url);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[1], "http://www.w3.org/2000/svg");
  }
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_EQ(Count(html, "</html>"), 1u);
}

TEST_F(HtmlTest, EscapesEveryText) {
  report_.fleets.front().name = "<script>alert(1)</script>";
  report_.extra.push_back(Section{"x<y", "A & B", {}, {}, Table{{"<th>"}, {{"<td>"}}}, {"<n>"}});
  const std::string html = RenderHtml(report_);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<th>\"<th>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("A &amp; B"), std::string::npos);
}

TEST_F(HtmlTest, PlacesFiguresInTheirSectionOrAtTheEnd) {
  report_.extra.push_back(Section{"training", "Training"});
  const std::vector<HtmlFigure> figures = {
      {"training", svg::Histogram("wall time", "days", {0, 1, 2}, {3, 4}), "a"},
      {"nowhere", svg::Histogram("other", "days", {0, 1}, {1}), "b"}};
  const std::string html = RenderHtml(report_, figures);
  const size_t training = html.find("id=\"training\"");
  const size_t more = html.find("More charts");
  ASSERT_NE(training, std::string::npos);
  ASSERT_NE(more, std::string::npos);
  EXPECT_LT(training, html.find("aria-label=\"wall time\""));
  EXPECT_LT(html.find("aria-label=\"wall time\""), more);
  EXPECT_LT(more, html.find("aria-label=\"other\""));
}

}  // namespace
}  // namespace gpufleet::report

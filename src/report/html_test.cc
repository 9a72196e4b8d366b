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

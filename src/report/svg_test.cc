#include "report/svg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>

namespace gpufleet::svg {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The width of every drawn <rect> (bars; not the background), in order.
std::vector<double> RectWidths(const std::string& svg) {
  std::vector<double> out;
  const std::regex re("<rect x=\"[-0-9.]+\" y=\"[-0-9.]+\" width=\"([-0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stod((*it)[1]));
  }
  return out;
}

TEST(SvgTest, EscapesMarkupInLabels) {
  EXPECT_EQ(Escape("<a href='x'>&\""), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  const std::string svg = BarChart("<script>", "u", {{"<b>", Interval(1)}});
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
}

TEST(SvgTest, NiceTicksCoverTheRangeInRoundSteps) {
  for (auto [lo, hi] : {std::pair{0.0, 7.3}, {0.0, 1234567.0}, {-3.0, 41.0}, {0.002, 0.0173}}) {
    const auto t = NiceTicks(lo, hi);
    ASSERT_GE(t.size(), 2u) << lo << ".." << hi;
    EXPECT_GE(t.front(), lo - 1e-12);
    EXPECT_LE(t.back(), hi * (1 + 1e-9) + 1e-12);
    const double step = t[1] - t[0];
    const double mantissa = step / std::pow(10, std::floor(std::log10(step)));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 ||
                std::abs(mantissa - 5) < 1e-6)
        << step;
    EXPECT_LT(t.size(), 12u);
  }
}

TEST(SvgTest, ShortLabelsUseSuffixes) {
  EXPECT_EQ(Short(350000), "350k");
  EXPECT_EQ(Short(6.31e10), "63.1G");
  EXPECT_EQ(Short(0.25), "0.25");
}

TEST(SvgTest, BarChartDrawsOneBarPerItemProportionally) {
  const std::string svg = BarChart("t", "MWh", {{"a", Interval(10)}, {"b", Interval(20)}});
  EXPECT_EQ(Count(svg, "<svg"), 1u);
  EXPECT_EQ(Count(svg, "</svg>"), 1u);
  const auto w = RectWidths(svg);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NEAR(w[1], 2 * w[0], 0.2);
}

// An unknown bar: its row says n/a and why, draws no bar and does not move the axis.
TEST(SvgTest, AnUnknownBarReadsNaWithItsWhyAndDrawsNothing) {
  const std::string known = BarChart("t", "MWh", {{"a", Interval(10)}, {"b", Interval(20)}});
  const std::string svg =
      BarChart("t", "MWh", {{"a", Interval(10)}, {"b", Interval(20)}, {"c", {}, "no site given"}});
  EXPECT_EQ(RectWidths(svg), RectWidths(known));
  EXPECT_NE(svg.find("n/a: no site given"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">c<"), std::string::npos) << svg;
  const std::string alone = BarChart("t", "MWh", {{"c", {}, "unknown"}});
  EXPECT_TRUE(RectWidths(alone).empty());
  EXPECT_NE(alone.find("n/a: unknown"), std::string::npos);
  // No known bar, no axis: water with no site drew 0 L..1 L in mL ticks (found by an adversarial
  // tester).
  const std::string water =
      BarChart("t", "L", {{"on-site", {}, "no site given"}, {"off-site", {}, "no site given"}});
  EXPECT_EQ(water.find("<line"), std::string::npos) << water;
  EXPECT_EQ(water.find("mL"), std::string::npos) << water;
  EXPECT_NE(known.find("<line"), std::string::npos) << known;
}

TEST(SvgTest, RangesGetWhiskersPointsDoNot) {
  const std::string point = BarChart("t", "u", {{"a", Interval(10)}});
  const std::string ranged = BarChart("t", "u", {{"a", Interval(10, 5, 15)}});
  const std::string whisker = "stroke-width=\"1.5\"";
  EXPECT_EQ(Count(point, whisker), 0u);
  EXPECT_EQ(Count(ranged, whisker), 3u);
  EXPECT_NE(ranged.find("10 u (5-15)"), std::string::npos);
  // Figure units read as everywhere else: ticks and labels in TWh, not "1.5G kWh".
  const std::string energy = BarChart("t", "kWh", {{"a", Interval(3.31e9, 2.32e9, 4.26e9)}});
  EXPECT_NE(energy.find("3.31 TWh (2.32-4.26)"), std::string::npos);
  EXPECT_NE(energy.find(">2 TWh<"), std::string::npos);
  EXPECT_EQ(energy.find("G kWh"), std::string::npos);
}

TEST(SvgTest, LogChartSpacesDecadesEvenly) {
  const std::string svg =
      LogBarChart("t", "ratio", {{"a", Interval(1)}, {"b", Interval(10)}, {"c", Interval(100)}});
  const auto w = RectWidths(svg);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_NEAR(w[2] - w[1], w[1] - w[0], 0.2);
  EXPECT_GT(w[1], w[0]);
}

TEST(SvgTest, HistogramDrawsOneBarPerBinAndRejectsMismatchedEdges) {
  const std::string svg = Histogram("t", "days", {0, 1, 2, 3}, {5, 10, 2});
  EXPECT_EQ(RectWidths(svg).size(), 3u);
  EXPECT_EQ(RectWidths(Histogram("t", "days", {0, 1}, {5, 10})).size(), 0u);
}

TEST(SvgTest, LineChartAndTimelineDrawEveryPoint) {
  const std::string line =
      LineChart("t", "GPUs", "goodput", {{"s", {{1, 0.9}, {2, 0.8}, {4, 0.7}}}});
  EXPECT_EQ(Count(line, "<circle"), 3u);
  EXPECT_EQ(Count(line, "<polyline"), 1u);
  const std::string tl = Timeline("t", "days", {{1, "GPU"}, {2, "network"}, {3, "GPU"}}, 10);
  EXPECT_EQ(Count(tl, "<circle"), 3u);
  EXPECT_NE(tl.find(">network<"), std::string::npos);
}

TEST(SvgTest, NonFiniteValuesDoNotBreakTheChart) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::string svg = LogBarChart("t", "u", {{"a", Interval(2, 1, inf)}, {"b", Interval(0)}});
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf\""), std::string::npos);
}

}  // namespace
}  // namespace gpufleet::svg

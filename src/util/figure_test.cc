#include "gpufleet/figure.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

using nlohmann::json;

TEST(Figure, PresentHasItsRangeUnitAndBasis) {
  const Figure f = Figure::Of(Interval(5, 4, 7), "kWh", "load x hours");
  ASSERT_TRUE(f.present());
  EXPECT_EQ(f.range(), Interval(5, 4, 7));
  EXPECT_EQ(f.unit(), "kWh");
  EXPECT_EQ(f.basis(), "load x hours");
  EXPECT_EQ(f.why(), "");
}

TEST(Figure, AbsentIsNeverReadAsZero) {
  const Figure f = Figure::Absent("m", "no published board length for h100-sxm");
  EXPECT_FALSE(f.present());
  EXPECT_THROW(f.range(), std::logic_error);
  EXPECT_EQ(f.why(), "no published board length for h100-sxm");
  EXPECT_THROW(Figure::Absent("m", ""), std::logic_error);
  const json j = ToJson(f);
  EXPECT_TRUE(j.at("value").is_null());
  EXPECT_FALSE(j.contains("low"));
  EXPECT_FALSE(j.contains("high"));
  EXPECT_EQ(j.at("why"), "no published board length for h100-sxm");
  EXPECT_EQ(FormatFigure(f), "n/a");
}

TEST(Figure, OneJsonShape) {
  const json j = ToJson(Figure::Of(Interval(2, 1, 3), "W", "why"));
  EXPECT_EQ(j, json::parse(R"({"value":2,"low":1,"high":3,"unit":"W"})"));
  EXPECT_EQ(ToJson(Figure::Of(2.0, "W", "why"), true).at("basis"), "why");
  EXPECT_FALSE(ToJson(Figure::Of(2.0, "W"), true).contains("basis"));
  Interval unbounded;
  unbounded.value = 1;
  unbounded.low = -std::numeric_limits<double>::infinity();
  unbounded.high = std::numeric_limits<double>::infinity();
  const json u = ToJson(Figure::Of(unbounded, ""));
  EXPECT_TRUE(u.at("low").is_null());
  EXPECT_TRUE(u.at("high").is_null());
}

TEST(Figure, JsonRoundTrip) {
  for (const Figure& f : {Figure::Of(Interval(2, 1, 3), "kg CO2e", "grid x energy"),
                          Figure::Of(7.0, ""), Figure::Absent("USD", "no system price given")}) {
    EXPECT_EQ(FigureFromJson(ToJson(f, true)), f);
  }
  EXPECT_THROW(FigureFromJson(json::parse(R"({"value":1,"low":2,"high":3,"unit":"W"})")),
               InputError);
  EXPECT_THROW(FigureFromJson(json::parse(R"({"value":null,"unit":"W"})")), InputError);
  EXPECT_THROW(FigureFromJson(json::parse(R"({"value":"1","low":1,"high":1,"unit":"W"})")),
               InputError);
  EXPECT_THROW(FigureFromJson(json::parse(R"([1])")), InputError);
}

// The rules people see; the dashboard's figureText (web/src/format.js) mirrors them, and
// tests/web/format_check.mjs holds the two together on real output.
TEST(Figure, ForPeopleInTheUnitThatReadsBest) {
  auto text = [](Interval x, const char* unit) { return FormatFigure(Figure::Of(x, unit)); };
  EXPECT_EQ(text(Interval(3.31e9, 2.32e9, 4.26e9), "kWh"), "3.31 TWh (2.32-4.26)");
  EXPECT_EQ(text(1.22e9, "kg CO2e"), "1.22 Mt CO2e");
  EXPECT_EQ(text(520, "kg CO2e"), "520 kg CO2e");
  EXPECT_EQ(text(30, "g CO2e"), "30 g CO2e");
  EXPECT_EQ(text(3000, "g CO2e"), "3 kg CO2e");
  EXPECT_EQ(text(12e9, "L"), "12 GL");
  EXPECT_EQ(text(435e6, "W"), "435 MW");
  EXPECT_EQ(text(Interval(10.5e9, 8.75e9, 14e9), "USD"), "USD 10.5 bn (8.75-14)");
  EXPECT_EQ(text(350000, ""), "350,000");
  EXPECT_EQ(text(Interval(0.949, 0.946, 0.951), "fraction"), "94.9% (94.6-95.1)");
  EXPECT_EQ(text(20200, "MWh"), "20.2 GWh");
  EXPECT_EQ(text(5 * 86400, "s"), "5 d");
  EXPECT_EQ(text(3 * 3600, "s"), "3 h");
  EXPECT_EQ(text(300, "s"), "5 min");
  EXPECT_EQ(text(0.5, "s"), "500 ms");
  EXPECT_EQ(text(45, "s"), "45 s");
  EXPECT_EQ(text(8760, "h"), "8,760 h");
  EXPECT_EQ(text(Interval(18.2, 17.4, 19.1), "h"), "18.2 h (17.4-19.1)");
  EXPECT_EQ(text(Interval(2.6e6, 2.5e6, 2.8e6), "GPU-h"), "2,600,000 GPU-h (2,500,000-2,800,000)");
  EXPECT_EQ(text(Interval(0.052, 0.04, 0.06), ""), "0.052 (0.04-0.06)");
  EXPECT_EQ(text(3.8e25, "FLOP"), "3.8e25 FLOP");
}

}  // namespace
}  // namespace gpufleet

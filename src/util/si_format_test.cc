#include "gpufleet/si_format.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace gpufleet {
namespace {

TEST(SiFormat, PrefixFromTheCentralValueAndRangeInTheSamePrefix) {
  EXPECT_EQ(FormatSi(Interval(4.22e12, 3.94e12, 4.61e12), "Wh"), "4.22 TWh (3.94-4.61)");
  EXPECT_EQ(FormatSi(700, "W"), "700 W");
  EXPECT_EQ(FormatSi(245e6, "W"), "245 MW");
  EXPECT_EQ(FormatSi(93.695e3, "m"), "93.7 km");
  EXPECT_EQ(FormatSi(0.414, "kg/kWh"), "0.414 kg/kWh");
  EXPECT_EQ(FormatSi(4.37e27, "FLOP"), "4.37e27 FLOP");
  EXPECT_EQ(FormatSi(Interval(1.5, 1, 2), ""), "1.5 (1-2)");
}

TEST(SiFormat, MoneyCountsAndPercents) {
  EXPECT_EQ(FormatUsd(Interval(10.5e9, 8.75e9, 14e9)), "USD 10.5 bn (8.75-14)");
  EXPECT_EQ(FormatUsd(27500), "USD 27.5 k");
  EXPECT_EQ(FormatCount(350000, "GPUs"), "350,000 GPUs");
  EXPECT_EQ(FormatCount(Interval(1100, 1000, 1200)), "1,100 (1,000-1,200)");
  // Digit grouping at each length, and after a minus sign.
  EXPECT_EQ(FormatCount(7, ""), "7");
  // A fractional count keeps its decimals (1.5 GPUs printed "2 x 700 W" beside 1,050 W).
  EXPECT_EQ(FormatCount(1.5, "GPUs"), "1.5 GPUs");
  EXPECT_EQ(FormatCount(Interval(1234.5, 1000, 1469)), "1,234.5 (1,000-1,469)");
  EXPECT_EQ(FormatCount(2.0004, ""), "2");
  EXPECT_EQ(FormatCount(999, ""), "999");
  // An infinity has no exponent to print ("infeinf Wh").
  EXPECT_EQ(FormatSi(std::numeric_limits<double>::infinity(), "Wh"), "inf Wh");
  EXPECT_EQ(FormatCount(9999999, ""), "9,999,999");
  EXPECT_EQ(FormatCount(-123, ""), "-123");
  EXPECT_EQ(FormatCount(-1234, ""), "-1,234");
  EXPECT_EQ(FormatCount(-123456, ""), "-123,456");
  EXPECT_EQ(FormatPercent(Interval(0.067, 0.059, 0.073)), "6.7% (5.9-7.3)");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(25.3164), "25.3");
}

// A finite figure too large for its display unit keeps its own unit with an exponent, whatever
// the unit: a fraction printed "inf%" (x 100 overflowed); bounds of ordinary size read as in
// other units ("1e0" in kWh, "1" in GB); a negative range's ends are joined by " to " in every
// unit ("(-1.8e308-1.8e308)" in kWh). Found by an adversarial tester.
TEST(SiFormat, HugeFiguresKeepTheirUnitAndNegativeRangesReadTo) {
  const double big = 1e308, max = 1.7976931348623157e308;
  EXPECT_EQ(FormatQuantity(Interval(big), "fraction"), "1e308 fraction");
  EXPECT_EQ(FormatQuantity(Interval(0.5), "fraction"), "50%");
  EXPECT_EQ(FormatQuantity(Interval(max, 1, max), "kWh"), "1.8e308 kWh (1-1.8e308)");
  EXPECT_EQ(FormatQuantity(Interval(big, 1, big), "J"), "1e308 J (1-1e308)");
  EXPECT_EQ(FormatQuantity(Interval(big, 1, big), "B"), "1e308 B (1-1e308)");
  EXPECT_EQ(FormatQuantity(Interval(-max, -max, max), "kWh"), "-1.8e308 kWh (-1.8e308 to 1.8e308)");
  EXPECT_EQ(FormatQuantity(Interval(-3e21, -4e21, -2e21), "J"), "-3e21 J (-4e21 to -2e21)");
  EXPECT_EQ(FormatCount(Interval(-2, -3, -1)), "-2 (-3 to -1)");
  EXPECT_EQ(FormatCount(Interval(-2e7, -3e7, -1e7)), "-20 M (-30 to -10)");
  EXPECT_EQ(FormatScaledInterval(Interval(-2e20, -3e20, -1e20)), "-2e+20 (-3e+20 to -1e+20)");
  EXPECT_EQ(FormatScaledInterval(Interval(-2, -3, -1)), "-2 (-3 to -1)");
  EXPECT_EQ(FormatFactValue(Interval(-2, -3, -1)), "-3 to -1");
  EXPECT_EQ(FormatFactValue(Interval(-2.5, -3, -1)), "-2.5 (-3 to -1)");
  for (const char* unit : {"kWh", "J", "B", "GB", "h", "L", "kg CO2e", "USD", "fraction", ""}) {
    const std::string s = FormatQuantity(Interval(-max, -max, max), unit);
    EXPECT_EQ(s.find("inf"), std::string::npos) << unit << ": " << s;
    EXPECT_NE(s.find(" to "), std::string::npos) << unit << ": " << s;
  }
}

// Past a thousand trillion, money reads in exponents: "USD 1141552511416 tn" (found by an
// adversarial tester).
TEST(SiFormat, HugeMoneyReadsInExponents) {
  EXPECT_EQ(FormatUsd(Interval(3.42e20)), "USD 3.42e20");
  EXPECT_EQ(FormatUsd(Interval(30e12)), "USD 30 tn");
}

// FormatNumber prints through std::to_chars; it must give the text fmt's "{:.{}f}" gives (the
// golden files were written with it), trailing zeros trimmed, on any value and at exact ties.
TEST(SiFormat, FormatNumberMatchesFmtFixedOnRandomValuesAndTies) {
  auto reference = [](double x, int digits) {
    if (x == 0) return std::string("0");
    const double mag = std::fabs(x);
    if (mag >= 1e15 || mag < 1e-4) return fmt::format("{:.{}g}", x, digits);
    const int decimals = std::max(0, digits - (static_cast<int>(std::floor(std::log10(mag))) + 1));
    std::string s = fmt::format("{:.{}f}", x, decimals);
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s;
  };
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const double mantissa = std::ldexp(static_cast<double>(rng() >> 11), -53);
    const double x =
        (rng() & 1 ? -1 : 1) * mantissa * std::pow(10.0, static_cast<int>(rng() % 22) - 5);
    const int digits = 1 + static_cast<int>(rng() % 6);
    ASSERT_EQ(FormatNumber(x, digits), reference(x, digits)) << x << " " << digits;
  }
  // Up to 15 significant digits (products up to 10^15: the integer fast path's reach), and
  // values one ulp either side of ties, where the fast path must hand over to std::to_chars.
  for (int i = 0; i < 100000; ++i) {
    const double mantissa = std::ldexp(static_cast<double>(rng() >> 11), -53);
    const double x = mantissa * std::pow(10.0, static_cast<int>(rng() % 19) - 4);
    const int digits = 7 + static_cast<int>(rng() % 9);
    ASSERT_EQ(FormatNumber(x, digits), reference(x, digits)) << x << " " << digits;
  }
  for (double tie : {0.5, 2.5, 0.125, 10.25, 1234.5, 0.0625}) {
    for (double x : {std::nextafter(tie, 0.0), std::nextafter(tie, 1e9)}) {
      for (int digits = 1; digits <= 4; ++digits) {
        EXPECT_EQ(FormatNumber(x, digits), reference(x, digits)) << x << " " << digits;
      }
    }
  }
  for (double tie : {0.5, 1.5, 2.5, 0.125, 0.375, 10.25, 999.5, 1234.5, -2.5, 0.0625}) {
    for (int digits = 1; digits <= 4; ++digits) {
      EXPECT_EQ(FormatNumber(tie, digits), reference(tie, digits)) << tie << " " << digits;
    }
  }
  EXPECT_EQ(FormatNumber(2.5, 1), "2");  // round half to even, as printf and fmt
  EXPECT_EQ(FormatNumber(1.5e-3, 40), reference(1.5e-3, 40));  // many decimals
}

TEST(SiFormat, QuantityPicksTheUnitAPersonReads) {
  EXPECT_EQ(FormatQuantity(2.15e9, "kWh"), "2.15 TWh");
  EXPECT_EQ(FormatQuantity(Interval(2.02e7, 1.9e7, 2.1e7), "kWh"), "20.2 GWh (19-21)");
  EXPECT_EQ(FormatQuantity(20.2e3, "MWh"), "20.2 GWh");
  EXPECT_EQ(FormatQuantity(1.4e9, "kg CO2e"), "1.4 Mt CO2e");
  EXPECT_EQ(FormatQuantity(7.4e6, "kg CO2e"), "7.4 kt CO2e");
  EXPECT_EQ(FormatQuantity(2500, "kg CO2e"), "2.5 t CO2e");
  EXPECT_EQ(FormatQuantity(950, "kg CO2e"), "950 kg CO2e");
  // Below a kilogram in grams, below a litre in millilitres ("0.000276 kg CO2e" was printed).
  EXPECT_EQ(FormatQuantity(0.000276, "kg CO2e"), "0.276 g CO2e");
  EXPECT_EQ(FormatQuantity(Interval(0.000406, 0.000283, 0.000474), "kg CO2e"),
            "0.406 g CO2e (0.283-0.474)");
  EXPECT_EQ(FormatQuantity(0.5, "kg"), "500 g");
  EXPECT_EQ(FormatQuantity(1, "kg CO2e"), "1 kg CO2e");
  EXPECT_EQ(FormatQuantity(0, "kg CO2e"), "0 kg CO2e");
  EXPECT_EQ(FormatQuantity(0.000385, "L"), "0.385 mL");
  EXPECT_EQ(FormatQuantity(2, "L"), "2 L");
  // The units a prefix joins (the catalog's listings ask: "80 GB", not "80 G B").
  for (const char* u : {"W", "B", "B/s", "FLOP/s", "Wh", "L", "m"})
    EXPECT_TRUE(TakesSiPrefix(u)) << u;
  for (const char* u : {"kg CO2e", "USD", "kWh", "mm", "", "GB"})
    EXPECT_FALSE(TakesSiPrefix(u)) << u;
  EXPECT_EQ(FormatQuantity(1.4e6, "t CO2e"), "1.4 Mt CO2e");
  // A finite figure too large for the display unit stays finite, in its own unit with an
  // exponent (1.8e308 kWh printed "inf Wh"); one that fits still changes unit.
  constexpr double kMax = std::numeric_limits<double>::max();
  EXPECT_EQ(FormatQuantity(kMax, "kWh"), "1.8e308 kWh");
  EXPECT_EQ(FormatQuantity(Interval(1e307, 1e306, kMax), "TWh"), "1e307 TWh (1e306-1.8e308)");
  EXPECT_EQ(FormatQuantity(kMax, "t CO2e"), "1.8e308 t CO2e");
  EXPECT_EQ(FormatQuantity(kMax, "km"), "1.8e308 km");
  EXPECT_EQ(FormatQuantity(Interval(1, 0.5, std::numeric_limits<double>::infinity()), "kWh"),
            "1 kWh (0.5-inf)");  // an unbounded high end is no overflow
  EXPECT_EQ(FormatQuantity(1e300, "kWh"), "1e303 Wh");
  EXPECT_EQ(FormatQuantity(12e9, "L"), "12 GL");
  EXPECT_EQ(FormatQuantity(3500, "L"), "3.5 kL");
  EXPECT_EQ(FormatQuantity(435e6, "W"), "435 MW");
  EXPECT_EQ(FormatQuantity(435, "kW"), "435 kW");
  EXPECT_EQ(FormatQuantity(Interval(10.5e9, 8.75e9, 14e9), "USD"), "USD 10.5 bn (8.75-14)");
  EXPECT_EQ(FormatQuantity(2e6, "EUR"), "EUR 2 M");
  EXPECT_EQ(FormatQuantity(350000, ""), "350,000");
  EXPECT_EQ(FormatQuantity(Interval(1.2, 1.1, 1.3), ""), "1.2 (1.1-1.3)");
  EXPECT_EQ(FormatQuantity(6.7, "%"), "6.7%");
  EXPECT_EQ(FormatQuantity(Interval(0.067, 0.059, 0.073), "fraction"), "6.7% (5.9-7.3)");
  EXPECT_EQ(FormatQuantity(8760, "h"), "8,760 h");
  EXPECT_EQ(FormatQuantity(Interval(27.3, 20, 31.26), "s"), "27.3 s (20-31.3)");
  EXPECT_EQ(FormatQuantity(0.414, "kg/kWh"), "0.414 kg/kWh");
  EXPECT_EQ(FormatQuantity(4.37e27, "FLOP"), "4.37e27 FLOP");
  EXPECT_EQ(FormatQuantity(989e12, "FLOP/s"), "989 TFLOP/s");
  EXPECT_EQ(FormatQuantity(267, "mm"), "267 mm");
  EXPECT_EQ(FormatQuantity(93.7e6, "mm"), "93.7 km");
}

TEST(SiFormat, QuantityNeverStacksPrefixes) {
  for (const char* unit : {"kWh", "kg CO2e", "L", "W", "kW"}) {
    const std::string s = FormatQuantity(2.15e9, unit);
    EXPECT_EQ(s.find("kkWh"), std::string::npos) << s;
    EXPECT_EQ(s.find("Gkg"), std::string::npos) << s;
    EXPECT_EQ(s.find("B kWh"), std::string::npos) << s;
  }
  EXPECT_EQ(FormatQuantity(2e6, "kg/kWh"), "2,000,000 kg/kWh");
}

TEST(SiFormat, ScaledWordsForProse) {
  EXPECT_EQ(FormatScaled(6132), "6,132");
  EXPECT_EQ(FormatScaled(427), "427");
  EXPECT_EQ(FormatScaled(0.0341), "0.0341");
  EXPECT_EQ(FormatScaled(11.4e9), "11.4 bn");
  EXPECT_EQ(FormatScaled(2.5e6), "2.5 M");
  EXPECT_EQ(FormatScaledInterval(Interval(10.5e9, 8.75e9, 14e9)), "10.5 (8.75-14) bn");
  EXPECT_EQ(FormatNumber(std::nan("")), "nan");
  // From a million trillion, an exponent: a claimed 1e40 printed 28 digits and "T" (found by an
  // adversarial tester). Peak FLOP/s (1e15-1e16) keep their "T".
  EXPECT_EQ(FormatScaled(999e12), "999 T");
  EXPECT_EQ(FormatScaled(1.979e15), "1,979 T");
  EXPECT_EQ(FormatScaled(1e40), "1e+40");
  EXPECT_EQ(FormatScaled(-6.132e303), "-6.13e+303");
  EXPECT_EQ(FormatScaledInterval(Interval(1e40, 9e39, 1.1e40)), "1e+40 (9e+39-1.1e+40)");
}

}  // namespace
}  // namespace gpufleet

namespace gpufleet {
namespace {

// Found by an adversarial tester comparing the CLI with the dashboard: a plain unit at or above
// 1,000 kept a count's three decimals ("4,229.176 tokens/s"); a zero bound beyond 1e21 read
// "0e00" and a small one "9.5e04" beside "2.18e27".
TEST(FormatQuantity, PlainUnitsAboveAThousandAreWholeAndExponentsBare) {
  EXPECT_EQ(FormatQuantity(Interval(4229.176, 2926.748, 5684.161), "tokens/s"),
            "4,229 tokens/s (2,927-5,684)");
  EXPECT_EQ(FormatQuantity(Interval(1234.5), "h"), "1,235 h");  // half away from zero, as llround
  EXPECT_EQ(FormatQuantity(Interval(2.18e27, 0, 4.37e27), "FLOP"), "2.18e27 FLOP (0-4.37e27)");
  EXPECT_EQ(FormatQuantity(Interval(2.18e27, 9.5e4, 4.37e27), "FLOP"),
            "2.18e27 FLOP (9.5e4-4.37e27)");
  EXPECT_EQ(FormatQuantity(Interval(2.18e27, 1.28e-3, 4.37e27), "FLOP"),
            "2.18e27 FLOP (1.28e-3-4.37e27)");
  // A count keeps its fraction: 1.5 GPUs is not 2.
  EXPECT_EQ(FormatCount(Interval(1.5)), "1.5");
}

}  // namespace
}  // namespace gpufleet

namespace gpufleet {
namespace {

TEST(FormatGrouped, GroupsEverySizeWithoutAPrefix) {
  EXPECT_EQ(FormatGrouped(0), "0");
  EXPECT_EQ(FormatGrouped(999), "999");
  EXPECT_EQ(FormatGrouped(1000), "1,000");
  EXPECT_EQ(FormatGrouped(1e9), "1,000,000,000");  // FormatCount says "1 G" from 1e7
  EXPECT_EQ(FormatGrouped(-1234567), "-1,234,567");
  EXPECT_EQ(FormatGrouped(1.5), "1.5");
}

}  // namespace
}  // namespace gpufleet

#include "gpufleet/si_format.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(FormatPercent(Interval(0.067, 0.059, 0.073)), "6.7% (5.9-7.3)");
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(25.3164), "25.3");
}

}  // namespace
}  // namespace gpufleet

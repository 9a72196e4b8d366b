#include "claims/rt_unit.h"

#include <gtest/gtest.h>

namespace gpufleet::claims {
namespace {

TEST(RtUnit, EnergyPrefixes) {
  EXPECT_DOUBLE_EQ(ParseUnit("kWh")->factor, 3.6e6);
  EXPECT_DOUBLE_EQ(ParseUnit("GWh")->factor / ParseUnit("kWh")->factor, 1e6);
  EXPECT_DOUBLE_EQ(ParseUnit("TWh")->factor / ParseUnit("GWh")->factor, 1e3);
  EXPECT_TRUE(SameDimension(*ParseUnit("GWh"), *ParseUnit("J")));
  EXPECT_EQ(DimensionName(*ParseUnit("kWh")), "energy");
}

TEST(RtUnit, CompoundUnitsWithNumbers) {
  auto u = ParseUnit("USD/100km");
  ASSERT_TRUE(u);
  EXPECT_DOUBLE_EQ(u->factor, 1.0 / 1e5);
  EXPECT_EQ(DimensionName(*u), "money per length");
  auto e = ParseUnit("EUR per km");
  ASSERT_TRUE(e);
  EXPECT_TRUE(SameDimension(*u, *e));  // EUR counts as money
  EXPECT_EQ(e->eur(), 1);
  auto rate = ParseUnit("kWh/yr");
  ASSERT_TRUE(rate);
  EXPECT_TRUE(SameDimension(*rate, *ParseUnit("W")));
  EXPECT_NEAR(rate->factor, 3.6e6 / (8760 * 3600.0), 1e-12);
}

TEST(RtUnit, PlainNumbersAndPercent) {
  EXPECT_DOUBLE_EQ(ParseUnit("")->factor, 1);
  EXPECT_DOUBLE_EQ(ParseUnit("%")->factor, 0.01);
  EXPECT_EQ(DimensionName(*ParseUnit("GPUs")), "plain number");
}

TEST(RtUnit, IncompatibleAndUnknown) {
  EXPECT_FALSE(SameDimension(*ParseUnit("W"), *ParseUnit("kWh")));
  EXPECT_FALSE(ParseUnit("furlong"));
  EXPECT_FALSE(ParseUnit("kWh/"));
}

TEST(RtUnit, CatalogKeys) {
  EXPECT_EQ(UnitOfCatalogKey("tdp_w")->text, "W");
  EXPECT_EQ(UnitOfCatalogKey("energy_kwh")->text, "kWh");
  EXPECT_EQ(UnitOfCatalogKey("cost_eur_per_km")->text, "EUR/km");
  EXPECT_EQ(UnitOfCatalogKey("board_length_mm")->text, "mm");
  EXPECT_EQ(UnitOfCatalogKey("gpus_count")->text, "");
  EXPECT_TRUE(SameDimension(*UnitOfCatalogKey("rate_usd_per_eur"), *ParseUnit("")));
  EXPECT_FALSE(UnitOfCatalogKey("mystery"));
}

}  // namespace
}  // namespace gpufleet::claims

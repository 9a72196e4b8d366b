#include "gpufleet/site_energy.h"

#include <gtest/gtest.h>

#include "gpufleet/fleet.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

TEST(SiteEnergy, FacilityCostCarbonAndWater) {
  SiteFactors site;
  site.pue = Interval(1.2, 1.1, 1.3);
  site.grid = 0.4 * units::kg_per_kwh;
  site.price = 0.1 * units::usd_per_kwh;
  site.wue_onsite = 2.0 * units::l_per_kwh;
  site.water_offsite = 3.0 * units::l_per_kwh;
  const SiteImpact s = AtSite(1000.0 * units::kWh, site);
  EXPECT_DOUBLE_EQ(In(s.facility, units::kWh).value, 1200);
  EXPECT_DOUBLE_EQ(In(s.facility, units::kWh).low, 1100);
  EXPECT_DOUBLE_EQ(In(s.cost, units::usd).value, 120);
  EXPECT_DOUBLE_EQ(In(s.co2e, units::kg_co2e).value, 480);
  EXPECT_DOUBLE_EQ(In(s.water_onsite, units::L).value, 2000);   // on IT energy
  EXPECT_DOUBLE_EQ(In(s.water_offsite, units::L).value, 3600);  // on facility energy
  EXPECT_DOUBLE_EQ(In(s.water, units::L).high, 2000 + 3900);
}

TEST(SiteEnergy, TheFleetModelUsesIt) {
  const FleetInputs in =
      InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site", "test-system");
  const FleetResult r = Evaluate(in);
  const SiteImpact s = AtSite(r.energy_it, SiteOf(in));
  EXPECT_EQ(In(r.energy_facility, units::kWh), In(s.facility, units::kWh));
  EXPECT_EQ(In(r.electricity_cost, units::usd), In(s.cost, units::usd));
  EXPECT_EQ(In(r.co2e_operational, units::kg_co2e), In(s.co2e, units::kg_co2e));
  EXPECT_EQ(In(r.water_onsite + r.water_offsite, units::L), In(s.water, units::L));
  FleetInputs back;
  SetSite(back, SiteOf(in));
  EXPECT_EQ(back.pue, in.pue);
  EXPECT_EQ(back.site_id, in.site_id);
}

}  // namespace
}  // namespace gpufleet

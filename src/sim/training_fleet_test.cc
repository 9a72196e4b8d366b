// RunFigures (training_fleet.h): a run's energy, cost, carbon and water through the fleet model;
// with no site, what depends on a site factor is absent with the reason, never 0.
#include "gpufleet/training_fleet.h"

#include <gtest/gtest.h>

#include <string>

#include "gpufleet/fleet.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

McSummary TenHourRun() {
  McSummary mc;
  mc.wall_h = Spread{10, 9, 10, 11};
  mc.down_h = Spread{1, 0.5, 1, 1.5};
  return mc;
}

const ReportFigure& Named(const std::vector<ReportFigure>& figures, const std::string& name) {
  for (const ReportFigure& f : figures) {
    if (f.name == name) return f;
  }
  throw std::logic_error("no figure " + name);
}

TEST(RunFigures, NoSiteLeavesCostCarbonAndWaterAbsentNotZero) {
  const auto bare =
      RunFigures(InputsFromCatalog(testing::TestCatalog(), "test-gpu"), 64, TenHourRun());
  EXPECT_TRUE(Named(bare, "energy_facility_kwh").absent_why.empty());
  EXPECT_GT(Named(bare, "energy_facility_kwh").value.value, 0);
  for (const char* name : {"electricity_cost_usd", "co2e_operational_kg", "water_l"}) {
    EXPECT_EQ(Named(bare, name).absent_why.rfind("no site given and no ", 0), 0u) << name;
  }
  const auto sited = RunFigures(InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site"),
                                64, TenHourRun());
  for (const char* name : {"electricity_cost_usd", "co2e_operational_kg", "water_l"}) {
    EXPECT_TRUE(Named(sited, name).absent_why.empty()) << name;
    EXPECT_GT(Named(sited, name).value.value, 0) << name;
  }
}

}  // namespace
}  // namespace gpufleet

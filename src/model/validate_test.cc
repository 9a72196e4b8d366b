// Validate: each out-of-domain input is rejected with its name in the message.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

// An Interval built field by field, bypassing the checking constructor (as a struct filled by
// hand or by a buggy caller could be).
Interval Raw(double value, double low, double high) {
  Interval x;
  x.value = value;
  x.low = low;
  x.high = high;
  return x;
}

FleetInputs Good() { return InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site"); }

// The field named by the InputError that Validate throws after setting `name` to `v`, or "" when
// it accepts the value.
std::string Rejected(const std::string& name, const Interval& v) {
  FleetInputs in = Good();
  SetInput(in, name, v);
  try {
    Validate(in);
  } catch (const InputError& e) {
    return e.where().field;
  }
  return "";
}

TEST(FleetValidate, AcceptsTheCatalogInputs) { EXPECT_NO_THROW(Validate(Good())); }

TEST(FleetValidate, RejectsOutOfDomainValuesNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const struct {
    const char* name;
    Interval value;
  } cases[] = {
      {"count", -3},
      {"count", 0},
      {"count", 2e9},
      {"count", Raw(nan, nan, nan)},
      {"load", 1.2},
      {"load", -0.1},
      {"pue", 0.9},
      {"hours", 0},
      {"gpu_tdp_w", 0},
      {"gpu_tdp_w", 1e6},
      {"host_overhead_w", -1},
      {"grid_kg_per_kwh", -0.1},
      {"price_per_kwh", 50},
      {"lifetime_years", 0},
      {"mfu", 1.5},
      {"gpus_per_node", 0},
      {"gpu_price_usd", -1},
      {"count", Interval(1, 0, 2)},
      {"load", Raw(0.5, nan, 0.6)},
  };
  for (const auto& c : cases) EXPECT_EQ(Rejected(c.name, c.value), c.name) << c.name;
}

TEST(FleetValidate, RejectsIdleAboveTdpAndBadOrder) {
  EXPECT_EQ(Rejected("gpu_idle_w", 800), "gpu_idle_w");
  EXPECT_EQ(Rejected("count", Raw(3, 5, 2)), "count");
}

TEST(FleetValidate, MessageSaysWhatAndGot) {
  FleetInputs in = Good();
  in.count = -3;
  try {
    Evaluate(in);
    FAIL() << "accepted count -3";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "'count': must be >= 1, got -3");
  }
}

}  // namespace
}  // namespace gpufleet

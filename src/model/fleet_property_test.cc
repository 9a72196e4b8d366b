// Properties of the model on random inputs: bounds hold (low <= value <= high), a range in any
// input reaches the outputs, every point inside the input box lands inside the output bounds,
// and outputs grow with the inputs that drive them.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gpufleet/fleet.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

// Inputs whose domains allow a +-20% range around a typical value.
const std::vector<std::pair<std::string, double>> kBase = {
    {"count", 1000},
    {"hours", 5000},
    {"load", 0.5},
    {"gpu_tdp_w", 700},
    {"gpu_idle_w", 100},
    {"host_overhead_w", 300},
    {"pue", 1.3},
    {"grid_kg_per_kwh", 0.4},
    {"price_per_kwh", 0.1},
    {"wue_l_per_kwh", 0.5},
    {"offsite_water_l_per_kwh", 3},
    {"gpu_price_usd", 25000},
    {"system_price_per_gpu_usd", 35000},
    {"lifetime_years", 4},
    {"embodied_kg_co2e", 150},
    {"board_length_mm", 268},
    {"gpu_peak_bf16_flop_per_s", 1e15},
    {"mfu", 0.4},
    {"gpus_per_node", 8},
    {"nodes_per_rack", 4},
};

FleetInputs Base() {
  FleetInputs in;
  for (const auto& [name, v] : kBase) SetInput(in, name, v);
  return in;
}

// Every output as an Interval, by name.
std::map<std::string, Interval> Outputs(const FleetInputs& in) {
  std::map<std::string, Interval> out;
  for (const NamedResult& r : Tabulate(in, Evaluate(in))) {
    if (r.figure.present()) out[r.name] = r.figure.range();
  }
  return out;
}

TEST(FleetProperties, ARangeInAnyInputReachesSomeOutput) {
  const auto point = Outputs(Base());
  for (const auto& [name, v] : kBase) {
    if (name == "gpu_idle_w" || name == "load") continue;  // checked below with avg power unset
    FleetInputs in = Base();
    // Servers and racks are counted in whole numbers (the input table refuses 6.4..9.6).
    const bool whole = name == "gpus_per_node" || name == "nodes_per_rack";
    SetInput(in, name,
             whole ? Interval(v, std::floor(v * 0.8), std::ceil(v * 1.2))
                   : Interval(v, v * 0.8, v * 1.2));
    int widened = 0;
    for (const auto& [out_name, x] : Outputs(in)) widened += x.low < x.high;
    EXPECT_GT(widened, 0) << name << " has a range that reaches no output";
  }
  FleetInputs in = Base();
  in.load = Interval(0.5, 0.4, 0.6);
  EXPECT_LT(Outputs(in).at("energy_it_kwh").low, Outputs(in).at("energy_it_kwh").high);
  EXPECT_EQ(point.at("energy_it_kwh").low, point.at("energy_it_kwh").high);
}

TEST(FleetProperties, RandomBoxesContainEveryInnerPoint) {
  std::mt19937_64 rng(20240118);
  std::uniform_real_distribution<double> half_width(0, 0.3), where(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    FleetInputs box = Base();
    std::vector<std::pair<std::string, Interval>> ranges;
    for (const auto& [name, v] : kBase) {
      const double w = half_width(rng);
      double lo = v * (1 - w), hi = v * (1 + w);
      if (name == "load" || name == "mfu") hi = std::min(hi, 1.0);
      if (name == "pue") lo = std::max(lo, 1.0);
      const bool whole = name == "gpus_per_node" || name == "nodes_per_rack";
      if (whole) lo = std::max(std::floor(lo), 1.0), hi = std::ceil(hi);
      if (name == "gpu_idle_w") hi = std::min(hi, 0.8 * 700 * 0.7);
      ranges.emplace_back(name, Interval(std::clamp(v, lo, hi), lo, hi));
      SetInput(box, name, ranges.back().second);
    }
    const auto bounds = Outputs(box);
    for (const auto& [name, x] : bounds) {
      ASSERT_LE(x.low, x.value) << name;
      ASSERT_LE(x.value, x.high) << name;
    }
    FleetInputs inner = Base();
    for (const auto& [name, r] : ranges) {
      const double x = r.low + where(rng) * (r.high - r.low);
      SetInput(inner, name,
               name == "gpus_per_node" || name == "nodes_per_rack" ? std::round(x) : x);
    }
    for (const auto& [name, x] : Outputs(inner)) {
      const Interval& b = bounds.at(name);
      EXPECT_GE(x.value, b.low * (1 - 1e-12)) << name << " trial " << trial;
      EXPECT_LE(x.value, b.high * (1 + 1e-12)) << name << " trial " << trial;
    }
  }
}

TEST(FleetProperties, MonotoneInCountLoadPueAndHours) {
  const auto base = Outputs(Base());
  for (const auto& [name, factor] : std::vector<std::pair<std::string, double>>{
           {"count", 2}, {"load", 1.5}, {"pue", 1.2}, {"hours", 3}}) {
    FleetInputs in = Base();
    SetInput(in, name, GetInput(in, name) * factor);
    const auto more = Outputs(in);
    EXPECT_GT(more.at("energy_facility_kwh").value, base.at("energy_facility_kwh").value) << name;
    EXPECT_GT(more.at("co2e_operational_kg").value, base.at("co2e_operational_kg").value) << name;
    EXPECT_GE(more.at("power_facility_w").value, base.at("power_facility_w").value) << name;
  }
}

}  // namespace
}  // namespace gpufleet

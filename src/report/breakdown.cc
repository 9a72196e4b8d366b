#include "report/breakdown.h"

namespace gpufleet {
namespace {

Breakdown Cost(const FleetInputs& in, const FleetResult& r) {
  const auto share = in.period / in.lifetime;  // dimensionless Interval
  Breakdown b{"cost", "Cost over the period", "USD", {}};
  if (r.capex_systems) {
    b.parts.push_back({"systems, amortised", In(*r.capex_systems * share, units::usd)});
  } else if (!GpuFactUnknown(in, "gpu_price_usd")) {
    b.parts.push_back({"GPUs, amortised", In(r.capex_gpus * share, units::usd)});
  }
  if (!SiteFactorUnknown(in, "price_per_kwh")) {
    b.parts.push_back({"electricity", In(r.electricity_cost, units::usd)});
  }
  return b;
}

Breakdown EnergyParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"energy", "Energy over the period", "kWh", {}};
  b.parts.push_back({"GPUs", In(r.energy_gpus, units::kWh)});
  b.parts.push_back(
      {"host overhead", In(in.host_overhead_per_gpu * in.count * in.period, units::kWh)});
  // No site and no PUE given: PUE 1 is an assumption, not a measured 0 of cooling.
  if (!SiteFactorUnknown(in, "pue")) {
    b.parts.push_back(
        {"cooling and losses (PUE)", In(r.energy_it * (in.pue - Interval(1.0)), units::kWh)});
  }
  return b;
}

Breakdown CarbonParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"carbon", "Carbon over the period", "kg CO2e", {}};
  if (!SiteFactorUnknown(in, "grid_kg_per_kwh")) {
    b.parts.push_back({"operational (grid)", In(r.co2e_operational, units::kg_co2e)});
  }
  b.parts.push_back({"embodied, amortised", In(r.co2e_embodied, units::kg_co2e)});
  return b;
}

Breakdown WaterParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"water", "Water over the period", "L", {}};
  if (!SiteFactorUnknown(in, "wue_l_per_kwh")) {
    b.parts.push_back({"on-site (cooling)", In(r.water_onsite, units::L)});
  }
  if (!SiteFactorUnknown(in, "offsite_water_l_per_kwh")) {
    b.parts.push_back({"off-site (power generation)", In(r.water_offsite, units::L)});
  }
  return b;
}

}  // namespace

std::vector<Breakdown> FleetBreakdowns(const FleetInputs& in, const FleetResult& r) {
  // A part whose site factor is unknown (no site given) is left out, and a chart with no part
  // left with it.
  // Each moved in (an initializer list would copy all four, 9 allocations of the API's answer).
  std::vector<Breakdown> all;
  all.reserve(4);
  const auto add = [&all](Breakdown b) {
    if (!b.parts.empty()) all.push_back(std::move(b));
  };
  add(Cost(in, r));
  add(EnergyParts(in, r));
  add(CarbonParts(in, r));
  add(WaterParts(in, r));
  return all;
}

}  // namespace gpufleet

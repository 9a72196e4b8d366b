#include "report/breakdown.h"

namespace gpufleet {
namespace {

// A part of a site factor: its value, or unknown with the one wording every front end shows.
BreakdownPart SitePart(const FleetInputs& in, const std::string& factor, std::string label,
                       const Interval& value) {
  if (SiteFactorUnknown(in, factor))
    return {std::move(label), {}, SiteFactorUnknownWhy(in, factor)};
  return {std::move(label), value, ""};
}

Breakdown Cost(const FleetInputs& in, const FleetResult& r) {
  const auto share = in.period / in.lifetime;  // dimensionless Interval
  Breakdown b{"cost", "Cost over the period", "USD", {}};
  if (r.capex_systems) {
    b.parts.push_back({"systems, amortised", In(*r.capex_systems * share, units::usd), ""});
  } else if (!GpuFactUnknown(in, "gpu_price_usd")) {
    b.parts.push_back({"GPUs, amortised", In(r.capex_gpus * share, units::usd), ""});
  } else {
    b.parts.push_back({"GPUs, amortised", {}, "no sourced GPU price for " + in.gpu_id});
  }
  b.parts.push_back(
      SitePart(in, "price_per_kwh", "electricity", In(r.electricity_cost, units::usd)));
  return b;
}

Breakdown EnergyParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"energy", "Energy over the period", "kWh", {}};
  b.parts.push_back({"GPUs", In(r.energy_gpus, units::kWh), ""});
  // No system and no host power given: the totals count 0 W of host power, an assumption, not
  // a measured 0; said as the PUE part says PUE 1 (it read "host overhead 0 Wh" beside the PUE
  // part's n/a; found by an adversarial tester).
  const std::string* host = in.sources.Find("host_overhead_w");
  if (host != nullptr && host->ends_with("(no system given)")) {
    b.parts.push_back({"host overhead",
                       {},
                       "no system given: no host power counted (the totals count 0 W; give a "
                       "system or a host overhead)"});
  } else {
    b.parts.push_back(
        {"host overhead", In(in.host_overhead_per_gpu * in.count * in.period, units::kWh), ""});
  }
  // No site and no PUE given: PUE 1 is an assumption, not a measured 0 of cooling.
  BreakdownPart cooling = SitePart(in, "pue", "cooling and losses (PUE)",
                                   In(r.energy_it * (in.pue - Interval(1.0)), units::kWh));
  if (!cooling.known()) cooling.why += " (the facility energy counts PUE 1)";
  b.parts.push_back(std::move(cooling));
  return b;
}

Breakdown CarbonParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"carbon", "Carbon over the period", "kg CO2e", {}};
  b.parts.push_back(SitePart(in, "grid_kg_per_kwh", "operational (grid)",
                             In(r.co2e_operational, units::kg_co2e)));
  // As the results say it (tabulate.cc): no figure and no bottom-up estimate is unknown, not 0.
  const Interval embodied = In(r.co2e_embodied, units::kg_co2e);
  if (GpuFactUnknown(in, "embodied_kg_co2e") && embodied.high == 0) {
    b.parts.push_back({"embodied, amortised", {}, "no sourced figure for " + in.gpu_id});
  } else {
    b.parts.push_back({"embodied, amortised", embodied, ""});
  }
  return b;
}

Breakdown WaterParts(const FleetInputs& in, const FleetResult& r) {
  Breakdown b{"water", "Water over the period", "L", {}};
  b.parts.push_back(
      SitePart(in, "wue_l_per_kwh", "on-site (cooling)", In(r.water_onsite, units::L)));
  b.parts.push_back(SitePart(in, "offsite_water_l_per_kwh", "off-site (power generation)",
                             In(r.water_offsite, units::L)));
  return b;
}

}  // namespace

std::vector<Breakdown> FleetBreakdowns(const FleetInputs& in, const FleetResult& r) {
  // Every part, known or not: a part whose factor is unknown (no site given) carries its why, and
  // a breakdown with no known part is kept too (the HTML report promised four and drew three, and
  // its charts showed the known parts as if they were the whole; found by an adversarial tester).
  // Each moved in (an initializer list would copy all four, 9 allocations of the API's answer).
  std::vector<Breakdown> all;
  all.reserve(4);
  all.push_back(Cost(in, r));
  all.push_back(EnergyParts(in, r));
  all.push_back(CarbonParts(in, r));
  all.push_back(WaterParts(in, r));
  return all;
}

}  // namespace gpufleet

// Evaluate: the fleet model's equations (docs/model.md). Every input appears once in each
// expression, so interval arithmetic gives the exact range; the one exception, the average GPU
// power, is bounded by its corners.
#include "gpufleet/fleet.h"

#include <algorithm>
#include <cmath>

#include "gpufleet/embodied.h"

namespace gpufleet {
namespace {

double Average(double idle, double tdp, double load) { return idle + load * (tdp - idle); }

Interval Ceil(const Interval& x) {
  return MapIncreasing(x, [](double v) { return std::ceil(v); });
}

}  // namespace

IPower GpuAveragePower(const FleetInputs& in) {
  if (in.gpu_avg_power) return *in.gpu_avg_power;
  const Interval idle = In(in.gpu_idle, units::W), tdp = In(in.gpu_tdp, units::W);
  const Interval& load = in.load;
  Interval r(Average(idle.value, tdp.value, load.value));
  for (double i : {idle.low, idle.high}) {
    for (double t : {tdp.low, tdp.high}) {
      for (double l : {load.low, load.high}) {
        const double v = Average(i, t, l);
        r.low = std::min(r.low, v);
        r.high = std::max(r.high, v);
      }
    }
  }
  return r * units::W;
}

SiteFactors SiteOf(const FleetInputs& in) {
  return {in.site_id, in.pue, in.grid, in.electricity_price, in.wue_onsite, in.water_offsite, {}};
}

SiteFactors SiteWithUnknowns(const FleetInputs& in) {
  SiteFactors s = SiteOf(in);
  for (const std::string& name : SiteFactorNames()) {
    if (SiteFactorUnknown(in, name)) s.unknown.push_back(name);
  }
  return s;
}

void SetSite(FleetInputs& in, const SiteFactors& site) {
  in.site_id = site.id;
  in.pue = site.pue;
  in.grid = site.grid;
  in.electricity_price = site.price;
  in.wue_onsite = site.wue_onsite;
  in.water_offsite = site.water_offsite;
}

namespace {

// The one amortisation (embodied.h) over a ranged lifetime and period.
ICarbon Amortised(const ICarbon& total, const IDuration& lifetime, const IDuration& used) {
  return AmortisedEmbodied(In(total, units::kg_co2e), lifetime, used) * units::kg_co2e;
}

}  // namespace

FleetResult Evaluate(const FleetInputs& in) {
  Validate(in);
  FleetResult r;
  const Interval& n = in.count;
  r.gpu_avg_power = GpuAveragePower(in);
  r.capex_gpus = in.gpu_price * n;
  if (in.system_price_per_gpu) r.capex_systems = *in.system_price_per_gpu * n;
  r.power_gpus_tdp = in.gpu_tdp * n;
  r.power_it = (in.gpu_tdp + in.host_overhead_per_gpu) * n;
  r.power_facility = r.power_it * in.pue;
  r.energy_gpus = r.gpu_avg_power * n * in.period;
  r.energy_it = (r.gpu_avg_power + in.host_overhead_per_gpu) * n * in.period;
  const SiteImpact site = AtSite(r.energy_it, SiteOf(in));
  r.energy_facility = site.facility;
  r.electricity_cost = site.cost;
  r.co2e_operational = site.co2e;
  const Interval amortised = in.period / in.lifetime;  // fraction of the lifetime used
  r.co2e_embodied = Amortised(in.embodied_per_gpu * n, in.lifetime, in.period);
  r.water_onsite = site.water_onsite;
  r.water_offsite = site.water_offsite;
  r.nodes = Ceil(n / in.gpus_per_node);
  r.racks = Ceil(r.nodes / in.nodes_per_rack);
  if (in.board_length) r.length = *in.board_length * n;
  r.peak_bf16 = in.peak_bf16_per_gpu * n;
  r.delivered_flops = r.peak_bf16 * in.mfu * in.period;
  r.capex_amortised = r.capex_systems.value_or(r.capex_gpus) * amortised;
  r.cost_of_ownership = r.capex_amortised + r.electricity_cost;
  // One GPU's year at the site; the count enters once, as a factor.
  const IDuration one_year = Interval(1.0) * units::year;
  const SiteImpact gpu_year =
      AtSite((r.gpu_avg_power + in.host_overhead_per_gpu) * one_year, SiteOf(in));
  r.energy_facility_per_year = gpu_year.facility * n;
  r.co2e_operational_per_gpu_year = gpu_year.co2e;
  r.co2e_embodied_per_gpu_year = Amortised(in.embodied_per_gpu, in.lifetime, one_year);
  return r;
}

}  // namespace gpufleet

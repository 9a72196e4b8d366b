// The training commands' link to the catalog and the fleet model: per-GPU peak and power, and
// the run's energy, cost, CO2e and water.
#include <algorithm>

#include "cli/train_flags.h"
#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"

namespace gpufleet::cli {
namespace {

FleetInputs Inputs(const TrainFlags& f) {
  const Catalog catalog = Catalog::Load(f.catalog);
  return InputsFromCatalog(catalog, f.gpu, f.site);
}

// Facility power of one GPU (with its host share and PUE) at `load`, central value.
Power<> PerGpu(FleetInputs in, double load) {
  in.count = 1;
  in.period = 1.0 * units::h;
  in.load = load;
  return In(Evaluate(in).energy_facility, units::J).value / 3600 * units::W;
}

}  // namespace

GpuFigures LookUpGpu(const TrainFlags& f) {
  const FleetInputs in = Inputs(f);
  GpuFigures g;
  g.peak = in.peak_bf16_per_gpu;
  g.busy = PerGpu(in, 1.0);
  g.down = PerGpu(in, 0.0);
  return g;
}

std::vector<ReportFigure> FleetFigures(const TrainFlags& f, double gpus, const McSummary& mc) {
  FleetInputs in = Inputs(f);
  in.count = gpus;
  in.period = Interval(mc.wall_h.p50, mc.wall_h.p5, mc.wall_h.p95) * units::h;
  const double busy = mc.wall_h.mean > 0 ? 1 - mc.down_h.mean / mc.wall_h.mean : 1;
  in.load = std::clamp(busy, 0.0, 1.0);
  const FleetResult r = Evaluate(in);
  return {
      {"energy_facility_kwh", In(r.energy_facility, units::kWh), "kWh",
       "facility energy (fleet model)"},
      {"electricity_cost_usd", In(r.electricity_cost, units::usd), "USD", "electricity cost"},
      {"co2e_operational_kg", In(r.co2e_operational, units::kg_co2e), "kg CO2e",
       "operational CO2e"},
      {"water_l", In(r.water_onsite + r.water_offsite, units::L), "L",
       "water (on-site + off-site)"},
  };
}

}  // namespace gpufleet::cli

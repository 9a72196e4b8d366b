#include "gpufleet/training_fleet.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/sweep.h"

namespace gpufleet {
namespace {

// Facility power of one GPU at `load`, central value.
Power<> PerGpu(FleetInputs in, double load) {
  in.count = 1;
  in.period = 1.0 * units::h;
  in.load = load;
  in.gpu_avg_power.reset();
  return In(Evaluate(in).energy_facility, units::J).value / 3600 * units::W;
}

}  // namespace

GpuFigures GpuFiguresFrom(const FleetInputs& in) {
  // Training turns its work into time (and GPU-hours into FLOPs) by the peak: without one the
  // error named a flag that does not exist ("'peak FLOP/s': must be > 0 and finite, got 0";
  // found by an adversarial tester).
  if (GpuFactUnknown(in, "gpu_peak_bf16_flop_per_s")) {
    throw InputError(
        Where{"", 0, "gpu"},
        fmt::format("{} has no BF16 peak in the catalog (bf16_dense_flop_per_s): training turns "
                    "its work into time and FLOPs by it, and no flag replaces it; add the fact "
                    "to the GPU's entry (--catalog DIR)",
                    in.gpu_id));
  }
  GpuFigures g;
  g.peak = in.peak_bf16_per_gpu;
  g.peak_note = in.peak_note;
  g.busy = PerGpu(in, 1.0);
  g.down = PerGpu(in, 0.0);
  // Said as applied: the label was fixed text ("GPUs + the system's hosts, x the site's PUE
  // (none given: GPUs alone, PUE 1)"), wrong with a site's PUE and naming hosts train never
  // has (found by an adversarial tester).
  const double host_w = In(in.host_overhead_per_gpu, units::W).value;
  g.power_basis = (host_w > 0 ? fmt::format("the GPUs + their hosts ({:g} W per GPU)", host_w)
                              : std::string("the GPUs alone (no system given: no hosts)")) +
                  (SiteFactorUnknownWhy(in, "pue").empty()
                       ? fmt::format(", x PUE {:g}{}", in.pue.value,
                                     in.site_id.empty() ? "" : " (site " + in.site_id + ")")
                       : std::string(", x PUE 1 (no site PUE given)"));
  return g;
}

std::vector<ReportFigure> RunFigures(FleetInputs in, double gpus, const McSummary& mc) {
  in.count = gpus;
  const Interval wall = Interval(mc.wall_h.p50, mc.wall_h.p5, mc.wall_h.p95);
  const double busy = mc.wall_h.mean > 0 ? 1 - mc.down_h.mean / mc.wall_h.mean : 1;
  in.load = std::clamp(busy, 0.0, 1.0);
  in.gpu_avg_power.reset();
  // The fleet model carries the ranges of the power, the PUE and the site's factors; the run's
  // energy and its run-to-run spread are the simulation's, in which each replica's busy and down
  // hours go together: every figure is the fleet model's scaled to the simulated facility energy
  // (p50, p5..p95). The wall time's p5..p95 with the mean busy share paired a short run with a
  // long run's idleness: a facility energy below the simulated one (57 against 328 MWh when
  // replicas stopped at the wall-time cap), and a low end below what the work alone needs
  // (found by an adversarial tester).
  in.period = mc.wall_h.p50 * units::h;
  const FleetResult r = Evaluate(in);
  const double model_kwh = In(r.energy_facility, units::kWh).value;
  const Interval simulated_kwh =
      Interval(mc.energy_mwh.p50, mc.energy_mwh.p5, mc.energy_mwh.p95) * 1000.0;
  // (A summary without simulated energy keeps the fleet model at the median wall time.)
  const Interval spread =
      model_kwh > 0 && simulated_kwh.value > 0 && std::isfinite(simulated_kwh.high)
          ? simulated_kwh / model_kwh
          : Interval(1);
  // No site and no factor given: unknown, not 0 (SiteFactorUnknownWhy).
  std::string water_why = SiteFactorUnknownWhy(in, "wue_l_per_kwh");
  if (water_why.empty()) water_why = SiteFactorUnknownWhy(in, "offsite_water_l_per_kwh");
  std::vector<ReportFigure> out = {
      {"energy_facility_kwh", In(r.energy_facility, units::kWh) * spread, "kWh",
       "facility energy (fleet model)"},
      {"electricity_cost_usd", In(r.electricity_cost, units::usd) * spread, "USD",
       "electricity cost", SiteFactorUnknownWhy(in, "price_per_kwh")},
      {"co2e_operational_kg", In(r.co2e_operational, units::kg_co2e) * spread, "kg CO2e",
       "operational CO2e", SiteFactorUnknownWhy(in, "grid_kg_per_kwh")},
      {"water_l", In(r.water_onsite + r.water_offsite, units::L) * spread, "L",
       "water (on-site + off-site)", water_why},
  };
  in.period = wall * units::h;  // the hardware's time share: the wall time's own spread
  // The run's share of making the hardware (AmortisedEmbodied through Evaluate: wall time /
  // lifetime), when the catalog has a figure for the GPU.
  if (!in.embodied_boundary.empty() || In(in.embodied_per_gpu, units::kg_co2e).high > 0) {
    const std::string boundary = in.embodied_boundary.empty() ? "as given" : in.embodied_boundary;
    out.push_back({"co2e_embodied_kg", In(Evaluate(in).co2e_embodied, units::kg_co2e), "kg CO2e",
                   "embodied CO2e, the run's time share (boundary: " + boundary + ")"});
  }
  // Replicas stopped at the wall-time cap did not finish: every figure here grows with the wall
  // time or the energy, so each one given is a lower bound, and says so (1.78 GWh and 9.29 t CO2e
  // were printed as a run's whose ideal time alone was 13 million days; found by an adversarial
  // tester).
  if (mc.capped > 0) {
    for (ReportFigure& f : out) {
      if (f.absent_why.empty())
        f.description += " (at least: replicas stopped at the wall-time cap)";
    }
  }
  return out;
}

McOptions ScaleOutOptions(uint64_t replicas) {
  McOptions mc;
  mc.replicas = replicas;
  mc.seed = 1;
  // The report ran its rows with no budget: a catalog whose restarts took 6,000 s ran 14 minutes
  // where `sweep --scale-out` refused it in 12 s (found by an adversarial tester).
  mc.max_events = kLocalMaxEventsPerReplica;
  mc.max_total_events = kLocalMaxEventsPerCommand;
  mc.spent = std::make_shared<std::atomic<uint64_t>>(0);
  return mc;
}

report::Section ScaleOutSection(const Catalog& catalog, const McOptions& mc_given) {
  const GpuFigures h100 = GpuFiguresFrom(InputsFromCatalog(catalog, "h100-sxm"));
  report::Section s;
  s.id = "training-scale-out";
  s.title = "One training job on 350,000 GPUs (simulated)";
  report::Table t;
  t.columns = ScaleOutColumns();
  // The input table's defaults (Llama 3 405B), with the catalog's failure models: a --catalog
  // directory's failure_models.toml, as `sweep --scale-out --catalog` reads it (the report used
  // the embedded ones whatever the directory held; found by an adversarial tester).
  const inputs::Given defaults(inputs::kSweep);
  ReliabilityOptions opt = ReliabilityFrom(defaults);
  opt.catalog_models = CatalogFailureModels(catalog);
  McOptions mc = mc_given;
  if (mc.spent) mc.spent = std::make_shared<std::atomic<uint64_t>>(0);  // this section's rows
  for (const SweepRow& r : ScaleOutRows(TrainingInputsFrom(defaults, h100), opt, h100, mc)) {
    t.cells.push_back(ScaleOutCells(r));
  }
  s.table = t;
  s.notes = {
      "Llama 3 405B (3.8e25 FLOPs, MFU 38-43%) as one synchronous job; failure rates of the "
      "Llama 3 paper's Table 5 (419 unexpected interruptions on 16,384 H100 in 54 days) scaled "
      "per GPU, node, rack or job; 5-minute restarts; checkpoints of 14 bytes per parameter at "
      "2 TB/s; Daly's interval.",
      fmt::format("Goodput = useful compute time / wall time over {} Monte Carlo replicas (seed "
                  "1). `gpufleet sweep --scale-out` reproduces it; docs/training.md explains it.",
                  mc.replicas),
      "The interruption rate grows with the job while a restart does not shrink: at 350,000 "
      "GPUs about 40% of the wall time goes to restarts."};
  if (opt.catalog_models != nullptr) {
    s.notes.front() = fmt::format(
        "Llama 3 405B (3.8e25 FLOPs, MFU 38-43%) as one synchronous job; failure model {} as {} "
        "gives it (not the embedded one); checkpoints of 14 bytes per parameter at 2 TB/s; "
        "Daly's interval.",
        opt.failure_model, opt.catalog_models->file);
    s.notes.back() = "The interruption rate grows with the job while a restart does not shrink.";
  }
  return s;
}

void AddDefaultStory(report::Report& r, const Catalog& catalog) {
  // Its inputs are built in: an entry a --catalog directory lacks is the catalog's to give, not
  // a flag's ("'--model': unknown model 'llama-3.1-405b'" on a report that takes no --model;
  // found by an adversarial tester).
  try {
    r.extra.push_back(ScaleOutSection(catalog));
    r.extra.push_back(report::ServingStorySection(catalog));  // what it serves (issue 13)
  } catch (const WorkBudgetError&) {
    throw;
  } catch (const InputError& e) {
    if (!e.where().file.empty()) throw;
    throw InputError(Where{"", 0,
                           "the default report's built-in story (gpu h100-sxm, system dgx-h100, "
                           "site meta-fleet, model llama-3.1-405b, failure model llama3-2024, "
                           "from the catalog)"},
                     e.detail());
  }
}

}  // namespace gpufleet

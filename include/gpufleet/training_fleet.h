// The training model's link to the catalog, the fleet model and the report: per-GPU peak and
// power for the simulator, the fleet model's energy, cost, CO2e and water over a simulated run,
// and the "one job on 350,000 GPUs" section of the default report.
#pragma once

#include <vector>

#include "gpufleet/fleet.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/report.h"
#include "gpufleet/training_report.h"
#include "gpufleet/training_run.h"

namespace gpufleet {

// Peak (dense BF16) and facility power per GPU (GPU at load 1 or 0, its host share, PUE) from
// fleet inputs, central values. Throws InputError as Evaluate does.
GpuFigures GpuFiguresFrom(const FleetInputs& in);

// The fleet model over a simulated run of `gpus` GPUs: period = simulated wall time (p50, range
// p5..p95), load = the busy fraction. Facility energy, electricity cost, operational CO2e, water.
std::vector<ReportFigure> RunFigures(FleetInputs in, double gpus, const McSummary& mc);

// The Monte Carlo options of the default report's simulation: `replicas`, seed 1, and a local
// program's work budget (kLocalMaxEventsPerReplica a replica, kLocalMaxEventsPerCommand for the
// three rows together), as `sweep --scale-out` runs the same rows: a catalog whose failure model
// makes them take hours is refused by both, with the same WorkBudgetError.
McOptions ScaleOutOptions(uint64_t replicas = 1000);

// The default report's reliability section: ScaleOutRows on the catalog's H100 (h100-sxm), as
// a table with notes. Deterministic (seeded). Throws WorkBudgetError over mc's work budget.
report::Section ScaleOutSection(const Catalog& catalog, const McOptions& mc = ScaleOutOptions());

// The default report's story after its fleets (`gpufleet report` with no file, the module's
// report()): one training job on the fleet (ScaleOutSection) and what the fleet serves
// (report::ServingStorySection). Appended to r.extra. Deterministic. Throws WorkBudgetError
// as ScaleOutSection does.
void AddDefaultStory(report::Report& r, const Catalog& catalog);

}  // namespace gpufleet

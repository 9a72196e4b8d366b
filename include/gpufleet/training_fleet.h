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

// The default report's reliability section: ScaleOutRows on the catalog's H100 (h100-sxm), as
// a table with notes. Deterministic (seeded).
report::Section ScaleOutSection(const Catalog& catalog, uint64_t replicas = 1000);

// The default report's story after its fleets (`gpufleet report` with no file, the module's
// report()): one training job on the fleet (ScaleOutSection) and what the fleet serves
// (report::ServingStorySection). Appended to r.extra. Deterministic.
void AddDefaultStory(report::Report& r, const Catalog& catalog);

}  // namespace gpufleet

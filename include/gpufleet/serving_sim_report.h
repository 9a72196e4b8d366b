// The serving simulation (serving_sim.h) as a section of a report::Report, for the document of
// `gpufleet infer --simulate` (wired when the analytical serving model lands): every figure a
// NamedResult with a stable name (`sim_ttft_p99_s`, ...; `replicas_for_p99` with a search),
// p50 over simulated days with p5..p95 as the range, and notes stating the scheduling policy,
// the replica model and the Monte Carlo run.
#pragma once

#include "gpufleet/report.h"
#include "gpufleet/serving_sim.h"

namespace gpufleet::report {

// `search` may be null (no target given).
Section ServingSimSection(const ServingSpec& spec, const ServingSummary& summary,
                          const ReplicaSearch* search = nullptr);

}  // namespace gpufleet::report

// /api/infer: the serving model (infer.h). The request's fields are the input table's rows for
// inputs::kInfer offered to the API (model, gpu, gpus_per_replica, precision, batch ...), each a
// JSON number or a string ("1..2", "auto", "50ms"), parsed and checked as the CLI's flags are.
// The response is the document `gpufleet infer --format json` prints. With "simulate": true the
// serving simulator runs too (infer_sim.h), within the server's work budgets (runs, events per
// run) and on one thread, after taking a simulation slot (simulation_slot.h).
#include <fmt/format.h>

#include "gpufleet/infer.h"
#include "gpufleet/infer_sim.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "serve/handlers.h"
#include "serve/simulation_slot.h"
#include "serve/train_request.h"

namespace gpufleet::serve {

Json InferApiJson(const Catalog& catalog, const Json& request, const ApiOptions& budget) {
  if (!request.is_object()) throw Bad("body", "must be a JSON object");
  inputs::Given given(inputs::kInfer);
  for (const auto& [key, value] : request.items()) {
    const inputs::Input* in = inputs::Find(key, inputs::kInfer);
    if (in == nullptr || !(in->front_ends & inputs::kApi)) {
      throw Bad(key, "unknown field; known: " + KnownFields(inputs::kInfer));
    }
    if (value.is_null() || (in->kind == inputs::Kind::kSwitch && SwitchOff(value))) continue;
    SetFromJson(given, key, value);
  }
  const InferInputs in = InferInputsFrom(catalog, given);
  const InferResult r = Evaluate(in);
  // Without a server-wide cap, a simulated period is still held to kServingRunEvents engine
  // iterations and arrivals per run (infer_sim.h).
  const uint64_t run_cap = budget.max_events != 0 ? budget.max_events : kServingRunEvents;
  // Without limits here: the runs' count is checked first (400 naming sim_runs), then the work
  // budget, shared between them, refuses at once what cannot fit (413, Compile).
  std::optional<InferSimulation> sim = InferSimulationFrom(in, r, given);
  report::Report doc = report::InferDocument(in, r);
  if (sim) {
    if (sim->mc.replicas > budget.max_replicas) {
      throw Bad("sim_runs", fmt::format("must be <= {} for the server (a work budget per request), "
                                        "got {}",
                                        budget.max_replicas, sim->mc.replicas));
    }
    // The per-run cap alone let 2,000 runs of an hour at 1,000 requests/s hold a worker for half
    // an hour: the request as a whole is held to ten runs' worth, 10 x run_cap (1e8 in
    // `gpufleet serve`; the default request: ten simulated days), shared between its runs, and
    // one run over its share stops them all (413).
    ShareServingBudget(*sim, run_cap);
    sim->mc.threads = 1;  // the server's workers already run requests in parallel
    report::AddInferSimInputs(doc.inputs, *sim);
    const SimulationSlot slot;
    doc.extra.push_back(report::InferSimSection(*sim, RunInferSimulation(*sim)));
  }
  return report::ToJson(doc);
}

}  // namespace gpufleet::serve

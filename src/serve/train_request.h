// Internal to the API: a training request (JSON object or query) turned into the simulator's
// inputs, with limits that keep one request cheap (replicas <= 2000, GPUs <= 1,000,000, only the
// embedded failure models: a client never names a file).
#pragma once

#include <cstdint>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/training_run.h"
#include "serve/handlers.h"

namespace gpufleet::serve {

struct TrainRequest {
  std::string gpu, site;
  FleetInputs fleet;  // the catalog's figures of gpu at site, for the run's energy and cost
  TrainingInputs inputs;
  ReliabilityOptions reliability;
  GpuFigures figures;  // GpuFiguresFrom(fleet)
  TrainingPlan plan;
  McOptions mc;  // replicas, seed, one thread, the budget's event cap
};

// Fields: every input of the input table (inputs.h) for `command` offered by the API, by its
// canonical name (gpu, site, count, params, tokens, checkpoint_write_s, restart_s ...; the old
// interval_h is read as checkpoint_interval_h). All optional; defaults: the table's (Llama 3 405B
// on 16,384 H100 SXM), replicas 200. Work budgets on top of the domains: count <= 1e6, replicas
// <= 2000 (by default; `budget`), only embedded failure models. Throws InputError naming the field.
// `budget` gives the caps (ApiOptions: count <= max_gpus, replicas <= max_replicas; the sweep
// checks its own, smaller replicas cap after this).
TrainRequest ParseTrainRequest(const Catalog& catalog, const Json& request,
                               inputs::Command command = inputs::kTrain,
                               const ApiOptions& budget = {});

// Parses JSON value `v` of input `name` into `given` with the table's parse and domain check (a
// JSON number is a bare number in the input's unit; a string may carry a unit or a range).
void SetFromJson(inputs::Given& given, const std::string& name, const Json& v);
// The text a front end would read for input `in` from JSON value `v` (a number exactly).
std::string InputText(const inputs::Input& in, const Json& v);
// A switch's JSON value that turns it off: false, or the text "false" in any case (a query
// string carries text; Python's str(False) is "False").
bool SwitchOff(const Json& v);

// One sampled sequence of interruption arrivals (each class at its rate, plus planned stops)
// over `wall_h` hours, as {"duration", "events": [{"t" (days), "category"}], ...}; at most
// `max_events` events are listed.
Json TimelineJson(const TrainingPlan& plan, double wall_h, uint64_t seed, size_t max_events);

}  // namespace gpufleet::serve

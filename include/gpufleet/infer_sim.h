// `gpufleet infer --simulate` and /api/infer {"simulate": true} (issue 13): the serving simulator
// (serving_sim.h) run on the serving model's step costs (StepCostFor, infer.h), its options read
// from the input table's sim_* rows of inputs::kInfer (arrival rate and daily profile, length
// distribution, simulated period, engine replicas, Monte Carlo runs, seed, threads, p99 targets).
// Pure (core layer): no I/O, no clock.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/infer.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/report.h"
#include "gpufleet/serving_sim.h"

namespace gpufleet {

// What to simulate, checked: Compile(spec) has passed.
struct InferSimulation {
  ServingSpec spec;                     // step costs, batch cap, arrivals, lengths, replicas
  McOptions mc;                         // runs (mc.replicas), seed, threads
  ServingLimits limits;                 // a front end's work budget (0: none)
  std::optional<ReplicaTarget> target;  // sim_ttft_p99_s or sim_e2e_p99_s, when given
  std::vector<std::string> notes;       // how the inputs were read (the default arrival rate ...)
  bool rate_given = false;              // sim_requests_per_s given (else load x capacity x N)
  std::string profile, lengths;         // sim_profile and sim_lengths as given (or defaults)
};

// The simulation the given inputs ask for, or nullopt when `simulate` is not given. `in` and `r`
// are the serving model's inputs and result (InferInputsFrom, Evaluate): the step costs come
// from StepCostFor(in); the batch cap is r.batch (given, or auto); the default arrival rate is
// r.load x one replica's capacity (1 / r.request_time_s) x sim_replicas. Throws InputError naming
// the input (canonical name, Mention in the message): a sim_* input without `simulate`, both p99
// targets, an unknown profile or length distribution, or what Compile refuses (a rate giving
// more than 1e9 arrivals per engine replica ...).
std::optional<InferSimulation> InferSimulationFrom(const InferInputs& in, const InferResult& r,
                                                   const inputs::Given& given,
                                                   const ServingLimits& limits = {});

// The work budget of one simulation request: a simulated run may take run_cap engine iterations
// and arrivals (the CLI's kServingRunEvents: each arrival keeps three latencies until its run
// ends, so 5e7 is at most ~1.2 GB, about a second of one core; `gpufleet serve`'s
// ApiOptions::max_events, 1e7), and a request's runs together ten runs' worth
// (kServingRequestRuns x run_cap: 5e8 in the CLI, 1e8 in the server). ShareServingBudget sets
// sim.limits.max_events to min(run_cap, kServingRequestRuns x run_cap / runs), at least 1; a run
// over it stops them all (WorkBudgetError). Without it `infer --simulate --sim-hours 366d` ran
// for minutes a run. (The server shared the CLI's 5e8 between its runs, not its own 1e8: 68
// runs of a day took 13 s of one core from one GET; found by an adversarial tester.)
inline constexpr uint64_t kServingRunEvents = 50'000'000;
inline constexpr uint64_t kServingRequestRuns = 10;
inline constexpr uint64_t kServingRequestEvents = kServingRequestRuns * kServingRunEvents;
void ShareServingBudget(InferSimulation& sim, uint64_t run_cap = kServingRunEvents);

struct InferSimResult {
  ServingSummary summary;
  std::optional<ReplicaSearch> search;  // with a target
};

// Runs it: RunServing + SummariseServing, and ReplicasFor when a target is given. Bit-identical
// for any sim.mc.threads. Throws WorkBudgetError when a run reaches sim.limits.max_events.
InferSimResult RunInferSimulation(const InferSimulation& sim);

// "flat", "diurnal" (in any case) or 24 comma-separated multipliers (each finite and >= 0, one
// above 0).
// Throws InputError (field "sim_profile").
std::array<double, 24> ParseHourlyProfile(std::string_view text);

}  // namespace gpufleet

namespace gpufleet::report {

// The document's simulation section (ServingSimSection) with the simulation's notes.
Section InferSimSection(const InferSimulation& sim, const InferSimResult& result);

// The simulation's inputs added to the document's JSON `inputs` under their input names
// (sim_requests_per_s with its source: given, or the default rate; sim_profile, sim_lengths,
// sim_hours, sim_replicas, sim_runs, seed, and the p99 target when given): none was echoed, and
// the default rate was only in a note (found by an adversarial tester).
void AddInferSimInputs(nlohmann::json& inputs, const InferSimulation& sim);

}  // namespace gpufleet::report

// Monte Carlo over replicas of the reliability simulator, on all cores. Replica i always uses
// the random stream (seed, i) and results are reduced in replica order, so the summary is
// bit-identical whatever the number of threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/sim.h"

namespace gpufleet {

struct McOptions {
  uint64_t replicas = 1000;  // > 0
  uint64_t seed = 1;
  unsigned threads = 0;  // 0 = std::thread::hardware_concurrency()
  // Called on the calling thread about every 20 ms with (replicas done, total); may be empty.
  std::function<void(uint64_t, uint64_t)> progress;
  // Events one replica may handle (SimPlan::max_events); 0 = the plan's own (no cap by default).
  // A work budget: when a replica reaches it, RunReplicas throws WorkBudgetError.
  uint64_t max_events = 0;
  // Events the whole run may handle, every replica together; 0 = no limit. Checked as replicas
  // finish: once the events so far, scaled to all the replicas (after at least four; after one
  // when 4 times over; at once when they alone pass it), would exceed it, RunReplicas stops and
  // throws WorkBudgetError, so a run that would take hours is refused in seconds. With `spent`,
  // the events of earlier runs sharing it (a sweep's points) count too, and this run's are added
  // to it.
  uint64_t max_total_events = 0;
  std::shared_ptr<std::atomic<uint64_t>> spent;
};

// The work budget of a local program (the CLI's train and sweep, the Python module): simulated
// events one replica may take (1-5 s of one core, ~10,000 times a Llama 3 replica's 1,800; `train
// --count 1e7` needed 110 million a replica), and one command's runs together, a sweep's points
// included (about 35 s on two cores, 550 times the default run's 1.8 million). The server's are
// smaller (serve::ApiOptions).
inline constexpr uint64_t kLocalMaxEventsPerReplica = 20'000'000;
inline constexpr uint64_t kLocalMaxEventsPerCommand = 1'000'000'000;

// A run over its work budget (McOptions::max_events): a user error (an InputError without a
// field), which the API answers with 413.

// Every replica's result, in replica order. Throws WorkBudgetError when a replica reaches
// options.max_events, or the run options.max_total_events.
std::vector<ReplicaResult> RunReplicas(const SimPlan& plan, const McOptions& options);

// A figure over the replicas: mean and percentiles (linear interpolation between order
// statistics, as numpy's default).
struct Spread {
  double mean = 0;
  double p5 = 0;
  double p50 = 0;
  double p95 = 0;
};
Spread SpreadOf(std::vector<double> values);

struct McSummary {
  uint64_t replicas = 0;
  uint64_t seed = 0;
  double completed_fraction = 0;  // replicas that finished their work (or reached the horizon)
  // Replicas stopped at the simulator's wall-time cap (SimPlan::max_wall) before finishing: their
  // wall time is where they were cut, so wall_h is then a lower bound and goodput an upper one.
  uint64_t capped = 0;
  Spread wall_h;  // hours
  Spread useful_h;
  Spread goodput;        // useful / wall, 0..1 ("effective training time")
  Spread interruptions;  // unplanned
  Spread planned;
  Spread rollbacks;  // loss spikes that hit a running job
  Spread lost_h;
  Spread checkpoint_h;
  Spread down_h;
  Spread spare_wait_h;
  Spread degraded_h;  // elastic recovery: wall time beyond the compute on fewer nodes
  Spread checkpoints;
  Spread energy_mwh;
  std::vector<Spread> by_cause;  // interruptions per class, in class order
  uint64_t events = 0;           // total over replicas
};

// Summarises results; `causes` = number of failure classes in the plan.
McSummary Summarise(const std::vector<ReplicaResult>& results, size_t causes, uint64_t seed);

// RunReplicas then Summarise. Throws InputError on replicas == 0.
McSummary RunMonteCarlo(const SimPlan& plan, const McOptions& options);

}  // namespace gpufleet

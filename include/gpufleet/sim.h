// The reliability simulator: one synchronous training job on N GPUs, interrupted by failures
// (superposed Poisson processes, one per failure class) and planned maintenance. The job computes
// in segments of `interval`, writes a checkpoint after each (taking `checkpoint_write`), and after
// an interruption rolls back to its last complete checkpoint and restarts.
//
// Rules (docs/model.md, "Training and reliability"):
// - A failure while running loses the compute since the last complete checkpoint (and any
//   half-written checkpoint); the job is down for the class's restart time.
// - A failure while down extends the downtime to max(current end, now + restart) and counts as an
//   interruption, so interruptions arrive at the model's rate over the whole wall time.
// - A loss spike (rollback, rate `rollback_per_hour` of wall time, acting only while running)
//   loses the compute since the last complete checkpoint and also `rollback_lost` of committed
//   work (the job goes back to an earlier checkpoint; at most all it has done); the job is down
//   for `rollback_restart`. Spikes while down or saving nothing (they come from computing).
// - A planned interruption keeps all progress (the scheduler saves before stopping; the save is
//   part of the planned downtime) and takes the job down for the planned downtime, or for what
//   is left of the checkpoint write when that is longer.
// - With a finite pool of hot spares (nodes), a failure of a class that removes its node takes a
//   spare; the failed node comes back after `repair`. With no spare left the job cannot restart
//   until a repair completes (that wait counts as down time and as spare wait). With
//   `repair_crews` > 0 at most that many repairs are under way at once: a removed node waits in a
//   first-come-first-served queue for a crew, then takes `repair` (an M/D/c queue).
// - Elastic recovery (elastic_min_share > 0, with a finite spare pool): when a node is missing
//   and no spare is left, the job restarts on the nodes it still has instead of waiting, in whole
//   data-parallel groups of `elastic_group_nodes`, as long as they are at least
//   elastic_min_share of its `nodes`. Compute then advances at (active nodes / nodes) of full
//   speed (checkpoint writes take their usual time); the wall time this costs over full speed is
//   `degraded`. Repaired nodes rejoin at the job's next restart (an interruption or a planned
//   stop), not by stopping a running job. Below the minimum share the job waits, as without it.
// - The job ends when its work is done, or at the horizon (a wall-time limit), or at `max_wall`
//   (then it is marked not completed); max_wall is at most kMaxWallS.
// Time is integer nanoseconds; ties between events break by scheduling order, so a run is a pure
// function of (plan, seed, replica index).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "gpufleet/event_queue.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/units.h"

namespace gpufleet {

// One failure class as the simulator sees it: already scaled to the job's size.
struct FailureCause {
  double rate_per_hour = 0;  // interruptions per hour of wall time for this job, >= 0
  Duration<> restart;        // detection + restart, >= 0
  bool removes_node = false;
};

// The model's classes scaled to a job on `gpus` GPUs, in class order.
std::vector<FailureCause> CausesFor(const FailureModel& model, double gpus);

// The simulator's wall-time cap: 2^61 ns (where the engine's clock arithmetic stays exact and far
// from int64 overflow) rounded down to whole days, 26,687 days = 2,305,756,800 s (about 73
// years). A job still running then stops, not completed; no horizon may be longer (the horizon_h
// input's domain). It was 2^61 ns in whole seconds, 26,687.998 days, which the help called
// 26,688 days and refused as a horizon (found by an adversarial tester).
inline constexpr double kMaxWallS = 26687.0 * 86400;
inline constexpr SimTime kMaxWallNs = SimTime{26687} * 86400 * 1000000000;
static_assert(kMaxWallNs <= SimTime{1} << 61);

struct JobSpec {
  Duration<> work =
      0.0 * units::s;  // ideal compute time at this scale; 0 = unlimited (needs horizon)
  Duration<> horizon = 0.0 * units::s;           // wall-time limit; 0 = none
  Duration<> interval = 1.0 * units::h;          // compute between checkpoints, > 0
  Duration<> checkpoint_write = 0.0 * units::s;  // one checkpoint, >= 0
  std::vector<FailureCause> causes;              // at most kMaxFailureClasses
  double planned_per_hour = 0;                   // planned interruptions per wall-clock hour
  Duration<> planned_downtime = 0.0 * units::s;
  double rollback_per_hour = 0;                  // loss spikes per wall-clock hour, >= 0
  Duration<> rollback_lost = 0.0 * units::s;     // committed work each spike throws away, >= 0
  Duration<> rollback_restart = 0.0 * units::s;  // down time after a spike, >= 0
  int spares = -1;                               // hot spare nodes; -1 = unlimited
  Duration<> repair = 72.0 * units::h;           // a removed node's return (used when spares >= 0)
  int repair_crews = 0;  // repairs under way at once, first come first served; 0 = unlimited
  int64_t nodes = 1;     // the job's nodes (elastic recovery's speed is a share of them), >= 1
  double elastic_min_share = 0;  // elastic recovery: least share of `nodes` to train on; 0 = off
  int64_t elastic_group_nodes = 1;  // nodes per data-parallel group (the unit dropped), >= 1
  Power<> power_busy = 0.0 * units::W;         // whole job while computing or checkpointing
  Power<> power_down = 0.0 * units::W;         // whole job while down
  Duration<> max_wall = kMaxWallS * units::s;  // give up past this wall time, <= kMaxWallS
  // One event per segment end and per checkpoint end (the textbook discrete-event model) instead
  // of computing checkpoint progress between interruptions in closed form. Same results, bit for
  // bit; slower. Kept for cross-checking and for a like-for-like comparison with SimPy.
  bool explicit_checkpoints = false;
};

// A JobSpec compiled to integer nanoseconds and sampling tables. Build with Compile.
struct SimPlan {
  static constexpr SimTime kNever = SimTime{1} << 62;
  SimTime work = kNever;
  SimTime horizon = kNever;       // the earlier of the horizon and max_wall
  bool horizon_is_limit = false;  // true when `horizon` is max_wall (reaching it = not completed)
  SimTime interval = 0;
  SimTime write = 0;
  double failure_mean_ns = 0;    // mean time between interruptions; 0 = none
  std::vector<uint64_t> pick;    // cumulative class thresholds on 2^64
  std::vector<SimTime> restart;  // per class
  std::vector<uint8_t> removes_node;
  double planned_mean_ns = 0;  // 0 = no planned interruptions
  SimTime planned_downtime = 0;
  double rollback_mean_ns = 0;  // 0 = no loss spikes
  SimTime rollback_lost = 0;
  SimTime rollback_restart = 0;
  int spares = -1;
  SimTime repair = 0;
  int repair_crews = 0;
  int64_t nodes = 1;
  int64_t elastic_min_nodes = 0;  // fewest active nodes to train elastically; 0 = elastic off
  int64_t elastic_group = 1;
  double power_busy_w = 0;
  double power_down_w = 0;
  bool explicit_checkpoints = false;
  // Events one replica may handle before the simulator stops it (a work budget: the server's
  // per-request cap); 0 = no cap. A replica stopped so has `event_capped` set, is not completed
  // and its figures stop where it was cut.
  uint64_t max_events = 0;
};

// Validates and compiles. Throws InputError (field named after the JobSpec member) on interval
// <= 0, negative durations or rates, NaN, neither work nor horizon, too many classes.
SimPlan Compile(const JobSpec& spec);

// One replica's outcome. wall = useful + lost + checkpoint + down + degraded, exactly (work a
// rollback throws away moves from useful to lost). useful and lost are compute at full speed;
// energy counts them at power_busy (fewer nodes draw proportionally less) and `degraded` at 0.
struct ReplicaResult {
  SimTime wall = 0;
  SimTime useful = 0;          // committed compute (plus uncommitted compute at the horizon)
  SimTime lost = 0;            // compute rolled back by failures
  SimTime checkpoint = 0;      // writing checkpoints, complete or cut short
  SimTime down = 0;            // restarts, planned downtime, waiting for spares
  SimTime spare_wait = 0;      // part of `down` spent without a spare node
  SimTime degraded = 0;        // running on fewer nodes (elastic): wall time beyond the compute
  uint32_t interruptions = 0;  // unplanned, all classes
  uint32_t planned = 0;
  uint32_t rollbacks = 0;     // loss spikes that hit a running job
  uint32_t checkpoints = 0;   // completed
  bool completed = false;     // work done (or horizon reached when a horizon was set)
  uint64_t events = 0;        // events the engine popped, stale ones included
  bool event_capped = false;  // stopped at SimPlan::max_events before finishing
  double energy_j = 0;
  std::array<uint32_t, kMaxFailureClasses> by_cause{};

  friend bool operator==(const ReplicaResult&, const ReplicaResult&) = default;
};

// Runs replica `replica` of a run seeded with `seed`. `queue` is scratch space (cleared first),
// passed in so a worker reuses its memory across replicas.
ReplicaResult SimulateReplica(const SimPlan& plan, uint64_t seed, uint64_t replica,
                              EventQueue& queue);

// --- closed forms -------------------------------------------------------------------------------

// Young (1974): sqrt(2 * write * mtbi).
Duration<> YoungInterval(Duration<> write, Duration<> mtbi);
// Daly (2006) higher-order estimate: sqrt(2dM)[1 + sqrt(d/2M)/3 + (d/2M)/9] - d for d < 2M,
// else M.
Duration<> DalyInterval(Duration<> write, Duration<> mtbi);

// Expected wall time to finish `work` with exponential interruptions (mean `mtbi`), segments of
// `interval` each followed by a checkpoint of `write` (none after the last), and a restart of
// `restart` that starts over when interrupted. Exact for this simulator with one restart time,
// no planned interruptions and unlimited spares:
//   E = sum over segments of (exp((L_i) / M) - 1) * M * exp(R / M),   L_i = segment + write.
// Infinite when it overflows.
Duration<> ExpectedWallTime(Duration<> work, Duration<> interval, Duration<> write, Duration<> mtbi,
                            Duration<> restart);
// The interval minimising ExpectedWallTime per unit of work for long jobs (golden-section
// search on log T of (exp((T + d)/M) - 1) / T, written so that its minimum stays resolved for
// writes many orders of magnitude shorter than M). M is the mean time between the events that
// lose the work since the last checkpoint (failures and loss spikes). NaN for an infinite M.
// For a write of 0 it is 0: free checkpoints are best taken continuously (the waste falls as T
// does, with no minimum; the search's lower end, 1e-6 M, was printed as the best interval).
Duration<> BestInterval(Duration<> write, Duration<> mtbi);

// Loss spikes by renewal (docs/model.md, "Loss spikes and rollbacks"), one treatment for `train`'s
// closed form and `fit`'s inversion. The failures alone leave an effective training time E_f (the
// closed form above, with their mean restart R_f). Spikes come at rho per second of wall time but
// only while the job runs, a share 1 - lambda R_f of it (lambda: the failures' rate per second),
// less their own restarts R_s: they hit at
//   rho' = rho max(0, 1 - lambda R_f) / (1 + rho R_s)   per second of wall time,
// and each costs its restart at goodput E_f, the committed work L it throws away and the
// uncommitted compute (T/2 on average), so
//   E = E_f - rho' (E_f R_s + L + T/2).
// E <= 0 means the spikes undo the work as fast as it is done; near it the number is no estimate
// (SpikeRenewalInDomain).
double SpikeHitRate(double rho_per_s, double failure_per_s, double failure_restart_s,
                    double spike_restart_s);
double GoodputWithSpikes(double e_failures, double hit_per_s, double spike_restart_s, double lost_s,
                         double interval_s);
// The renewal estimate's domain: E > 0, and the spikes' cost, rho' (E_f R_s + L + T/2), at most
// kSpikeRenewalMaxShare of E_f (E >= E_f / 10). The estimate is the long-run mean of a job whose
// committed work is a random walk with a drift of E; it holds while the drift dominates (16,384
// GPUs, llama3-2024, 6 h lost a spike: 2 a day 45.9% for 46.5% simulated, 3 a day 22% for
// 21.8%, 3.5 a day 9.5% for 10.1%), and fails near and below 0: 3.8 a day 2.2% for 2.8% (a
// job's start has nothing committed to lose), 4 a day -3.7% where every replica runs to the
// wall-time cap, and 24 a day losing 1 h on 1,024 GPUs -52% for 0.002%.
inline constexpr double kSpikeRenewalMaxShare = 0.9;
bool SpikeRenewalInDomain(double e_failures, double e_with_spikes);

}  // namespace gpufleet

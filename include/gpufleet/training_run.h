// A training run on a fleet, with failures: the training model (training.h), a failure model
// (failure_model.h) and the simulator (sim.h, monte_carlo.h) put together. Pure apart from the
// threads of the Monte Carlo run; the caller supplies the GPU figures (from the catalog and the
// fleet model), so this layer does not depend on them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/sim.h"
#include "gpufleet/training.h"

namespace gpufleet {

struct ReliabilityOptions {
  std::string failure_model{kDefaultFailureModel};  // a model id or a .toml path
  // A catalog directory's failure models (CatalogFailureModels), replacing the embedded ones;
  // null: those.
  std::shared_ptr<const FailureModelSet> catalog_models;
  // Inputs given that do nothing without another (ReliabilityFrom says which); PlanTraining
  // passes them on as warnings. Names as Mention() writes them.
  std::vector<std::string> unused;
  // The inputs given that worked out the checkpoint write or set the job's failures, in the
  // order an infeasible write names them (ReliabilityFrom: checkpoint_size_gb, storage_gb_per_s,
  // failure_rate, params, count, gpus_per_node, failure_model); empty: the options' own
  // (checkpoint_size_gb, failure_rate, else checkpoint_write_s) are named.
  std::vector<std::string> write_inputs;
  std::optional<Duration<>> interval;               // nullopt: Daly's interval for the job's MTBI
  std::optional<Duration<>> checkpoint_write;       // given directly, or:
  std::optional<double> checkpoint_gb_per_gpu;      // size per GPU (GB); else 14 B/param over GPUs
  double storage_gb_per_s = 2000;                   // aggregate write bandwidth (Llama 3: 2 TB/s)
  std::optional<Duration<>> restart;                // replaces every class's restart time
  // Unexpected interruptions per 1,000 node-days (nodes = GPUs / gpus_per_node) at this job's
  // size: scales every class of the model by one factor, keeping its mix of causes.
  std::optional<double> failure_rate;
  std::optional<int> gpus_per_node;           // replaces the model's (node-scaled classes)
  Duration<> detect = 0.0 * units::s;         // time to notice, added to every restart
  double rollback_per_day = 0;                // loss spikes per day of wall time
  Duration<> rollback_lost = 0.0 * units::s;  // committed work each spike throws away
  // Operations (docs/model.md, "Operations"): time to load the last checkpoint, added to every
  // restart, planned stop and loss spike; in-memory (peer) checkpoints, which replace the
  // storage checkpoint's write and interval on the critical path (storage copies are made from
  // memory in the background); a repair queue of `repair_crews` (0: unlimited).
  Duration<> restore = 0.0 * units::s;
  std::optional<Duration<>> peer_write;     // nullopt: no in-memory checkpoints
  std::optional<Duration<>> peer_interval;  // nullopt: Daly's for peer_write
  int repair_crews = 0;
  int spares = -1;  // hot spare nodes, -1 = unlimited
  // Elastic recovery (sim.h): with no spare left, train on at least this share of the nodes
  // (0: off), dropping whole data-parallel groups of `elastic_group_nodes`.
  double elastic_min_share = 0;
  int64_t elastic_group_nodes = 1;
  Duration<> repair = 72.0 * units::h;
  std::optional<Duration<>> maintenance_every;  // mean time between planned stops; 0 = none
  Duration<> horizon = 0.0 * units::s;          // wall-time limit (0 = run until the work is done)
  bool explicit_checkpoints = false;
  friend bool operator==(const ReliabilityOptions&, const ReliabilityOptions&) = default;
};

// Per-GPU figures that come from the catalog and the fleet model.
struct GpuFigures {
  FlopRate<Interval> peak = 0.0 * units::flop_per_s;  // dense, training precision
  Power<> busy = 0.0 * units::W;  // facility power per GPU while training (host share, PUE)
  Power<> down = 0.0 * units::W;  // same while the job is down
  // What `busy` and `down` hold, in words ("the GPUs alone (no system: no hosts), x PUE 1.08
  // (site meta-fleet)"): the simulated energy's label. Empty: not said (a test's figures).
  std::string power_basis;
  // Bf16StandInNote of the GPU ("v100 has no BF16: ..."), said beside the run; "" for most.
  std::string peak_note;
};

struct TrainingPlan {
  TrainingEstimate estimate;
  FailureModel model;
  JobSpec job;                   // what the simulator runs (central MFU)
  Duration<> mtbi;               // mean time between unplanned interruptions of this job
                                 // (failures; loss spikes are job.rollback_per_hour)
  Duration<> young, daly, best;  // checkpoint intervals (best: minimum of the closed form)
  std::optional<double> failure_rate;  // per 1,000 node-days, when given (--failure-rate)
  std::string power_basis;             // GpuFigures::power_basis
  std::string peak_note;               // GpuFigures::peak_note
  bool peer = false;             // job.interval and checkpoint_write are the in-memory copy's
  // With peer copies: the storage checkpoint's write, made from memory off the critical path
  // (reported, not simulated); nullopt with storage_write_why when it cannot be worked out.
  std::optional<Duration<>> storage_write;
  std::string storage_write_why;
  bool interval_auto = true;
  Duration<> expected_wall;        // closed form (mean restart time, no planned stops; loss spikes
                                   // by renewal, GoodputWithSpikes); NaN out of its domain
  double closed_form_goodput = 0;  // ideal time / expected_wall; NaN out of its domain
  // Non-empty when the closed form has no estimate (loss spikes beyond SpikeRenewalInDomain):
  // why, for the reports' "n/a".
  std::string closed_form_why;
  // The failure rate's uncertainty (issue 17, part 4): for a model calibrated on counts, and no
  // --failure-rate, every rate times the 95% Poisson (Garwood) interval on the model's total
  // count over that count (llama3-2024: 419, 380-461 -> 0.91..1.10); else {1}. The closed form's
  // effective training time at those bounds (low at the high rate).
  double rate_count = 0;  // the count the interval is on; 0: none
  Interval rate_factor = 1;
  Interval closed_form_goodput_range = 0;  // value: closed_form_goodput
  std::vector<std::string> warnings;       // "checkpoint write is 40% of the MTBI ..."
};

// A plan the simulator cannot run although every input is in its domain: a checkpoint write as
// long as the MTBI or longer. A sweep reports such a point as infeasible instead of failing.
class InfeasiblePlan : public InputError {
 public:
  using InputError::InputError;
  // What the plan knew when it stopped, for a sweep's row (its MTBI and failure rate were left
  // blank though known; found by an adversarial tester).
  double mtbi_h = 0;         // the failures' MTBI (inf: none)
  double write_s = 0;        // the checkpoint write
  double gpus_per_node = 8;  // the failure model's, for the rate per 1,000 node-days
  // What the write was weighed against: the MTBI, or with loss spikes (spikes true) M', the mean
  // time between failures and spikes together.
  double limit_h = 0;
  bool spikes = false;
};

// Builds the plan. Throws InputError on bad input (fields: the input table's names, inputs.h):
// anything EstimateTraining rejects, an unknown failure model, no way to size checkpoints (no
// params, checkpoint_write_s or checkpoint_size_gb); InfeasiblePlan (field checkpoint_write_s)
// (or failure_rate, when given with a write derived from the model) on a checkpoint write as
// long as the MTBI or longer. An automatic (Daly) interval is at least
// 1 s, the floor of checkpoint_interval_h.
TrainingPlan PlanTraining(const TrainingInputs& in, const ReliabilityOptions& opt,
                          const GpuFigures& gpu);

// The inputs of train and sweep from what a front end was given (inputs.h), with the table's
// defaults: Llama 3 405B (params and tokens) when no work input (params, tokens, flops,
// gpu_hours) is given, 16,384 GPUs, the llama3-2024 failure model. The work is not validated
// here (EstimateTraining does); every given value has passed its domain. `gpu` gives the peak.
TrainingInputs TrainingInputsFrom(const inputs::Given& given, const GpuFigures& gpu);
ReliabilityOptions ReliabilityFrom(const inputs::Given& given);
// replicas, seed, threads (no progress callback).
McOptions MonteCarloFrom(const inputs::Given& given);

}  // namespace gpufleet

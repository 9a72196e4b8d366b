// Sweeps of the reliability simulator: goodput (effective training time) against the number of
// GPUs in one job, or against the checkpoint interval; and the "one job on 350,000 / 600,000
// GPUs" section that the README and the default report show.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/training_run.h"

namespace gpufleet {

struct SweepRow {
  double gpus = 0;
  bool feasible = true;  // false when a checkpoint write is as long as the MTBI or longer
  std::string note;      // why not feasible
  // An infeasible row's limit (InfeasiblePlan): the MTBI, or M' with loss spikes.
  double limit_h = 0;
  bool spikes = false;
  double mtbi_h = 0;
  double write_s = 0;
  double interval_s = 0;  // used (auto = Daly)
  double daly_s = 0;
  double best_s = 0;               // minimum of the closed form
  double ideal_h = 0;              // ideal compute time (central MFU)
  double closed_form_goodput = 0;  // ideal / closed-form expected wall time; NaN: none
  std::string closed_form_why;     // why there is none (TrainingPlan::closed_form_why)
  Spread goodput;                  // simulated effective training time
  Spread wall_h;
  Spread useful_h;       // committed compute (with a horizon: the work done in it)
  double horizon_h = 0;  // the run's wall-time limit (--horizon); 0: run to the end of the work
  Spread interruptions;
  double completed_fraction = 0;
  // Replicas stopped at the simulator's wall-time cap: wall_h is then a lower bound and goodput
  // an upper bound (shown as ">=" and "<=", and as capped_replicas in the JSON).
  uint64_t capped = 0;
  // Unplanned interruptions per 1,000 node-days at this size (the model's at this job size, or
  // the series' --failure-rate), and the series of a goodput family ("4 per 1,000 node-days,
  // write 30 s"; empty outside a family).
  double failure_rate = 0;
  std::string series;
};

// The sweep's axis: throws InputError (field `to`, or `from` when `to` is its default) when
// from > to, in the axis's units (GPUs, or the checkpoint interval in seconds when
// `over_count` is false), with inputs named by Mention. One message for every front end (the
// API and Python said "need 0 < from <= to ..." where the CLI said this; found by an
// adversarial tester).
// Also refuses a `to` given beside one point, which sweeps `from` alone (it was ignored
// without a word).
void CheckSweepAxis(double from, double to, int points, bool over_count, bool to_default);

// `points` numbers from `from` to `to` (both included) evenly spaced on a log scale. Throws
// InputError unless 0 < from <= to and points >= 1 (points == 1 gives {from}).
std::vector<double> LogSpaced(double from, double to, int points);

// One row per whole GPU count: each count is rounded (at least 1), and a count that rounds to one
// already swept is skipped (1..4 in 10 points is 1, 2, 3, 4); `in.gpus` is replaced by each.
std::vector<SweepRow> SweepCount(TrainingInputs in, const ReliabilityOptions& opt,
                                 const GpuFigures& gpu, const std::vector<double>& counts,
                                 const McOptions& mc);
// One row per checkpoint interval at the count in `in`.
std::vector<SweepRow> SweepInterval(const TrainingInputs& in, ReliabilityOptions opt,
                                    const GpuFigures& gpu, const std::vector<Duration<>>& intervals,
                                    const McOptions& mc);

// The goodput family (issue 17): effective training time against GPUs, one series per failure
// rate (per 1,000 node-days, as --failure-rate; nullopt: the failure model's) and checkpoint write
// (as --checkpoint-write; nullopt: sized from the model and storage), rates outermost, each
// series over `counts`; the closed form beside the simulation in every row. Empty lists mean
// {nullopt}. A row's `series` names its pair.
std::vector<SweepRow> SweepFamily(const TrainingInputs& in, const ReliabilityOptions& opt,
                                  const GpuFigures& gpu, const std::vector<double>& counts,
                                  const std::vector<double>& failure_rates,
                                  const std::vector<Duration<>>& checkpoint_writes,
                                  const McOptions& mc);

nlohmann::json SweepJson(const std::vector<SweepRow>& rows, const std::string& over);
std::string SweepCsv(const std::vector<SweepRow>& rows);
// A table; `markdown` picks Markdown over aligned text.
std::string SweepTable(const std::vector<SweepRow>& rows, bool markdown);

// The job of `in` and `opt` (its count replaced) on 16,384, 350,000 and 600,000 GPUs: every
// training input (restart, MFU, storage bandwidth ...) is honoured.
std::vector<SweepRow> ScaleOutRows(const TrainingInputs& in, const ReliabilityOptions& opt,
                                   const GpuFigures& gpu, const McOptions& mc);
// Same with the input table's defaults (inputs.h): Llama 3 405B (405e9 parameters, 15.6e12
// tokens, MFU 38-43%, checkpoints of 14 B/parameter at 2 TB/s, the llama3-2024 failure model,
// Daly's interval).
std::vector<SweepRow> ScaleOutRows(const GpuFigures& h100, uint64_t replicas = 1000,
                                   uint64_t seed = 1);
// The scale-out table's columns and one row's cells (the default report's section and
// ScaleOutMarkdown): an infeasible row has its note under goodput; a row whose replicas stopped
// at the wall-time cap says "<=" before its goodput and ">=" before its simulated days.
std::vector<std::string> ScaleOutColumns();
std::vector<std::string> ScaleOutCells(const SweepRow& r);
// `sweep --scale-out`'s Markdown ("## One training job on 350,000 GPUs"): prose that describes
// `in` and `opt` (and says "Llama 3 405B defaults" when they are the input table's defaults),
// the table, and a closing note.
std::string ScaleOutMarkdown(const std::vector<SweepRow>& rows, const TrainingInputs& in,
                             const ReliabilityOptions& opt, bool md = true);

}  // namespace gpufleet

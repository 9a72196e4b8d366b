// Fitting failure and restart parameters to a run's published figures (`gpufleet fit`,
// /api/fit; issue 17, part 3; docs/model.md, "Fitting failures").
//
// Given a run's GPUs, the wall-time window observed, the unplanned interruptions counted in it
// and the effective training time (useful compute / wall time), and optionally what is known of
// its checkpoints and restarts, Fit returns the parameters of the simulator that reproduce them:
//
// - the failure rate: interruptions / (nodes x days), per 1,000 node-days (what --failure-rate
//   takes), with an exact Poisson (Garwood) interval on the count at `confidence`;
// - the time each interruption costs beyond the rework the checkpoints allow, from the closed form
//   of the simulator (ExpectedWallTime, sim.h): per unit of work the wall time is
//   M (e^{(T+d)/M} - 1) e^{R/M} / T (M the mean time between interruptions, T the checkpoint
//   interval, d the write), so an effective time E gives
//       R = M ln(T / (E M (e^{(T+d)/M} - 1))).
//   Without a restart time that R is the fitted restart (detection included). With a restart
//   time and a loss-spike rate (rollbacks per day, not counted among the interruptions), the rest
//   is the committed work each spike throws away (rollback_lost_h), from the closed form's mean
//   restart (training_run.cc, MeanRestart). With a restart time and no spikes, the rest is
//   reported as unexplained time per interruption (negative: the restart given is too long for
//   the effective time).
// The ranges combine the count's interval and the effective time's range (given as lo..hi) at
// their corners; the checkpoint interval, when not given, is Daly's at each corner's rate of
// failures and loss spikes together (each loses the work since the last checkpoint).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpufleet/figure.h"
#include "gpufleet/inputs.h"
#include "gpufleet/interval.h"
#include "gpufleet/report.h"
#include "gpufleet/units.h"

namespace gpufleet {

struct FitInputs {
  double gpus = 0;           // GPUs in the job, >= 1
  int gpus_per_node = 8;     // node size the rate is counted on, >= 1
  Duration<> window;         // wall time observed, > 0
  double interruptions = 0;  // unplanned interruptions counted in the window, whole, >= 0
  Interval effective;        // effective training time in the window, each of lo..hi in (0, 1]
  Duration<> checkpoint_write = 0.0 * units::s;  // one checkpoint, >= 0 (0: free)
  std::optional<Duration<>> interval;            // checkpoint interval; nullopt: Daly's
  std::optional<Duration<>> restart;             // known restart (detection included)
  double rollback_per_day = 0;                   // loss spikes per day, >= 0 (with restart)
  double confidence = 0.95;                      // of the Poisson interval, in (0, 1)
};

struct FitResult {
  Figure failure_rate =
      Figure::Absent("per 1,000 node-days", "not computed");          // per 1,000 node-days
  Figure mtbi = Figure::Absent("h", "not computed");                  // h, of the job
  Figure interruptions_per_day = Figure::Absent("", "not computed");  // of the job
  Figure interval = Figure::Absent("s", "not computed");  // s, the checkpoint interval used
  // Exactly one of the three is present (the others absent with their reason):
  Figure restart = Figure::Absent("s", "not computed");  // s, fitted (no restart given)
  Figure rollback_lost =
      Figure::Absent("h", "not computed");  // h, fitted (restart and rollback rate given)
  Figure unexplained =
      Figure::Absent("s", "not computed");  // s per interruption (restart given, no rollback rate)
  Figure lost_per_interruption = Figure::Absent(
      "s", "not computed");  // s: restart + expected rework, the closed form's cost each
  std::vector<std::string> notes;
  std::string reproduce;  // a `gpufleet train` command line that simulates the fitted run
};

// Throws InputError (field: the input table's name) on inputs outside their domains, and on
// figures no parameters reproduce: an effective time higher than the count allows even with
// instant restarts (field `effective`), a checkpoint write as long as the MTBI (field
// `checkpoint_write_s`).
FitResult Fit(const FitInputs& in);

// Exact (Garwood) interval for the mean of a Poisson count `n` at `confidence`: the means whose
// tail probability of n or more (low), n or fewer (high) is (1 - confidence) / 2; low = 0 for
// n = 0. Throws InputError on n < 0 or not whole, confidence outside (0, 1).
Interval PoissonInterval(double n, double confidence);

// The observation window as the fit's texts give it: "56 days", or under a day a duration ("1 h").
std::string FitWindowText(Duration<> window);

// The inputs of `fit` as given to any front end (inputs::kFit rows), with the table's defaults.
FitInputs FitInputsFrom(const inputs::Given& given);

namespace report {
// The fit as a document for every renderer: the inputs, the fitted figures, notes and the
// command that reproduces the run. JSON: {"title", "inputs", "results": {NAME: figure},
// "sections", "notes"} (flat_results).
Report FitDocument(const FitInputs& in, const FitResult& r);
}  // namespace report

}  // namespace gpufleet

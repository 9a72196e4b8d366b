// Rendering a training run (training_run.h) and its Monte Carlo summary as JSON, text or
// Markdown. In JSON every figure has the Figure shape (figure.h): a simulated one is its p50
// with p5..p95 as low..high (and its mean); a modelled one value, low and high. Output is a pure
// function of its inputs (no timings, no host names), so the same seed gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/figure.h"
#include "gpufleet/training_run.h"

namespace gpufleet {

// A figure computed elsewhere (the fleet model's energy, cost, CO2e, water over the run).
struct ReportFigure {
  std::string name;  // "energy_facility_kwh"
  Interval value;
  std::string unit;         // "kWh"
  std::string description;  // "facility energy over the run"
  // Non-empty when the figure is unknown ("no site given and no grid carbon intensity"): then
  // `value` means nothing and the figure is reported absent with this reason, never as 0.
  std::string absent_why;
};

struct TrainingReport {
  std::string gpu;  // catalog id
  std::string site;
  TrainingInputs inputs;
  TrainingPlan plan;
  McSummary mc;
  std::vector<ReportFigure> fleet;
};

nlohmann::json TrainingJson(const TrainingReport& r);

// Where the plan's failure-rate range comes from, in words (the Poisson interval on the model's
// calibration count, or why there is none): the basis of failure_rate_factor and of the closed
// form's effective-time range.
std::string RateRangeBasis(const TrainingPlan& p);

// The plan's warnings, plus one when replicas stopped at the simulator's wall-time cap (their
// wall time is then a lower bound and their effective training time an upper bound).
std::vector<std::string> TrainingWarnings(const TrainingReport& r);
// Text, Markdown, HTML and CSV: report::Render(report::TrainingDocument(r), format).

// A Monte Carlo spread as a Figure (figure.h): value p50, low p5, high p95, each times `scale`.
Figure SpreadFigure(const Spread& s, std::string unit, double scale = 1.0, std::string basis = {});
// SpreadFigure in JSON, plus "mean".
nlohmann::json SpreadJson(const Spread& s, std::string_view unit);
// A modelled interval as a Figure in `unit`.
nlohmann::json IntervalJson(const Interval& x, std::string_view unit);

}  // namespace gpufleet

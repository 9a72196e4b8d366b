// Rendering a training run (training_run.h) and its Monte Carlo summary as JSON, text or
// Markdown. Every simulated figure carries mean, p5, p50 and p95; every modelled figure value,
// low and high. Output is a pure function of its inputs (no timings, no host names), so the same
// seed gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/training_run.h"

namespace gpufleet {

// A figure computed elsewhere (the fleet model's energy, cost, CO2e, water over the run).
struct ReportFigure {
  std::string name;  // "energy_facility_kwh"
  Interval value;
  std::string unit;         // "kWh"
  std::string description;  // "facility energy over the run"
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
std::string TrainingText(const TrainingReport& r);
std::string TrainingMarkdown(const TrainingReport& r);

nlohmann::json SpreadJson(const Spread& s);
nlohmann::json IntervalJson(const Interval& x);

}  // namespace gpufleet

// Failure models as a catalog kind: the tables and JSON `gpufleet catalog failure-models`
// prints (and `gpufleet catalog` with no kind, after the catalog's own kinds). Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/failure_model.h"

namespace gpufleet {

// The kind's name on the command line ("failure-models" and "failure-model" both select it).
inline constexpr std::string_view kFailureModelKind = "failure-model";

// Aligned text (`md` false) or Markdown: a title "failure models (N)", then one row per model:
// id, name, classes (how many), restart (s), calibration (GPUs x hours), source. With `sources`,
// a second table with one row per failure class: model.class, category, scale, count or rate
// per unit-hour, restart, source, year, confidence.
std::string FailureModelsTable(const std::vector<FailureModel>& models, bool sources, bool md);

// [{"id", "name", "origin", "source", "year", "confidence", "calibration_gpus",
//   "calibration_hours", "gpus_per_node", "gpus_per_rack",
//   "restart_s": {"value", "low", "high", "source"},
//   "planned": {"rate_per_job_hour", "downtime_s", "source"},
//   "classes": [{"name", "category", "scale", "count", "rate_per_unit_hour", "restart_s",
//                "removes_node", "source", "year", "confidence"}]}]
nlohmann::json FailureModelsJson(const std::vector<FailureModel>& models);

}  // namespace gpufleet

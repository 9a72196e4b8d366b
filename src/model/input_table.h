// Internal: the table behind InputNames/GetInput/SetInput/Validate. One row per input: its
// name, unit, valid domain and accessors into FleetInputs.
#pragma once

#include <functional>
#include <vector>

#include "gpufleet/fleet.h"

namespace gpufleet::model {

struct InputSpec {
  const char* name;
  const char* unit;
  // Valid domain in `unit`: min (exclusive when min_exclusive) .. max (inclusive). The upper
  // limits reject absurd magnitudes (a typo of a few zeros), not merely unusual fleets.
  double min;
  double max;
  bool min_exclusive;
  std::function<Interval(const FleetInputs&)> get;
  std::function<void(FleetInputs&, const Interval&)> set;
  // For optional inputs: whether it is set. Null for inputs that always have a value.
  std::function<bool(const FleetInputs&)> present;
};

// Every input, in the order of InputNames().
const std::vector<InputSpec>& InputSpecs();

}  // namespace gpufleet::model

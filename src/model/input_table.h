// Internal: the accessors behind InputNames/GetInput/SetInput/Validate. One row per fleet input:
// its name and where it lives in FleetInputs. Unit, domain and help are the input table's
// (gpufleet/inputs.h), shared with every front end.
#pragma once

#include <functional>
#include <vector>

#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"

namespace gpufleet::model {

struct InputSpec {
  const char* name;
  std::function<Interval(const FleetInputs&)> get;
  std::function<void(FleetInputs&, const Interval&)> set;
  // For optional inputs: whether it is set. Null for inputs that always have a value.
  std::function<bool(const FleetInputs&)> present;
  // Its row of the input table (unit, domain, help), looked up once.
  const inputs::Input* row = nullptr;
};

// Every input, in the order of InputNames().
const std::vector<InputSpec>& InputSpecs();

}  // namespace gpufleet::model

// Validate: every input checked against its domain (the input table, inputs.h), with the input's
// name in the error.
#include <fmt/format.h>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "model/input_table.h"

namespace gpufleet {
namespace {

InputError Bad(const std::string& name, const std::string& msg) {
  return InputError(Where{"", 0, name}, msg);
}

void CheckIdleBelowTdp(const FleetInputs& in) {
  const Interval idle = In(in.gpu_idle, units::W), tdp = In(in.gpu_tdp, units::W);
  if (idle.low > tdp.low || idle.value > tdp.value || idle.high > tdp.high) {
    throw Bad("gpu_idle_w",
              fmt::format("idle power {} W exceeds TDP {} W", ToString(idle), ToString(tdp)));
  }
}

}  // namespace

void Validate(const FleetInputs& in) {
  for (const model::InputSpec& s : model::InputSpecs()) {
    if (s.present && !s.present(in)) continue;
    inputs::Check(*s.row, s.get(in));
  }
  CheckIdleBelowTdp(in);
}

}  // namespace gpufleet

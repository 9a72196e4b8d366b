// Validate: every input checked against its domain (input_table.h), with the input's name in
// the error.
#include <fmt/format.h>

#include <cmath>

#include "gpufleet/error.h"
#include "model/input_table.h"

namespace gpufleet {
namespace {

InputError Bad(const std::string& name, const std::string& msg) {
  return InputError(Where{"", 0, name}, msg);
}

void CheckWellFormed(const char* name, const Interval& x) {
  if (std::isnan(x.value) || std::isnan(x.low) || std::isnan(x.high)) {
    throw Bad(name, "is not a number (NaN)");
  }
  if (!std::isfinite(x.low) || !std::isfinite(x.high)) throw Bad(name, "must be finite");
  if (!(x.low <= x.value && x.value <= x.high)) {
    throw Bad(name, fmt::format("needs low <= value <= high, got {}", ToString(x)));
  }
}

void CheckDomain(const model::InputSpec& d, const Interval& x) {
  CheckWellFormed(d.name, x);
  const bool too_low = d.min_exclusive ? x.low <= d.min : x.low < d.min;
  if (too_low) {
    throw Bad(d.name, fmt::format("must be {} {:g}, got {}", d.min_exclusive ? ">" : ">=", d.min,
                                  ToString(x, 6)));
  }
  if (x.high > d.max) {
    throw Bad(d.name, fmt::format("must be <= {:g}, got {}", d.max, ToString(x, 6)));
  }
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
    CheckDomain(s, s.get(in));
  }
  CheckIdleBelowTdp(in);
}

}  // namespace gpufleet

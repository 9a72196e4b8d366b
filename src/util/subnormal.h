// The one refusal of subnormal numbers (nonzero, below 2.2e-308), wherever a number is read:
// the command line (interval.cc), TOML files (toml_util.cc) and claimed values (claims_file.cc).
// Such a number passes every "above 0" domain and then divides to inf and NaN deep inside a
// model, where no input is named.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace gpufleet {

// The message for `v` as `written` when it is subnormal; nullopt for 0 and normal numbers.
inline std::optional<std::string> SubnormalMessage(double v, std::string_view written) {
  if (std::fpclassify(v) != FP_SUBNORMAL) return std::nullopt;
  // Not "give 0 or a larger value": where 0 is refused too (a claimed value, a lifetime) that
  // sent the reader from one refusal to the next (found by an adversarial tester).
  return fmt::format("number '{}' is too small to compute with (below 2.2e-308): give a larger "
                     "value, or 0 where the input takes 0",
                     written);
}

}  // namespace gpufleet

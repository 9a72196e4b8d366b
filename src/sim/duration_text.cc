#include "gpufleet/duration_text.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "gpufleet/error.h"
#include "gpufleet/si_format.h"
#include "util/subnormal.h"

namespace gpufleet {

Duration<> ParseDuration(std::string_view text, std::string_view field, Duration<> bare_unit) {
  const std::string where(field);
  const auto bad = [&] {
    return InputError(Where{"", 0, where},
                      fmt::format("bad duration '{}': use a number and one of ns, us, ms, s, m, "
                                  "h, d, w (500ms, 30m, 1.5h)",
                                  text));
  };
  // Quoted whole, as given: "3m..10m" read "expected a number like 700 ... got '3m..10'" (its
  // unit cut off, and a number's examples for a duration; found by an adversarial tester).
  if (text.find("..") != std::string_view::npos) {
    throw InputError(Where{"", 0, where}, fmt::format("one duration, not a range: got '{}'", text));
  }
  size_t split = text.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
  const std::string_view number = text.substr(0, split), unit = text.substr(split);
  // Seconds per unit; sub-second units as a divisor (999 / 1e6 is the double nearest 0.000999,
  // 999 * 1e-6 is not), so a value converts, and prints back in messages, exactly.
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ns", -1e9}, {"us", -1e6}, {"ms", -1e3}, {"s", 1},      {"m", 60},
      {"min", 60},  {"h", 3600},  {"d", 86400}, {"w", 604800},
  };
  double factor = unit.empty() ? In(bare_unit, units::s) : 0;
  for (const auto& [name, f] : kUnits) {
    if (unit == name) factor = f;
  }
  if (factor == 0 || number.empty()) throw bad();
  double v = 0;
  try {
    v = ParseNumber(number, field);
  } catch (const InputError&) {
    // A number too small to compute with says so, as a count's does: "bad duration '1e-320':
    // use a number and one of ns, us ..." was said of a number (found by an adversarial tester).
    const std::string digits(number);
    if (const auto why = SubnormalMessage(std::strtod(digits.c_str(), nullptr), number)) {
      throw InputError(Where{"", 0, where}, *why);
    }
    throw bad();  // "1h1s": one number and one unit
  }
  if (!(v >= 0))
    throw InputError(Where{"", 0, where}, fmt::format("duration must be >= 0, got '{}'", text));
  const double seconds = factor < 0 ? v / -factor : v * factor;
  if (!std::isfinite(seconds))
    throw InputError(Where{"", 0, where}, fmt::format("duration is too long: '{}'", text));
  return seconds * units::s;
}

std::string FormatDuration(Duration<> d) {
  const double s = In(d, units::s);
  if (!std::isfinite(s)) return "never";
  return FormatQuantity(s, "s");
}

}  // namespace gpufleet

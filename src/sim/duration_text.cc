#include "gpufleet/duration_text.h"

#include <fmt/format.h>

#include <cmath>

#include "gpufleet/error.h"

namespace gpufleet {

Duration<> ParseDuration(std::string_view text, std::string_view field) {
  const std::string where(field);
  size_t split = text.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
  const std::string_view number = text.substr(0, split), unit = text.substr(split);
  double factor = 0;
  if (unit.empty() || unit == "s")
    factor = 1;
  else if (unit == "m" || unit == "min")
    factor = 60;
  else if (unit == "h")
    factor = 3600;
  else if (unit == "d")
    factor = 86400;
  else if (unit == "w")
    factor = 7 * 86400;
  if (factor == 0 || number.empty()) {
    throw InputError(
        Where{"", 0, where},
        fmt::format("bad duration '{}': use a number and s, m, h, d or w (30m, 2h)", text));
  }
  const double v = ParseNumber(number, field);
  if (v < 0)
    throw InputError(Where{"", 0, where}, fmt::format("duration must be >= 0, got '{}'", text));
  return v * factor * units::s;
}

std::string FormatDuration(Duration<> d) {
  const double s = In(d, units::s);
  auto fmt2 = [](double v, const char* unit) {
    return fmt::format("{} {}", v >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v),
                       unit);
  };
  if (!std::isfinite(s)) return "never";
  if (s < 60) return fmt2(s, "s");
  if (s < 3600) return fmt2(s / 60, "min");
  if (s < 86400 * 2) return fmt2(s / 3600, "h");
  return fmt2(s / 86400, "d");
}

}  // namespace gpufleet

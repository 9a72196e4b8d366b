// Figure: the one value type for a result of any capability (fleet, training, measurement,
// claims, and what comes next). A figure is either present, with a central value, a low-high
// range and a unit, and the assumption or source behind it in words; or absent, with the reason
// ("no published board length for h100-sxm"). Absent is never 0.
//
// One JSON shape everywhere (CLI --format json, the HTTP API):
//   present: {"value": v, "low": l, "high": h, "unit": "kWh"}   (+ "basis" when not empty)
//   absent:  {"value": null, "why": "...", "unit": "m"}
// Non-finite bounds (a division by a range that contains zero) are written as null.
//
// Units are the base unit of the figure as a string: "W", "kWh", "kg CO2e", "L", "m", "USD",
// "h", "s", "FLOP", "FLOP/s", "fraction" for a share given as 0..1 (shown as a
// percentage) ... and "" for a plain count.
// People see figures through FormatFigure, that is FormatQuantity (si_format.h), which picks the
// display unit ("3.31 TWh", "1.22 Mt CO2e", "797 ML", "USD 10.5 bn"); the dashboard mirrors the
// same rules (web/src/format.js, checked against the CLI by tests/web/format_check.mjs).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "gpufleet/interval.h"

namespace gpufleet {

class Figure {
 public:
  // A present figure. `range` must satisfy low <= value <= high (Interval checks it).
  static Figure Of(const Interval& range, std::string unit, std::string basis = {});
  // An absent figure; `why` says why it cannot be computed and must not be empty.
  static Figure Absent(std::string unit, std::string why);

  bool present() const { return present_; }
  // The value and range. Throws std::logic_error when absent: check present() first.
  const Interval& range() const;
  const std::string& unit() const { return unit_; }
  // Present: the assumption or source behind the figure (may be empty).
  // Absent: the reason it is absent (never empty).
  const std::string& basis() const { return basis_; }
  // The reason an absent figure is absent; empty for a present one.
  const std::string& why() const;

  friend bool operator==(const Figure&, const Figure&) = default;

 private:
  Figure() = default;
  Interval range_;
  std::string unit_;
  std::string basis_;
  bool present_ = true;
};

// The figure for programs, in the shape above. `with_basis` adds "basis" for present figures.
nlohmann::json ToJson(const Figure& f, bool with_basis = false);
// Reads the shape above back (the API's own output, tests). Throws InputError naming `field`.
Figure FigureFromJson(const nlohmann::json& j, std::string_view field = "figure");

// The figure for people, through the one formatter (FormatQuantity, si_format.h):
// "4.22 TWh (3.94-4.61)", "USD 10.5 bn (8.75-14)", "350,000", "1.22 Mt CO2e", "55%"; "n/a"
// when absent.
std::string FormatFigure(const Figure& f);

}  // namespace gpufleet

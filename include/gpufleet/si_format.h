// Figures for people: an Interval printed with an SI prefix chosen from its central value and
// its range in the same prefix: "4.22 TWh (3.94-4.61)", "USD 9.62 bn (8.75-10.5)",
// "350,000". Pure functions; the text renderers and the model's assumption lines use them.
#pragma once

#include <string>
#include <string_view>

#include "gpufleet/interval.h"

namespace gpufleet {

// `x` in `unit` (e.g. "Wh", "W", "L", "m", "FLOP/s", "t CO2e") with an SI prefix (k M G T P E)
// put in front of the unit, `digits` significant digits; values below 1000 get none, values
// from 1e21 an exponent ("1.39e25 FLOP"). A point prints as one number: "700 W".
std::string FormatSi(const Interval& x, std::string_view unit, int digits = 3);

// Money in US dollars: "USD 27.5 k", "USD 9.62 bn (8.75-10.5)" (k, M, bn, tn).
std::string FormatUsd(const Interval& x, int digits = 3);

// A count with thousands separators below 10 million, SI above: "350,000 GPUs",
// "43,750 (40,000-50,000)"; `unit` follows the central value when not empty.
std::string FormatCount(const Interval& x, std::string_view unit = "");

// A fraction as a percentage: 0.067 -> "6.7%", a range "6.7% (5.9-7.3)".
std::string FormatPercent(const Interval& x, int digits = 2);


// A plain number with `digits` significant digits and no exponent below 1e15: "0.414", "25.3".
std::string FormatNumber(double x, int digits = 3);

}  // namespace gpufleet

// Durations as people write them on a command line: "90s", "30m", "2h", "1.5d", "2w".
#pragma once

#include <string>
#include <string_view>

#include "gpufleet/units.h"

namespace gpufleet {

// The one duration grammar of every command and front end: a non-negative number (fractional,
// with an exponent: "1.5h", "2e-3s") followed by one unit: ns, us, ms, s, m or min, h, d, w. A
// bare number is in `bare_unit` (seconds unless the input is given in other units, e.g. hours).
// Throws InputError naming `field` on anything else (empty, negative, NaN, infinite, unknown
// unit). Bounds are the caller's (the input table's domains, inputs.h).
Duration<> ParseDuration(std::string_view text, std::string_view field = {},
                         Duration<> bare_unit = 1.0 * units::s);

// One duration for people: FormatQuantity(seconds, "s") (si_format.h), three significant digits
// in the largest unit that keeps it readable: "500 ms", "45 s", "9.9 min", "3.1 h", "54 d";
// "never" when infinite.
std::string FormatDuration(Duration<> d);

}  // namespace gpufleet

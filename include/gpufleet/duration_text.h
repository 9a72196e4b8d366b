// Durations as people write them on a command line: "90s", "30m", "2h", "1.5d", "2w".
#pragma once

#include <string>
#include <string_view>

#include "gpufleet/units.h"

namespace gpufleet {

// A non-negative number followed by one unit: s, m or min, h, d, w (a bare number is seconds).
// Throws InputError naming `field` on anything else (empty, negative, NaN, unknown unit).
Duration<> ParseDuration(std::string_view text, std::string_view field = {});

// Two or three significant digits in the largest unit that keeps the number >= 1:
// "45 s", "9.9 min", "3.1 h", "54 d".
std::string FormatDuration(Duration<> d);

}  // namespace gpufleet

// One CSV writer's cell for every CSV gpufleet writes (reports, measurement records).
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// `s` as one CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, inner
// quotes doubled. A text a spreadsheet would run as a formula (its first character one of
// = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP's CSV-injection
// guidance says; a number ("-0.5", "+3", "-1e-05") is not a formula and is written as it is.
std::string CsvCell(std::string_view s);

}  // namespace gpufleet

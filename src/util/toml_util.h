// Reading TOML input files (catalog, scenarios, claims, failure models) with one error shape.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>

namespace gpufleet {

// Parses `text` (the contents of `file`) as TOML. On a syntax error throws InputError naming
// the file and line, with "malformed TOML at column C: " and toml++'s description.
toml::table ParseTomlFile(std::string_view text, const std::string& file);

// A number node's value as a double; nullopt when the node is not a number. Unlike toml++'s
// value<double>(), an integer too large to be exact as a double (above 2^53, such as
// count = 100000000000000000) still gives its nearest double instead of an empty optional,
// which callers then checked, or did not.
std::optional<double> NumberValue(const toml::node& n);

}  // namespace gpufleet

// Reading TOML input files (catalog, scenarios, claims, failure models) with one error shape.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace gpufleet {

// Parses `text` (the contents of `file`) as TOML. On a syntax error throws InputError naming
// the file and line, with "malformed TOML at column C: " and toml++'s description.
toml::table ParseTomlFile(std::string_view text, const std::string& file);

}  // namespace gpufleet

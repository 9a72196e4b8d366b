// Internal: turning one parsed TOML file into catalog entries, with validation. Every error is
// an InputError naming the file, the line and the key path ("gpu.h100-sxm.tdp_w").
#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "gpufleet/catalog.h"

namespace gpufleet::catalog_internal {

// One sourced number from its sub-table; `path` names it in errors ("gpu.h100-sxm.tdp_w").
Fact ParseFact(const std::string& file, const std::string& path, const toml::table& t);

// One [[kind]] element. Does not check uniqueness across entries (see CatalogBuilder).
Entry ParseEntry(const std::string& file, const std::string& kind, const toml::table& t);

// Every entry of the four kinds in `root`, in file order; other top-level keys are ignored.
std::vector<Entry> ParseEntries(const std::string& file, const toml::table& root);

// 1-based line where `node` starts, 0 when unknown.
int LineOf(const toml::node& node);

}  // namespace gpufleet::catalog_internal

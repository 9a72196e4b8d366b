// Internal: turning one parsed TOML file into catalog entries, with validation. Every error is
// an InputError naming the file, the line and the key path ("gpu.h100-sxm.tdp_w").
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"

namespace gpufleet::catalog_internal {

// One sourced number from its sub-table; `path` names it in errors ("gpu.h100-sxm.tdp_w").
Fact ParseFact(const std::string& file, const std::string& path, const toml::table& t);

// One [[kind]] element. Does not check uniqueness across entries (see CatalogBuilder).
Entry ParseEntry(const std::string& file, const std::string& kind, const toml::table& t);

// Every entry of the catalog's kinds in `root`, in file order; other top-level keys are ignored.
// A model whose facts do not hold together (CheckModelFacts) throws, naming the fact's line; or,
// with `model_error`, is kept and its error stored there (the first one only), for the caller to
// throw after the checks that should come first (an unknown fact key: CheckFactKeys).
std::vector<Entry> ParseEntries(const std::string& file, const toml::table& root,
                                std::optional<InputError>* model_error = nullptr);

// 1-based line where `node` starts, 0 when unknown.
int LineOf(const toml::node& node);

}  // namespace gpufleet::catalog_internal

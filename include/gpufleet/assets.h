// Files embedded in the binary at build time (the catalog, example scenarios and claim files,
// the dashboard's assets). Paths are relative to the source tree, e.g. "data/gpus.toml".
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace gpufleet::assets {

struct Asset {
  std::string_view path;  // relative to the source tree, '/'-separated
  std::string_view data;  // the file's bytes; lives for the whole program
};

// Every embedded file, in a stable order. Never fails.
const std::vector<Asset>& All();

// The embedded file at `path`, or nullopt when there is none. Exact match only: no
// normalisation, so "../" can never reach outside the embedded set.
std::optional<std::string_view> Find(std::string_view path);

// Every embedded file whose path starts with `prefix` (e.g. "data/").
std::vector<Asset> Under(std::string_view prefix);

}  // namespace gpufleet::assets

#include "gpufleet/assets.h"

namespace gpufleet::assets {

std::optional<std::string_view> Find(std::string_view path) {
  for (const Asset& a : All()) {
    if (a.path == path) return a.data;
  }
  return std::nullopt;
}

std::vector<Asset> Under(std::string_view prefix) {
  std::vector<Asset> out;
  for (const Asset& a : All()) {
    if (a.path.starts_with(prefix)) out.push_back(a);
  }
  return out;
}

}  // namespace gpufleet::assets

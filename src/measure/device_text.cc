// DeviceText (measure.h): device strings from outside made valid UTF-8.
#include <string>
#include <string_view>

#include "gpufleet/measure.h"
#include "util/utf8.h"

namespace gpufleet {

std::string DeviceText(std::string_view raw) {
  const size_t nul = raw.find('\0');
  if (nul != std::string_view::npos) raw = raw.substr(0, nul);
  return ToValidUtf8(raw);
}

}  // namespace gpufleet

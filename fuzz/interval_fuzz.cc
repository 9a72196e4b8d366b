// libFuzzer target: number and range parsing (ParseInterval / ParseNumber). Any input must either
// parse into an ordered finite interval or throw InputError; nothing else.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gpufleet/error.h"
#include "gpufleet/interval.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const gpufleet::Interval r = gpufleet::ParseInterval(text, "--fuzz");
    if (!(r.low <= r.value && r.value <= r.high) || !std::isfinite(r.low) ||
        !std::isfinite(r.high)) {
      std::abort();
    }
    (void)gpufleet::ToString(r);
  } catch (const gpufleet::InputError&) {
  }
  return 0;
}

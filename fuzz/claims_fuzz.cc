// libFuzzer target: claims files (ParseClaimsFile) and checking them. Any input either gives a
// report or throws InputError.
#include <cstdint>
#include <string_view>

#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gpufleet::Catalog& catalog = gpufleet::Catalog::Embedded();
  try {
    const auto file = gpufleet::claims::ParseClaimsFile(text, "fuzz.claims.toml", catalog);
    (void)gpufleet::claims::RenderJson(gpufleet::claims::Check(file, catalog));
  } catch (const gpufleet::InputError&) {
  }
  return 0;
}

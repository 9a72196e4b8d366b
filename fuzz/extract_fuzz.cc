// libFuzzer target: the quantity extractor, which promises never to throw on any text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gpufleet/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto style : {gpufleet::claims::NumberStyle::kAuto, gpufleet::claims::NumberStyle::kItalian,
                     gpufleet::claims::NumberStyle::kEnglish}) {
    const auto e = gpufleet::claims::Extract(text, style);
    for (const auto& q : e.quantities) {
      if (q.sentence < 1 || static_cast<size_t>(q.sentence) > e.sentences.size()) std::abort();
    }
    (void)gpufleet::claims::RenderExtractionJson(e, "fuzz.txt");
  }
  return 0;
}

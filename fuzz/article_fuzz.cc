// libFuzzer target: the article mapper (`gpufleet check ARTICLE.txt`). Drafting never throws on
// any text, the drafted claims file always parses, and every number is accounted for (mapped,
// or unverifiable with a reason).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gpufleet/article.h"
#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpufleet::claims;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& catalog = gpufleet::Catalog::Embedded();
  const ArticleDraft d = DraftArticle(text, "fuzz.txt", catalog);
  if (d.numbers.size() != d.extraction.quantities.size()) std::abort();
  for (const MappedNumber& m : d.numbers) {
    if (!m.mapped() && m.reason.empty()) std::abort();
  }
  if (d.claims_toml.find("\n[[claim]]\n") == std::string::npos) return 0;  // no numbers
  try {
    (void)ParseClaimsFile(d.claims_toml, "fuzz.toml", catalog);
  } catch (...) {
    std::abort();  // a drafted file that does not parse is a bug
  }
  return 0;
}

// /api/check: the claims checker on the seed article's claims (embedded), or on a claims file
// posted as {"claims": "<TOML text>"}, or on an article's text posted the same way (checked as
// `gpufleet check ARTICLE.txt` checks it).
#include "gpufleet/article.h"
#include "gpufleet/assets.h"
#include "gpufleet/claims.h"
#include "gpufleet/error.h"
#include "gpufleet/extract.h"
#include "serve/handlers.h"
#include "serve/simulation_slot.h"

namespace gpufleet::serve {
namespace {

constexpr const char* kSeedClaims = "examples/seed-article.claims.toml";

Json Checked(const Catalog& catalog, std::string_view text, const std::string& path,
             uint64_t max_work) {
  const claims::ClaimsFile file = claims::ParseClaimsFile(text, path, catalog);
  return Json::parse(claims::RenderJson(claims::Check(file, catalog, {max_work})));
}

}  // namespace

Json CheckJson(const Catalog& catalog, const Json& request, uint64_t max_work,
               bool claims_required) {
  // The one field, as every route refuses an unknown one (with `claims` given, others were
  // ignored: found by an adversarial tester); null is left out, as on every route.
  for (const auto& [key, value] : request.items()) {
    if (key != "claims") throw Bad(key, "unknown field; known: claims");
  }
  auto it = request.find("claims");
  if (it == request.end() || it->is_null()) {
    if (claims_required) {
      throw InputError(Where{"<http>", 0, "claims"},
                       "required in a POST: the text of a claims TOML file or of an article (GET "
                       "/api/check, without fields, checks the seed article's claims)");
    }
    const auto seed = assets::Find(kSeedClaims);
    if (!seed) throw InputError(Where{"<http>", 0, "claims"}, "no embedded seed claims file");
    return Checked(catalog, *seed, kSeedClaims, max_work);
  }
  if (!it->is_string()) {
    throw InputError(Where{"<http>", 0, "claims"}, "must be the text of a claims TOML file");
  }
  try {
    // An article's text is checked as the CLI and Python check it (it was refused as malformed
    // TOML: found by an adversarial tester). The body's 64 KiB bound its work.
    const std::string text = it->get<std::string>();
    // A posted file or article is checked in a simulation slot, as train and sweep simulate: 60
    // large articles at once took a minute each and starved one another (found by an
    // adversarial tester). The seed's claims above are light and need none.
    const SimulationSlot slot;
    if (claims::LooksLikeArticle("<http>", text)) {
      // Refused as the CLI and Python refuse it: NUL bytes or invalid UTF-8 (it was checked).
      claims::RequireText(text, "<http>");
      return Json::parse(claims::RenderArticleJson(*claims::CheckArticle(text, "<http>", catalog)));
    }
    return Checked(catalog, text, "<http>", max_work);
  } catch (const WorkBudgetError&) {
    throw;  // 413
  } catch (const InputError& e) {
    // Keep the line number of the posted file in the message; name the field.
    throw InputError(Where{"<http>", 0, "claims"}, e.what());
  }
}

}  // namespace gpufleet::serve

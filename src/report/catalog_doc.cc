// The catalog as one document (catalog_document.h): the CLI, Python and the API build it here.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "gpufleet/catalog_document.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model_format.h"
#include "gpufleet/report.h"
#include "util/atomic_file.h"

namespace gpufleet {

CatalogSelection SelectCatalogKinds(std::string arg) {
  if (arg.empty()) return {CatalogKinds(), true};
  const std::string given = arg;
  for (char& c : arg) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::replace(arg.begin(), arg.end(), '-', '_');
  const std::string fm(kFailureModelKind);  // "failure-model"
  if (arg == "failure_model" || arg == "failure_models") return {{}, true};
  std::string known;
  for (const std::string& k : CatalogKinds()) {
    if (arg == k || arg == k + "s") return {{k}, false};
    // Spelt as the CLI's help spells kinds, with dashes ("process-nodes" beside
    // "failure-models", where the list mixed both; found by an adversarial tester).
    std::string word = k + "s";
    std::replace(word.begin(), word.end(), '_', '-');
    known += word + ", ";
  }
  throw InputError(Where{"", 0, "kind"},
                   "unknown catalog kind '" + given + "'; known: " + known + fm + "s");
}

nlohmann::json CatalogDocumentJson(const Catalog& c, const CatalogSelection& sel,
                                   const CatalogView& view,
                                   const std::vector<FailureModel>& models) {
  const bool any_catalog = !view.kinds.empty();
  nlohmann::json j = any_catalog ? CatalogJson(c, view) : nlohmann::json::object();
  if (sel.failure_models) j["failure_models"] = FailureModelsJson(models);
  if (any_catalog && view.sources && !view.only) {
    j["embodied"] = report::EmbodiedCatalogJson(c, view.kinds);
  }
  return j;
}

}  // namespace gpufleet

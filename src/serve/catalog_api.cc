// GET /api/catalog: the same document as `gpufleet catalog --sources --format json` (every
// kind, every fact with its source, the failure models and the embodied estimates:
// catalog_document.h), so the dashboard, scripts and Python read one shape.
#include "gpufleet/catalog_document.h"
#include "gpufleet/failure_model.h"
#include "serve/handlers.h"

namespace gpufleet::serve {

Json CatalogJson(const Catalog& catalog) {
  const CatalogSelection all = SelectCatalogKinds("");
  CatalogView view;
  view.kinds = all.kinds;
  view.sources = true;
  // The catalog's own failure models when its directory has them, as /api/train uses them.
  const std::shared_ptr<const FailureModelSet> set = CatalogFailureModels(catalog);
  return CatalogDocumentJson(catalog, all, view,
                             set != nullptr ? set->models : EmbeddedFailureModels());
}

}  // namespace gpufleet::serve

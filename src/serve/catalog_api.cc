// GET /api/catalog: the same document as `gpufleet catalog --format json` (every kind, every
// fact with its source), so the dashboard and scripts read one shape.
#include "gpufleet/catalog_format.h"
#include "serve/handlers.h"

namespace gpufleet::serve {

Json CatalogJson(const Catalog& catalog) {
  CatalogView view;
  view.sources = true;
  return gpufleet::CatalogJson(catalog, view);
}

}  // namespace gpufleet::serve

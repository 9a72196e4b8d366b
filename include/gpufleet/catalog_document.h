// The catalog as one document for every front end: `gpufleet catalog [KIND] --format json`,
// Python's gpufleet.catalog() and GET /api/catalog build it here (each built its own: Python and
// the API left out the failure models and the embodied estimates the CLI listed).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/catalog_format.h"
#include "gpufleet/failure_model.h"

namespace gpufleet {

// What to list: catalog kinds, and whether the failure models follow.
struct CatalogSelection {
  std::vector<std::string> kinds;  // catalog kinds; empty = none (failure models only)
  bool failure_models = false;
};

// "gpus" or "gpu" -> {"gpu"}; "process-nodes" -> {"process_node"} (any case); "failure-models"
// -> the failure models only; "" -> every kind and the failure models. Throws InputError (field
// "kind") listing the kinds.
CatalogSelection SelectCatalogKinds(std::string kind);

// FailureModelsFor(catalog_dir) (failure_model.h): the failure models beside a catalog directory.

// The document: CatalogJson(c, view) of view.kinds (an empty object when none), "failure_models"
// (FailureModelsJson of `models`) when sel.failure_models, and "embodied" (each GPU's and
// system's bottom-up and published footprints: report::EmbodiedCatalogJson) when view.sources
// and no confidence filter.
nlohmann::json CatalogDocumentJson(const Catalog& c, const CatalogSelection& sel,
                                   const CatalogView& view,
                                   const std::vector<FailureModel>& models);

}  // namespace gpufleet

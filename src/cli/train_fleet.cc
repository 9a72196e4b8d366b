// The training commands' link to the catalog and the fleet model (see training_fleet.h).
#include "cli/train_flags.h"
#include "gpufleet/catalog.h"
#include "gpufleet/training_fleet.h"

namespace gpufleet::cli {
namespace {

FleetInputs Inputs(const TrainFlags& f) {
  const Catalog catalog = Catalog::Load(f.catalog());
  return InputsFromCatalog(catalog, f.gpu(), f.site());
}

}  // namespace

GpuFigures LookUpGpu(const TrainFlags& f) { return GpuFiguresFrom(Inputs(f)); }

std::pair<std::string, std::string> CatalogIds(const TrainFlags& f) {
  const FleetInputs in = Inputs(f);
  return {in.gpu_id, in.site_id};
}

std::vector<ReportFigure> FleetFigures(const TrainFlags& f, double gpus, const McSummary& mc) {
  return RunFigures(Inputs(f), gpus, mc);
}

}  // namespace gpufleet::cli

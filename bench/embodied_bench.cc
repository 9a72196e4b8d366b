// Benchmarks of the embodied-carbon model: one GPU's bottom-up estimate, a GPU in its server
// with every boundary, the report section, and InputsFromCatalog (which now runs the model).
// What to expect: microseconds (catalog lookups and string formatting dominate); the fleet's
// Evaluate does not call the model, so BM_EvaluatePoint (fleet_bench.cc) is unchanged.
#include <benchmark/benchmark.h>

#include "gpufleet/catalog.h"
#include "gpufleet/embodied.h"
#include "gpufleet/fleet.h"
#include "gpufleet/report.h"

namespace gpufleet {
namespace {

void BM_GpuEmbodied(benchmark::State& state) {
  const Catalog& c = Catalog::Embedded();
  const Entry& gpu = c.Get("gpu", "h100-sxm");
  for (auto _ : state) benchmark::DoNotOptimize(GpuEmbodied(c, gpu));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GpuEmbodied);

void BM_FleetEmbodiedBuilding(benchmark::State& state) {
  const Catalog& c = Catalog::Embedded();
  const Entry& gpu = c.Get("gpu", "h100-sxm");
  const Entry& sys = c.Get("system", "dgx-h100");
  for (auto _ : state) {
    benchmark::DoNotOptimize(FleetEmbodied(c, gpu, &sys, EmbodiedBoundary::kBuilding));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FleetEmbodiedBuilding);

void BM_EmbodiedSection(benchmark::State& state) {
  const Catalog& c = Catalog::Embedded();
  const FleetInputs in = InputsFromCatalog(c, "h100-sxm", "meta-fleet", "dgx-h100");
  for (auto _ : state) benchmark::DoNotOptimize(report::EmbodiedSection(in, c));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EmbodiedSection);

void BM_InputsFromCatalog(benchmark::State& state) {
  const Catalog& c = Catalog::Embedded();
  for (auto _ : state) {
    benchmark::DoNotOptimize(InputsFromCatalog(c, "h100-sxm", "meta-fleet", "dgx-h100"));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InputsFromCatalog);

}  // namespace
}  // namespace gpufleet

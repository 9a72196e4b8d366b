// Benchmarks of `gpufleet check ARTICLE.txt` (issue 16): drafting claims from texts of growing
// size made of number-dense sentences, to show the mapper stays linear (time per byte flat);
// and the whole check (mapping, model, solver) of a 2 kB text.
#include <benchmark/benchmark.h>

#include <string>

#include "gpufleet/article.h"
#include "gpufleet/catalog.h"

namespace gpufleet::claims {
namespace {

std::string NumberDense(size_t bytes) {
  const std::string s =
      "Una H100 consuma 700W, 3.740KWh annuali, dunque 350k di queste schede richiedono circa "
      "1.300 GWh/anno, un po' di più della Lombardia. 100,000 H100 GPUs draw 150 MW. ";
  std::string text;
  text.reserve(bytes + s.size());
  while (text.size() < bytes) text += s;
  return text;
}

void BM_DraftArticle(benchmark::State& state) {
  const std::string text = NumberDense(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(DraftArticle(text, "bench.txt", Catalog::Embedded()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DraftArticle)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_CheckArticle(benchmark::State& state) {
  const std::string text = NumberDense(2'000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(CheckArticle(text, "bench.txt", Catalog::Embedded()));
  }
}
BENCHMARK(BM_CheckArticle)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gpufleet::claims

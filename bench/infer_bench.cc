// Benchmarks of the serving model (infer.h): one Evaluate of a model point (Llama 3.1 70B on 4
// H100 at batch 64, every efficiency a range), the same with --batch auto and a TPOT target (a
// binary search over batches), and StepCostFor (the simulator's tables). Aim (issue 13): at
// least 100,000 point evaluations per second per core. scripts/bench.sh runs every benchmark of
// gpufleet_bench, these included.
#include <benchmark/benchmark.h>

#include "gpufleet/catalog.h"
#include "gpufleet/infer.h"

namespace gpufleet {
namespace {

InferInputs Point(bool auto_batch) {
  inputs::Given g(inputs::kInfer);
  g.SetText("model", "llama-3.1-70b");
  g.SetText("gpus_per_replica", "4");
  g.SetText("system", "dgx-h100");
  g.SetText("site", "meta-fleet");
  g.SetText("count", "350k");
  if (auto_batch) {
    g.SetText("tpot_slo_s", "50ms");
  } else {
    g.SetText("batch", "64");
  }
  return InferInputsFrom(Catalog::Embedded(), g);
}

void BM_InferEvaluatePoint(benchmark::State& state) {
  const InferInputs in = Point(false);
  for (auto _ : state) benchmark::DoNotOptimize(Evaluate(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InferEvaluatePoint);

void BM_InferEvaluateAutoBatch(benchmark::State& state) {
  const InferInputs in = Point(true);
  for (auto _ : state) benchmark::DoNotOptimize(Evaluate(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InferEvaluateAutoBatch);

void BM_InferStepCost(benchmark::State& state) {
  const InferInputs in = Point(false);
  for (auto _ : state) benchmark::DoNotOptimize(StepCostFor(in, 256));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InferStepCost);

}  // namespace
}  // namespace gpufleet

// Benchmarks of the fleet model: one Evaluate (points and ranges), the whole report of the
// default scenario, and the CLI's start-up (spawning `gpufleet fleet --gpu h100 --count 1000`).
// Aims (issue 2): at least 1 M point evaluations per second per core; start-up under 20 ms.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"
#include "gpufleet/report.h"
#include "gpufleet/scenario.h"

extern char** environ;

namespace gpufleet {
namespace {

FleetInputs Meta(bool ranges) {
  FleetInputs in = InputsFromCatalog(Catalog::Embedded(), "h100-sxm", "meta-fleet", "dgx-h100");
  in.count = 350000;
  if (ranges) {
    in.load = Interval::Between(0.5, 1.0);
    in.host_overhead_per_gpu = Interval::Between(300, 575) * units::W;
  } else {
    // Every input a point: its central value (optional inputs left as they are).
    for (const std::string& name : InputNames()) {
      if (name == "gpu_power_w" || name == "board_length_mm") continue;
      if (name == "system_price_per_gpu_usd" && !in.system_price_per_gpu) continue;
      SetInput(in, name, GetInput(in, name).value);
    }
  }
  return in;
}

void BM_EvaluatePoint(benchmark::State& state) {
  const FleetInputs in = Meta(false);
  for (auto _ : state) benchmark::DoNotOptimize(Evaluate(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePoint);

void BM_EvaluateRanges(benchmark::State& state) {
  const FleetInputs in = Meta(true);
  for (auto _ : state) benchmark::DoNotOptimize(Evaluate(in));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateRanges);

void BM_DefaultReportText(benchmark::State& state) {
  const Catalog& c = Catalog::Embedded();
  const Scenario s = DefaultScenario(c);
  for (auto _ : state)
    benchmark::DoNotOptimize(report::RenderText(report::BuildScenarioReport(s, c)));
}
BENCHMARK(BM_DefaultReportText)->Unit(benchmark::kMicrosecond);

// Spawns the CLI once and waits; output goes to /dev/null.
void SpawnCli(const char* const* argv) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, const_cast<char* const*>(argv), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
  posix_spawn_file_actions_destroy(&fa);
}

void BM_CliStartupFleet(benchmark::State& state) {
  const char* argv[] = {GPUFLEET_CLI, "fleet", "--gpu", "h100", "--count", "1000", nullptr};
  for (auto _ : state) SpawnCli(argv);
}
BENCHMARK(BM_CliStartupFleet)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gpufleet

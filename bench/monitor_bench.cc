// Benchmarks of measurement windows (monitor.h), with 8 fake GPUs (FakeSource; reads cost what a
// function call costs, so these time gpufleet's own overhead, not a driver's). Goals (issue 15):
// BeginWindow and EndWindow each <= 1 ms; the sampler's CPU cost < 0.5% of one core at the
// default 100 ms interval. Peer: a bare Meter::Snapshot (no sampling round) in the same run.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <thread>

#include "gpufleet/monitor.h"

namespace gpufleet {
namespace {

std::shared_ptr<FakeSource> EightGpus() {
  auto s = std::make_shared<FakeSource>();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    DeviceInfo d;
    d.id = "gpu" + std::to_string(i);
    d.kind = "gpu";
    d.index = i;
    d.uuid = "GPU-" + std::to_string(i);
    d.name = "Fake H100";
    d.has_counter = d.has_power = true;
    s->Add(d, [t0] {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      Reading r;
      r.counter = static_cast<uint64_t>(t * 700e3);  // 700 W in mJ
      r.power = 700.0 * units::W;
      return r;
    });
  }
  return s;
}

MonitorOptions Options() {
  MonitorOptions o;
  o.source = EightGpus();
  o.launch = Launch{};
  o.launch->node = "bench";
  return o;  // default interval: 100 ms
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Each iteration: one BeginWindow and one EndWindow; counters give each call's mean time.
void BM_MonitorBeginEndWindow8Gpus(benchmark::State& state) {
  Monitor m(Options());
  double begin_s = 0, end_s = 0, worst_s = 0;
  for (auto _ : state) {
    const double t0 = Now();
    m.BeginWindow("step");
    const double t1 = Now();
    Window w = m.EndWindow("step");
    const double t2 = Now();
    benchmark::DoNotOptimize(w);
    begin_s += t1 - t0;
    end_s += t2 - t1;
    worst_s = std::max({worst_s, t1 - t0, t2 - t1});
    state.SetIterationTime(t2 - t0);
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["begin_us"] = 1e6 * begin_s / n;
  state.counters["end_us"] = 1e6 * end_s / n;
  state.counters["worst_us"] = 1e6 * worst_s;
  state.counters["goal_us"] = 1000;
}
BENCHMARK(BM_MonitorBeginEndWindow8Gpus)->UseManualTime()->Unit(benchmark::kMicrosecond);

// Peer: the sampler's state read without a sampling round (what a window edge adds to it is the
// round trip to the sampler thread and 8 reads).
void BM_MeterSnapshot8Gpus(benchmark::State& state) {
  Meter meter(EightGpus(), MeterOptions{});
  meter.Start();
  for (auto _ : state) benchmark::DoNotOptimize(meter.Snapshot());
  meter.Stop();
}
BENCHMARK(BM_MeterSnapshot8Gpus)->Unit(benchmark::kMicrosecond);

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// The sampler alone for 5 s at the default interval while this thread sleeps: the process's CPU
// time over wall time is the sampler's share of one core.
void BM_MonitorSamplerCpu8Gpus(benchmark::State& state) {
  for (auto _ : state) {
    Monitor m(Options());
    const double c0 = ProcessCpuSeconds(), t0 = Now();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const double cpu = ProcessCpuSeconds() - c0, wall = Now() - t0;
    state.counters["cpu_pct_of_core"] = 100 * cpu / wall;
    state.counters["goal_pct"] = 0.5;
  }
}
BENCHMARK(BM_MonitorSamplerCpu8Gpus)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace gpufleet

// Benchmarks of the serving simulator (serving_sim.h), with the hand-built Llama-3.1-70B on
// 8 x H100 step costs of src/sim/serving_example.h:
// - decode steps per second on one core (goal >= 10 M): one engine replica, a day of traffic;
// - one simulated day of 100 engine replicas on all cores (goal < 10 s);
// - the small case bench/serving_simpy_compare.sh runs in SimPy 3 too (bench/serving_simpy.py):
//   its statistics as counters (mean and standard deviation over Monte Carlo replicas) for the
//   agreement check, its decode steps per second for the ratio.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "gpufleet/serving_sim.h"
#include "sim/serving_example.h"

namespace gpufleet {
namespace {

// One engine replica of Llama-3.1-70B on 8 x H100 (serving_example.h) with exponential prompt
// and output lengths clamped to 1..in_hi and 1..out_hi: the setup both cases share.
ServingSpec Spec(int max_batch, double rate, double horizon_s, double in_mean, int in_hi,
                 double out_mean, int out_hi) {
  ServingSpec s;
  s.cost = example::Llama70bH100x8(max_batch);
  s.arrival_rate_per_s = rate;
  s.horizon_s = horizon_s;
  s.input_tokens = TokenDist::Exponential(in_mean, 1, in_hi);
  s.output_tokens = TokenDist::Exponential(out_mean, 1, out_hi);
  return s;
}

// One replica's share of a busy fleet: 2.5 requests/s with a daytime peak (x1.5 at 14:00, x0.5
// at 02:00), chat-like lengths (mean ~1,000 prompt and ~250 output tokens): the engine is busy
// nearly all day at a mean batch of about 7.5 (~7 M decode steps a day).
ServingSpec DaySpec() {
  ServingSpec s = Spec(256, 2.5, 86400, 1000, 16000, 250, 4000);
  for (int h = 0; h < 24; ++h) s.hourly_profile[h] = 1 + 0.5 * std::sin((h - 8) * M_PI / 12);
  return s;
}

void BM_ServingDecodeStepsOneCore(benchmark::State& state) {
  const ServingPlan plan = Compile(DaySpec());
  uint64_t steps = 0, replica = 0;
  double batch = 0;
  for (auto _ : state) {
    const ServingReplicaResult r = SimulateServing(plan, 1, replica++);
    steps += r.decode_steps;
    batch = r.batch_s / r.decode_s;
    benchmark::DoNotOptimize(r);
  }
  state.counters["decode_steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["mean_batch"] = batch;
  state.SetItemsProcessed(static_cast<int64_t>(steps));
}
// CPU time of the one thread: what a core delivers, whatever else the machine runs.
BENCHMARK(BM_ServingDecodeStepsOneCore)->Unit(benchmark::kMillisecond);

void BM_ServingDay100Replicas(benchmark::State& state) {
  ServingSpec s = DaySpec();
  s.replicas = 100;
  s.arrival_rate_per_s *= 100;  // the fleet's rate; each replica gets 1/100
  const ServingPlan plan = Compile(s);
  McOptions o;
  o.replicas = 100;  // one simulated day of each of the 100 engine replicas
  o.threads = 0;     // all cores
  uint64_t steps = 0;
  double wall = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto rs = RunServing(plan, o);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& r : rs) steps += r.decode_steps;
    benchmark::DoNotOptimize(rs);
  }
  // Counters' rates divide by the main thread's CPU time; this one is over wall time.
  state.counters["threads"] = std::thread::hardware_concurrency();
  state.counters["decode_steps_per_wall_s"] = static_cast<double>(steps) / wall;
}
// Wall time (the goal: < 10 s) and the CPU time of all threads (what it costs on a busy machine).
BENCHMARK(BM_ServingDay100Replicas)
    ->Unit(benchmark::kSecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Iterations(1);

// The case bench/serving_simpy.py simulates too; keep the two in step (the script checks).
ServingSpec SimpyCase() {
  ServingSpec s = Spec(64, 4, 1200, 1000, 8000, 250, 2000);
  s.hourly_profile[0] = 2;  // the first hour at 2 x 24/25 of the mean rate
  return s;
}

void BM_ServingSimpyCase(benchmark::State& state) {
  const ServingPlan plan = Compile(SimpyCase());
  McOptions o;
  o.replicas = 200;
  o.threads = 1;
  std::vector<ServingReplicaResult> rs;
  uint64_t steps = 0;
  for (auto _ : state) {
    rs = RunServing(plan, o);
    for (const auto& r : rs) steps += r.decode_steps;
  }
  state.counters["decode_steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  auto moments = [&](const char* name, double (*f)(const ServingReplicaResult&)) {
    double s = 0, s2 = 0;
    for (const auto& r : rs) s += f(r);
    const double n = static_cast<double>(rs.size()), mean = s / n;
    for (const auto& r : rs) s2 += (f(r) - mean) * (f(r) - mean);
    state.counters[std::string(name) + "_mean"] = mean;
    state.counters[std::string(name) + "_sd"] = std::sqrt(s2 / (n - 1));
  };
  moments("ttft", [](const ServingReplicaResult& r) { return r.ttft_mean; });
  moments("tpot", [](const ServingReplicaResult& r) { return r.tpot_mean; });
  moments("e2e", [](const ServingReplicaResult& r) { return r.e2e_mean; });
  moments("e2e_p99", [](const ServingReplicaResult& r) { return r.e2e_p99; });
  moments("energy_j_per_request",
          [](const ServingReplicaResult& r) { return r.energy_j / double(r.completed); });
  moments("steps", [](const ServingReplicaResult& r) { return double(r.decode_steps); });
  state.counters["replicas"] = static_cast<double>(rs.size());
}
BENCHMARK(BM_ServingSimpyCase)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace gpufleet

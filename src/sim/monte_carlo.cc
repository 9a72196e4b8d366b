#include "gpufleet/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

constexpr uint64_t kChunk = 64;  // replicas a worker claims at a time

// Takes chunks of replicas until none is left, or until a replica (this worker's or another's)
// stopped at the event cap: the run then fails, so the others stop taking replicas.
void Worker(const SimPlan& plan, uint64_t seed, std::vector<ReplicaResult>& out,
            std::atomic<uint64_t>& next, std::atomic<uint64_t>& done, std::atomic<bool>& stopped) {
  EventQueue queue;
  const uint64_t n = out.size();
  while (!stopped.load(std::memory_order_relaxed)) {
    const uint64_t begin = next.fetch_add(kChunk);
    if (begin >= n) return;
    const uint64_t end = std::min(n, begin + kChunk);
    for (uint64_t i = begin; i < end; ++i) {
      out[i] = SimulateReplica(plan, seed, i, queue);
      if (out[i].event_capped) stopped.store(true, std::memory_order_relaxed);
      if (stopped.load(std::memory_order_relaxed)) break;
    }
    done.fetch_add(end - begin);
  }
}

double Hours(SimTime ns) { return static_cast<double>(ns) / 3.6e12; }

template <typename F>
Spread Collect(const std::vector<ReplicaResult>& rs, F f) {
  std::vector<double> v;
  v.reserve(rs.size());
  for (const ReplicaResult& r : rs) v.push_back(f(r));
  return SpreadOf(std::move(v));
}

}  // namespace

std::vector<ReplicaResult> RunReplicas(const SimPlan& given, const McOptions& o) {
  if (o.replicas == 0) throw InputError(Where{"", 0, "replicas"}, "must be > 0");
  SimPlan capped;
  if (o.max_events != 0) {
    capped = given;
    capped.max_events = o.max_events;
  }
  const SimPlan& plan = o.max_events != 0 ? capped : given;
  std::vector<ReplicaResult> out(o.replicas);
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, (o.replicas + kChunk - 1) / kChunk));
  std::atomic<uint64_t> next{0}, done{0};
  std::atomic<bool> stopped{false};  // a replica reached the event cap
  // With a progress callback the calling thread only reports; otherwise it works too.
  const unsigned spawned = o.progress ? threads : threads - 1;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < spawned; ++t) {
    pool.emplace_back(Worker, std::cref(plan), o.seed, std::ref(out), std::ref(next),
                      std::ref(done), std::ref(stopped));
  }
  if (o.progress) {
    while (done.load() < o.replicas && !stopped.load()) {
      o.progress(done.load(), o.replicas);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!stopped.load()) o.progress(o.replicas, o.replicas);
  } else {
    Worker(plan, o.seed, out, next, done, stopped);
  }
  for (std::thread& t : pool) t.join();
  if (stopped.load()) {
    throw WorkBudgetError(
        fmt::format("over the work budget: a replica needs more than {} simulated events (fewer "
                    "interruptions, less work or fewer replicas fit)",
                    plan.max_events));
  }
  return out;
}

Spread SpreadOf(std::vector<double> v) {
  Spread s;
  if (v.empty()) return s;
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  std::sort(v.begin(), v.end());
  auto q = [&](double p) {
    const double pos = p * static_cast<double>(v.size() - 1);
    const size_t i = static_cast<size_t>(std::floor(pos));
    const double frac = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
  };
  s.p5 = q(0.05);
  s.p50 = q(0.5);
  s.p95 = q(0.95);
  return s;
}

McSummary Summarise(const std::vector<ReplicaResult>& rs, size_t causes, uint64_t seed) {
  McSummary m;
  m.replicas = rs.size();
  m.seed = seed;
  uint64_t completed = 0;
  for (const ReplicaResult& r : rs) {
    completed += r.completed ? 1 : 0;
    m.events += r.events;
  }
  m.completed_fraction = rs.empty() ? 0 : static_cast<double>(completed) / rs.size();
  m.capped = rs.size() - completed;
  m.wall_h = Collect(rs, [](auto& r) { return Hours(r.wall); });
  m.useful_h = Collect(rs, [](auto& r) { return Hours(r.useful); });
  m.goodput = Collect(rs, [](auto& r) { return r.wall ? double(r.useful) / double(r.wall) : 0; });
  m.interruptions = Collect(rs, [](auto& r) { return double(r.interruptions); });
  m.planned = Collect(rs, [](auto& r) { return double(r.planned); });
  m.rollbacks = Collect(rs, [](auto& r) { return double(r.rollbacks); });
  m.lost_h = Collect(rs, [](auto& r) { return Hours(r.lost); });
  m.checkpoint_h = Collect(rs, [](auto& r) { return Hours(r.checkpoint); });
  m.down_h = Collect(rs, [](auto& r) { return Hours(r.down); });
  m.spare_wait_h = Collect(rs, [](auto& r) { return Hours(r.spare_wait); });
  m.degraded_h = Collect(rs, [](auto& r) { return Hours(r.degraded); });
  m.checkpoints = Collect(rs, [](auto& r) { return double(r.checkpoints); });
  m.energy_mwh = Collect(rs, [](auto& r) { return r.energy_j / 3.6e9; });
  for (size_t c = 0; c < causes; ++c) {
    m.by_cause.push_back(Collect(rs, [c](auto& r) { return double(r.by_cause[c]); }));
  }
  return m;
}

McSummary RunMonteCarlo(const SimPlan& plan, const McOptions& options) {
  return Summarise(RunReplicas(plan, options), plan.restart.size(), options.seed);
}

}  // namespace gpufleet

#include "gpufleet/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "gpufleet/error.h"
#include "sim/parallel_chunks.h"

namespace gpufleet {
namespace {

constexpr uint64_t kChunk = 64;  // replicas a worker claims at a time

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
  // A replica that stopped at the event cap fails the run: the others stop taking replicas.
  const bool all = sim_internal::ParallelChunks<EventQueue>(
      o.replicas, kChunk, sim_internal::ChunkThreads(o.threads, o.replicas, kChunk),
      [&](EventQueue& queue, uint64_t i) {
        out[i] = SimulateReplica(plan, o.seed, i, queue);
        return !out[i].event_capped;
      },
      o.progress);
  if (!all) {
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

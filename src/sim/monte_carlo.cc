#include "gpufleet/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
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

std::string PerReplicaCapMessage(const SimPlan& plan, const std::string& need);

// Events a replica is expected to take at least, known from the plan before any runs: the
// failures and planned stops, which come over the whole wall time, running or down (sim.h), over
// the least wall time a replica can take: its work (the ideal time), or the horizon. And the
// horizon when the repairs cannot keep up: nodes are removed faster than the crews return them,
// so the line of removed nodes grows without end; once it passes the spares (and the nodes
// elastic recovery may drop) the job waits for good, and a job whose work takes over ten times
// that long almost surely waits out the horizon. A replica so found ran to its event cap first,
// holding the line of repairs (found by an adversarial tester: 26 s, 208 MB).
double LeastEventsPerReplica(const SimPlan& p) {
  const double per_ns = (p.failure_mean_ns > 0 ? 1 / p.failure_mean_ns : 0) +
                        (p.planned_mean_ns > 0 ? 1 / p.planned_mean_ns : 0);
  if (!(per_ns > 0)) return 0;
  const double horizon = static_cast<double>(p.horizon);
  double wall = std::min(static_cast<double>(p.work), horizon);
  if (p.spares >= 0 && p.repair_crews > 0 && p.failure_mean_ns > 0 && p.repair > 0 &&
      p.work < p.horizon) {
    double removing = 0;  // the share of failures that remove a node
    for (size_t c = 0; c < p.pick.size(); ++c) {
      const double hi = static_cast<double>(p.pick[c]);
      const double lo = c == 0 ? 0 : static_cast<double>(p.pick[c - 1]);
      if (p.removes_node[c]) removing += (hi - lo) / 18446744073709551616.0;
    }
    const double removed_per_ns = removing / p.failure_mean_ns;
    const double repaired_per_ns = p.repair_crews / static_cast<double>(p.repair);
    if (removed_per_ns > 1.1 * repaired_per_ns) {
      const double slack =
          p.spares +
          (p.elastic_min_nodes > 0 ? static_cast<double>(p.nodes - p.elastic_min_nodes) : 0.0);
      const double until_waiting = (slack + 1) / (removed_per_ns - repaired_per_ns);
      if (static_cast<double>(p.work) > 10 * until_waiting) wall = horizon;
    }
  }
  return per_ns * wall;
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
  const double least = plan.max_events != 0 ? LeastEventsPerReplica(plan) : 0;
  if (least > static_cast<double>(plan.max_events)) {
    throw WorkBudgetError(PerReplicaCapMessage(
        plan, fmt::format("a replica is expected to need at least about {:.2g} simulated events "
                          "(its failures and planned stops alone), more than the {}",
                          least, plan.max_events)));
  }
  std::vector<ReplicaResult> out(o.replicas);
  const uint64_t before = o.spent ? o.spent->load() : 0;
  std::atomic<uint64_t> events{0}, finished{0};
  std::atomic<double> predicted{0};
  // A replica that stopped at the event cap, or a run whose events would pass the run's budget,
  // fails the run: the others stop taking replicas.
  const bool all = sim_internal::ParallelChunks<EventQueue>(
      o.replicas, kChunk, sim_internal::ChunkThreads(o.threads, o.replicas, kChunk),
      [&](EventQueue& queue, uint64_t i) {
        out[i] = SimulateReplica(plan, o.seed, i, queue);
        if (out[i].event_capped) return false;
        const uint64_t e = events.fetch_add(out[i].events) + out[i].events;
        const uint64_t d = finished.fetch_add(1) + 1;
        if (o.max_total_events == 0) return true;
        const double whole = static_cast<double>(before) + static_cast<double>(e) /
                                                               static_cast<double>(d) *
                                                               static_cast<double>(o.replicas);
        // After one replica only a run predicted at 4 times the budget stops: replicas of one
        // run differ by far less than that.
        const double budget = static_cast<double>(o.max_total_events);
        if (before + e > o.max_total_events || whole > 4 * budget ||
            (d >= std::min<uint64_t>(4, o.replicas) && whole > budget)) {
          predicted.store(std::max(whole, static_cast<double>(before + e)));
          return false;
        }
        return true;
      },
      o.progress);
  if (o.spent) o.spent->fetch_add(events.load());
  if (!all && predicted.load() > 0) {
    // Two significant digits, or as many as it takes to tell the two apart: a run just over its
    // budget said "about 2e+08 simulated events, more than the 2e+08".
    const double need = predicted.load(), budget = static_cast<double>(o.max_total_events);
    int digits = 2;
    while (digits < 17 &&
           fmt::format("{:.{}g}", need, digits) == fmt::format("{:.{}g}", budget, digits))
      ++digits;
    const bool shared = o.spent && before > 0;
    throw WorkBudgetError(fmt::format(
        "over the work budget: {} would need about {:.{}g} simulated events, more than the {:.{}g} "
        "{} may use (fewer {}replicas, fewer interruptions or less work fit)",
        shared ? "these runs" : fmt::format("{} replicas", o.replicas), need, digits, budget,
        digits, shared ? "the runs together" : "a run", shared ? "points, " : ""));
  }
  if (!all) {
    // The cap of one replica: fewer replicas cannot bring one within it, yet the message said
    // they fit (found by an adversarial tester). What shortens a replica is said, by input.
    throw WorkBudgetError(PerReplicaCapMessage(
        plan, fmt::format("a replica needs more than {} simulated events", plan.max_events)));
  }
  return out;
}

namespace {
// The per-replica cap's refusal: `need` says what the replica needs; the rest says what helps.
std::string PerReplicaCapMessage(const SimPlan& plan, const std::string& need) {
  return fmt::format(
      "over the work budget: {}, the most one "
      "replica may use; the cap is per replica, so fewer replicas do not help: fewer "
      "interruptions ({}, {}), fewer planned stops or loss spikes ({}, {}), less work ({}) "
      "or a {} (less wall time simulated){}{} fit",
      need, inputs::Mention("count"), inputs::Mention("failure_rate"),
      inputs::Mention("maintenance_h"), inputs::Mention("rollback_rate"), inputs::Mention("tokens"),
      inputs::Mention("horizon_h"),
      plan.explicit_checkpoints ? fmt::format(", or fewer checkpoints (a longer {}, or without {})",
                                              inputs::Mention("checkpoint_interval_h"),
                                              inputs::Mention("explicit_checkpoints"))
                                : "",
      plan.spares >= 0 && plan.repair_crews > 0
          ? fmt::format(", or repairs that keep up ({}, {}, {})", inputs::Mention("repair_crews"),
                        inputs::Mention("repair_h"), inputs::Mention("spares"))
          : "");
}
}  // namespace

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

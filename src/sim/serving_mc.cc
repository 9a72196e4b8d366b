// Monte Carlo over serving replicas (the training simulator's pattern: replica i uses the random
// stream (seed, i), results are stored by index and reduced in index order, so the bits do not
// depend on the thread count), the summary as Figures, and the replica search.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/serving_sim.h"
#include "sim/parallel_chunks.h"

namespace gpufleet {
namespace {

constexpr uint64_t kServingChunk =
    4;  // Monte Carlo replicas a worker claims at a time (each is long)

// A figure over the replicas' values of `f`, skipping NaN (a replica with no such request).
template <typename F>
Figure SpreadFigure(const std::vector<ServingReplicaResult>& rs, F f, const std::string& unit,
                    const char* absent_why) {
  std::vector<double> v;
  v.reserve(rs.size());
  for (const ServingReplicaResult& r : rs) {
    const double x = f(r);
    if (!std::isnan(x)) v.push_back(x);
  }
  if (v.empty()) return Figure::Absent(unit, absent_why);
  const Spread s = SpreadOf(std::move(v));
  return Figure::Of(Interval(s.p50, s.p5, s.p95), unit, "median of simulated days (p5-p95)");
}

double Ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }

}  // namespace

std::vector<ServingReplicaResult> RunServing(const ServingPlan& plan, const McOptions& o) {
  if (o.replicas == 0) throw InputError(Where{"", 0, "replicas"}, "must be > 0");
  std::vector<ServingReplicaResult> out(o.replicas);
  // One replica over the budget fails the whole run: the others stop taking replicas.
  struct NoState {};
  const bool all = sim_internal::ParallelChunks<NoState>(
      o.replicas, kServingChunk, sim_internal::ChunkThreads(o.threads, o.replicas, kServingChunk),
      [&](NoState&, uint64_t i) {
        out[i] = SimulateServing(plan, o.seed, i);
        return !out[i].event_capped;
      });
  if (!all) {
    throw WorkBudgetError(
        fmt::format("over the work budget: a simulated run needs more than {} engine iterations "
                    "and arrivals ({})",
                    plan.max_events, WorkBudgetAdvice(plan, /*decode_heavy=*/true)));
  }
  return out;
}

ServingSummary SummariseServing(const std::vector<ServingReplicaResult>& rs,
                                const ServingPlan& plan, uint64_t seed) {
  ServingSummary m;
  m.replicas = rs.size();
  m.seed = seed;
  for (const ServingReplicaResult& r : rs) m.events += r.events;
  m.fewest_completed = rs.empty() ? 0 : UINT64_MAX;
  for (const ServingReplicaResult& r : rs)
    m.fewest_completed = std::min(m.fewest_completed, r.completed);
  const char* none = "no request completed in any simulated day";
  // Every request one output token long: the prefill emits it and no decode step runs, as the
  // serving model says (the simulation's decode figures said only that none completed; found by
  // an adversarial tester).
  const TokenDist& out = plan.output_tokens;
  const bool prefill_only =
      out.kind == TokenDist::Kind::kEmpirical
          ? std::all_of(out.table.begin(), out.table.end(), [](int v) { return v <= 1; })
          : (out.kind == TokenDist::Kind::kFixed ? out.value : out.hi) <= 1;
  const char* no_decode = "one output token: the prefill emits it, no decode step runs";
  const char* one_token =
      prefill_only ? no_decode : "no request of 2 or more output tokens completed";
  m.ttft_p50_s = SpreadFigure(
      rs, [](auto& r) { return r.ttft_p50; }, "s", none);
  m.ttft_p99_s = SpreadFigure(
      rs, [](auto& r) { return r.ttft_p99; }, "s", none);
  m.tpot_p50_s = SpreadFigure(
      rs, [](auto& r) { return r.tpot_p50; }, "s", one_token);
  m.tpot_p99_s = SpreadFigure(
      rs, [](auto& r) { return r.tpot_p99; }, "s", one_token);
  m.e2e_p50_s = SpreadFigure(
      rs, [](auto& r) { return r.e2e_p50; }, "s", none);
  m.e2e_p99_s = SpreadFigure(
      rs, [](auto& r) { return r.e2e_p99; }, "s", none);
  m.throughput_output_tokens_per_s = SpreadFigure(
      rs, [](auto& r) { return Ratio(double(r.output_tokens), r.end_s); }, "token/s", none);
  m.requests_per_s = SpreadFigure(
      rs, [](auto& r) { return Ratio(double(r.completed), r.end_s); }, "request/s", none);
  m.energy_gpu_j_per_request = SpreadFigure(
      rs, [](auto& r) { return Ratio(r.energy_j, double(r.completed)); }, "J", none);
  m.energy_gpu_j_per_output_token = SpreadFigure(
      rs, [](auto& r) { return Ratio(r.energy_j, double(r.output_tokens)); }, "J", none);
  const double gpus = plan.cost.gpus;
  m.gpu_power_w = SpreadFigure(
      rs, [gpus](auto& r) { return r.energy_j / r.end_s / gpus; }, "W", none);
  m.utilisation = SpreadFigure(
      rs, [](auto& r) { return r.busy_s / r.end_s; }, "fraction", none);
  m.mean_batch = SpreadFigure(
      rs, [](auto& r) { return Ratio(r.batch_s, r.decode_s); }, "",
      prefill_only ? no_decode : "the engine never decoded");
  m.cut_fraction = SpreadFigure(
      rs, [](auto& r) { return Ratio(double(r.cut), double(r.arrived)); }, "fraction",
      "no request arrived");
  m.rejected_fraction = SpreadFigure(
      rs, [](auto& r) { return Ratio(double(r.rejected), double(r.arrived)); }, "fraction",
      "no request arrived");
  return m;
}

}  // namespace gpufleet

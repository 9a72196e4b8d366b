// libFuzzer target: the serving simulator's spec (ServingSpec with its StepCost). The bytes pick
// every number (often an edge: 0, -1, NaN, infinity, tiny, huge) and each length distribution;
// any spec must either be refused by Compile with an InputError, or simulate within the work
// budget (WorkBudgetError past it) to results that keep their invariants: every arrival
// accounted for, latencies finite, >= 0 and ordered, energy finite and >= 0, summary figures
// ordered. Nothing else may escape.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "gpufleet/error.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/serving_sim.h"

namespace {

using gpufleet::TokenDist;

double Number(FuzzedDataProvider& in, double lo, double hi) {
  switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0:
      return 0;
    case 1:
      return -1;
    case 2:
      return std::numeric_limits<double>::quiet_NaN();
    case 3:
      return std::numeric_limits<double>::infinity();
    case 4:
      return 1e-300;
    case 5:
      return 1e300;
    default:
      return in.ConsumeFloatingPointInRange(lo, hi);
  }
}

TokenDist Dist(FuzzedDataProvider& in) {
  const int lo = in.ConsumeIntegralInRange<int>(-1, 3000);
  const int hi = in.ConsumeIntegralInRange<int>(-1, 6000);
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return TokenDist::Fixed(lo);
    case 1:
      return TokenDist::Uniform(lo, hi);
    case 2:
      return TokenDist::Exponential(Number(in, 0, 3000), lo, hi);
    default: {
      std::vector<int> t(in.ConsumeIntegralInRange<size_t>(0, 8));
      for (int& v : t) v = in.ConsumeIntegralInRange<int>(-1, 5000);
      return TokenDist::Empirical(t);
    }
  }
}

// Aborts with the broken invariant's text, so a finding says what broke.
#define REQUIRE(cond)                                        \
  do {                                                       \
    if (!(cond)) {                                           \
      std::fprintf(stderr, "invariant broken: %s\n", #cond); \
      std::abort();                                          \
    }                                                        \
  } while (0)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  gpufleet::ServingSpec s;
  const int batch = in.ConsumeIntegralInRange<int>(0, 300);
  s.cost.decode_s_by_batch.assign(batch + 1, 0.0);
  s.cost.power_w_by_batch.assign(batch + 1 - in.ConsumeIntegralInRange<int>(0, 1), 0.0);
  double step = Number(in, 1e-6, 0.05);
  for (int b = 1; b <= batch; ++b) {
    step += in.ConsumeBool() ? Number(in, 0, 1e-3) : 0.0;
    s.cost.decode_s_by_batch[b] = step;
  }
  for (double& w : s.cost.power_w_by_batch) w = Number(in, 0, 1e4);
  s.cost.decode_s_per_ctx_token = Number(in, 0, 1e-7);
  s.cost.prefill_s_fixed = Number(in, 1e-6, 0.1);
  s.cost.prefill_s_per_token = Number(in, 1e-7, 1e-4);
  s.cost.prefill_s_per_token2 = Number(in, 0, 1e-9);
  s.cost.prefill_s_comm_per_token = Number(in, 0, 1e-6);
  s.cost.prefill_read_s = Number(in, 0, 0.05);
  s.cost.prefill_read_s_experts = Number(in, 0, 0.05);
  s.cost.prefill_expert_miss = Number(in, 0, 1);
  s.cost.power_w_prefill = Number(in, 0, 1e4);
  s.cost.power_w_idle = Number(in, 0, 1e4);
  s.cost.max_kv_tokens = Number(in, 1, 1e6);
  s.cost.gpus = in.ConsumeIntegralInRange<int>(-1, 16);
  s.max_batch = in.ConsumeIntegralInRange<int>(-1, 300);
  s.arrival_rate_per_s = Number(in, 0, 50);
  for (double& m : s.hourly_profile) m = in.ConsumeBool() ? Number(in, 0, 5) : 1.0;
  s.start_hour = Number(in, 0, 24);
  s.horizon_s = Number(in, 0, 3600);
  s.replicas = in.ConsumeIntegralInRange<int>(-1, 8);
  s.input_tokens = Dist(in);
  s.output_tokens = Dist(in);
  gpufleet::ServingLimits limits;
  limits.max_events = 200'000;
  gpufleet::ServingPlan plan;
  try {
    plan = gpufleet::Compile(s, limits);
  } catch (const gpufleet::InputError&) {
    return 0;
  }
  gpufleet::McOptions o;
  o.replicas = 2;
  o.threads = 1;
  std::vector<gpufleet::ServingReplicaResult> rs;
  try {
    rs = gpufleet::RunServing(plan, o);
  } catch (const gpufleet::WorkBudgetError&) {
    return 0;
  }
  for (const auto& r : rs) {
    REQUIRE(r.completed + r.rejected == r.arrived);
    REQUIRE(std::isfinite(r.energy_j) && r.energy_j >= 0 && r.end_s >= plan.horizon_s);
    REQUIRE(r.busy_s <= r.end_s * (1 + 1e-9));
    if (r.completed > 0) {
      REQUIRE(r.ttft_p50 <= r.ttft_p99 && r.e2e_p50 <= r.e2e_p99);
      // Not >= prefill_s_fixed: a step far below the clock's resolution (1e-300 s) rounds away.
      REQUIRE(r.ttft_p50 >= 0 && r.ttft_p99 <= r.e2e_p99 * (1 + 1e-12) + 1e-300);
      REQUIRE(std::isfinite(r.e2e_p99) && std::isfinite(r.in_system_s));
    }
  }
  const gpufleet::ServingSummary m = gpufleet::SummariseServing(rs, plan, o.seed);
  for (const gpufleet::Figure* f : {&m.ttft_p99_s, &m.e2e_p99_s, &m.energy_gpu_j_per_request}) {
    if (f->present())
      REQUIRE(f->range().low <= f->range().value && f->range().value <= f->range().high);
  }
  return 0;
}

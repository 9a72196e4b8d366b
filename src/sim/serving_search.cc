// ReplicasFor: the fewest engine replicas whose p99 latency meets a target (serving_sim.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/serving_sim.h"

namespace gpufleet {
namespace {

double MeanTokens(const TokenDist& d, bool squared) {
  using K = TokenDist::Kind;
  auto f = [squared](double n) { return squared ? n * n : n; };
  switch (d.kind) {
    case K::kFixed:
      return f(d.value);
    case K::kEmpirical: {
      double s = 0;
      for (int v : d.table) s += f(v);
      return s / static_cast<double>(d.table.size());
    }
    default:  // uniform or clamped exponential: the midpoint of lo..hi bounds neither; use lo
      return f(d.lo);
  }
}

// A lower bound on the engine time one request needs (its own prefill tokens, its decode tokens
// at the cheapest per-sequence step): above 1 / that rate the queue grows without bound.
double MinBusyPerRequest(const ServingPlan& p) {
  double per_seq = p.cost.decode_s_by_batch[1];
  for (int b = 1; b <= p.max_batch; ++b)
    per_seq = std::min(per_seq, p.cost.decode_s_by_batch[b] / b);
  return p.cost.prefill_s_per_token * MeanTokens(p.input_tokens, false) +
         p.cost.prefill_s_per_token2 * MeanTokens(p.input_tokens, true) +
         std::max(0.0, MeanTokens(p.output_tokens, false) - 1) * per_seq;
}

}  // namespace

Figure ReplicaSearch::figure() const {
  if (replicas == 0) return Figure::Absent("", why);
  return Figure::Of(Interval(replicas), "", fmt::format("p99 {:.4g} s at this count", p99_s));
}

ReplicaSearch ReplicasFor(const ServingSpec& given, const ReplicaTarget& t, const McOptions& o,
                          const ServingLimits& limits) {
  if (!(t.p99_s > 0 && std::isfinite(t.p99_s))) {
    throw InputError(Where{"", 0, "p99_s"},
                     fmt::format("must be a finite number > 0, got {}", t.p99_s));
  }
  if (t.max_replicas < 1) {
    throw InputError(Where{"", 0, "max_replicas"},
                     fmt::format("must be >= 1, got {}", t.max_replicas));
  }
  ReplicaSearch out;
  ServingSpec spec = given;
  spec.replicas = 1;
  const double busy = MinBusyPerRequest(Compile(spec, limits));
  auto p99 = [&](int n) {
    ++out.evaluations;
    spec.replicas = n;
    const auto rs = RunServing(Compile(spec, limits), o);
    std::vector<double> v;
    for (const auto& r : rs) {
      const double x = t.metric == LatencyMetric::kTtft ? r.ttft_p99 : r.e2e_p99;
      v.push_back(std::isnan(x) ? 0 : x);  // no request: nothing waited
    }
    return SpreadOf(std::move(v)).p50;
  };
  // Fewer replicas than the mean load needs cannot keep up: start the search there.
  const double floor_n = std::ceil(given.arrival_rate_per_s * busy * (1 + 1e-9));
  int lo = 0;  // the largest count known to fail
  int hi = static_cast<int>(std::clamp(floor_n, 1.0, double(t.max_replicas)));
  if (hi > 1) lo = hi - 1;
  double at_hi = p99(hi);
  while (at_hi > t.p99_s) {
    if (hi == t.max_replicas) {
      out.p99_s = at_hi;
      out.why = fmt::format("{} replicas give a p99 of {:.4g} s, above the target of {:.4g} s", hi,
                            at_hi, t.p99_s);
      return out;
    }
    lo = hi;
    hi = static_cast<int>(std::min<int64_t>(int64_t{2} * hi, t.max_replicas));
    at_hi = p99(hi);
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    const double at_mid = p99(mid);
    if (at_mid <= t.p99_s) {
      hi = mid;
      at_hi = at_mid;
    } else {
      lo = mid;
    }
  }
  out.replicas = hi;
  out.p99_s = at_hi;
  return out;
}

}  // namespace gpufleet

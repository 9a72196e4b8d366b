// Compile(ServingSpec): validation and tabulation for the serving simulator (serving_sim.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gpufleet/error.h"
#include "gpufleet/serving_sim.h"

namespace gpufleet {
namespace {

constexpr double kMaxTokens = 1e7;    // one request's input or output
constexpr int kMaxBatch = 1'000'000;  // running sequences
constexpr double kMaxHorizonS = 366 * 86400.0;
constexpr double kMaxArrivals = 1e9;  // expected arrivals per engine replica over the horizon

void CheckTokens(const std::string& field, double v) {
  if (!(v >= 1 && v <= kMaxTokens)) {
    ThrowFieldError(field, fmt::format("must be a token count in 1..{}, got {}", kMaxTokens, v));
  }
}

void CheckDist(const std::string& field, const TokenDist& d) {
  using K = TokenDist::Kind;
  switch (d.kind) {
    case K::kFixed:
      CheckTokens(field, d.value);
      if (d.value != std::floor(d.value))
        ThrowFieldError(field, fmt::format("must be whole, got {}", d.value));
      return;
    case K::kExponential:
      if (!(d.value > 0 && d.value <= kMaxTokens)) {
        ThrowFieldError(field + ".mean",
                        fmt::format("must be in (0, {}], got {}", kMaxTokens, d.value));
      }
      [[fallthrough]];
    case K::kUniform:
      CheckTokens(field + ".lo", d.lo);
      CheckTokens(field + ".hi", d.hi);
      if (d.lo != std::floor(d.lo) || d.hi != std::floor(d.hi) || d.lo > d.hi) {
        ThrowFieldError(field, fmt::format("needs whole bounds lo <= hi, got {}..{}", d.lo, d.hi));
      }
      return;
    case K::kEmpirical:
      if (d.table.empty())
        ThrowFieldError(field, "an empirical distribution needs at least one value");
      for (int v : d.table) CheckTokens(field, v);
      return;
  }
  ThrowFieldError(field, "unknown distribution kind");
}

// The smallest length a draw can give: if even that does not fit the KV cache, nothing does.
double MinLength(const TokenDist& d) {
  using K = TokenDist::Kind;
  if (d.kind == K::kFixed) return d.value;
  if (d.kind == K::kEmpirical) return *std::min_element(d.table.begin(), d.table.end());
  return d.lo;
}

double MaxLength(const TokenDist& d) {
  using K = TokenDist::Kind;
  if (d.kind == K::kFixed) return d.value;
  if (d.kind == K::kEmpirical) return *std::max_element(d.table.begin(), d.table.end());
  return d.hi;
}

// Each part of a step's cost at its largest (the longest prompt, a full KV cache) stays below
// 10,000 s, and every power below 1 GW: past that the input is a mistake, and sums over a run
// could overflow.
void CheckMagnitudes(const ServingPlan& p) {
  const StepCost& c = p.cost;
  const double longest = MaxLength(p.input_tokens);
  auto at_most = [](const std::string& field, double v, double cap, const char* what) {
    if (!(v <= cap)) ThrowFieldError(field, fmt::format("gives {} {}, above {}", v, what, cap));
  };
  constexpr double kS = 1e4, kW = 1e9;
  at_most(fmt::format("decode_s_by_batch[{}]", p.max_batch), c.decode_s_by_batch[p.max_batch], kS,
          "s for one decode step");
  at_most("decode_s_per_ctx_token", c.decode_s_per_ctx_token * c.max_kv_tokens, kS,
          "s for one decode step over a full KV cache");
  at_most("prefill_s_fixed", c.prefill_s_fixed, kS, "s per prefill");
  at_most("prefill_s_per_token", c.prefill_s_per_token * longest, kS, "s for the longest prompt");
  at_most("prefill_s_per_token2", c.prefill_s_per_token2 * longest * longest, kS,
          "s for the longest prompt");
  at_most("prefill_s_comm_per_token", c.prefill_s_comm_per_token * longest, kS,
          "s for the longest prompt");
  at_most("prefill_read_s", c.prefill_read_s, kS, "s per prefill");
  at_most("prefill_read_s_experts", c.prefill_read_s_experts, kS, "s per prefill");
  at_most(fmt::format("power_w_by_batch[{}]", p.max_batch),
          *std::max_element(c.power_w_by_batch.begin(), c.power_w_by_batch.end()), kW, "W");
  at_most("power_w_prefill", c.power_w_prefill, kW, "W");
  at_most("power_w_idle", c.power_w_idle, kW, "W");
}

}  // namespace

TokenDist TokenDist::Fixed(int n) { return TokenDist{Kind::kFixed, double(n), 1, 1, {}}; }
TokenDist TokenDist::Uniform(int lo, int hi) {
  return TokenDist{Kind::kUniform, 0, double(lo), double(hi), {}};
}
TokenDist TokenDist::Exponential(double mean, int lo, int hi) {
  return TokenDist{Kind::kExponential, mean, double(lo), double(hi), {}};
}
TokenDist TokenDist::Empirical(std::vector<int> values) {
  return TokenDist{Kind::kEmpirical, 0, 1, 1, std::move(values)};
}

double MeanRateOverHorizon(const ServingSpec& s) {
  const auto& m = s.hourly_profile;
  const bool flat = std::all_of(m.begin(), m.end(), [&](double x) { return x == m[0]; });
  const double days = std::floor(s.horizon_s / 86400);
  const double rest = s.horizon_s - days * 86400;
  if (flat || rest == 0) return s.arrival_rate_per_s;
  double sum = 0;
  for (double x : m) sum += x;
  // What Compile refuses has no mean to weigh: the day's, as given.
  if (!(sum > 0 && std::isfinite(sum) && s.horizon_s > 0 && s.start_hour >= 0 &&
        s.start_hour < 24)) {
    return s.arrival_rate_per_s;
  }
  // The multipliers' integral over the part-day [start, start + rest), hour by hour.
  double area = 0, t = s.start_hour * 3600, left = rest;
  while (left > 0) {
    const double hour = std::floor(t / 3600);
    const double in_hour = std::min(left, (hour + 1) * 3600 - t);
    area += m[static_cast<size_t>(hour) % 24] * 24 / sum * in_hour;
    t += in_hour;
    left -= in_hour;
  }
  return s.arrival_rate_per_s * (days * 86400 + area) / s.horizon_s;
}

ServingPlan Compile(const ServingSpec& s, const ServingLimits& limits) {
  Check(s.cost);
  ServingPlan p;
  p.cost = s.cost;
  const int table = s.cost.max_batch();
  if (s.max_batch < 0 || s.max_batch > table) {
    ThrowFieldError("max_batch", fmt::format("must be 0 (the cost table's {}) or 1..{}, got {}",
                                             table, table, s.max_batch));
  }
  p.max_batch = s.max_batch == 0 ? table : s.max_batch;
  if (p.max_batch > kMaxBatch) {
    ThrowFieldError("max_batch", fmt::format("must be <= {}, got {}", kMaxBatch, p.max_batch));
  }
  p.kv_capacity = s.cost.max_kv_tokens;
  if (!(s.arrival_rate_per_s >= 0 && std::isfinite(s.arrival_rate_per_s))) {
    ThrowFieldError("arrival_rate_per_s",
                    fmt::format("must be a finite number >= 0, got {}", s.arrival_rate_per_s));
  }
  if (s.replicas < 1) ThrowFieldError("replicas", fmt::format("must be >= 1, got {}", s.replicas));
  double sum = 0;
  for (size_t h = 0; h < 24; ++h) {
    const double m = s.hourly_profile[h];
    if (!(m >= 0 && std::isfinite(m))) {
      ThrowFieldError(fmt::format("hourly_profile[{}]", h),
                      fmt::format("must be a finite number >= 0, got {}", m));
    }
    sum += m;
  }
  if (!(sum > 0) || !std::isfinite(sum))
    ThrowFieldError("hourly_profile", "needs at least one hour above 0");
  const double per_replica = s.arrival_rate_per_s / s.replicas;
  for (size_t h = 0; h < 24; ++h) p.rate_per_s[h] = per_replica * s.hourly_profile[h] * 24 / sum;
  if (!(s.start_hour >= 0 && s.start_hour < 24)) {
    ThrowFieldError("start_hour", fmt::format("must be in [0, 24), got {}", s.start_hour));
  }
  p.start_s = s.start_hour * 3600;
  if (!(s.horizon_s > 0 && s.horizon_s <= kMaxHorizonS)) {
    ThrowFieldError("horizon_s",
                    fmt::format("must be in (0, {}] (a year), got {}", kMaxHorizonS, s.horizon_s));
  }
  p.horizon_s = s.horizon_s;
  if (per_replica * s.horizon_s > kMaxArrivals) {
    ThrowFieldError(
        "arrival_rate_per_s",
        fmt::format("gives {:.3g} expected arrivals per engine replica over the horizon; at most "
                    "{:.0g} are simulated (more replicas or a shorter horizon fit)",
                    per_replica * s.horizon_s, kMaxArrivals));
  }
  CheckDist("input_tokens", s.input_tokens);
  CheckDist("output_tokens", s.output_tokens);
  const double shortest = MinLength(s.input_tokens) + MinLength(s.output_tokens);
  if (shortest > p.kv_capacity) {
    ThrowFieldError("max_kv_tokens",
                    fmt::format("holds {} tokens, less than the shortest request ({} input + "
                                "output): nothing could be served",
                                p.kv_capacity, shortest));
  }
  p.input_tokens = s.input_tokens;
  p.output_tokens = s.output_tokens;
  CheckMagnitudes(p);
  p.max_events = limits.max_events;
  return p;
}

}  // namespace gpufleet

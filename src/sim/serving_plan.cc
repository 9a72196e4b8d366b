// Compile(ServingSpec): validation and tabulation for the serving simulator (serving_sim.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "gpufleet/error.h"
#include "gpufleet/serving_sim.h"

namespace gpufleet {
namespace {

constexpr double kMaxTokens = 1e7;    // one request's input or output
constexpr int kMaxBatch = 1'000'000;  // running sequences
constexpr double kMaxHorizonS = 366 * 86400.0;
constexpr double kMaxArrivals = 1e9;  // expected arrivals per engine replica over the horizon
// Requests a budgeted run may leave waiting at the end of its period (an overloaded replica):
// each is held in memory until the drain serves it.
constexpr double kMaxBacklog = 1e6;

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

// A lower bound on a distribution's mean draw (the simulator's, serving_sim.cc): the clamped
// exponential's ceil(X) clamped to lo..hi is at least min(X, hi), whose mean is
// mean (1 - e^(-hi / mean)).
double LeastMean(const TokenDist& d) {
  using K = TokenDist::Kind;
  switch (d.kind) {
    case K::kFixed:
      return d.value;
    case K::kUniform:
      return (d.lo + d.hi) / 2;
    case K::kExponential:
      return std::max(d.lo, d.value * -std::expm1(-d.hi / d.value));
    case K::kEmpirical: {
      double sum = 0;
      for (int v : d.table) sum += v;
      return d.table.empty() ? 1 : sum / static_cast<double>(d.table.size());
    }
  }
  return 1;
}

// The work a run is expected to take at least: every arrival, and as every arrival is served
// to the end (the drain), its prefill and its decode steps, at most max_batch of each at once
// (a prefill admits at most max_batch prompts; a decode step gives each running sequence one
// token). Only the arrivals when some requests may be rejected or cut (they need less).
struct ExpectedWork {
  double arrivals = 0, engine = 0;
};
ExpectedWork WorkOf(const ServingSpec& s, const ServingPlan& p) {
  ExpectedWork w;
  w.arrivals = MeanRateOverHorizon(s) / s.replicas * s.horizon_s;
  const double longest = MaxLength(s.input_tokens) + MaxLength(s.output_tokens);
  const bool all_served =
      longest <= p.kv_capacity && (p.max_request_tokens == 0 || longest <= p.max_request_tokens);
  if (all_served) w.engine = w.arrivals * LeastMean(s.output_tokens) / p.max_batch;
  return w;
}

// An overloaded replica: the requests still waiting at the end of the period, at least (in
// expectation), and the most one replica serves per second. The engine runs one iteration at a
// time, so each request takes at least its share of a prefill pass and its decode steps. A pass
// admits at most b prompts (b up to the batch cap, and up to the sequences the KV cache holds at
// the shortest length): each prompt's share is at least the pass's fixed part over b, plus the
// weights' read over b or its own FLOPs, whichever is longer, plus its traffic, in expectation
// at least those of the mean prompt (the shortest one let an exponential's 1-token minimum
// bound nothing). Every request then needs (output - 1) decode tokens, and a decode step gives at
// most b of them for at least decode_s_by_batch[b], plus the context term of each sequence, at
// least its shortest prompt and one token. One replica serves at most 1 / (prefill share +
// (E[output] - 1) (min_b decode_s_by_batch[b] / b + decode_s_per_ctx_token (shortest input + 1)))
// requests a second, an upper bound, so arrivals beyond that times the period are a backlog the
// drain must serve. A request of one output token needs no decode step but still a prefill (the
// bound counted the decode steps alone, and a replica fed 2000 requests/s of one output token each
// was not refused; found by an adversarial tester). 0 when requests may be cut or rejected.
struct Backlog {
  double waiting = 0, most_per_s = 0;
};
Backlog BacklogOf(const ServingSpec& s, const ServingPlan& p, const ExpectedWork& w) {
  Backlog b;
  if (w.engine == 0) return b;
  const StepCost& c = p.cost;
  const double decode_tokens = std::max(0.0, LeastMean(s.output_tokens) - 1);
  const double prompt = MinLength(s.input_tokens);
  const double shortest = prompt + MinLength(s.output_tokens);
  const int most =
      std::max(1, static_cast<int>(std::min<double>(p.max_batch, p.kv_capacity / shortest)));
  // The FLOPs and traffic are linear (and the squares convex) in the prompt, so in expectation
  // at least those of the mean prompt (at least LeastMean); the weights' read is shared by at
  // most `most` prompts, and the mean of a max is at least the max of the means.
  const double n = LeastMean(s.input_tokens);
  const double prefill = c.prefill_s_fixed / most +
                         std::max(c.prefill_read_s / most,
                                  c.prefill_s_per_token * n + c.prefill_s_per_token2 * n * n) +
                         c.prefill_s_comm_per_token * n;
  double per_token = std::numeric_limits<double>::infinity();
  for (int k = 1; k <= most; ++k) per_token = std::min(per_token, c.decode_s_by_batch[k] / k);
  // and each sequence's context term: its prompt and at least one token.
  per_token += c.decode_s_per_ctx_token * (prompt + 1);
  const double per_request = prefill + (decode_tokens > 0 ? decode_tokens * per_token : 0.0);
  if (!(per_request > 0)) return b;
  b.most_per_s = 1 / per_request;
  b.waiting = w.arrivals - b.most_per_s * s.horizon_s;
  return b;
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

namespace {

// What brings the arrivals per engine replica down.
std::string FewerArrivals(const ServingPlan& p) {
  return p.work_advice.empty() ? "a shorter period, a lower arrival rate or more engine replicas "
                                 "(each takes 1/N of the arrivals)"
                               : p.work_advice;
}

}  // namespace

std::string WorkBudgetAdvice(const ServingPlan& p, bool decode_heavy) {
  return fmt::format(
      "{}{}{} fit", FewerArrivals(p),
      decode_heavy && p.max_batch < p.cost.max_batch()
          ? fmt::format(", a larger batch cap (decode steps at batch {} are most of the work)",
                        p.max_batch)
          : std::string(),
      !p.shared_by_runs ? std::string()
      : p.request_events != 0
          ? fmt::format(", or fewer Monte Carlo runs (they share the request's budget of {} "
                        "engine iterations and arrivals)",
                        p.request_events)
          : std::string(", or fewer Monte Carlo runs (they share the request's budget)"));
}

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
  p.work_advice = limits.work_advice;
  if (per_replica * s.horizon_s > kMaxArrivals) {
    ThrowFieldError(
        "arrival_rate_per_s",
        fmt::format("gives {:.3g} expected arrivals per engine replica over the horizon ({:.4g} "
                    "requests/s a replica over {:.4g} h); at most {:.0g} are simulated: {} fit",
                    per_replica * s.horizon_s, per_replica, s.horizon_s / 3600, kMaxArrivals,
                    FewerArrivals(p)));
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
  if (s.max_request_tokens != 0 &&
      !(s.max_request_tokens >= 2 && s.max_request_tokens <= 2 * kMaxTokens &&
        s.max_request_tokens == std::floor(s.max_request_tokens))) {
    ThrowFieldError("max_request_tokens",
                    fmt::format("must be 0 (no limit) or a whole 2..{}, got {}", 2 * kMaxTokens,
                                s.max_request_tokens));
  }
  p.max_request_tokens = s.max_request_tokens;
  CheckMagnitudes(p);
  p.max_events = limits.max_events;
  p.shared_by_runs = limits.shared_by_runs;
  p.request_events = limits.request_events;
  // Refused before any run: one that cannot fit ran for seconds to minutes, holding gigabytes of
  // latencies, before it stopped (25 s and 3 GB at 1e5 requests/s for an hour; found by an
  // adversarial tester).
  if (const ExpectedWork w = WorkOf(s, p);
      p.max_events != 0 && w.arrivals + w.engine > static_cast<double>(p.max_events)) {
    throw WorkBudgetError(fmt::format(
        "over the work budget: a simulated run is expected to take about {:.3g} engine "
        "iterations and arrivals ({:.3g} arrivals at one engine replica over {:.4g} h{}), more "
        "than the {} a run may take; {}",
        w.arrivals + w.engine, w.arrivals, s.horizon_s / 3600,
        w.engine > 0 ? ", each served to the end" : "", p.max_events,
        WorkBudgetAdvice(p, w.engine > w.arrivals)));
  }
  // An overloaded replica's queue grows all period and drains after it: 100 requests/s on a
  // replica serving 14 ran for days of simulated time and held half a gigabyte, under the
  // events' budget (found by an adversarial tester). Refused before any run past a backlog.
  if (const Backlog b = BacklogOf(s, p, WorkOf(s, p));
      p.max_events != 0 && b.waiting > kMaxBacklog) {
    throw WorkBudgetError(fmt::format(
        "over the work budget: one engine replica serves at most {:.4g} requests/s here (its "
        "prefills and decode steps alone, at their cheapest batch), so of its {:.3g} arrivals "
        "over {:.4g} h "
        "about {:.3g} or more would still wait at the end, each held until the drain serves it "
        "(at least {:.3g} h more simulated), more than the {:.0g} a run may hold waiting; the "
        "replica cannot keep up, and its latencies would be the backlog's; {}",
        b.most_per_s, WorkOf(s, p).arrivals, s.horizon_s / 3600, b.waiting,
        b.waiting / b.most_per_s / 3600, kMaxBacklog, WorkBudgetAdvice(p, false)));
  }
  return p;
}

}  // namespace gpufleet

// InferSimulationFrom / RunInferSimulation: `gpufleet infer --simulate` (infer_sim.h). The
// serving model's step costs (StepCostFor) and the input table's sim_* rows make a ServingSpec;
// Compile's errors, which name ServingSpec fields, are re-raised naming the input.
#include "gpufleet/infer_sim.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "gpufleet/error.h"
#include "util/ascii.h"

namespace gpufleet {
namespace {

using inputs::Mention;

constexpr const char* kSimInputs[] = {
    "sim_requests_per_s", "sim_profile",    "sim_lengths",   "sim_hours", "sim_replicas",
    "sim_runs",           "sim_ttft_p99_s", "sim_e2e_p99_s", "seed",      "threads"};

// A token count distribution around the given interval (whole numbers, 1..1e7).
TokenDist Lengths(const std::string& kind, const Interval& v) {
  const auto whole = [](double x) { return static_cast<int>(std::clamp(std::round(x), 1.0, 1e7)); };
  if (kind == "fixed") return TokenDist::Fixed(whole(v.value));
  if (kind == "uniform") return TokenDist::Uniform(whole(v.low), whole(v.high));
  // exponential: the mean is the central value; clamped to the range given, or 1..8 x mean
  // (8 means: e^-8, 0.03% of draws, would be longer).
  // A mean of one token (or less: at least one is drawn) can only be met by drawing one every
  // time: the rounded-up exponential's mean is about mean + 0.5, and a mean of 1 drew 1.58
  // output tokens a request, with decode steps the model above has none of (found by an
  // adversarial tester).
  if (v.value <= 1) return TokenDist::Fixed(1);
  if (v.is_point()) return TokenDist::Exponential(v.value, 1, whole(std::ceil(8 * v.value)));
  return TokenDist::Exponential(v.value, whole(v.low), whole(v.high));
}

// The input a ServingSpec field (as Compile names it) comes from. The default arrival rate
// (`rate_given` false) comes from no input of its own: too many arrivals are then the period's
// (`sim_requests_per_s` was blamed, not given; found by an adversarial tester).
std::string InputOf(const std::string& field, bool rate_given) {
  if (field == "arrival_rate_per_s") return rate_given ? "sim_requests_per_s" : "sim_hours";
  if (field.starts_with("hourly_profile")) return "sim_profile";
  if (field == "horizon_s") return "sim_hours";
  if (field == "replicas") return "sim_replicas";
  if (field.starts_with("input_tokens")) return "input_tokens";
  if (field.starts_with("output_tokens")) return "output_tokens";
  if (field == "max_batch") return "batch";
  return "simulate";  // a step cost of the serving model (StepCost's own field names)
}

// Runs f, re-raising the simulator's input errors (which name ServingSpec fields) as errors of
// the input each field comes from. A work budget error passes as it is (the API's 413).
template <typename F>
auto Named(bool rate_given, F f) {
  try {
    return f();
  } catch (const WorkBudgetError&) {
    throw;
  } catch (const InputError& e) {
    const std::string input = InputOf(e.where().field, rate_given);
    throw InputError(Where{"", 0, input},
                     input == "simulate"
                         ? fmt::format("the serving model's step costs cannot be simulated: {} {}",
                                       e.where().field, e.detail())
                         : e.detail());
  }
}

}  // namespace

std::array<double, 24> ParseHourlyProfile(std::string_view text) {
  std::array<double, 24> p;
  // The words in any case, as every enumerated word of infer is (--precision FP8, --engine vLLM
  // were taken, --sim-profile Diurnal was "hour 0: 'Diurnal' is not a multiplier"; found by an
  // adversarial tester).
  const std::string word = AsciiLower(text);
  if (word == "flat") {
    p.fill(1.0);
    return p;
  }
  if (word == "diurnal") {  // 1 + 0.5 sin((h - 8) pi / 12): x1.5 at 14:00, x0.5 at 02:00
    for (int h = 0; h < 24; ++h) p[h] = 1 + 0.5 * std::sin((h - 8) * M_PI / 12);
    return p;
  }
  const std::string expected =
      "expected flat, diurnal or 24 comma-separated multipliers (finite, >= 0, one above 0)";
  size_t n = 0, start = 0;
  double sum = 0;
  for (;;) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    double x = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), x);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() ||
        !std::isfinite(x) || x < 0 || x > 1e6) {
      ThrowFieldError("sim_profile", fmt::format("hour {}: '{}' is not a multiplier in 0..1e6; {}",
                                                 n, EscapeControls(item), expected));
    }
    if (n == 24) ThrowFieldError("sim_profile", "more than 24 values; " + expected);
    p[n++] = x;
    sum += x;
    if (comma == text.size()) break;
    start = comma + 1;
  }
  if (n != 24) ThrowFieldError("sim_profile", fmt::format("{} values given; {}", n, expected));
  if (!(sum > 0)) ThrowFieldError("sim_profile", "every hour is 0: no arrivals; " + expected);
  return p;
}

std::optional<InferSimulation> InferSimulationFrom(const InferInputs& in, const InferResult& r,
                                                   const inputs::Given& g,
                                                   const ServingLimits& limits) {
  if (!g.Has("simulate")) {
    for (const char* name : kSimInputs) {
      if (g.Has(name))
        ThrowFieldError(name, "simulation input given without " + Mention("simulate"));
    }
    return std::nullopt;
  }
  if (g.Has("sim_ttft_p99_s") && g.Has("sim_e2e_p99_s")) {
    ThrowFieldError("sim_e2e_p99_s", "give one p99 target: " + Mention("sim_ttft_p99_s") + " or " +
                                         Mention("sim_e2e_p99_s") + ", not both");
  }
  InferSimulation s;
  ServingSpec& spec = s.spec;
  spec.cost = StepCostFor(in);
  spec.max_batch = std::min(r.batch, spec.cost.max_batch());
  if (spec.max_batch < r.batch) {
    s.notes.push_back(
        fmt::format("Batch cap {} in the simulation: the step-cost tables stop there "
                    "(the serving model evaluated batch {}).",
                    spec.max_batch, r.batch));
  }
  spec.replicas = static_cast<int>(g.Point("sim_replicas"));
  const double capacity = 1 / r.request_time_s.value;  // requests/s, one replica at full load
  if (auto rate = g.Value("sim_requests_per_s")) {
    spec.arrival_rate_per_s = rate->value;
    s.rate_given = true;
  } else {
    spec.arrival_rate_per_s = r.load.value * capacity * spec.replicas;
    // The model's load is a share of time at its batch; a continuous-batching engine fed at
    // that rate runs a smaller batch most of the time instead (found by an adversarial tester:
    // busy 100% at batch 29 where load 0.5 read as half the time at batch 328).
    s.notes.push_back(fmt::format(
        "Arrival rate {:.4g} requests/s: load {:.3g} x one replica's capacity {:.4g} requests/s "
        "(the serving model's, at batch {}) x {} engine replica(s); {} sets it. An engine fed "
        "below its capacity runs smaller batches for longer, not its full batch part of the "
        "time: the simulated time busy, batch and energy per token differ from the model's "
        "load.",
        spec.arrival_rate_per_s, r.load.value, capacity, r.batch, spec.replicas,
        Mention("sim_requests_per_s")));
  }
  s.profile = g.Text("sim_profile");
  if (const std::string word = AsciiLower(s.profile); word == "flat" || word == "diurnal") {
    s.profile = word;  // as the document names it (ParseHourlyProfile takes any case)
  }
  spec.hourly_profile = ParseHourlyProfile(s.profile);
  spec.horizon_s = g.Point("sim_hours");
  // A rate above what the replicas serve makes a queue that grows all day: the latencies are
  // the backlog's (said nowhere before; found by an adversarial tester). The mean over the hours
  // simulated, not the day's: two hours from midnight of the diurnal profile run at about half
  // the day's mean, and a replica serving them with time to spare was said to be backlogged
  // (found by an adversarial tester).
  const double day_rate = spec.arrival_rate_per_s / spec.replicas;
  const double per_replica = MeanRateOverHorizon(spec) / spec.replicas;
  // A profile that is 0 over the whole period gives no arrivals: the "Poisson, 7 requests/s"
  // note stood beside figures of an idle replica without a word (found by an adversarial tester).
  if (day_rate > 0 && per_replica == 0) {
    s.notes.push_back(fmt::format(
        "No arrivals: {} is 0 in every hour simulated ({}: the first {:.4g} h of the day), so "
        "every figure is an idle replica's; a longer period, or a profile with arrivals in those "
        "hours, gives some.",
        Mention("sim_profile"), Mention("sim_hours"), spec.horizon_s / 3600));
  }
  // The serving model charges each prompt a prefill pass of its own (the weights' read, the
  // pass's engine costs); the simulated engine runs the waiting prompts in one pass, so it serves
  // more than the model's capacity, up to 7x for short prompts: "the queue grows" was said of
  // queues that held (TTFT p99 4.7 s after 1 h and 4.1 s after 6 h; found by an adversarial
  // tester). Its own bound: every prefill pass full (max_batch prompts) and every decode step at
  // max_batch, at the mean lengths.
  const double sim_bound = [&] {
    const StepCost& c = spec.cost;
    const double b = spec.max_batch, n = in.input_tokens.value, o = in.output_tokens.value;
    const double step = c.DecodeSeconds(spec.max_batch, b * (n + o / 2));
    return b / (c.PrefillSeconds(b * n, b * n * n) + std::max(0.0, o - 1) * step);
  }();
  const std::string over_hours =
      per_replica == day_rate ? "" : " (the mean over the simulated hours)";
  if (per_replica > std::max(capacity, sim_bound) * 1.001) {
    s.notes.push_back(fmt::format(
        "{:.4g} requests/s a replica{} is above what one serves (the serving model's capacity "
        "at batch {}: {:.4g}; the simulated engine's at most {:.4g}, every prefill pass and "
        "decode step full): the queue grows for as long as the arrivals last, and the latencies "
        "are the backlog's.",
        per_replica, over_hours, r.batch, capacity, sim_bound));
  } else if (per_replica > capacity * 1.001) {
    s.notes.push_back(fmt::format(
        "{:.4g} requests/s a replica{} is above the serving model's capacity at batch {} "
        "({:.4g}), which charges every prompt a prefill pass of its own; the simulated engine "
        "runs the waiting prompts in one pass and serves up to about {:.4g} (every pass and "
        "step full), so its queue may hold: the latencies and the requests served say whether "
        "it did.",
        per_replica, over_hours, r.batch, capacity, sim_bound));
  }
  const std::string lengths = AsciiLower(g.Text("sim_lengths"));  // any case, as --precision
  s.lengths = lengths;
  if (lengths != "fixed" && lengths != "uniform" && lengths != "exponential") {
    ThrowFieldError("sim_lengths", "expected fixed, uniform or exponential, got '" +
                                       EscapeControls(g.Text("sim_lengths")) + "'");
  }
  spec.input_tokens = Lengths(lengths, in.input_tokens);
  spec.output_tokens = Lengths(lengths, in.output_tokens);
  // Requests longer than the model's context window are cut to it (the exponential's long tail
  // past the window was simulated whole, without a word: about 27% of the requests of a
  // 100,000-token mean prompt on a 131,072-token window; found by an adversarial tester).
  spec.max_request_tokens = std::max(0.0, std::floor(in.model.context_tokens.value));
  if (spec.max_request_tokens > 0 && spec.max_request_tokens < 2) spec.max_request_tokens = 0;
  // The simulator draws whole tokens: a fractional count was rounded without a word (2.5 output
  // tokens simulated as 3, 2.4 as 2, while the model above used 2.5; found by an adversarial
  // tester).
  {
    std::string rounded;
    auto say = [&](const char* name, double given) {
      const double whole = std::clamp(std::round(given), 1.0, 1e7);
      if (whole == given) return;
      rounded += fmt::format("{}{} {:g} as {:g}", rounded.empty() ? "" : ", ", Mention(name), given,
                             whole);
    };
    for (const auto& [name, v] : {std::pair{"input_tokens", in.input_tokens},
                                  std::pair{"output_tokens", in.output_tokens}}) {
      if (lengths == "fixed") {
        say(name, v.value);
      } else if (lengths == "uniform" || !v.is_point()) {  // whole bounds; a mean may be any
        say(name, v.low);
        if (v.high != v.low) say(name, v.high);
      }
    }
    if (!rounded.empty()) {
      s.notes.push_back(fmt::format(
          "Token counts simulated whole: {} (the serving model above uses the counts as given).",
          rounded));
    }
  }
  // Uniform spans the range given; a single value spans nothing, and the lengths were fixed
  // without a word (found by an adversarial tester).
  if (lengths == "uniform") {
    std::string points;
    int n = 0;
    for (const auto& [name, v] : {std::pair{"input_tokens", in.input_tokens},
                                  std::pair{"output_tokens", in.output_tokens}}) {
      if (v.low != v.high) continue;
      points += fmt::format("{}{} is {:g}", n++ ? " and " : "", Mention(name), v.value);
    }
    if (n > 0) {
      s.notes.push_back(fmt::format(
          "Lengths uniform over the ranges of {} and {}, but {}: one value spans nothing, so {} "
          "fixed; give a range (lo..hi) to spread {}.",
          Mention("input_tokens"), Mention("output_tokens"), points, n == 2 ? "both are" : "it is",
          n == 2 ? "them" : "it"));
    }
  }
  s.mc.replicas = static_cast<uint64_t>(g.Point("sim_runs"));
  s.mc.seed = static_cast<uint64_t>(g.Point("seed"));
  s.mc.threads = static_cast<unsigned>(g.Point("threads"));
  s.limits = limits;
  // The messages' advice when a run holds too many arrivals: the default rate is a replica's
  // capacity times their number, so more replicas leave each the same share ("more engine
  // replicas fit" was said, and 100 of them were refused the same; found by an adversarial
  // tester).
  s.limits.work_advice =
      s.rate_given
          ? fmt::format("a shorter {}, a lower {} or more {} (each takes 1/N of the arrivals)",
                        Mention("sim_hours"), Mention("sim_requests_per_s"),
                        Mention("sim_replicas"))
          : fmt::format(
                "a shorter {}, a lower {} or a lower rate given as {} (the default rate, "
                "{} x one replica's capacity x {}, gives each replica the same share "
                "whatever their number)",
                Mention("sim_hours"), Mention("load"), Mention("sim_requests_per_s"),
                Mention("load"), Mention("sim_replicas"));
  if (auto t = g.Value("sim_ttft_p99_s")) {
    s.target = ReplicaTarget{LatencyMetric::kTtft, t->value};
  } else if (auto e = g.Value("sim_e2e_p99_s")) {
    s.target = ReplicaTarget{LatencyMetric::kEndToEnd, e->value};
  }
  Named(s.rate_given, [&] { (void)Compile(spec, s.limits); });
  return s;
}

void ShareServingBudget(InferSimulation& sim, uint64_t run_cap) {
  const uint64_t runs = std::max<uint64_t>(1, sim.mc.replicas);
  const uint64_t cap = std::max<uint64_t>(1, run_cap);
  // Saturating: a cap near 2^64 leaves the request's total at the most a uint64_t holds.
  constexpr uint64_t kMost = std::numeric_limits<uint64_t>::max();
  const uint64_t total = cap > kMost / kServingRequestRuns ? kMost : kServingRequestRuns * cap;
  const uint64_t share = total / runs;
  sim.limits.max_events = std::max<uint64_t>(1, std::min(cap, share));
  sim.limits.shared_by_runs = share < cap;
  sim.limits.request_events = total;
}

InferSimResult RunInferSimulation(const InferSimulation& sim) {
  InferSimResult out;
  Named(sim.rate_given, [&] {
    const ServingPlan plan = Compile(sim.spec, sim.limits);
    out.summary = SummariseServing(RunServing(plan, sim.mc), plan, sim.mc.seed);
    if (sim.target) out.search = ReplicasFor(sim.spec, *sim.target, sim.mc, sim.limits);
  });
  return out;
}

}  // namespace gpufleet

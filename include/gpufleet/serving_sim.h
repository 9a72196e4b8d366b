// The serving simulator: requests arriving at replicas of an inference engine, batched
// continuously, with the engine's step costs from a StepCost (serving_step.h). Pure (core layer):
// no I/O, no clock; a run is a function of (spec, seed, Monte Carlo replica index).
//
// Model (docs/model.md, "Serving simulator"):
// - Arrivals: a Poisson process whose rate over the day follows 24 hourly multipliers
//   (normalised to mean 1, so `arrival_rate_per_s` is the day's mean rate); simulated exactly by
//   inverting the piecewise-constant cumulative rate. Arrivals stop at `horizon_s`; requests
//   already in the system are then served to the end (the drain), so every arrival is counted.
// - Lengths: input and output tokens each fixed, uniform on whole numbers lo..hi, exponential
//   (rounded up, clamped to lo..hi) or drawn from an empirical list.
// - Scheduling (vLLM's default scheduler without chunked prefill, "prefill first"): at every
//   step boundary, if a waiting request can be admitted, the engine runs one prefill iteration
//   over the waiting requests admitted first-come first-served (stopping at the first that does
//   not fit), which yields each its first token; otherwise it runs one decode step for all
//   running sequences. A request is admitted while running + admitted < max_batch and the
//   reserved KV cache plus its full length (input + output tokens) fits in max_kv_tokens; the
//   reservation is held until it finishes, so nothing is ever preempted. A request whose full
//   length alone exceeds max_kv_tokens is rejected at arrival (counted, never served).
// - Context window (max_request_tokens, when > 0): a drawn prompt is cut to max_request_tokens - 1
//   tokens and a drawn output stops where the sequence reaches max_request_tokens (an engine
//   stops generating at its max_model_len); each request so cut is counted.
// - Costs: a prefill of prompts n_1..n_k takes StepCost::PrefillSeconds(sum n_i, sum n_i^2)
//   (serving_step.h: FLOPs or the weights' read, plus traffic) at power_w_prefill; a decode step
//   over b sequences holding ctx tokens takes decode_s_by_batch[b] + decode_s_per_ctx_token * ctx
//   at power_w_by_batch[b] (a sequence's context in a step: its prompt plus the tokens generated so
//   far); with nothing to run the replica draws power_w_idle.
// - Latencies per request: TTFT = first token (end of its prefill) - arrival; TPOT = (finish -
//   first token) / (output tokens - 1), for requests of >= 2 output tokens; end to end = finish
//   - arrival. Each Monte Carlo replica reports its p50 and p99 over its requests.
// - Fleet: `replicas` engines, each an independent queue receiving a random 1/replicas share of
//   the arrivals (Poisson splitting: each sees a Poisson stream at rate / replicas). No router
//   balances load, so the p99 is that of a random split (a join-shortest-queue router does
//   better).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "gpufleet/figure.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/serving_step.h"

namespace gpufleet {

// A distribution of token counts (whole numbers >= 1).
struct TokenDist {
  enum class Kind { kFixed, kUniform, kExponential, kEmpirical };
  Kind kind = Kind::kFixed;
  double value = 1;        // kFixed: the count; kExponential: the mean (before clamping)
  double lo = 1, hi = 1;   // kUniform: bounds; kExponential: clamp bounds
  std::vector<int> table;  // kEmpirical: each draw picks one entry uniformly

  static TokenDist Fixed(int n);
  static TokenDist Uniform(int lo, int hi);
  static TokenDist Exponential(double mean, int lo, int hi);
  static TokenDist Empirical(std::vector<int> values);
};

struct ServingSpec {
  StepCost cost;                          // one replica's engine; Check()ed by Compile
  int max_batch = 0;                      // running sequences cap; 0 = cost.max_batch()
  double arrival_rate_per_s = 1;          // requests per second to the whole fleet, day mean, >= 0
  std::array<double, 24> hourly_profile;  // rate multipliers per hour of day; normalised to mean 1
  double start_hour = 0;                  // hour of day at t = 0, 0 <= h < 24
  double horizon_s = 86400;               // arrivals stop here, > 0
  TokenDist input_tokens = TokenDist::Fixed(1000);
  TokenDist output_tokens = TokenDist::Fixed(200);
  int replicas = 1;  // engines sharing the arrivals (random split), >= 1
  // A request's input + output tokens at most (the model's context window), >= 2; 0 = no limit.
  double max_request_tokens = 0;

  ServingSpec() { hourly_profile.fill(1.0); }
};

// Limits that are not domains: what one run may cost (a server's per-request cap).
struct ServingLimits {
  // Engine iterations (decode steps + prefills) plus arrivals one Monte Carlo replica may
  // simulate; 0 = no cap. A replica reaching it stops; RunServing throws WorkBudgetError.
  // Compile refuses at once (WorkBudgetError) a spec whose expected work per run is over it:
  // the expected arrivals, plus the fewest prefills and decode steps they need (each arrival
  // is served to the end).
  uint64_t max_events = 0;
  // max_events is a share of a request's budget split between its Monte Carlo runs: fewer runs
  // would raise it (said in the work-budget message only then, with request_events, the
  // request's budget, when it is not 0).
  bool shared_by_runs = false;
  uint64_t request_events = 0;
  // What would bring a run's arrivals down, in the messages (a front end's words, with its
  // inputs' Mention()s). Empty: "a shorter period, a lower arrival rate or more engine replicas
  // (each takes 1/N of the arrivals)"; `infer --simulate` names its inputs, and leaves the
  // replicas out where its default rate grows with them (each replica's share never changed).
  std::string work_advice;
};

// What the event loop reads: the spec checked, normalised and tabulated. Build with Compile.
struct ServingPlan {
  StepCost cost;
  int max_batch = 1;
  double kv_capacity = 0;
  std::array<double, 24> rate_per_s{};  // one replica's arrival rate in each hour of the day
  double start_s = 0;                   // seconds into the day at t = 0
  double horizon_s = 0;
  TokenDist input_tokens, output_tokens;
  double max_request_tokens = 0;  // 0: no context window
  uint64_t max_events = 0;
  bool shared_by_runs = false;
  uint64_t request_events = 0;  // ServingLimits::request_events
  std::string work_advice;      // ServingLimits::work_advice
};

// The mean arrival rate to the whole fleet over the simulated period [0, horizon_s): the day's
// mean rate weighted by the hourly multipliers of the hours simulated (from start_hour, around
// the clock). The day's mean itself for a flat profile or whole days; 0 when every hour
// simulated has a multiplier of 0. Assumes a spec Compile accepts.
double MeanRateOverHorizon(const ServingSpec& spec);

// Validates and compiles. Throws InputError naming the ServingSpec field (cost fields by their
// StepCost name) on NaN, a negative rate, a profile of all zeros, a horizon <= 0 or above one
// year, lengths < 1 or above 10,000,000 tokens, lo > hi, max_batch above the cost table,
// max_batch above 1,000,000, more than 1e9 expected arrivals per engine replica, a step-cost
// part above 10,000 s at its largest (the longest prompt, a full KV cache) or a power above
// 1 GW; max_request_tokens below 2. Throws WorkBudgetError when the expected work of a run is
// over limits.max_events (ServingLimits).
ServingPlan Compile(const ServingSpec& spec, const ServingLimits& limits = {});

// What would bring a run within its work budget, for the messages: the period, the rate, the
// replicas (or plan.work_advice); a larger batch cap when `decode_heavy` and the cap is below the
// cost table's; fewer runs only when they share the budget (plan.shared_by_runs).
std::string WorkBudgetAdvice(const ServingPlan& plan, bool decode_heavy);

// One Monte Carlo replica: one engine over the horizon plus the drain.
struct ServingReplicaResult {
  uint64_t arrived = 0;               // arrivals before the horizon
  uint64_t completed = 0;             // = arrived - rejected (the run drains)
  uint64_t completed_in_horizon = 0;  // finished by horizon_s
  uint64_t rejected = 0;              // longer than the KV cache holds
  uint64_t cut = 0;                   // arrivals cut to the context window (max_request_tokens)
  uint64_t decode_steps = 0;
  uint64_t prefills = 0;
  uint64_t output_tokens = 0;
  uint64_t events = 0;        // decode steps + prefills + arrivals
  bool event_capped = false;  // stopped at ServingPlan::max_events
  double end_s = 0;           // the last completion (>= horizon_s)
  double busy_s = 0;          // decoding or prefilling
  double decode_s = 0;        // decoding
  double energy_j = 0;        // all of [0, end_s], idle included (GPU boundary)
  double in_system_s = 0;     // integral of requests in the system over time (Little's L * T)
  double batch_s = 0;         // integral of the decode batch over decode time
  double ttft_p50 = 0, ttft_p99 = 0, ttft_mean = 0;  // seconds
  double tpot_p50 = 0, tpot_p99 = 0, tpot_mean = 0;
  double e2e_p50 = 0, e2e_p99 = 0, e2e_mean = 0;

  friend bool operator==(const ServingReplicaResult&, const ServingReplicaResult&) = default;
};

// Monte Carlo replica `replica` of a run seeded with `seed` (random stream (seed, replica)).
ServingReplicaResult SimulateServing(const ServingPlan& plan, uint64_t seed, uint64_t replica);

// Every replica's result in replica order, on options.threads threads (0 = all cores); the
// results are bit-identical for any thread count. Throws InputError on replicas == 0 and
// WorkBudgetError when a replica reaches the plan's max_events.
std::vector<ServingReplicaResult> RunServing(const ServingPlan& plan, const McOptions& options);

// The run as Figures: p50 over Monte Carlo replicas, p5..p95 as the range (a spread, as the
// training simulator's). Per engine replica unless said otherwise.
struct ServingSummary {
  static Figure Unset(const char* unit) { return Figure::Absent(unit, "not simulated"); }
  uint64_t replicas = 0;  // Monte Carlo replicas
  uint64_t seed = 0;
  Figure ttft_p50_s = Unset("s"), ttft_p99_s = Unset("s");
  Figure tpot_p50_s = Unset("s"), tpot_p99_s = Unset("s");
  Figure e2e_p50_s = Unset("s"), e2e_p99_s = Unset("s");
  Figure throughput_output_tokens_per_s = Unset("token/s");  // output tokens / (horizon + drain)
  Figure requests_per_s = Unset("request/s");                // completed / (horizon + drain)
  Figure energy_gpu_j_per_request = Unset("J");              // idle included
  Figure energy_gpu_j_per_output_token = Unset("J");         // idle included
  Figure gpu_power_w = Unset("W");                           // mean per GPU over the run
  Figure utilisation = Unset("fraction");                    // busy fraction, 0..1
  Figure mean_batch = Unset("");                             // time-weighted over decode steps
  Figure rejected_fraction = Unset("fraction");              // longer than the KV cache
  Figure cut_fraction = Unset("fraction");                   // cut to the window (a note only)
  uint64_t events = 0;                                       // total over Monte Carlo replicas
  uint64_t fewest_completed = 0;  // the fewest requests one Monte Carlo replica completed
};
ServingSummary SummariseServing(const std::vector<ServingReplicaResult>& results,
                                const ServingPlan& plan, uint64_t seed);

// --- replicas for a p99 target -----------------------------------------------------------------

enum class LatencyMetric { kTtft, kEndToEnd };

struct ReplicaTarget {
  LatencyMetric metric = LatencyMetric::kTtft;
  double p99_s = 1;  // the target, seconds > 0
  // Search no further, >= 1: the most `--sim-replicas` takes (a million; the search stopped at
  // 65,536 and said no count met a target that the count asked for met: twelfth pass).
  int max_replicas = 1000000;
};

struct ReplicaSearch {
  int replicas = 0;      // the fewest that meet the target; 0 = none up to max_replicas
  double p99_s = 0;      // at that count (Monte Carlo median of the replicas' p99); or at max
  std::string why;       // when replicas == 0
  ReplicaTarget target;  // what was searched for
  int evaluations = 0;   // Monte Carlo runs the search made
  // When the p99 at the answer, or at the largest count found to miss, lies within the Monte
  // Carlo noise of the target (two standard errors of the median over the runs): said, as near
  // the idle floor the p99 hardly falls with the count and noise can make it rise, so the
  // bisection's answer need not be the fewest count that meets the target. Empty otherwise.
  std::string note;
  Figure figure() const;  // replicas as a Figure ("" unit), absent with `why`
};

// The fewest engine replicas (each an independent queue with 1/N of spec.arrival_rate_per_s)
// whose p99 (median over the Monte Carlo replicas, common random numbers across N) meets the
// target; assumes the p99 does not rise with N (near the idle floor Monte Carlo noise breaks
// that: ReplicaSearch::note says when the answer is within the noise). Counts whose mean load per
// replica over the simulated hours (MeanRateOverHorizon) reaches the replica's capacity fail
// without a simulation (their queue grows all day): the capacity is the completion rate of a
// replica kept saturated for 10 minutes (two Monte Carlo runs, flat profile). The search doubles
// from the least stable count, then bisects.
ReplicaSearch ReplicasFor(const ServingSpec& spec, const ReplicaTarget& target,
                          const McOptions& options, const ServingLimits& limits = {});

}  // namespace gpufleet

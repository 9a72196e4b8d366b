// The serving simulator's event loop: one engine replica. See include/gpufleet/serving_sim.h for
// the rules it implements.
//
// The loop is step-driven: an engine is always in exactly one iteration (a prefill, a decode
// step or idle until the next arrival), and the only other event source is the next arrival,
// drawn one ahead. A sequence admitted when the engine's step counter reads S finishes after step
// S + out - 1, kept in a min-heap of (finish step, slot), so no per-sequence work is done in a
// step; and between two events (a finish, an arrival) the batch does not change, so the decode
// steps between them run as one tight loop of multiply-adds (DecodeSteps).
#include "gpufleet/serving_sim.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "gpufleet/random.h"

namespace gpufleet {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Request {
  double arrival;
  int64_t in, out;
};

struct Running {
  double arrival, first_token;
  int64_t in, out;
};

struct FinishAt {
  uint64_t step;
  uint32_t slot;
  // std heap functions build a max-heap: invert to pop the earliest step first.
  friend bool operator<(const FinishAt& a, const FinishAt& b) {
    return a.step > b.step || (a.step == b.step && a.slot > b.slot);
  }
};

int64_t Draw(const TokenDist& d, Xoshiro256pp& rng) {
  using K = TokenDist::Kind;
  switch (d.kind) {
    case K::kFixed:
      return static_cast<int64_t>(d.value);
    case K::kUniform:
      return static_cast<int64_t>(d.lo) + static_cast<int64_t>(rng.Uniform() * (d.hi - d.lo + 1));
    case K::kExponential:
      return static_cast<int64_t>(std::clamp(std::ceil(rng.Exponential(d.value)), d.lo, d.hi));
    case K::kEmpirical:
      return d.table[static_cast<size_t>(rng.Uniform() * static_cast<double>(d.table.size()))];
  }
  return 1;
}

// numpy's default (linear) quantiles p50 and p99 of v, reordering v; NaN when empty. The p99's
// selection leaves the smaller values in front, so the p50 selects within them only (the same
// order statistics as selecting each over all of v, in about half the time).
struct P50P99 {
  double p50, p99;
};
P50P99 Quantiles(std::vector<double>& v) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (v.empty()) return {kNaN, kNaN};
  const auto at = [&v](size_t i, double pos, double a, double b) {
    return i + 1 >= v.size() ? a : a + (pos - static_cast<double>(i)) * (b - a);
  };
  const double pos99 = 0.99 * static_cast<double>(v.size() - 1);
  const size_t i99 = static_cast<size_t>(pos99);
  std::nth_element(v.begin(), v.begin() + i99, v.end());
  const double a99 = v[i99];
  const double b99 = i99 + 1 < v.size() ? *std::min_element(v.begin() + i99 + 1, v.end()) : a99;
  const double pos50 = 0.5 * static_cast<double>(v.size() - 1);
  const size_t i50 = static_cast<size_t>(pos50);
  double a50 = a99, b50 = b99;
  if (i50 < i99) {
    std::nth_element(v.begin(), v.begin() + i50, v.begin() + i99);
    a50 = v[i50];
    b50 = *std::min_element(v.begin() + i50 + 1, v.begin() + i99 + 1);
  }
  return {at(i50, pos50, a50, b50), at(i99, pos99, a99, b99)};
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(v.size());
}

class Engine {
 public:
  Engine(const ServingPlan& p, uint64_t seed, uint64_t replica) : p_(p), rng_(seed, replica) {
    decode_s_ = p.cost.decode_s_by_batch.data();
    decode_w_ = p.cost.power_w_by_batch.data();
  }

  ServingReplicaResult Run() {
    next_arrival_ = NextArrival(0);
    for (;;) {
      if (p_.max_events != 0 && r_.events >= p_.max_events) {
        r_.event_capped = true;
        break;
      }
      if (head_ < waiting_.size() && Admissible(waiting_[head_], 0)) {
        Prefill();
      } else if (running_ > 0) {
        DecodeSteps();
      } else if (next_arrival_ < kInf) {
        r_.energy_j += p_.cost.power_w_idle * (next_arrival_ - now_);
        now_ = next_arrival_;
        TakeArrivals();
      } else {
        break;
      }
    }
    return Finish();
  }

 private:
  // Exact non-homogeneous Poisson: invert the piecewise-constant cumulative rate from `t`.
  double NextArrival(double t) {
    double need = rng_.Exponential(1.0);
    int64_t hour = static_cast<int64_t>(std::floor((p_.start_s + t) / 3600));
    for (;;) {
      if (t >= p_.horizon_s) return kInf;
      const double end = static_cast<double>(hour + 1) * 3600 - p_.start_s;
      const double rate = p_.rate_per_s[static_cast<size_t>(hour % 24)];
      const double mass = rate * (end - t);
      if (need < mass) {
        const double at = t + need / rate;
        return at < p_.horizon_s ? at : kInf;
      }
      need -= mass;
      t = end;
      ++hour;
    }
  }

  // Arrivals up to now, in time order, each counted in the integral of requests in system.
  void TakeArrivals() {
    while (next_arrival_ <= now_) {
      if (p_.max_events != 0 && r_.events >= p_.max_events) return;  // Run() stops next
      const double t = next_arrival_;
      ++r_.arrived;
      ++r_.events;
      Request q{t, Draw(p_.input_tokens, rng_), Draw(p_.output_tokens, rng_)};
      if (p_.max_request_tokens > 0) CutToWindow(q);
      if (static_cast<double>(q.in + q.out) > p_.kv_capacity) {
        ++r_.rejected;
      } else {
        Account(t);
        ++in_system_;
        waiting_.push_back(q);
      }
      next_arrival_ = NextArrival(t);
    }
  }

  // A prompt past the context window is cut to leave one output token; an output stops where
  // the sequence fills the window (serving_sim.h).
  void CutToWindow(Request& q) {
    const auto window = static_cast<int64_t>(p_.max_request_tokens);
    if (q.in + q.out <= window) return;
    ++r_.cut;
    q.in = std::min(q.in, window - 1);
    q.out = std::min(q.out, window - q.in);
  }

  void Account(double t) {
    r_.in_system_s += static_cast<double>(in_system_) * (t - area_t_);
    area_t_ = t;
  }

  bool Admissible(const Request& q, int admitted) const {
    return running_ + admitted < p_.max_batch &&
           static_cast<double>(kv_ + q.in + q.out) <= p_.kv_capacity;
  }

  // One prefill iteration over the waiting requests admitted first-come first-served.
  void Prefill() {
    size_t end = head_;
    double tokens = 0, squares = 0;
    int admitted = 0;
    while (end < waiting_.size() && Admissible(waiting_[end], admitted)) {
      const double n = static_cast<double>(waiting_[end].in);
      tokens += n;
      squares += n * n;
      kv_ += waiting_[end].in + waiting_[end].out;
      ++admitted;
      ++end;
    }
    const StepCost& c = p_.cost;
    const double dt = c.PrefillSeconds(tokens, squares);
    Advance(dt, c.power_w_prefill);
    ++r_.prefills;
    for (size_t i = head_; i < end; ++i) {
      const Request& q = waiting_[i];
      const Running s{q.arrival, now_, q.in, q.out};
      if (q.out == 1) {
        Complete(s);
        continue;
      }
      const uint32_t slot = Slot();
      slots_[slot] = s;
      heap_.push_back(FinishAt{step_ + static_cast<uint64_t>(q.out - 1), slot});
      std::push_heap(heap_.begin(), heap_.end());
      ++running_;
      ctx_ += q.in + 1;
    }
    head_ = end;
    if (head_ > 4096 && head_ * 2 > waiting_.size()) {  // keep the waiting line's memory bounded
      waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  // Decode steps up to the next event: the step that finishes the earliest sequence, the first
  // step that ends at or after the next arrival, or the event cap. Between events every step
  // runs the same batch, so the steps are a tight loop over local accumulators; each
  // accumulator takes the same additions in the same order as one step at a time would (the
  // results are bit-identical to stepping singly: docs/validation.md, "Serving simulator
  // speed").
  void DecodeSteps() {
    uint64_t limit = heap_.front().step - step_;  // >= 1: the earliest finish is a later step
    if (p_.max_events != 0) limit = std::min(limit, p_.max_events - r_.events);
    const double base = decode_s_[running_], watts = decode_w_[running_];
    const double per_ctx = p_.cost.decode_s_per_ctx_token, batch = running_;
    const double next = next_arrival_;
    double now = now_, energy = r_.energy_j, busy = r_.busy_s, decode = r_.decode_s,
           batch_s = r_.batch_s;
    // The cached tokens as a double: exact (whole numbers, at most max_batch x 2e7 < 2^53), so
    // the same as converting the integer each step, without the conversion in the loop.
    double ctx = static_cast<double>(ctx_);
    uint64_t k = 0;
    do {
      const double dt = base + per_ctx * ctx;
      now += dt;
      batch_s += batch * dt;
      decode += dt;
      busy += dt;
      energy += watts * dt;
      ctx += batch;
      ++k;
    } while (k < limit && now < next);
    r_.batch_s = batch_s;
    r_.decode_s = decode;
    r_.busy_s = busy;
    r_.energy_j = energy;
    r_.events += k;
    now_ = now;
    TakeArrivals();
    step_ += k;
    r_.decode_steps += k;
    ctx_ += static_cast<int64_t>(k) * running_;
    while (!heap_.empty() && heap_.front().step == step_) {
      std::pop_heap(heap_.begin(), heap_.end());
      const uint32_t slot = heap_.back().slot;
      heap_.pop_back();
      const Running& s = slots_[slot];
      ctx_ -= s.in + s.out;
      --running_;
      free_.push_back(slot);
      Complete(s);
    }
  }

  // One engine iteration of dt seconds at `watts`, then the arrivals it let in.
  void Advance(double dt, double watts) {
    ++r_.events;
    r_.busy_s += dt;
    r_.energy_j += watts * dt;
    now_ += dt;
    TakeArrivals();
  }

  void Complete(const Running& s) {
    Account(now_);
    --in_system_;
    kv_ -= s.in + s.out;
    ++r_.completed;
    if (now_ <= p_.horizon_s) ++r_.completed_in_horizon;
    r_.output_tokens += static_cast<uint64_t>(s.out);
    ttft_.push_back(s.first_token - s.arrival);
    e2e_.push_back(now_ - s.arrival);
    if (s.out > 1) tpot_.push_back((now_ - s.first_token) / static_cast<double>(s.out - 1));
  }

  uint32_t Slot() {
    if (!free_.empty()) {
      const uint32_t s = free_.back();
      free_.pop_back();
      return s;
    }
    slots_.emplace_back();
    return static_cast<uint32_t>(slots_.size() - 1);
  }

  ServingReplicaResult Finish() {
    r_.end_s = std::max(now_, p_.horizon_s);
    if (!r_.event_capped) {
      r_.energy_j += p_.cost.power_w_idle * (r_.end_s - now_);
      Account(r_.end_s);
    }
    r_.ttft_mean = Mean(ttft_);
    r_.tpot_mean = Mean(tpot_);
    r_.e2e_mean = Mean(e2e_);
    const P50P99 ttft = Quantiles(ttft_), tpot = Quantiles(tpot_), e2e = Quantiles(e2e_);
    r_.ttft_p50 = ttft.p50;
    r_.ttft_p99 = ttft.p99;
    r_.tpot_p50 = tpot.p50;
    r_.tpot_p99 = tpot.p99;
    r_.e2e_p50 = e2e.p50;
    r_.e2e_p99 = e2e.p99;
    return r_;
  }

  const ServingPlan& p_;
  Xoshiro256pp rng_;
  const double* decode_s_;
  const double* decode_w_;
  ServingReplicaResult r_;
  double now_ = 0;
  double next_arrival_ = kInf;
  double area_t_ = 0;
  int64_t in_system_ = 0;
  std::vector<Request> waiting_;
  size_t head_ = 0;
  std::vector<Running> slots_;
  std::vector<uint32_t> free_;
  std::vector<FinishAt> heap_;
  uint64_t step_ = 0;
  int running_ = 0;
  int64_t ctx_ = 0;  // cached tokens of the running sequences
  int64_t kv_ = 0;   // reserved: full lengths of running sequences
  std::vector<double> ttft_, tpot_, e2e_;
};

}  // namespace

ServingReplicaResult SimulateServing(const ServingPlan& plan, uint64_t seed, uint64_t replica) {
  return Engine(plan, seed, replica).Run();
}

}  // namespace gpufleet

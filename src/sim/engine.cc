// The event loop of one replica. See include/gpufleet/sim.h for the rules it implements.
#include <algorithm>
#include <deque>
#include <limits>
#include <vector>

#include "gpufleet/random.h"
#include "gpufleet/sim.h"

namespace gpufleet {
namespace {

enum EventType : uint32_t { kFailure, kPlanned, kJobStep, kUp, kRepair, kHorizon, kRollback };
enum class State { kRunning, kDown, kWaitSpare, kDone };

constexpr SimTime kMaxDraw = SimTime{1} << 61;

// Event times that would overflow are "never": saturated at the largest SimTime, beyond any
// horizon (<= 2^61), so such an event is never handled. Durations are <= 2^62 and the clock
// <= 2^61 (SimPlan), so only products and sums of two durations need this.
constexpr SimTime kFar = std::numeric_limits<SimTime>::max();
SimTime Add(SimTime a, SimTime b) {
  SimTime r;
  return __builtin_add_overflow(a, b, &r) ? kFar : r;
}
SimTime Mul(SimTime a, SimTime b) {
  SimTime r;
  return __builtin_mul_overflow(a, b, &r) ? kFar : r;
}

// Progress of the current run phase at the moment it is cut: compute since the last complete
// checkpoint, and time spent in a checkpoint write that did not finish.
struct Partial {
  SimTime compute = 0;
  SimTime write = 0;
};

class Replica {
 public:
  Replica(const SimPlan& p, uint64_t seed, uint64_t replica, EventQueue& q)
      : p_(p), rng_(seed, replica), q_(q), avail_(p.spares) {}

  ReplicaResult Run() {
    q_.Clear();
    q_.Push(p_.horizon, kHorizon);
    if (p_.failure_mean_ns > 0) q_.Push(Draw(p_.failure_mean_ns), kFailure);
    if (p_.planned_mean_ns > 0) q_.Push(Draw(p_.planned_mean_ns), kPlanned);
    if (p_.rollback_mean_ns > 0) q_.Push(Draw(p_.rollback_mean_ns), kRollback);
    StartRun();
    while (state_ != State::kDone) {
      if (p_.max_events != 0 && r_.events >= p_.max_events) {
        Stop(false);
        r_.event_capped = true;
        break;
      }
      Handle(q_.Pop());
    }
    Finish();
    return r_;
  }

 private:
  SimTime Draw(double mean_ns) {
    const double d = rng_.Exponential(mean_ns);
    return now_ + (d >= static_cast<double>(kMaxDraw) ? kMaxDraw : static_cast<SimTime>(d));
  }

  void Handle(const Event& e) {
    now_ = e.time;
    ++r_.events;
    switch (e.type) {
      case kFailure:
        OnFailure();
        break;
      case kPlanned:
        OnPlanned();
        break;
      case kJobStep:
        if (e.payload == epoch_) OnJobStep();
        break;
      case kUp:
        if (e.payload == epoch_) OnUp();
        break;
      case kRepair:
        OnRepair();
        break;
      case kHorizon:
        OnHorizon();
        break;
      case kRollback:
        OnRollback();
        break;
    }
  }

  // --- the run phase ---------------------------------------------------------------------------
  void StartRun() {
    state_ = State::kRunning;
    ++epoch_;
    t0_ = now_;
    active_ = Active();
    full_ = active_ >= p_.nodes;
    interval_wall_ = WallFor(p_.interval);
    if (p_.explicit_checkpoints) return StartSegment();
    if (p_.work == SimPlan::kNever) return;
    const SimTime rem = p_.work - r_.useful;
    const SimTime nck = (rem - 1) / p_.interval;
    const SimTime cycles = Mul(nck, Add(interval_wall_, p_.write));
    q_.Push(Add(Add(now_, cycles), WallFor(rem - nck * p_.interval)), kJobStep, epoch_);
  }

  void StartSegment() {
    seg_len_ = std::min(p_.interval, p_.work - r_.useful);
    seg_start_ = now_;
    in_write_ = false;
    q_.Push(Add(now_, WallFor(seg_len_)), kJobStep, epoch_);
  }

  // --- elastic speed: compute advances at active_ / nodes of wall time --------------------------
  // Nodes the job can train on now: all of them, or (elastic, nodes missing) the whole groups
  // left; 0 when it cannot train.
  int64_t Active() const {
    if (missing_ == 0) return p_.nodes;
    if (p_.elastic_min_nodes == 0 || missing_ >= p_.nodes) return 0;
    const int64_t left = (p_.nodes - missing_) / p_.elastic_group * p_.elastic_group;
    return left >= p_.elastic_min_nodes ? left : 0;
  }
  // Wall time to do compute c at the current speed (rounded up), and compute done in wall time w
  // (rounded down). Identities at full speed.
  // The partial-speed arithmetic is out of line: the engine's hot loop stays small (inlined, it
  // cost ~25% of the events per second).
  SimTime WallFor(SimTime c) const {
    if (full_ || c >= SimPlan::kNever) [[likely]] return c;
    return SlowWallFor(c);
  }
  SimTime ComputeIn(SimTime w) const {
    if (full_) [[likely]] return w;
    return SlowComputeIn(w);
  }
  [[gnu::noinline, gnu::cold]] SimTime SlowWallFor(SimTime c) const {
    const __int128 w = (static_cast<__int128>(c) * p_.nodes + active_ - 1) / active_;
    return w >= static_cast<__int128>(kFar) ? kFar : static_cast<SimTime>(w);
  }
  [[gnu::noinline, gnu::cold]] SimTime SlowComputeIn(SimTime w) const {
    return static_cast<SimTime>(static_cast<__int128>(w) * active_ / p_.nodes);
  }

  void OnJobStep() {
    if (!p_.explicit_checkpoints) {  // lazy mode: the whole run phase completed
      const SimTime rem = p_.work - r_.useful;
      const SimTime nck = (rem - 1) / p_.interval;
      r_.checkpoint += nck * p_.write;
      r_.checkpoints += static_cast<uint32_t>(nck);
      const SimTime last = rem - nck * p_.interval;
      r_.degraded += nck * (interval_wall_ - p_.interval) + (WallFor(last) - last);
      r_.useful = p_.work;
      return Complete();
    }
    if (!in_write_) {
      r_.degraded += WallFor(seg_len_) - seg_len_;
      if (r_.useful + seg_len_ == p_.work) {
        r_.useful = p_.work;
        return Complete();
      }
      in_write_ = true;
      write_start_ = now_;
      q_.Push(now_ + p_.write, kJobStep, epoch_);
      return;
    }
    r_.useful += seg_len_;
    r_.checkpoint += p_.write;
    ++r_.checkpoints;
    StartSegment();
  }

  // Settles the run phase up to now: commits the complete checkpoints (lazy mode) and returns
  // what is in flight.
  // On fewer nodes (elastic) the wall time beyond the compute goes to r_.degraded.
  Partial Cut() {
    if (p_.explicit_checkpoints) {
      if (in_write_) return Partial{seg_len_, now_ - write_start_};
      const SimTime w = now_ - seg_start_, c = ComputeIn(w);
      r_.degraded += w - c;
      return Partial{c, 0};
    }
    const SimTime e = now_ - t0_, cycle = Add(interval_wall_, p_.write);
    const SimTime nck =
        p_.work == SimPlan::kNever ? SimPlan::kNever : (p_.work - r_.useful - 1) / p_.interval;
    const SimTime k = std::min(e / cycle, nck);
    const SimTime rest = e - k * cycle;
    r_.useful += k * p_.interval;
    r_.checkpoint += k * p_.write;
    r_.checkpoints += static_cast<uint32_t>(k);
    r_.degraded += k * (interval_wall_ - p_.interval);
    if (k < nck && rest >= interval_wall_) {
      r_.degraded += interval_wall_ - p_.interval;
      return Partial{p_.interval, rest - interval_wall_};
    }
    const SimTime c = ComputeIn(rest);
    r_.degraded += rest - c;
    return Partial{c, 0};
  }

  // --- interruptions ---------------------------------------------------------------------------
  void OnFailure() {
    const uint64_t u = rng_.Next();
    size_t c = 0;
    while (u >= p_.pick[c] && c + 1 < p_.pick.size()) ++c;
    ++r_.interruptions;
    ++r_.by_cause[c];
    q_.Push(Draw(p_.failure_mean_ns), kFailure);
    if (p_.removes_node[c] && p_.spares >= 0) TakeNode();
    if (state_ == State::kRunning) {
      const Partial part = Cut();
      r_.lost += part.compute;
      r_.checkpoint += part.write;
    }
    GoDown(p_.restart[c]);
  }

  void OnPlanned() {
    ++r_.planned;
    q_.Push(Draw(p_.planned_mean_ns), kPlanned);
    SimTime downtime = p_.planned_downtime;
    if (state_ == State::kRunning) {
      const Partial part = Cut();
      Keep(part);
      // The save before the stop is part of the planned downtime, which so lasts at least what
      // is left of the write: a stop was a free checkpoint, and a 5 h write cost the same as a
      // 1 s one (found by an adversarial tester).
      const SimTime save = part.write > 0 ? p_.write - part.write : part.compute > 0 ? p_.write : 0;
      downtime = std::max(downtime, save);
    }
    GoDown(downtime);
  }

  // A loss spike: back to a checkpoint `rollback_lost` before the last one.
  void OnRollback() {
    q_.Push(Draw(p_.rollback_mean_ns), kRollback);
    if (state_ != State::kRunning) return;
    ++r_.rollbacks;
    const Partial part = Cut();
    const SimTime back = std::min(p_.rollback_lost, r_.useful);
    r_.lost += part.compute + back;
    r_.useful -= back;
    r_.checkpoint += part.write;
    GoDown(p_.rollback_restart);
  }

  void Keep(const Partial& part) {
    r_.useful += part.compute;
    r_.checkpoint += part.write;
  }

  void GoDown(SimTime duration) {
    const SimTime until = now_ + duration;
    if (state_ == State::kRunning) down_since_ = now_;
    if (state_ == State::kWaitSpare) r_.spare_wait += now_ - wait_since_;
    if (state_ == State::kDown && until <= down_until_) return;
    state_ = State::kDown;
    down_until_ = until;
    q_.Push(until, kUp, ++epoch_);
  }

  void OnUp() {
    if (missing_ > 0 && Active() == 0) {
      state_ = State::kWaitSpare;
      wait_since_ = now_;
      return;
    }
    Resume();
  }

  void Resume() {
    r_.down += now_ - down_since_;
    StartRun();
  }

  // --- spares ----------------------------------------------------------------------------------
  void TakeNode() {
    if (avail_ > 0)
      --avail_;
    else
      ++missing_;
    // Repairs end in the order they were taken (RepairDone's times never fall), so only the
    // first of the line is in the heap; the rest wait here with the sequence number they would
    // have had, and come out in the same order, bit for bit. In the heap, an overloaded line of
    // repairs (millions of removed nodes waiting for a crew) made every event a walk through a
    // heap of hundreds of megabytes (found by an adversarial tester: 20 M events in 26 s, 208 MB).
    const SimTime done = RepairDone();
    const uint64_t seq = q_.TakeSeq();
    if (repairs_.empty()) q_.PushTaken(done, kRepair, 0, seq);
    repairs_.push_back(Taken{done, seq});
  }

  // When the node removed now comes back: after `repair`, once a crew is free. Repairs all take
  // the same time and start in arrival order, so crews free up in the order they were taken: a
  // ring of each crew's next free time, the oldest first.
  SimTime RepairDone() {
    if (p_.repair_crews <= 0) return now_ + p_.repair;
    if (crew_free_.empty()) crew_free_.assign(static_cast<size_t>(p_.repair_crews), 0);
    SimTime& free = crew_free_[next_crew_];
    next_crew_ = next_crew_ + 1 == crew_free_.size() ? 0 : next_crew_ + 1;
    free = Add(std::max(free, now_), p_.repair);
    return free;
  }

  void OnRepair() {
    repairs_.pop_front();
    if (!repairs_.empty()) q_.PushTaken(repairs_.front().time, kRepair, 0, repairs_.front().seq);
    if (missing_ == 0) return void(++avail_);
    --missing_;
    if (state_ == State::kWaitSpare && Active() > 0) {
      r_.spare_wait += now_ - wait_since_;
      Resume();
    }
  }

  // --- the end ---------------------------------------------------------------------------------
  void OnHorizon() { Stop(!p_.horizon_is_limit); }

  // Ends the replica at now_, settling the phase it is in.
  void Stop(bool completed) {
    if (state_ == State::kRunning)
      Keep(Cut());
    else
      r_.down += now_ - down_since_;
    if (state_ == State::kWaitSpare) r_.spare_wait += now_ - wait_since_;
    r_.completed = completed;
    state_ = State::kDone;
  }

  void Complete() {
    r_.completed = true;
    state_ = State::kDone;
  }

  void Finish() {
    r_.wall = now_;
    const double busy_s = 1e-9 * static_cast<double>(r_.useful + r_.lost + r_.checkpoint);
    r_.energy_j = busy_s * p_.power_busy_w + 1e-9 * static_cast<double>(r_.down) * p_.power_down_w;
  }

  const SimPlan& p_;
  Xoshiro256pp rng_;
  EventQueue& q_;
  ReplicaResult r_;
  State state_ = State::kDown;
  SimTime now_ = 0, t0_ = 0, down_until_ = 0, down_since_ = 0, wait_since_ = 0;
  SimTime seg_start_ = 0, seg_len_ = 0, write_start_ = 0;
  bool in_write_ = false;
  uint32_t epoch_ = 0;
  int avail_ = 0, missing_ = 0;
  int64_t active_ = 1;        // nodes the current run phase trains on
  bool full_ = true;          // active_ is all the job's nodes: compute = wall
  SimTime interval_wall_ = 0;  // wall time of one interval's compute at the current speed
  std::vector<SimTime> crew_free_;  // with repair crews: when each is next free (a ring)
  size_t next_crew_ = 0;
  struct Taken {
    SimTime time;
    uint64_t seq;
  };
  std::deque<Taken> repairs_;  // removed nodes' returns, in time order; the first is in q_
};

}  // namespace

ReplicaResult SimulateReplica(const SimPlan& plan, uint64_t seed, uint64_t replica,
                              EventQueue& queue) {
  return Replica(plan, seed, replica, queue).Run();
}

}  // namespace gpufleet

// Per-device energy accounting: counter deltas with wrap/reset detection, and a trapezoid of the
// power samples beside it.
#include <algorithm>

#include "gpufleet/measure.h"

namespace gpufleet {

void EnergyTrack::Add(double t, const Reading& r) {
  if (lost_at_) return;
  if (r.status == Reading::Status::kLost) {
    lost_at_ = t;
    return;
  }
  if (r.status == Reading::Status::kError) {
    ++errors_;
    return;
  }
  std::optional<double> trapezoid;
  if (r.power) {
    const double w = r.power->si();
    if (last_power_w_ && last_t_) {
      trapezoid = 0.5 * (w + *last_power_w_) * (t - *last_t_);
      power_j_ += *trapezoid;
    }
    peak_w_ = std::max(peak_w_, w);
    last_power_w_ = w;
    recent_w_ = w;
  }
  if (r.counter) AddCounter(t, *r.counter, trapezoid, r.power.has_value());
  if (!first_t_) first_t_ = t;
  last_t_ = t;
  ++samples_;
}

void EnergyTrack::AddCounter(double t, uint64_t c, std::optional<double> trapezoid_j,
                             bool with_power) {
  if (last_counter_) {
    const double before = counter_j_;
    AddDelta(t, c, trapezoid_j);
    if (!with_power && last_t_ && t > *last_t_) {
      recent_w_ = (counter_j_ - before) / (t - *last_t_);
    }
  }
  last_counter_ = c;
}

void EnergyTrack::AddDelta(double t, uint64_t c, std::optional<double> trapezoid_j) {
  const uint64_t prev = *last_counter_;
  const double unit = info_.counter_unit_j;
  if (c >= prev) {
    counter_j_ += static_cast<double>(c - prev) * unit;
    return;
  }
  // Through the range: unsigned arithmetic wraps at 2^64 by itself.
  const uint64_t through = info_.counter_range == 0 ? c - prev : info_.counter_range - prev + c;
  const double dt = last_t_ ? std::max(t - *last_t_, 1e-3) : 1e-3;
  const double wrapped_j = static_cast<double>(through) * unit;
  if (wrapped_j <= info_.max_plausible.si() * dt) {
    counter_j_ += wrapped_j;
    ++wraps_;
  } else {
    // A reset (driver reload): the counter restarted from zero somewhere in the interval.
    ++resets_;
    if (trapezoid_j) {
      counter_j_ += *trapezoid_j;
    } else {
      // Only what was counted since the restart is known; the rest of the interval is not.
      counter_j_ += static_cast<double>(c) * unit;
      ++unbridged_;
      unbridged_j_ += info_.max_plausible.si() * dt;
    }
  }
}

DeviceResult EnergyTrack::Result(double start) const {
  DeviceResult r;
  r.info = info_;
  r.samples = samples_;
  r.errors = errors_;
  r.resets = resets_;
  r.unbridged_resets = unbridged_;
  r.wraps = wraps_;
  r.from_counter = counter_j_ * units::J;
  r.from_power = power_j_ * units::J;
  r.peak = peak_w_ * units::W;
  r.recent = recent_w_ * units::W;
  r.covered = (first_t_ ? *last_t_ - *first_t_ : 0.0) * units::s;
  if (lost_at_) r.lost_at = (*lost_at_ - start) * units::s;
  double e = 0, rel = info_.relative_uncertainty;
  if (last_counter_) {
    r.method = "counter";
    e = counter_j_;
  } else if (last_power_w_) {
    r.method = "power-integration";
    e = power_j_;
    rel *= 2;  // sampled power misses what happens between samples
  } else {
    r.method = "none";
  }
  // unbridged_j_ only grows on the counter path: it widens the counter figure's high end.
  r.relative_uncertainty = rel;
  r.unbridged_bound = unbridged_j_ * units::J;
  r.energy = Energy<Interval>::FromSi(Interval(e, e * (1 - rel), e * (1 + rel) + unbridged_j_));
  r.average = (r.covered.si() > 0 ? e / r.covered.si() : 0.0) * units::W;
  return r;
}

}  // namespace gpufleet

// Closed forms beside the simulator: Young's and Daly's intervals and the exact expected wall
// time for exponential interruptions (docs/model.md, "Training and reliability").
#include <cmath>
#include <limits>

#include "gpufleet/sim.h"

namespace gpufleet {

Duration<> YoungInterval(Duration<> write, Duration<> mtbi) {
  return std::sqrt(2 * In(write, units::s) * In(mtbi, units::s)) * units::s;
}

Duration<> DalyInterval(Duration<> write, Duration<> mtbi) {
  const double d = In(write, units::s), m = In(mtbi, units::s);
  if (d >= 2 * m) return mtbi;
  const double x = d / (2 * m);
  return (std::sqrt(2 * d * m) * (1 + std::sqrt(x) / 3 + x / 9) - d) * units::s;
}

Duration<> ExpectedWallTime(Duration<> work, Duration<> interval, Duration<> write, Duration<> mtbi,
                            Duration<> restart) {
  const double w = In(work, units::s), t = In(interval, units::s), d = In(write, units::s),
               m = In(mtbi, units::s), r = In(restart, units::s);
  const double full = std::max(0.0, std::ceil(w / t) - 1);  // segments followed by a checkpoint
  if (!std::isfinite(m)) return work + full * write;
  const double last = w - full * t;
  const double per_failure = m * std::exp(r / m);
  // No full segment, no term: 0 x e^{(T+d)/M} overflowing to inf was NaN, and a one-segment job
  // with an interval of 1,000 d on a 24 h MTBI got an infinite wall time for e^66 (found while
  // fixing an adversarial tester's finding).
  const double e =
      ((full > 0 ? full * std::expm1((t + d) / m) : 0.0) + std::expm1(last / m)) * per_failure;
  return (std::isfinite(e) ? e : std::numeric_limits<double>::infinity()) * units::s;
}

Duration<> BestInterval(Duration<> write, Duration<> mtbi) {
  const double d = In(write, units::s), m = In(mtbi, units::s);
  // Free checkpoints: the waste, (e^{T/M} - 1) M / T - 1, falls to 0 with T; no optimum above 0
  // (31.8 ms, the search's lower end 1e-6 M, was printed; found by an adversarial tester).
  if (d == 0 && std::isfinite(m)) return 0.0 * units::s;
  // (e^u - 1) / u - 1 for u >= 0, without the cancellation near 0 (a series below 1/2).
  auto excess = [](double u) {
    if (u >= 0.5) return (std::expm1(u) - u) / u;
    double term = u / 2, sum = term;
    for (int k = 3; term > sum * 1e-17; ++k) sum += term *= u / k;
    return sum;
  };
  // M (e^{(T+d)/M} - 1) / T - 1, the waste per unit of work less 1, computed so that its
  // minimum stays resolved when d / M is tiny: with u = (T + d)/M it is
  // excess(u) + (1 + excess(u)) d / T.
  auto waste = [&](double log_t) {
    const double t = std::exp(log_t), e = excess((t + d) / m);
    return e + (1 + e) * (d / t);
  };
  // A golden-section search on log T: the optimum is near Young's sqrt(2 d M) for d << M, and
  // below M for any d, so [Young / 1000, 20 M] holds it. The lower end was 1e-6 M, above the
  // optimum for writes under 5e-13 M: a 7e-12 s write on an 11,000 s MTBI gave 11.1 ms for
  // 0.395 ms (found by an adversarial tester).
  const double young = std::sqrt(2 * d * m);
  double lo = std::log(std::min(1e-6 * m, 1e-3 * young)), hi = std::log(20 * m);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 200; ++i) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (waste(a) < waste(b))
      hi = b;
    else
      lo = a;
  }
  return std::exp((lo + hi) / 2) * units::s;
}

double SpikeHitRate(double rho_per_s, double failure_per_s, double failure_restart_s,
                    double spike_restart_s) {
  const double run = std::max(0.0, 1 - failure_per_s * failure_restart_s);
  return rho_per_s * run / (1 + rho_per_s * spike_restart_s);
}

double GoodputWithSpikes(double e_failures, double hit_per_s, double spike_restart_s, double lost_s,
                         double interval_s) {
  return e_failures - hit_per_s * (e_failures * spike_restart_s + lost_s + interval_s / 2);
}

bool SpikeRenewalInDomain(double e_failures, double e_with_spikes) {
  return e_with_spikes > 0 && e_failures - e_with_spikes <= kSpikeRenewalMaxShare * e_failures;
}

}  // namespace gpufleet

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
  const double e = (full * std::expm1((t + d) / m) + std::expm1(last / m)) * per_failure;
  return (std::isfinite(e) ? e : std::numeric_limits<double>::infinity()) * units::s;
}

Duration<> BestInterval(Duration<> write, Duration<> mtbi) {
  const double d = In(write, units::s), m = In(mtbi, units::s);
  auto waste = [&](double t) { return std::expm1((t + d) / m) / t; };
  double lo = 1e-6 * m, hi = 20 * m;  // the optimum lies well inside for any d >= 0
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 200; ++i) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (waste(a) < waste(b))
      hi = b;
    else
      lo = a;
  }
  return ((lo + hi) / 2) * units::s;
}

}  // namespace gpufleet

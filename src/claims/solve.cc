#include "gpufleet/solve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace gpufleet {
namespace {

struct Point {
  double x, g;  // g = f(x) - target
  double f;     // f(x) itself: far from the target, f(x) - target + target loses it (1e30)
};

std::vector<double> Grid(double lo, double hi, const SolveOptions& o) {
  const int n = std::max(2, o.grid_points);
  std::vector<double> xs(n);
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / (n - 1);
    xs[i] = o.log_scale ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t;
  }
  xs.back() = hi;
  return xs;
}

// Bisects [a, b] where g changes sign; returns the final point.
Point Bisect(const Objective& f, double target, Point a, Point b, const SolveOptions& o,
             int& evaluations) {
  for (int i = 0; i < 200; ++i) {
    const double width = std::fabs(b.x - a.x);
    if (width <= o.rel_tol * std::max({std::fabs(a.x), std::fabs(b.x), 1e-300})) break;
    const double mid = a.x + (b.x - a.x) / 2;
    ++evaluations;
    auto fm = f(mid);
    if (!fm || !std::isfinite(*fm)) break;
    Point m{mid, *fm - target, *fm};
    if (m.g == 0) return m;
    if ((m.g < 0) == (a.g < 0)) {
      a = m;
    } else {
      b = m;
    }
  }
  return std::fabs(a.g) <= std::fabs(b.g) ? a : b;
}

double Distance(double x, double prefer, bool log_scale) {
  if (log_scale && x > 0 && prefer > 0) return std::fabs(std::log(x / prefer));
  return std::fabs(x - prefer);
}

}  // namespace

SolveResult Solve(const Objective& f, double target, double lo, double hi, double prefer,
                  const SolveOptions& o) {
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi) || (o.log_scale && lo <= 0)) {
    throw std::invalid_argument("Solve: need finite lo < hi (and lo > 0 on a log grid)");
  }
  SolveResult r;
  std::vector<Point> pts;
  const std::vector<double> xs = Grid(lo, hi, o);
  std::vector<bool> defined(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    ++r.evaluations;
    auto fx = f(xs[i]);
    defined[i] = fx && std::isfinite(*fx);
    if (defined[i]) pts.push_back({xs[i], *fx - target, *fx});
  }
  // Where f is undefined at a grid point next to a defined one (a domain starting at a pole, such
  // as 1/x from 0), a root can lie between the two: approach the undefined point from the
  // defined side, halving the distance (in the grid's scale), and add what is defined.
  std::vector<Point> edge;
  for (size_t i = 0; i + 1 < xs.size(); ++i) {
    if (defined[i] == defined[i + 1]) continue;
    const double u = defined[i] ? xs[i + 1] : xs[i];
    const double d = defined[i] ? xs[i] : xs[i + 1];
    for (int k = 1; k <= 60; ++k) {
      const double t = std::ldexp(1.0, -k);  // share of the way from u to d
      const double x = o.log_scale ? u * std::pow(d / u, t) : u + (d - u) * t;
      if (x == u || x == d) break;
      ++r.evaluations;
      auto fx = f(x);
      if (fx && std::isfinite(*fx)) edge.push_back({x, *fx - target, *fx});
    }
  }
  if (!edge.empty()) {
    pts.insert(pts.end(), edge.begin(), edge.end());
    std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
  }
  const double scale = std::max(std::fabs(target), 1e-300);
  std::vector<Point> found;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (pts[i].g == 0) {
      found.push_back(pts[i]);
    } else if (i + 1 < pts.size() && pts[i + 1].g != 0 && (pts[i].g < 0) != (pts[i + 1].g < 0)) {
      found.push_back(Bisect(f, target, pts[i], pts[i + 1], o, r.evaluations));
    }
  }
  if (found.empty()) {
    // Closest as a ratio (the report gives f / target) where both are positive: as a
    // difference, every f next to a claim of 1e30 was 1e30 away, a tie won by the grid's first
    // point (load 0 "closest" where load 1 gave the most; found by an adversarial tester).
    const auto far = [&](const Point& p) {
      const double ratio = p.f > 0 && target > 0 ? std::fabs(std::log(p.f / target))
                                                 : std::numeric_limits<double>::infinity();
      return std::pair(ratio, std::fabs(p.g));
    };
    auto best = std::min_element(pts.begin(), pts.end(),
                                 [&](const Point& a, const Point& b) { return far(a) < far(b); });
    if (best != pts.end()) {
      r.x = best->x;
      r.fx = best->f;
    }
    return r;
  }
  for (const Point& p : found) r.roots.push_back(p.x);
  const Point& pick = *std::min_element(found.begin(), found.end(), [&](auto& a, auto& b) {
    return Distance(a.x, prefer, o.log_scale) < Distance(b.x, prefer, o.log_scale);
  });
  r.solved = true;
  r.x = pick.x;
  r.fx = pick.f;
  r.jump = std::fabs(pick.g) > 1e-6 * scale;
  return r;
}

}  // namespace gpufleet

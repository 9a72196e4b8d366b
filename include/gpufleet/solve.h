// Solving f(x) = target for one unknown, for the claims checker's implied assumptions.
// f may be non-monotone, undefined in places (nullopt) or have jumps: the solver scans a grid
// over [lo, hi] for sign changes of f(x) - target, bisects every bracket it finds, and keeps
// the root nearest `prefer`. With no sign change it says so and reports the closest approach.
#pragma once

#include <functional>
#include <optional>
#include <vector>

namespace gpufleet {

using Objective = std::function<std::optional<double>(double)>;

struct SolveOptions {
  int grid_points = 241;   // scan points over [lo, hi], ends included (>= 2)
  bool log_scale = false;  // geometric grid; needs 0 < lo
  double rel_tol = 1e-10;  // bisection stops when the bracket is this narrow (relative)
};

struct SolveResult {
  bool solved = false;
  double x = 0;               // the chosen root (solved) or the closest approach
  double fx = 0;              // f(x)
  std::vector<double> roots;  // every root found, ascending
  bool jump = false;          // the chosen "root" is a discontinuity f jumps across
  int evaluations = 0;
};

// Finds x in [lo, hi] with f(x) = target. Requires lo < hi and finite bounds (else throws
// std::invalid_argument: a programming error, not bad input). Points where f is nullopt or
// not finite are skipped. A bracket whose midpoint converges onto a jump (|f(x) - target| not
// small) is still returned as a root with jump = true.
SolveResult Solve(const Objective& f, double target, double lo, double hi, double prefer,
                  const SolveOptions& options = {});

}  // namespace gpufleet

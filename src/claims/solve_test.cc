#include "gpufleet/solve.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gpufleet {
namespace {

TEST(Solve, MonotoneLinear) {
  // Energy of one GPU over a year as a function of its average power: 3,740 kWh -> 426.9 W.
  auto f = [](double w) -> std::optional<double> { return w * 8760 / 1000; };
  SolveResult r = Solve(f, 3740, 1, 1e5, 700, {.log_scale = true});
  ASSERT_TRUE(r.solved);
  EXPECT_NEAR(r.x, 3740.0 * 1000 / 8760, 1e-6);
  EXPECT_FALSE(r.jump);
  EXPECT_EQ(r.roots.size(), 1u);
}

TEST(Solve, NonMonotoneFindsBothRootsAndPrefersTheNearest) {
  auto f = [](double x) -> std::optional<double> { return (x - 3) * (x - 3); };  // 4 at 1 and 5
  SolveResult near5 = Solve(f, 4, 0, 10, 6);
  ASSERT_TRUE(near5.solved);
  ASSERT_EQ(near5.roots.size(), 2u);
  EXPECT_NEAR(near5.roots[0], 1, 1e-8);
  EXPECT_NEAR(near5.roots[1], 5, 1e-8);
  EXPECT_NEAR(near5.x, 5, 1e-8);
  SolveResult near1 = Solve(f, 4, 0, 10, 0.5);
  EXPECT_NEAR(near1.x, 1, 1e-8);
}

TEST(Solve, NoSolutionInRangeReportsClosestApproach) {
  // A load between 0 and 1 cannot make 350k H100s use Lombardy's 63 TWh.
  auto f = [](double load) -> std::optional<double> {
    return (120 + load * 580) * 350000 * 8760 / 1e9;  // GWh
  };
  SolveResult r = Solve(f, 63124, 0, 1, 0.5);
  EXPECT_FALSE(r.solved);
  EXPECT_TRUE(r.roots.empty());
  EXPECT_DOUBLE_EQ(r.x, 1);
  EXPECT_NEAR(r.fx, 700.0 * 350000 * 8760 / 1e9, 1e-6);
}

// Far beyond reach every difference rounds to the target itself: closest is then read as a
// ratio, and load 1 (the most energy) is closest to a claim of 1e30, not load 0.
TEST(Solve, TheClosestApproachToAClaimFarBeyondReachIsTheNearestRatio) {
  auto f = [](double load) -> std::optional<double> { return 120 + load * 580; };
  SolveResult r = Solve(f, 1e30, 0, 1, 0.5);
  EXPECT_FALSE(r.solved);
  EXPECT_DOUBLE_EQ(r.x, 1);
  r = Solve(f, 1e-30, 0, 1, 0.5);  // and far below: load 0
  EXPECT_DOUBLE_EQ(r.x, 0);
  // A target of 0 or of the other sign falls back to the difference.
  r = Solve(f, -5, 0, 1, 0.5);
  EXPECT_DOUBLE_EQ(r.x, 0);
}

TEST(Solve, SkipsUndefinedPoints) {
  auto f = [](double x) -> std::optional<double> {
    if (x < 2) return std::nullopt;
    return std::log(x - 1.5);
  };
  SolveResult r = Solve(f, 0, 0, 10, 5);
  ASSERT_TRUE(r.solved);
  EXPECT_NEAR(r.x, 2.5, 1e-8);
}

// Issue 12, class 5: the domain starts at a pole (1/x at 0 is undefined) and the root lies
// between the pole and the first grid point: it used to be missed.
TEST(Solve, FindsARootNextToAnUndefinedStartOfTheDomain) {
  auto f = [](double x) -> std::optional<double> {
    if (x == 0) return std::nullopt;
    return 1 / x;
  };
  SolveResult r = Solve(f, 1000, 0, 10, 5);  // root 0.001, grid step 10/240
  ASSERT_TRUE(r.solved);
  EXPECT_NEAR(r.x, 0.001, 1e-9);
  auto g = [](double x) -> std::optional<double> { return 1 / x; };  // inf at 0, same answer
  SolveResult r2 = Solve(g, 1000, 0, 10, 5);
  ASSERT_TRUE(r2.solved);
  EXPECT_NEAR(r2.x, 0.001, 1e-9);
}

// The same at the end of the domain, and on a log grid.
TEST(Solve, FindsARootNextToAnUndefinedEndOfTheDomain) {
  auto f = [](double x) -> std::optional<double> {
    if (x >= 100) return std::nullopt;
    return 1 / (100 - x);
  };
  SolveResult r = Solve(f, 1000, 1, 100, 50, {.log_scale = true});
  ASSERT_TRUE(r.solved);
  EXPECT_NEAR(r.x, 99.999, 1e-6);
}

TEST(Solve, StepFunctionReportsTheJump) {
  auto f = [](double x) -> std::optional<double> { return std::ceil(x / 8); };  // nodes
  SolveResult r = Solve(f, 2.5, 1, 100, 10);
  ASSERT_TRUE(r.solved);
  EXPECT_TRUE(r.jump);
  EXPECT_NEAR(r.x, 16, 1e-6);
}

TEST(Solve, RejectsBadBracket) {
  auto f = [](double x) -> std::optional<double> { return x; };
  EXPECT_THROW(Solve(f, 0, 1, 1, 1), std::invalid_argument);
  EXPECT_THROW(Solve(f, 0, 0, 1, 1, {.log_scale = true}), std::invalid_argument);
}

}  // namespace
}  // namespace gpufleet

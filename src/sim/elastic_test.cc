// Elastic recovery (issue 17, part 2; sim.h): with no spare node left, the job trains on the
// nodes it still has, regrouped into whole data-parallel groups, at their share of full speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "gpufleet/error.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/sim.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

using units::h;
using units::minute;
using units::s;

// 100 nodes, no spares, node-removing failures once an hour, repairs of `repair`, free restarts
// and near-free checkpoints: what is left is the time without nodes.
JobSpec NoSpares(Duration<> repair, double min_share, int64_t group = 1) {
  JobSpec j;
  j.work = 300.0 * h;
  j.interval = 1.0 * minute;
  j.checkpoint_write = 0.0 * s;
  j.causes = {FailureCause{1.0, 0.0 * s, true}};
  j.spares = 0;
  j.repair = repair;
  j.nodes = 100;
  j.elastic_min_share = min_share;
  j.elastic_group_nodes = group;
  j.power_busy = 1000.0 * units::W;
  j.power_down = 100.0 * units::W;
  return j;
}

TEST(Elastic, EveryNanosecondIsAccountedFor) {
  for (int64_t group : {1, 4, 16}) {
    const SimPlan plan = Compile(NoSpares(10.0 * h, 0.5, group));
    EventQueue q;
    for (uint64_t i = 0; i < 50; ++i) {
      const ReplicaResult r = SimulateReplica(plan, 3, i, q);
      ASSERT_TRUE(r.completed);
      EXPECT_EQ(r.wall, r.useful + r.lost + r.checkpoint + r.down + r.degraded) << i;
      EXPECT_EQ(r.useful, plan.work) << i;
      EXPECT_GT(r.degraded, 0) << i;
      // Fewer nodes draw proportionally less: compute at full power, the shortfall at none.
      const double busy_s = 1e-9 * static_cast<double>(r.useful + r.lost + r.checkpoint);
      EXPECT_NEAR(r.energy_j, busy_s * 1000 + 1e-9 * static_cast<double>(r.down) * 100,
                  1e-6 * r.energy_j);
    }
  }
}

TEST(Elastic, LazyAndExplicitCheckpointsGiveTheSameBits) {
  JobSpec j = NoSpares(10.0 * h, 0.8, 4);
  j.interval = 20.0 * minute;
  j.checkpoint_write = 1.0 * minute;
  j.causes.push_back(FailureCause{0.3, 5.0 * minute, false});
  j.rollback_per_hour = 0.02;
  j.rollback_lost = 1.0 * h;
  const SimPlan lazy = Compile(j);
  j.explicit_checkpoints = true;
  const SimPlan expl = Compile(j);
  EventQueue q;
  int degraded = 0;
  for (uint64_t i = 0; i < 100; ++i) {
    ReplicaResult a = SimulateReplica(lazy, 8, i, q), b = SimulateReplica(expl, 8, i, q);
    a.events = b.events = 0;
    EXPECT_TRUE(a == b) << "replica " << i;
    degraded += a.degraded > 0;
  }
  EXPECT_EQ(degraded, 100);
}

// Without elastic recovery the job waits for every repair: with ~10 nodes under repair on
// average (M/D/inf, 1 an hour x 10 h) it almost never has all of them. With it, the job runs on
// the nodes left: just after a failure, 10 + 1 are missing on average (arrivals see time
// averages), so it runs at about 89% of full speed.
TEST(Elastic, TrainsOnTheNodesLeftInsteadOfWaiting) {
  McOptions o;
  o.replicas = 40;
  o.seed = 5;
  JobSpec wait = NoSpares(10.0 * h, 0);
  wait.horizon = 3000.0 * h;  // without elastic it would run for years
  wait.work = 300.0 * h;
  const McSummary off = RunMonteCarlo(Compile(wait), o);
  const McSummary on = RunMonteCarlo(Compile(NoSpares(10.0 * h, 0.5)), o);
  EXPECT_LT(off.goodput.p50, 0.05);
  EXPECT_GT(off.spare_wait_h.p50, 0.9 * off.wall_h.p50);
  EXPECT_NEAR(on.goodput.p50, 0.89, 0.015);
  EXPECT_EQ(on.spare_wait_h.p50, 0);
  EXPECT_NEAR(on.degraded_h.p50 / on.wall_h.p50, 0.11, 0.015);
}

// Groups: the nodes left are regrouped into whole groups, so with groups of 16 the job drops 16
// nodes for 1 to 16 missing ones; a minimum share it cannot meet makes it wait.
TEST(Elastic, GroupsAndTheMinimumShareDecideWhenItRuns) {
  McOptions o;
  o.replicas = 40;
  o.seed = 6;
  const McSummary g1 = RunMonteCarlo(Compile(NoSpares(10.0 * h, 0.5, 1)), o);
  const McSummary g16 = RunMonteCarlo(Compile(NoSpares(10.0 * h, 0.5, 16)), o);
  EXPECT_LT(g16.goodput.p50, g1.goodput.p50 - 0.02);  // 80 nodes of 100 most of the time
  JobSpec strict = NoSpares(10.0 * h, 0.99, 1);         // at most one node missing
  const McSummary s = RunMonteCarlo(Compile(strict), o);
  EXPECT_GT(s.spare_wait_h.p50, 0);
  EXPECT_LT(s.goodput.p50, g1.goodput.p50);
}

// A share of 1 is no elastic recovery at all, bit for bit; so is any share when no node is ever
// missing (unlimited spares).
TEST(Elastic, ShareOneOrUnlimitedSparesChangeNothing) {
  EventQueue q;
  JobSpec a = NoSpares(10.0 * h, 0), b = NoSpares(10.0 * h, 0.5);
  a.spares = b.spares = -1;
  const SimPlan ua = Compile(a), ub = Compile(b);
  for (uint64_t i = 0; i < 20; ++i) {
    EXPECT_TRUE(SimulateReplica(ua, 2, i, q) == SimulateReplica(ub, 2, i, q)) << i;
  }
  JobSpec capped = NoSpares(10.0 * h, 0);
  capped.horizon = 500.0 * h;
  JobSpec capped1 = capped;
  capped1.elastic_min_share = 1;
  const SimPlan c0 = Compile(capped), c1 = Compile(capped1);
  for (uint64_t i = 0; i < 20; ++i) {
    EXPECT_TRUE(SimulateReplica(c0, 2, i, q) == SimulateReplica(c1, 2, i, q)) << i;
  }
}

// Random jobs (sizes, groups, shares, spares, crews, intervals from 1 s to years, horizons, the
// wall-time cap):
// the accounting holds to the nanosecond and both checkpoint modes agree, bit for bit.
TEST(Elastic, RandomJobsKeepTheAccountingAndTheModesAgree) {
  std::mt19937_64 rng(2026);
  const auto pick = [&](double lo, double hi) {  // log-uniform
    return std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng));
  };
  EventQueue q;
  int checked = 0, degraded = 0, waited = 0;
  for (int k = 0; k < 200; ++k) {
    JobSpec j;
    j.nodes = static_cast<int64_t>(pick(1, 5000));
    j.elastic_group_nodes = std::min<int64_t>(j.nodes, static_cast<int64_t>(pick(1, 64)));
    j.elastic_min_share = std::uniform_real_distribution<double>(0, 1)(rng);
    j.spares = static_cast<int>(pick(1, 20)) - 1;
    j.repair_crews = static_cast<int>(pick(1, 8)) - 1;
    j.repair = pick(60, 1e6) * s;
    j.interval = pick(1, 1e8) * s;
    j.checkpoint_write = (k % 3 == 0 ? 0 : pick(1e-3, 1e4)) * s;
    j.causes = {FailureCause{pick(1e-3, 0.5), pick(1, 1e4) * s, true},
                FailureCause{pick(1e-3, 0.2), pick(1, 1e4) * s, false}};
    j.planned_per_hour = k % 2 ? pick(1e-4, 0.1) : 0;
    j.planned_downtime = pick(1, 1e4) * s;
    j.work = pick(3600, 1e7) * s;
    if (k % 4 == 0) j.horizon = pick(3600, 1e7) * s;
    j.max_wall = 1e8 * s;
    JobSpec e = j;
    e.explicit_checkpoints = true;
    const SimPlan lazy = Compile(j), expl = Compile(e);
    if (static_cast<double>(lazy.work) / static_cast<double>(lazy.interval) > 2e4) {
      continue;  // explicit mode: one event per segment
    }
    for (uint64_t i = 0; i < 3; ++i) {
      ReplicaResult a = SimulateReplica(lazy, 11, i, q);
      ReplicaResult b = SimulateReplica(expl, 11, i, q);
      EXPECT_EQ(a.wall, a.useful + a.lost + a.checkpoint + a.down + a.degraded) << k;
      a.events = b.events = 0;
      EXPECT_TRUE(a == b) << "job " << k << " replica " << i;
      ++checked;
      degraded += a.degraded > 0;
      waited += a.spare_wait > 0;
    }
  }
  std::printf("checked %d replicas: %d degraded, %d waited for a spare\n", checked, degraded,
              waited);
  EXPECT_GT(checked, 300);
  EXPECT_GT(degraded, 30);
  EXPECT_GT(waited, 10);
}

TEST(Elastic, BadSharesAndGroupsAreErrors) {
  const auto field = [](const JobSpec& j) {
    try {
      Compile(j);
    } catch (const InputError& e) {
      return e.where().field;
    }
    return std::string("none");
  };
  JobSpec j = NoSpares(1.0 * h, 1.5);
  EXPECT_EQ(field(j), "elastic_min_share");
  j = NoSpares(1.0 * h, -0.1);
  EXPECT_EQ(field(j), "elastic_min_share");
  j = NoSpares(1.0 * h, std::nan(""));
  EXPECT_EQ(field(j), "elastic_min_share");
  j = NoSpares(1.0 * h, 0.5, 0);
  EXPECT_EQ(field(j), "elastic_group_nodes");
  j = NoSpares(1.0 * h, 0.5, 101);  // a group larger than the job's 100 nodes
  EXPECT_EQ(field(j), "elastic_group_nodes");
  j = NoSpares(1.0 * h, 0.5);
  j.nodes = 0;
  EXPECT_EQ(field(j), "nodes");
}

// Through the training model: --elastic-min-share and --elastic-group-nodes reach the job, the
// node count is GPUs / GPUs per node, and the shortfall is reported.
TEST(Elastic, TrainingPlanCarriesTheInputs) {
  TrainingInputs in;
  in.work.params = 405e9;
  in.work.tokens = 15.6e12;
  in.gpus = 16384;
  in.peak_per_gpu = 989e12 * units::flop_per_s;
  ReliabilityOptions r;
  r.spares = 0;
  r.repair = 24.0 * h;
  r.elastic_min_share = 0.9;
  r.elastic_group_nodes = 16;
  GpuFigures g;
  g.peak = 989e12 * units::flop_per_s;
  const TrainingPlan p = PlanTraining(in, r, g);
  EXPECT_EQ(p.job.nodes, 2048);
  EXPECT_EQ(p.job.elastic_min_share, 0.9);
  EXPECT_EQ(p.job.elastic_group_nodes, 16);
  r.elastic_group_nodes = 4096;  // more than the job's 2,048 nodes: refused where it compiles
  try {
    Compile(PlanTraining(in, r, g).job);
    ADD_FAILURE() << "a group larger than the job was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "elastic_group_nodes");
    EXPECT_NE(e.detail().find("2048 nodes"), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace gpufleet

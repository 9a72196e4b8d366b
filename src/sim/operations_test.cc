// Issue 17, part 2: checkpoint restore, in-memory (peer) checkpoints and the repair queue, each
// against an effect computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "gpufleet/error.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/sim.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

using units::h;
using units::minute;
using units::s;

TrainingInputs Llama(double gpus) {
  TrainingInputs in;
  in.work.params = 405e9;
  in.work.tokens = 15.6e12;
  in.gpus = gpus;
  in.peak_per_gpu = 989e12 * units::flop_per_s;
  return in;
}

GpuFigures H100() {
  GpuFigures g;
  g.peak = 989e12 * units::flop_per_s;
  return g;
}

// Restore: every restart, loss-spike restart and planned stop takes `restore` longer.
TEST(Restore, IsAddedToEveryRestart) {
  ReliabilityOptions o;
  o.rollback_per_day = 1;
  const TrainingPlan base = PlanTraining(Llama(16384), o, H100());
  o.restore = 10.0 * minute;
  const TrainingPlan slow = PlanTraining(Llama(16384), o, H100());
  ASSERT_EQ(base.job.causes.size(), slow.job.causes.size());
  for (size_t i = 0; i < base.job.causes.size(); ++i) {
    EXPECT_DOUBLE_EQ(In(slow.job.causes[i].restart, s), In(base.job.causes[i].restart, s) + 600);
  }
  EXPECT_DOUBLE_EQ(In(slow.job.rollback_restart, s), In(base.job.rollback_restart, s) + 600);
  EXPECT_DOUBLE_EQ(In(slow.job.planned_downtime, s), In(base.job.planned_downtime, s) + 600);
  EXPECT_GT(In(slow.expected_wall, h), In(base.expected_wall, h));
}

// Peer checkpoints without failures: the wall time is the work plus one copy per interval but
// the last, exactly (and no storage write on the critical path).
TEST(PeerCheckpoints, WithoutFailuresCostOneCopyPerInterval) {
  ReliabilityOptions o;
  o.failure_rate = 0;
  o.maintenance_every = 0.0 * s;
  o.peer_write = 2.0 * s;
  o.peer_interval = 30.0 * minute;
  const TrainingPlan p = PlanTraining(Llama(16384), o, H100());
  EXPECT_TRUE(p.peer);
  EXPECT_EQ(In(p.job.checkpoint_write, s), 2);
  EXPECT_EQ(In(p.job.interval, s), 1800);
  const SimPlan plan = Compile(p.job);
  EventQueue q;
  const ReplicaResult r = SimulateReplica(plan, 1, 0, q);
  const SimTime copies = (plan.work - 1) / plan.interval;  // every interval but the last
  EXPECT_EQ(r.checkpoints, copies);
  EXPECT_EQ(r.wall, plan.work + copies * 2'000'000'000);
  EXPECT_EQ(r.interruptions, 0u);
}

// Peer checkpoints with failures: the simulation agrees with the hand-computed closed form
// G = T / (M (e^{(T+d)/M} - 1) e^{R/M}) for the copy's write d and interval T, and beats
// storage checkpoints of 5 minutes on the same failures.
TEST(PeerCheckpoints, LoseSecondsInsteadOfMinutes) {
  ReliabilityOptions o;
  o.maintenance_every = 0.0 * s;
  o.restart = 5.0 * minute;
  o.checkpoint_write = 5.0 * minute;
  const TrainingPlan storage = PlanTraining(Llama(16384), o, H100());
  o.peer_write = 2.0 * s;
  o.peer_interval = 5.0 * minute;
  const TrainingPlan peer = PlanTraining(Llama(16384), o, H100());
  const double m = In(peer.mtbi, s), t = 300, d = 2, r = 300;
  const double hand = t / (m * std::expm1((t + d) / m) * std::exp(r / m));
  const McSummary sim = RunMonteCarlo(Compile(peer.job), McOptions{300, 4, 2, {}});
  EXPECT_NEAR(sim.goodput.mean, hand, 0.003);
  EXPECT_NEAR(peer.closed_form_goodput, hand, 0.002);  // hand: long job; plan: this job
  const McSummary slow = RunMonteCarlo(Compile(storage.job), McOptions{300, 4, 2, {}});
  EXPECT_GT(sim.goodput.mean, slow.goodput.mean + 0.03);
}

TEST(PeerCheckpoints, ACopyAsLongAsTheMtbiIsInfeasibleAndNamed) {
  ReliabilityOptions o;
  o.peer_write = 10.0 * h;
  try {
    PlanTraining(Llama(16384), o, H100());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "peer_checkpoint_write_s");
  }
}

// The repair queue. One node-removing class at rate L, no spares, instant restarts, repairs of
// R: the job waits whenever a node is out, so the share of wall time spent waiting is the
// share of time the repair queue is not empty. One crew is an M/D/1 queue: busy a share
// rho = L R. Unlimited crews are M/D/infinity: the number out is Poisson(L R), not empty a share
// 1 - e^{-L R}.
JobSpec RepairQueue(int crews) {
  JobSpec j;
  j.horizon = 20000.0 * h;
  j.interval = 1.0 * h;
  j.causes = {FailureCause{0.05, 0.0 * s, true}};
  j.spares = 0;
  j.repair = 10.0 * h;
  j.repair_crews = crews;
  return j;
}

TEST(RepairQueue, OneCrewIsAnMD1Queue) {
  const McOptions mc{200, 9, 2, {}};
  const McSummary one = RunMonteCarlo(Compile(RepairQueue(1)), mc);
  const McSummary two = RunMonteCarlo(Compile(RepairQueue(2)), mc);
  const McSummary any = RunMonteCarlo(Compile(RepairQueue(0)), mc);
  const double wall = 20000;
  EXPECT_NEAR(one.spare_wait_h.mean / wall, 0.5, 0.01);                 // rho = 0.05 x 10
  EXPECT_NEAR(any.spare_wait_h.mean / wall, 1 - std::exp(-0.5), 0.01);  // 0.393
  EXPECT_LT(two.spare_wait_h.mean, one.spare_wait_h.mean);
  EXPECT_GE(two.spare_wait_h.mean, any.spare_wait_h.mean);
  EXPECT_EQ(one.interruptions.mean, any.interruptions.mean);  // the same failures
}

// Every nanosecond is still accounted for, and a crew count above the failures changes nothing.
TEST(RepairQueue, ManyCrewsAreUnlimited) {
  EventQueue q;
  const SimPlan many = Compile(RepairQueue(100000)), any = Compile(RepairQueue(0));
  for (uint64_t i = 0; i < 20; ++i) {
    const ReplicaResult a = SimulateReplica(many, 3, i, q);
    const ReplicaResult b = SimulateReplica(any, 3, i, q);
    EXPECT_EQ(a, b) << i;
    EXPECT_EQ(a.wall, a.useful + a.lost + a.checkpoint + a.down) << i;
  }
  JobSpec bad = RepairQueue(1);
  bad.repair_crews = -1;
  EXPECT_THROW(Compile(bad), InputError);
}

}  // namespace
}  // namespace gpufleet

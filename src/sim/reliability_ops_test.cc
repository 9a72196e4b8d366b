// Issue 17: the operations that decide goodput (detection, loss spikes and rollbacks), a failure
// rate per 1,000 node-days replacing a model's total, and the embedded failure models beyond
// OpsLlama 3.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/sim.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

using units::h;
using units::minute;
using units::s;

// A job with loss spikes only: `per_hour` spikes, each throwing away `lost` and down `restart`.
JobSpec SpikesOnly(double per_hour, Duration<> lost, Duration<> restart) {
  JobSpec j;
  j.work = 100.0 * h;
  j.interval = 30.0 * minute;
  j.checkpoint_write = 1.0 * minute;
  j.rollback_per_hour = per_hour;
  j.rollback_lost = lost;
  j.rollback_restart = restart;
  return j;
}

TrainingInputs OpsLlama(double gpus) {
  TrainingInputs in;
  in.work.params = 405e9;
  in.work.tokens = 15.6e12;
  in.gpus = gpus;
  in.peak_per_gpu = 989e12 * units::flop_per_s;
  return in;
}

GpuFigures OpsH100() {
  GpuFigures g;
  g.peak = 989e12 * units::flop_per_s;
  return g;
}

TEST(Rollback, EveryNanosecondIsAccountedAndTheWorkIsDone) {
  JobSpec j = SpikesOnly(0.05, 2.0 * h, 10.0 * minute);
  j.causes = {FailureCause{0.1, 5.0 * minute, false}};
  const SimPlan plan = Compile(j);
  EventQueue q;
  uint64_t spikes = 0;
  for (uint64_t i = 0; i < 300; ++i) {
    const ReplicaResult r = SimulateReplica(plan, 9, i, q);
    ASSERT_TRUE(r.completed);
    EXPECT_EQ(r.wall, r.useful + r.lost + r.checkpoint + r.down) << i;
    EXPECT_EQ(r.useful, plan.work) << i;
    spikes += r.rollbacks;
  }
  // About 0.05 per hour over ~115 h of wall time (running part), 300 replicas.
  EXPECT_GT(spikes, 300 * 0.05 * 90);
  EXPECT_LT(spikes, 300 * 0.05 * 130);
}

TEST(Rollback, LazyAndExplicitCheckpointsGiveTheSameBits) {
  JobSpec j = SpikesOnly(0.08, 1.5 * h, 7.0 * minute);
  j.causes = {FailureCause{0.2, 10.0 * minute, true}};
  const SimPlan lazy = Compile(j);
  j.explicit_checkpoints = true;
  const SimPlan expl = Compile(j);
  EventQueue q;
  for (uint64_t i = 0; i < 200; ++i) {
    ReplicaResult a = SimulateReplica(lazy, 4, i, q), b = SimulateReplica(expl, 4, i, q);
    a.events = b.events = 0;
    EXPECT_TRUE(a == b) << "replica " << i;
  }
}

// With spikes alone (no failures), each spike takes the job down for exactly its restart, and
// throws away at least `lost` of committed work once the job has done that much.
TEST(Rollback, EachSpikeCostsItsRestartAndItsLostWork) {
  const Duration<> lost = 2.0 * h, restart = 10.0 * minute;
  const SimPlan plan = Compile(SpikesOnly(0.05, lost, restart));
  EventQueue q;
  for (uint64_t i = 0; i < 200; ++i) {
    const ReplicaResult r = SimulateReplica(plan, 2, i, q);
    EXPECT_EQ(r.down, SimTime{r.rollbacks} * 600'000'000'000) << i;
    EXPECT_LE(r.lost, SimTime{r.rollbacks} * (7'200'000'000'000 + 1'800'000'000'000)) << i;
  }
  // The mean rework per spike: `lost` plus about half a checkpoint interval (the uncommitted
  // compute), less the spikes that come before 2 h of work is committed.
  const McSummary m = RunMonteCarlo(plan, McOptions{2000, 3, 2, {}});
  const double per_spike = m.lost_h.mean / m.rollbacks.mean;
  EXPECT_GT(per_spike, 2.0);
  EXPECT_LT(per_spike, 2.0 + 0.5);
}

// The closed form (spikes by renewal) is within a few percent of the simulation at these rates.
TEST(Rollback, ClosedFormIsCloseToTheSimulation) {
  TrainingInputs in = OpsLlama(16384);
  ReliabilityOptions o;
  o.rollback_per_day = 1;
  o.rollback_lost = 3.0 * h;
  const TrainingPlan p = PlanTraining(in, o, OpsH100());
  const McSummary m = RunMonteCarlo(Compile(p.job), McOptions{400, 1, 2, {}});
  EXPECT_NEAR(m.wall_h.mean, In(p.expected_wall, h), 0.03 * In(p.expected_wall, h));
  const TrainingPlan none = PlanTraining(in, ReliabilityOptions{}, OpsH100());
  // One spike a day costing ~3 h of rework and a restart: about 13% more wall time.
  const double more = In(p.expected_wall, h) / In(none.expected_wall, h) - 1;
  EXPECT_GT(more, 0.10);
  EXPECT_LT(more, 0.18);
}

// The closed form takes loss spikes by renewal (GoodputWithSpikes, the treatment fit inverts): it
// counted a spike as one more interruption whose restart held the work thrown away, which said
// 57.2% for a run simulated at 46.8% (2 spikes a day losing 6 h each; found by an adversarial
// tester). Checked here where the spikes take half and three quarters of the failures' goodput.
TEST(Rollback, ClosedFormFollowsTheSimulationWhereSpikesTakeMost) {
  for (double per_day : {2.0, 3.0}) {
    ReliabilityOptions o;
    o.maintenance_every = 0.0 * h;
    o.rollback_per_day = per_day;
    o.rollback_lost = 6.0 * h;
    const TrainingPlan p = PlanTraining(OpsLlama(16384), o, OpsH100());
    ASSERT_TRUE(p.closed_form_why.empty()) << p.closed_form_why;
    const McSummary m = RunMonteCarlo(Compile(p.job), McOptions{200, 1, 2, {}});
    EXPECT_NEAR(p.closed_form_goodput, m.goodput.mean, 0.015) << per_day;
    EXPECT_NEAR(In(p.expected_wall, h), m.wall_h.mean, 0.05 * m.wall_h.mean) << per_day;
  }
}

// Where the spikes undo the work about as fast as it is done the closed form says n/a, with why,
// rather than a number: 4 a day losing 6 h each said 34.3% while every replica ran to the
// wall-time cap, and 24 a day losing 1 h on 1,024 GPUs 32.3% for 0.00126% simulated (found by an
// adversarial tester).
TEST(Rollback, ClosedFormIsNotAppliedWhereSpikesUndoTheWork) {
  const struct {
    double gpus, per_day;
    Duration<> lost;
  } cases[] = {{16384, 4, 6.0 * h}, {1024, 24, 1.0 * h}};
  for (const auto& c : cases) {
    ReliabilityOptions o;
    o.maintenance_every = 0.0 * h;
    o.rollback_per_day = c.per_day;
    o.rollback_lost = c.lost;
    const TrainingPlan p = PlanTraining(OpsLlama(c.gpus), o, OpsH100());
    EXPECT_TRUE(std::isnan(p.closed_form_goodput)) << c.per_day << ": " << p.closed_form_goodput;
    EXPECT_TRUE(std::isnan(In(p.expected_wall, h)));
    EXPECT_NE(p.closed_form_why.find("out of the closed form's domain"), std::string::npos)
        << p.closed_form_why;
  }
  // And without spikes the closed form is the exact one, with no reason attached.
  ReliabilityOptions none;
  none.maintenance_every = 0.0 * h;
  const TrainingPlan p = PlanTraining(OpsLlama(1024), none, OpsH100());
  EXPECT_TRUE(p.closed_form_why.empty());
  EXPECT_GT(p.closed_form_goodput, 0.9);
}

// A loss spike loses the work since the last checkpoint, like a failure, so the checkpoint
// intervals (Young, Daly, the closed form's best, and the automatic one) follow failures and
// spikes together: M' = 1 / (lambda + rho). With the failures' MTBI alone, 64 GPUs on RSC-2 (a
// 53-day MTBI) with two spikes a day checkpointed every 2.67 h where 15 min is best, losing 9
// points (found by an adversarial tester). The simulation agrees: its best interval is the new
// one, not the old.
TEST(Rollback, TheIntervalsFollowFailuresAndSpikesTogether) {
  TrainingInputs in;
  in.work.gpu_hours = 2e5;
  in.gpus = 64;
  in.peak_per_gpu = OpsH100().peak;
  ReliabilityOptions o;
  o.failure_model = "rsc2-2024";
  o.checkpoint_write = 10.0 * s;
  o.rollback_per_day = 2;
  const TrainingPlan p = PlanTraining(in, o, OpsH100());
  const Duration<> both = (1 / (1 / In(p.mtbi, h) + 2.0 / 24)) * h;
  EXPECT_EQ(In(p.daly, s), In(DalyInterval(10.0 * s, both), s));
  EXPECT_EQ(In(p.young, s), In(YoungInterval(10.0 * s, both), s));
  EXPECT_EQ(In(p.best, s), In(BestInterval(10.0 * s, both), s));
  EXPECT_EQ(In(p.job.interval, s), In(p.daly, s));  // auto
  EXPECT_GT(In(p.daly, minute), 14);
  EXPECT_LT(In(p.daly, minute), 17);
  const double failures_only = In(DalyInterval(10.0 * s, p.mtbi), s);
  EXPECT_GT(failures_only, 2 * 3600);  // what it was
  // Simulated goodput at the new interval, at a quarter and four times it, and at the old one.
  const auto goodput = [&](double interval_s) {
    ReliabilityOptions at = o;
    at.interval = interval_s * s;
    return RunMonteCarlo(Compile(PlanTraining(in, at, OpsH100()).job), McOptions{300, 3, 2, {}})
        .goodput.mean;
  };
  const double t = In(p.daly, s), best = goodput(t);
  EXPECT_GT(best, goodput(t / 4));
  EXPECT_GT(best, goodput(4 * t));
  EXPECT_GT(best, goodput(failures_only) + 0.05);
  EXPECT_NEAR(best, p.closed_form_goodput, 0.005);
}

// Spikes without failures: the job still checkpoints (Daly's at the spikes' rate) and finishes.
// It chose the longest interval (100 years), never saved, and every replica stopped at the
// wall-time cap at 0.003% effective, without a word (found by an adversarial tester).
TEST(Rollback, SpikesWithoutFailuresStillCheckpoint) {
  ReliabilityOptions o;
  o.failure_rate = 0;
  o.rollback_per_day = 1;
  o.maintenance_every = 0.0 * s;
  const TrainingPlan p = PlanTraining(OpsLlama(16384), o, OpsH100());
  EXPECT_FALSE(std::isfinite(In(p.mtbi, s)));
  EXPECT_NEAR(In(p.job.interval, s), In(DalyInterval(p.job.checkpoint_write, 24.0 * h), s), 1e-6);
  EXPECT_LT(In(p.job.interval, minute), 15);
  const McSummary m = RunMonteCarlo(Compile(p.job), McOptions{40, 1, 2, {}});
  EXPECT_EQ(m.capped, 0u);
  EXPECT_EQ(m.completed_fraction, 1);
  EXPECT_GT(m.goodput.mean, 0.98);
  EXPECT_TRUE(std::isfinite(In(p.expected_wall, s)));
  EXPECT_NEAR(m.goodput.mean, p.closed_form_goodput, 0.003);
}

// Detection adds `detect` to every restart. Over a horizon H (the same failures with the same
// seed, no planned stops), the down time is the union of the restarts [t_i, t_i + R]: for a
// Poisson process of rate λ its mean is H (1 - e^{-λR}), so detection adds
// H (e^{-λR} - e^{-λ(R + D)}), a little under λ H D (overlapping restarts).
TEST(Detect, AddsRateTimesDetectToDownTime) {
  TrainingInputs in = OpsLlama(16384);
  ReliabilityOptions o;
  o.horizon = 54.0 * 24 * h;
  o.maintenance_every = 0.0 * h;
  const TrainingPlan base = PlanTraining(in, o, OpsH100());
  o.detect = 10.0 * minute;
  const TrainingPlan slow = PlanTraining(in, o, OpsH100());
  ASSERT_EQ(base.job.causes.size(), slow.job.causes.size());
  for (size_t i = 0; i < base.job.causes.size(); ++i) {
    EXPECT_DOUBLE_EQ(In(slow.job.causes[i].restart, s), In(base.job.causes[i].restart, s) + 600);
  }
  EXPECT_EQ(In(slow.mtbi, s), In(base.mtbi, s));
  const McSummary a = RunMonteCarlo(Compile(base.job), McOptions{400, 5, 2, {}});
  const McSummary b = RunMonteCarlo(Compile(slow.job), McOptions{400, 5, 2, {}});
  EXPECT_EQ(a.interruptions.mean, b.interruptions.mean);  // same failures
  const double lambda = 1 / In(base.mtbi, h), hours = 54 * 24;
  const double r0 = In(base.job.causes[0].restart, h), r1 = r0 + 10.0 / 60;
  const double expected = hours * (std::exp(-lambda * r0) - std::exp(-lambda * r1));  // ~66 h
  EXPECT_NEAR(b.down_h.mean - a.down_h.mean, expected, 0.02 * expected);
  EXPECT_LT(expected, lambda * hours * 10.0 / 60);  // first order: 419 x 10 min = 70 h
  EXPECT_GT(expected, 0.9 * lambda * hours * 10.0 / 60);
}

// --restart replaces the unplanned restarts only: a planned stop keeps its own downtime (it
// took --restart's, making Llama 3's 300 s maintenance stops 6 h each).
TEST(Restart, LeavesThePlannedDowntimeAlone) {
  TrainingInputs in = OpsLlama(16384);
  const TrainingPlan base = PlanTraining(in, ReliabilityOptions{}, OpsH100());
  ReliabilityOptions o;
  o.restart = 6.0 * h;
  const TrainingPlan slow = PlanTraining(in, o, OpsH100());
  EXPECT_EQ(In(slow.job.planned_downtime, s), In(base.job.planned_downtime, s));
  for (const FailureCause& c : slow.job.causes) EXPECT_DOUBLE_EQ(In(c.restart, h), 6);
}

// The save before a planned stop is part of its downtime, which lasts at least the write: with
// no failures, a 5 h write makes each stop 5 h; a 1 s write leaves it at the planned downtime
// (a stop was a free checkpoint, and the two runs took the same time).
TEST(PlannedStop, LastsAtLeastTheCheckpointWrite) {
  const auto run = [](Duration<> write) {
    JobSpec j;
    j.work = 400.0 * h;
    j.interval = 10000.0 * h;  // no checkpoint of its own before the end
    j.checkpoint_write = write;
    j.planned_per_hour = 0.02;
    j.planned_downtime = 300.0 * s;
    EventQueue q;
    return SimulateReplica(Compile(j), 7, 0, q);
  };
  const ReplicaResult quick = run(1.0 * s), slow = run(5.0 * h);
  for (const ReplicaResult* r : {&quick, &slow}) {
    ASSERT_TRUE(r->completed);
    ASSERT_GT(r->planned, 3u);
    EXPECT_EQ(r->lost, 0);
    EXPECT_EQ(r->wall, SimTime{400} * 3600 * 1000000000 + r->down);  // work + stops, nothing else
  }
  // Per stop (a stop during another's downtime overlaps it: at most the stated length).
  const double ns_per_h = 3.6e12;
  EXPECT_NEAR(quick.down / ns_per_h / quick.planned, 300 / 3600.0, 0.1 * 300 / 3600.0);
  EXPECT_NEAR(slow.down / ns_per_h / slow.planned, 5, 0.5);
}

TEST(FailureRate, ReplacesTheTotalAndKeepsTheMix) {
  TrainingInputs in = OpsLlama(16384);
  const TrainingPlan base = PlanTraining(in, ReliabilityOptions{}, OpsH100());
  ReliabilityOptions o;
  o.failure_rate = 6.5;
  const TrainingPlan p = PlanTraining(in, o, OpsH100());
  // 2,048 nodes x 6.5 / 1,000 per day: one interruption every 1.80 h.
  EXPECT_NEAR(In(p.mtbi, h), 24000 / (6.5 * 2048), 1e-9);
  const double k = p.job.causes[0].rate_per_hour / base.job.causes[0].rate_per_hour;
  EXPECT_GT(k, 1.5);  // OpsLlama 3 is 3.8 per 1,000 node-days
  for (size_t i = 0; i < p.job.causes.size(); ++i) {
    EXPECT_NEAR(p.job.causes[i].rate_per_hour, k * base.job.causes[i].rate_per_hour, 1e-12);
  }
  // Smaller nodes: twice the nodes, twice the rate.
  o.gpus_per_node = 4;
  EXPECT_NEAR(In(PlanTraining(in, o, OpsH100()).mtbi, h), 12000 / (6.5 * 2048), 1e-9);
  // Zero: no unplanned failures at all.
  o.failure_rate = 0;
  EXPECT_TRUE(std::isinf(In(PlanTraining(in, o, OpsH100()).mtbi, h)));
}

TEST(GpusPerNode, ScalesTheNodeClassesOnly) {
  TrainingInputs in = OpsLlama(16384);
  ReliabilityOptions o;
  o.failure_model = "opt175b-2022";
  const TrainingPlan eight = PlanTraining(in, o, OpsH100());
  o.gpus_per_node = 4;
  const TrainingPlan four = PlanTraining(in, o, OpsH100());
  for (size_t i = 0; i < eight.model.classes.size(); ++i) {
    const double ratio = four.job.causes[i].rate_per_hour / eight.job.causes[i].rate_per_hour;
    EXPECT_NEAR(ratio, eight.model.classes[i].scale == FailureScale::kNode ? 2.0 : 1.0, 1e-12)
        << eight.model.classes[i].name;
  }
}

// A planned stop is down for the model's planned downtime, by default its restart time, for every
// model: rsc1-2024, rsc2-2024 and opt175b-2022 have no planned stops of their own, and
// --maintenance gave them stops of no downtime, so that more stops raised goodput (83.2% -> 94.5%
// for --maintenance 1h with a 10 h checkpoint interval; found by an adversarial tester). Stops
// closer together than the checkpoints still save the work (they act as checkpoints): a warning
// says so.
TEST(Maintenance, AStopIsDownForARestartAndActingAsACheckpointIsSaid) {
  for (const FailureModel& m : EmbeddedFailureModels()) {
    EXPECT_GT(In(m.planned_downtime, units::s), 0) << m.id;
    if (m.planned_per_job_hour == 0) {
      EXPECT_EQ(In(m.planned_downtime, units::s), m.restart_s.value) << m.id;
    }
  }
  const FailureModel file =
      ParseFailureModels(
          "[[failure_model]]\nid = \"t\"\nsource = \"t\"\nyear = 2024\nconfidence = "
          "\"unverified\"\n"
          "restart_s = 240\n[[failure_model.class]]\nname = \"gpu\"\ncategory = \"GPU\"\n"
          "scale = \"gpu\"\nrate_per_hour = 1e-5\nsource = \"t\"\nyear = 2024\n"
          "confidence = \"unverified\"\n",
          "t.toml")
          .front();
  EXPECT_EQ(In(file.planned_downtime, units::s), 240);

  TrainingInputs in = OpsLlama(1024);
  in.work.tokens = 1e12;
  const auto run = [&](std::optional<Duration<>> every, std::optional<Duration<>> interval) {
    ReliabilityOptions o;
    o.failure_model = "rsc1-2024";
    o.checkpoint_write = 60.0 * s;
    o.maintenance_every = every;
    o.interval = interval;
    const TrainingPlan p = PlanTraining(in, o, OpsH100());
    return std::pair{p, RunMonteCarlo(Compile(p.job), McOptions{50, 1, 2, {}})};
  };
  const auto [hourly, hourly_mc] = run(1.0 * h, std::nullopt);
  EXPECT_EQ(In(hourly.job.planned_downtime, units::s), 600);
  const auto [none, none_mc] = run(0.0 * h, std::nullopt);
  EXPECT_LT(hourly_mc.goodput.mean, none_mc.goodput.mean - 0.05);
  const auto said = [](const TrainingPlan& p) {
    for (const std::string& w : p.warnings) {
      if (w.find("act as checkpoints") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_FALSE(said(hourly));
  const auto [sparse, sparse_mc] = run(1.0 * h, 10.0 * h);
  EXPECT_TRUE(said(sparse));
  EXPECT_EQ(In(sparse.job.planned_downtime, units::s), 600);
}

// The embedded models reproduce the figures they were built from.
TEST(EmbeddedModels, ReproduceTheirSources) {
  auto per_1000_node_days = [](const FailureModel& m, double gpus) {
    return m.TotalRatePerHour(gpus) * 24 * 1000 / (gpus / m.gpus_per_node);
  };
  const FailureModel rsc1 = LoadFailureModel("rsc1-2024"), rsc2 = LoadFailureModel("rsc2-2024");
  EXPECT_NEAR(per_1000_node_days(rsc1, 4096), 6.50, 0.005);
  EXPECT_NEAR(per_1000_node_days(rsc2, 4096), 2.34, 0.005);
  // Kokolis et al.'s projection for RSC-1: MTTF 1.8 h at 16,384 GPUs.
  EXPECT_NEAR(1 / rsc1.TotalRatePerHour(16384), 1.8, 0.05);
  // OpsLlama 3: 419 in 54 days on 2,048 nodes = 3.79 per 1,000 node-days.
  EXPECT_NEAR(per_1000_node_days(LoadFailureModel("llama3-2024"), 16384), 3.79, 0.01);
  // OPT-175B: at least 35 manual + 70 automatic restarts in 56 days on 992 GPUs (the paper,
  // section 2.5), 15.1 per 1,000 node-days; the automatic ones restart in 30 min, the manual ones
  // in the model's 2 h.
  const FailureModel opt = LoadFailureModel("opt175b-2022");
  EXPECT_NEAR(opt.TotalRatePerHour(992) * 56 * 24, 105, 1e-9);
  EXPECT_NEAR(per_1000_node_days(opt, 992), 15.1, 0.05);
  ASSERT_EQ(opt.classes.size(), 2u);
  EXPECT_DOUBLE_EQ(In(opt.classes[0].restart, units::s), 7200);
  EXPECT_DOUBLE_EQ(In(opt.classes[1].restart, units::s), 1800);
  for (const FailureModel& m : EmbeddedFailureModels()) {
    for (const FailureClass& c : m.classes) EXPECT_FALSE(c.source.empty()) << m.id << c.name;
  }
}

TEST(FailureModelFile, AnUnknownCategoryIsNamed) {
  const std::string text = R"(
[[failure_model]]
id = "x"
source = "s"
year = 2024
confidence = "verified"
[[failure_model.class]]
name = "gpu"
category = "cosmic-rays"
scale = "gpu"
rate_per_hour = 1e-5
source = "s"
year = 2024
confidence = "verified"
)";
  try {
    ParseFailureModels(text, "m.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "m.toml");
    EXPECT_EQ(e.where().line, 9);
    EXPECT_NE(std::string(e.what()).find("unknown category 'cosmic-rays'"), std::string::npos)
        << e.what();
  }
}

TEST(Compile, RejectsBadRollbacks) {
  JobSpec j = SpikesOnly(-1, 1.0 * h, 1.0 * minute);
  EXPECT_THROW(Compile(j), InputError);
  j = SpikesOnly(NAN, 1.0 * h, 1.0 * minute);
  EXPECT_THROW(Compile(j), InputError);
  j = SpikesOnly(0.1, -1.0 * h, 1.0 * minute);
  EXPECT_THROW(Compile(j), InputError);
}

}  // namespace
}  // namespace gpufleet

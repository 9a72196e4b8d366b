// Fitting failure and restart parameters to a run's figures (fit.h): the Poisson interval against
// its definition, the fitted restart against the closed form it inverts, and fitting then
// simulating reproduces the figures fitted on.
#include "gpufleet/fit.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/sim.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

using units::h;
using units::minute;
using units::s;

// P(N <= n) for a Poisson mean mu, by summing the probabilities (independent of the fit's
// incomplete gamma).
double PoissonCdf(int n, double mu) {
  double sum = 0;
  for (int k = 0; k <= n; ++k) sum += std::exp(k * std::log(mu) - mu - std::lgamma(k + 1.0));
  return sum;
}

TEST(Fit, PoissonIntervalMeetsItsDefinition) {
  // Closed forms: n = 0 -> high = -ln(tail); n = 1 -> low = -ln(1 - tail).
  const Interval zero = PoissonInterval(0, 0.95);
  EXPECT_EQ(zero.low, 0);
  EXPECT_NEAR(zero.high, -std::log(0.025), 1e-9);
  EXPECT_NEAR(PoissonInterval(1, 0.95).low, -std::log(0.975), 1e-9);
  EXPECT_NEAR(PoissonInterval(1, 0.95).high, 5.5716, 1e-4);  // tables of the Garwood interval
  for (int n : {3, 54, 419}) {
    for (double conf : {0.9, 0.95, 0.99}) {
      const Interval v = PoissonInterval(n, conf);
      const double tail = (1 - conf) / 2;
      EXPECT_NEAR(1 - PoissonCdf(n - 1, v.low), tail, 1e-9) << n << " " << conf;
      EXPECT_NEAR(PoissonCdf(n, v.high), tail, 1e-9) << n << " " << conf;
      EXPECT_LT(v.low, n);
      EXPECT_GT(v.high, n);
    }
  }
  EXPECT_THROW(PoissonInterval(-1, 0.95), InputError);
  EXPECT_THROW(PoissonInterval(2.5, 0.95), InputError);
  EXPECT_THROW(PoissonInterval(5, 1), InputError);
}

FitInputs Opt() {  // OPT-175B's published figures (docs/validation.md)
  FitInputs in;
  in.gpus = 992;
  in.window = 56.0 * units::day;
  in.interruptions = 54;
  in.effective = 0.59;
  in.checkpoint_write = 5.0 * minute;
  return in;
}

// The title counts in words that agree with the counts: "on 1 GPUs" read wrong (found by an
// adversarial tester).
TEST(Fit, TheTitleTakesEachCountsNumber) {
  const auto title = [](double gpus, double interruptions, double days) {
    FitInputs in = Opt();
    in.gpus = gpus;
    in.interruptions = interruptions;
    in.window = days * units::day;
    return report::FitDocument(in, FitResult{}).title;
  };
  EXPECT_NE(title(1, 1, 1).find("fitted to 1 interruption on 1 GPU over 1 day "), std::string::npos)
      << title(1, 1, 1);
  EXPECT_NE(title(992, 54, 56).find("fitted to 54 interruptions on 992 GPUs over 56 days "),
            std::string::npos)
      << title(992, 54, 56);
  EXPECT_NE(title(2, 0, 1.5).find("fitted to 0 interruptions on 2 GPUs over 1.5 days "),
            std::string::npos)
      << title(2, 0, 1.5);
}

TEST(Fit, RateIsTheCountOverNodeDays) {
  const FitResult r = Fit(Opt());
  // 54 / (124 nodes x 56 days) x 1000 = 7.776...
  EXPECT_NEAR(r.failure_rate.range().value, 54.0 / (124 * 56) * 1000, 1e-9);
  const Interval n = PoissonInterval(54, 0.95);
  EXPECT_NEAR(r.failure_rate.range().low, n.low / (124 * 56) * 1000, 1e-9);
  EXPECT_NEAR(r.failure_rate.range().high, n.high / (124 * 56) * 1000, 1e-9);
  EXPECT_NEAR(r.mtbi.range().value, 56 * 24 / 54.0, 1e-9);
  EXPECT_NEAR(r.interruptions_per_day.range().value, 54 / 56.0, 1e-12);
}

// The basis is read by people: six significant digits, GPUs and node-days (it printed
// "0.125 nodes x 0.041666666666666664 days", "1 nodes", and "over 0.125 nodes" for one GPU); one
// hour without interruptions and an effective time of 1 is what such a run gives (it said "not
// reproduced").
TEST(Fit, TheBasisReadsAsText) {
  FitInputs in;
  in.gpus = 8;
  in.window = 1.0 * units::h;
  in.interruptions = 0;
  in.effective = 1;
  const FitResult r = Fit(in);
  EXPECT_NE(r.failure_rate.basis().find("0 interruptions in " + FormatDuration(1.0 * units::h) +
                                        " on 8 GPUs: 0.0416667 node-days at 8 GPUs per node"),
            std::string::npos)
      << r.failure_rate.basis();
  FitInputs one = in;
  one.gpus = 1;
  one.window = 56.0 * units::day;
  const std::string basis = Fit(one).failure_rate.basis();
  EXPECT_NE(basis.find("in 56 days on 1 GPU: 7 node-days at 8 GPUs per node"), std::string::npos)
      << basis;
  EXPECT_EQ(basis.find("0.125"), std::string::npos) << basis;
  bool said = false;
  for (const std::string& n : r.notes) {
    EXPECT_EQ(n.find("not reproduced"), std::string::npos) << n;
    said = said || n.find("what a run without interruptions gives") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

TEST(Fit, RestartInvertsTheClosedForm) {
  for (double e : {0.5, 0.59, 0.9}) {
    FitInputs in = Opt();
    in.effective = e;
    in.interval = 2.0 * h;
    const FitResult r = Fit(in);
    ASSERT_TRUE(r.restart.present());
    const double restart = r.restart.range().value;
    // The library's closed form, for a long job, with the fitted restart gives the effective time.
    const Duration<> work = 1e6 * h;
    const Duration<> mtbi = (56.0 * 24 / 54) * h;
    const double wall =
        In(ExpectedWallTime(work, 2.0 * h, 5.0 * minute, mtbi, restart * s), units::h);
    EXPECT_NEAR(1e6 / wall, e, 1e-6) << e;
    // More effective time, shorter restarts; the range brackets the value.
    EXPECT_LE(r.restart.range().low, restart);
    EXPECT_GE(r.restart.range().high, restart);
    EXPECT_FALSE(r.rollback_lost.present());
  }
  FitInputs a = Opt(), b = Opt();
  a.effective = 0.6;
  b.effective = 0.7;
  EXPECT_GT(Fit(a).restart.range().value, Fit(b).restart.range().value);
}

// The fitted run as train plans it, over the window (train's --horizon).
TrainingPlan PlanFitted(const FitInputs& in, const FitResult& r, double restart_s,
                        double rollback_per_day = 0, double rollback_lost_h = 0) {
  TrainingInputs t;
  t.work.params = 175e9;
  t.work.tokens = 180e9;
  t.gpus = in.gpus;
  t.peak_per_gpu = 312e12 * units::flop_per_s;
  ReliabilityOptions o;
  o.failure_rate = r.failure_rate.range().value;
  o.gpus_per_node = in.gpus_per_node;
  o.restart = restart_s * s;
  o.checkpoint_write = in.checkpoint_write;
  o.interval = r.interval.range().value * s;
  o.maintenance_every = 0.0 * s;
  o.horizon = in.window;
  o.rollback_per_day = rollback_per_day;
  o.rollback_lost = rollback_lost_h * h;
  return PlanTraining(t, o, GpuFigures{t.peak_per_gpu, {}, {}});
}

// Simulates the fitted run over the window and returns the mean effective training time and the
// mean interruption count.
std::pair<double, double> Simulate(const FitInputs& in, const FitResult& r, double restart_s,
                                   double rollback_per_day = 0, double rollback_lost_h = 0) {
  const TrainingPlan plan = PlanFitted(in, r, restart_s, rollback_per_day, rollback_lost_h);
  McOptions mc;
  mc.replicas = 2000;
  mc.seed = 7;
  const McSummary m = RunMonteCarlo(Compile(plan.job), mc);
  return {m.goodput.mean, m.interruptions.mean};
}

TEST(Fit, FittingThenSimulatingReproducesTheFigures) {
  const FitInputs in = Opt();
  const FitResult r = Fit(in);
  const auto [effective, count] = Simulate(in, r, r.restart.range().value);
  EXPECT_NEAR(effective, 0.59, 0.01);
  EXPECT_NEAR(count, 54, 54 * 0.03);

  // A restart given and a spike every 4 days: the fitted lost work (renewal, fit.cc) brings the
  // run back to 59% (the closed form's first-order treatment of spikes was 6 points off here).
  FitInputs k = Opt();
  k.restart = 2.0 * h;
  k.rollback_per_day = 0.25;
  const FitResult rk = Fit(k);
  ASSERT_TRUE(rk.rollback_lost.present());
  EXPECT_FALSE(rk.restart.present());
  const auto [eff_k, count_k] = Simulate(k, rk, 7200, 0.25, rk.rollback_lost.range().value);
  EXPECT_NEAR(eff_k, 0.59, 0.015);
  EXPECT_NEAR(count_k, 54, 54 * 0.03);
}

// fit inverts the closed form train prints, loss spikes included (one renewal treatment,
// GoodputWithSpikes): train's closed form of the fitted run gives back the effective time fitted
// on. train counted a spike as an interruption whose restart held the lost work, and said 57.2%
// where fit's renewal (and the simulation) said 46% (found by an adversarial tester).
TEST(Fit, TrainsClosedFormOfTheFittedRunGivesTheEffectiveTimeBack) {
  for (double per_day : {0.25, 1.0}) {
    FitInputs k = Opt();
    k.restart = 2.0 * h;
    k.rollback_per_day = per_day;
    k.effective = per_day < 1 ? 0.59 : 0.45;
    const FitResult r = Fit(k);
    ASSERT_TRUE(r.rollback_lost.present()) << per_day;
    const TrainingPlan p = PlanFitted(k, r, 7200, per_day, r.rollback_lost.range().value);
    ASSERT_TRUE(p.closed_form_why.empty()) << p.closed_form_why;
    EXPECT_NEAR(p.closed_form_goodput, k.effective.value, 0.005) << per_day;
  }
}

// Loss spikes and no interruption: the checkpoint interval is Daly's at the spikes' rate (each
// loses the work since the last checkpoint), so the fit counts the checkpoint writes and the
// reproduce line simulates back to the effective time. It fitted the lost work with an interval
// of 0 (no checkpoint cost) and printed --checkpoint-interval 1s, which simulated 0.04% for a
// target of 90% (found by an adversarial tester).
TEST(Fit, SpikesWithoutInterruptionsCheckpointAtTheSpikesRate) {
  FitInputs in = Opt();
  in.interruptions = 0;
  in.effective = 0.9;
  in.restart = 5.0 * minute;
  in.rollback_per_day = 1;
  in.checkpoint_write = 30.0 * s;
  const FitResult r = Fit(in);
  ASSERT_TRUE(r.interval.present());
  const double daly = In(DalyInterval(30.0 * s, 24.0 * h), s);
  EXPECT_NEAR(r.interval.range().value, daly, 1e-6 * daly);
  EXPECT_NE(
      r.reproduce.find(fmt::format("--checkpoint-interval {}s", std::round(daly * 1000) / 1000)),
      std::string::npos)
      << r.reproduce;
  ASSERT_TRUE(r.rollback_lost.present());
  // Renewal with the writes: E = E_f - rho' (E_f R + L + T/2), E_f = T / (T + d).
  const double ef = daly / (daly + 30), rho = 1.0 / 86400 / (1 + 300.0 / 86400);
  EXPECT_NEAR(r.rollback_lost.range().value * 3600, (ef - 0.9) / rho - ef * 300 - daly / 2, 1);
  const auto [effective, count] = Simulate(in, r, 300, 1, r.rollback_lost.range().value);
  EXPECT_NEAR(effective, 0.9, 0.015);
  EXPECT_EQ(count, 0);
  // No interruption: no down time per interruption (it printed 0 s), and the reason says
  // where the spikes' cost went (sixteenth pass).
  EXPECT_FALSE(r.lost_per_interruption.present());
  EXPECT_NE(r.lost_per_interruption.why().find("no interruption counted"), std::string::npos)
      << r.lost_per_interruption.why();
  EXPECT_NE(r.lost_per_interruption.why().find("loss spikes"), std::string::npos);
  // With an interruption it is there, and at least the restart given.
  in.interruptions = 3;
  const FitResult some = Fit(in);
  ASSERT_TRUE(some.lost_per_interruption.present());
  EXPECT_GE(some.lost_per_interruption.range().value, 300);
}

TEST(Fit, ARestartWithoutSpikesLeavesTheRestUnexplained) {
  FitInputs in = Opt();
  in.restart = 1.0 * h;
  const FitResult r = Fit(in);
  ASSERT_TRUE(r.unexplained.present());
  // The restart the fit would give, minus the one given.
  EXPECT_NEAR(r.unexplained.range().value, Fit(Opt()).restart.range().value - 3600, 1e-6);
}

// Found by an adversarial tester: the reproduce line left out the unexplained time (it simulated
// 99% for a run fitted at 59%), and printed a failure rate train refuses.
TEST(Fit, TheReproduceLineCarriesTheUnexplainedTimeOrIsLeftOut) {
  FitInputs in = Opt();
  in.restart = 10.0 * units::minute;
  const FitResult r = Fit(in);
  ASSERT_TRUE(r.unexplained.present());
  EXPECT_NE(r.reproduce.find(" --detect "), std::string::npos) << r.reproduce;
  FitInputs wild = Opt();
  wild.gpus = 1;
  wild.gpus_per_node = 1;
  wild.window = 1.0 * h;
  wild.interruptions = 3;
  wild.effective = 0.3;
  const FitResult w = Fit(wild);
  EXPECT_GT(w.failure_rate.range().value, 10000);
  EXPECT_TRUE(w.reproduce.empty()) << w.reproduce;
  bool said = false;
  for (const std::string& n : w.notes) {
    if (n.find("no train command") == std::string::npos) continue;
    said = true;
    // Only what is beyond train's domain is named (the in-domain restart was listed too).
    EXPECT_NE(n.find("the fitted rate"), std::string::npos) << n;
    EXPECT_EQ(n.find("the restart,"), std::string::npos) << n;
  }
  EXPECT_TRUE(said);
  // A fitted restart over train's 1e7 s: the line printed one that train refused (twelfth
  // pass): 8 GPUs, 2 interruptions in 1,000 days and 0.1% effective time.
  FitInputs slow = Opt();
  slow.gpus = 8;
  slow.gpus_per_node = 8;
  slow.window = 1000.0 * 24 * h;
  slow.interruptions = 2;
  slow.effective = 0.001;
  const FitResult sr = Fit(slow);
  EXPECT_TRUE(sr.reproduce.empty()) << sr.reproduce;
  for (const std::string& n : sr.notes) {
    if (n.find("no train command") == std::string::npos) continue;
    EXPECT_NE(n.find("the restart,"), std::string::npos) << n;
    EXPECT_EQ(n.find("the fitted rate"), std::string::npos) << n;
  }
}

TEST(Fit, NoInterruptionsGiveAnUpperBoundOnTheRateOnly) {
  FitInputs in = Opt();
  in.interruptions = 0;
  in.effective = 0.99;
  const FitResult r = Fit(in);
  EXPECT_EQ(r.failure_rate.range().value, 0);
  EXPECT_NEAR(r.failure_rate.range().high, -std::log(0.025) / (124 * 56) * 1000, 1e-9);
  EXPECT_FALSE(r.mtbi.present());
  EXPECT_FALSE(r.restart.present());
}

// Found by the Python front-end test: with no interruption and an effective time well below 1,
// the count's upper end still costs something per interruption while the centre costs nothing;
// the fit said "interval needs low <= value <= high" instead of reporting nothing to fit.
TEST(Fit, NoInterruptionsAndALowEffectiveTimeFitNothing) {
  for (double effective : {0.9, 0.5, 0.1}) {
    FitInputs in = Opt();
    in.interruptions = 0;
    in.effective = effective;
    const FitResult r = Fit(in);
    EXPECT_EQ(r.failure_rate.range().value, 0) << effective;
    EXPECT_FALSE(r.restart.present()) << effective;
    EXPECT_FALSE(r.lost_per_interruption.present()) << effective;
    // No MTBI, no Daly interval: absent, and the reproduce line leaves train's own (it said
    // 1 s, a checkpoint every second, while the figure printed "0 s (0-1)").
    EXPECT_FALSE(r.interval.present()) << effective;
    EXPECT_EQ(r.reproduce.find("--checkpoint-interval"), std::string::npos) << r.reproduce;
    // The effective time is not used: the notes say so (it read as reproduced; adversarial
    // testing found --effective 1e-300 and 1 giving the same output).
    bool said = false;
    for (const std::string& n : r.notes) said |= n.find("is not reproduced") != std::string::npos;
    EXPECT_TRUE(said) << effective;
  }
}

void ExpectField(const FitInputs& in, const char* field) {
  try {
    Fit(in);
    ADD_FAILURE() << "no error for " << field;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, field) << e.detail();
  }
}

TEST(Fit, FiguresNoParametersReproduceAreErrors) {
  FitInputs high = Opt();
  high.effective = 0.999;  // 54 interruptions with 5-min checkpoints cannot leave 99.9%
  ExpectField(high, "effective");
  FitInputs write = Opt();
  write.checkpoint_write = 30.0 * h;  // longer than the 24.9 h MTBI
  ExpectField(write, "checkpoint_write_s");
  FitInputs spikes = Opt();
  spikes.rollback_per_day = 1;  // needs a restart
  ExpectField(spikes, "rollback_rate");
  FitInputs slow = Opt();
  slow.restart = 20.0 * h;
  slow.rollback_per_day = 1;
  ExpectField(slow, "restart_s");
  FitInputs none = Opt();
  none.window = 0.0 * s;
  ExpectField(none, "window_d");
  FitInputs over = Opt();
  over.effective = Interval(0.9, 0.8, 1.2);
  ExpectField(over, "effective");
}

TEST(Fit, InputsComeFromTheTable) {
  inputs::Given g(inputs::kFit);
  g.SetText("count", "992");
  g.SetText("window_d", "56");  // a bare number in days
  g.SetText("interruptions", "54");
  g.SetText("effective", "0.55..0.63");
  g.SetText("checkpoint_write_s", "5m");
  const FitInputs in = FitInputsFrom(g);
  EXPECT_EQ(In(in.window, units::s), 56 * 86400);
  EXPECT_EQ(in.gpus_per_node, 8);
  EXPECT_EQ(in.effective.low, 0.55);
  EXPECT_EQ(In(in.checkpoint_write, units::s), 300);
  EXPECT_FALSE(in.interval);
  EXPECT_EQ(in.confidence, 0.95);
  const FitResult r = Fit(in);
  EXPECT_LT(r.restart.range().low, r.restart.range().value);
  EXPECT_GT(r.restart.range().high, r.restart.range().value);
  for (const char* bad : {"0", "-1", "1.5"}) {
    inputs::Given b(inputs::kFit);
    b.SetText("effective", bad);
    EXPECT_THROW(b.Value("effective"), InputError) << bad;
  }
}

// Part 4: a model calibrated on counts carries the Poisson interval of its total count as a
// range on every rate, and the closed form's effective time at those bounds.
TEST(RateRange, ComesFromTheModelsCount) {
  TrainingInputs t;
  t.work.params = 405e9;
  t.work.tokens = 15.6e12;
  t.gpus = 16384;
  t.peak_per_gpu = 989e12 * units::flop_per_s;
  const GpuFigures g{t.peak_per_gpu, {}, {}};
  const TrainingPlan p = PlanTraining(t, ReliabilityOptions{}, g);  // llama3-2024: 419
  EXPECT_EQ(p.rate_count, 419);
  const Interval n = PoissonInterval(419, 0.95);
  EXPECT_DOUBLE_EQ(p.rate_factor.low, n.low / 419);
  EXPECT_DOUBLE_EQ(p.rate_factor.high, n.high / 419);
  const Interval& e = p.closed_form_goodput_range;
  EXPECT_EQ(e.value, p.closed_form_goodput);
  EXPECT_LT(e.low, e.value);  // more failures, less effective time
  EXPECT_GT(e.high, e.value);
  // A rate given (--failure-rate) has no range.
  ReliabilityOptions hi;
  hi.failure_rate = 5;
  const TrainingPlan ph = PlanTraining(t, hi, g);
  EXPECT_EQ(ph.rate_count, 0);  // a given rate has no range
  EXPECT_EQ(ph.closed_form_goodput_range.low, ph.closed_form_goodput_range.high);
  ReliabilityOptions rsc;
  rsc.failure_model = "rsc1-2024";  // rates without counts: no range
  EXPECT_EQ(PlanTraining(t, rsc, g).rate_count, 0);
}

// The window as fit's text and its report's title say it: one day is "1 day" (it read "1 days"
// where the title said "1 day"), several "days", under a day a duration.
TEST(Fit, TheWindowTextCountsItsDays) {
  EXPECT_EQ(FitWindowText(1.0 * units::day), "1 day");
  EXPECT_EQ(FitWindowText(56.0 * units::day), "56 days");
  EXPECT_EQ(FitWindowText(1.5 * units::day), "1.5 days");
  EXPECT_EQ(FitWindowText(1.0 * units::h).find("day"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet

// Fit: failure and restart parameters from a run's published figures (include/gpufleet/fit.h).
#include "gpufleet/fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/sim.h"

namespace gpufleet {
namespace {

// Regularised lower incomplete gamma P(a, x), a > 0, x >= 0 (series below a + 1, continued
// fraction above: Press et al., Numerical Recipes, 6.2).
double GammaP(double a, double x) {
  if (x <= 0) return 0;
  const double log_front = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a, sum = term;
    for (int i = 1; i < 100000000; ++i) {
      term *= x / (a + i);
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-15) break;
    }
    return std::clamp(sum * std::exp(log_front), 0.0, 1.0);
  }
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::abs(del - 1) < 1e-15) break;
  }
  return std::clamp(1 - std::exp(log_front) * h, 0.0, 1.0);
}

// The x in [lo, hi] where the increasing function f crosses `target` (bisection).
template <class F>
double Bisect(F f, double target, double lo, double hi) {
  for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

InputError Bad(const char* field, const std::string& msg) {
  return InputError(Where{"", 0, field}, msg);
}

// One corner of the fit: the job's interruption rate (per s) and an effective time.
struct Corner {
  double interval_s = 0;  // checkpoint interval used
  double cost_s = 0;      // R of the closed form: the mean restart that gives the effective time
};

// The checkpoint interval follows every event that loses the work since the last checkpoint,
// failures and loss spikes (Daly's at their combined rate, as train's automatic interval); the
// cost R is the failures' alone (the spikes' share is fitted by renewal below). With spikes and
// no failure the interval was 0, so the checkpoint writes were left out of the fit and the
// reproduce command checkpointed every second (found by an adversarial tester).
Corner Solve(const FitInputs& in, double rate_per_s, double rollback_per_s, double effective) {
  const double all = rate_per_s + rollback_per_s;
  const double d = In(in.checkpoint_write, units::s);
  Corner c;
  if (!(all > 0)) {  // no interruptions at all: only checkpoints cost time
    c.interval_s = in.interval ? In(*in.interval, units::s) : 0;
    c.cost_s = 0;
    return c;
  }
  const double m_all = 1 / all;
  if (d >= m_all) {
    throw Bad("checkpoint_write_s",
              fmt::format("a checkpoint takes {}, as long as the mean time between failures{} "
                          "({}) or longer: no restart time reproduces the run",
                          FormatDuration(in.checkpoint_write),
                          rollback_per_s > 0 ? " and loss spikes" : "",
                          FormatDuration(m_all * units::s)));
  }
  double t = in.interval ? In(*in.interval, units::s)
                         : In(DalyInterval(in.checkpoint_write, m_all * units::s), units::s);
  t = std::max(t, 1.0);  // the simulator's floor (training_run.cc)
  c.interval_s = t;
  if (!(rate_per_s > 0)) return c;  // no failure: no restart to fit
  // Per unit of work: wall = M (e^{(T+d)/M} - 1) e^{R/M} / T = 1 / E.
  const double m = 1 / rate_per_s;
  c.cost_s = m * std::log(t / (effective * m * std::expm1((t + d) / m)));
  return c;
}

std::string Exact(double x) { return fmt::format("{}", x); }

}  // namespace

std::string FitWindowText(Duration<> window) {
  const double days = In(window, units::day);
  return days < 1 ? FormatDuration(window)
                  : fmt::format("{:.6g} day{}", days, days == 1 ? "" : "s");
}

Interval PoissonInterval(double n, double confidence) {
  if (!(n >= 0) || n != std::floor(n) || !std::isfinite(n)) {
    throw Bad("interruptions", fmt::format("must be a whole number >= 0, got {}", n));
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw Bad("confidence", fmt::format("must be > 0 and < 1, got {}", confidence));
  }
  const double tail = (1 - confidence) / 2;
  const double span = n + 20 * std::sqrt(n + 1) + 40;
  // P(N >= n | mu) = P(n, mu) rises with mu; P(N <= n | mu) = 1 - P(n + 1, mu) falls.
  const double low = n == 0 ? 0 : Bisect([&](double mu) { return GammaP(n, mu); }, tail, 0, n);
  const double high = Bisect([&](double mu) { return GammaP(n + 1, mu); }, 1 - tail, n, span);
  return Interval(n, low, high);
}

FitResult Fit(const FitInputs& in) {
  if (!(in.gpus >= 1)) throw Bad("count", fmt::format("must be >= 1, got {}", in.gpus));
  if (in.gpus_per_node < 1) throw Bad("gpus_per_node", "must be >= 1");
  const double window_s = In(in.window, units::s);
  if (!(window_s > 0) || !std::isfinite(window_s)) throw Bad("window_d", "must be > 0");
  for (double e : {in.effective.low, in.effective.value, in.effective.high}) {
    if (!(e > 0 && e <= 1)) {
      throw Bad("effective", fmt::format("must be > 0 and <= 1 (a share of wall time), got {}", e));
    }
  }
  if (!(in.rollback_per_day >= 0) || !std::isfinite(in.rollback_per_day)) {
    throw Bad("rollback_rate", "must be >= 0");
  }
  if (in.rollback_per_day > 0 && !in.restart) {
    throw Bad("rollback_rate",
              fmt::format("fitting the work each loss spike throws away needs the restart time: "
                          "give {} too",
                          inputs::Mention("restart_s")));
  }
  const Interval count = PoissonInterval(in.interruptions, in.confidence);
  const double nodes = in.gpus / in.gpus_per_node, days = window_s / 86400;
  const double per_node_day = 1000 / (nodes * days);
  const double rollback_per_s = in.rollback_per_day / 86400;

  FitResult r;
  const std::string pct = fmt::format("{:g}%", 100 * in.confidence);
  // Read by people: six significant digits ("0.041666666666666664 days" was printed), and GPUs
  // and node-days rather than a share of a node ("over 0.125 nodes" for one GPU; both found by
  // adversarial testers). The reproduce command keeps exact values.
  // A window under a day as a duration: "0.0416667 days" was printed for 1 h (found by an
  // adversarial tester).
  const std::string counted = fmt::format(
      "{} interruption{} in {} on {:.6g} GPU{}: {:.6g} node-days at {} GPUs per node; "
      "range: exact Poisson interval on the count at {}",
      Exact(in.interruptions), in.interruptions == 1 ? "" : "s", FitWindowText(in.window), in.gpus,
      in.gpus == 1 ? "" : "s", nodes * days, in.gpus_per_node, pct);
  r.failure_rate = Figure::Of(count * per_node_day, "per 1,000 node-days", counted);
  r.interruptions_per_day = Figure::Of(count / days, "", counted);
  if (in.interruptions > 0) {
    const double h = window_s / 3600;
    r.mtbi = Figure::Of(Interval(h / count.value, h / count.high, h / count.low), "h", counted);
  } else {
    r.mtbi = Figure::Absent("h",
                            "no interruption counted: the MTBI is at least the window, with "
                            "no upper bound (see the failure rate's interval)");
  }

  // Corners: the cost per interruption falls with the rate and with the effective time.
  const auto rate = [&](double n) { return n / window_s; };
  const Corner mid = Solve(in, rate(count.value), rollback_per_s, in.effective.value);
  const Corner hi = Solve(in, rate(count.low), rollback_per_s, in.effective.low);    // most each
  const Corner lo = Solve(in, rate(count.high), rollback_per_s, in.effective.high);  // least each
  const auto interval_range = [&] {
    const double a = std::min({mid.interval_s, hi.interval_s, lo.interval_s});
    const double b = std::max({mid.interval_s, hi.interval_s, lo.interval_s});
    return Interval(mid.interval_s, a, b);
  };
  r.interval = Figure::Of(interval_range(), "s",
                          in.interval               ? "given"
                          : in.rollback_per_day > 0 ? "Daly's interval at the fitted MTBI and "
                                                      "the loss spikes together"
                                                    : "Daly's interval at the fitted MTBI");

  const bool any = in.interruptions > 0 || in.rollback_per_day > 0;
  // Without an interruption there is no MTBI to put in Daly's formula (it printed "0 s (0-1)"
  // while the reproduce line said 1 s).
  if (!any && !in.interval) {
    r.interval = Figure::Absent(
        "s", "no interruption counted: Daly's interval has no MTBI to follow (unbounded)");
  }
  if (any && mid.cost_s < 0) {
    throw Bad(
        "effective",
        fmt::format("a useful share of {} is more than {} failures in {} leave even with "
                    "instant restarts (rework and checkpoints alone cost more): check {}, "
                    "{} and the checkpoint facts",
                    Exact(in.effective.value), Exact(in.interruptions), FormatDuration(in.window),
                    inputs::Mention("interruptions"), inputs::Mention("window_d")));
  }
  // Guarded so that low <= value <= high whatever the corners give (with no interruption the
  // central corner costs nothing while the count's upper end can still cost something).
  const double lost_mid = std::max(0.0, mid.cost_s),
               lost_lo = std::min(lost_mid, std::max(0.0, lo.cost_s)),
               lost_hi = std::max(lost_mid, hi.cost_s);
  const std::string basis =
      "closed form of the simulator (E = T / (M (e^{(T+d)/M} - 1) e^{R/M})); range: the count's "
      "interval and the effective time's range at their corners";
  if (any && lo.cost_s < 0) {
    r.notes.push_back(
        "at the high end of the count's interval and of the effective time, instant restarts "
        "would already lose more: the low end of each fitted time is clamped to 0");
  }
  const char* none = "not fitted: ";
  if (!any) {
    // The effective time then goes unused: say so, so that --effective 1e-300 and 1 (which give
    // the same figures) do not read as both reproduced.
    r.notes.push_back(
        in.effective.value >= 1
            ? std::string("no interruption and no loss spike: nothing to fit a restart time on; "
                          "the effective time given (1) is what a run without interruptions "
                          "gives, checkpoints aside")
            : fmt::format("no interruption and no loss spike: nothing to fit a restart time on, "
                          "and the effective time given ({:.6g}) is not reproduced (without "
                          "interruptions only checkpoints cost time)",
                          in.effective.value));
    r.restart = Figure::Absent("s", std::string(none) + "no interruption counted");
    r.rollback_lost = Figure::Absent("h", std::string(none) + "no interruption counted");
    r.unexplained = Figure::Absent("s", std::string(none) + "no interruption counted");
  } else if (!in.restart) {
    r.restart = Figure::Of(Interval(lost_mid, lost_lo, lost_hi), "s",
                           "detection + restart per interruption; " + basis);
    r.rollback_lost =
        Figure::Absent("h", "not fitted: give the restart time and a loss-spike rate");
    r.unexplained = Figure::Absent("s", "not fitted: the restart time is the fitted figure");
  } else {
    const double given = In(*in.restart, units::s);
    r.restart = Figure::Absent("s", "given: " + FormatDuration(*in.restart));
    if (in.rollback_per_day > 0) {
      // Loss spikes by renewal, GoodputWithSpikes (sim.h) solved for L: failures alone
      // (restart given) leave a goodput E_f (the closed form); a spike, hitting at rho' (rho
      // while the job runs, SpikeHitRate), costs its restart R and the redoing of L plus the
      // uncommitted compute (T/2 on average) at that goodput, so
      //   E = E_f - rho' (E_f R + L + T/2),  rho' = rho (1 - lambda R) / (1 + rho R).
      // `train`'s closed form uses the same two functions. (The first-order treatment, spikes as
      // interruptions whose restart holds L, misses that the rework is itself exposed to
      // failures: 6 points off for OPT-175B.)
      bool outside = false;  // the central fit beyond the renewal estimate's domain
      const auto lost_h = [&](double n, double e, bool central = false) {
        const double lambda = rate(n), d = In(in.checkpoint_write, units::s);
        const double t = Solve(in, lambda, rollback_per_s, e).interval_s;
        double ef = t > 0 ? t / (t + d) : 1;
        if (lambda > 0) ef = t / (std::expm1((t + d) * lambda) / lambda * std::exp(given * lambda));
        const double rho = SpikeHitRate(rollback_per_s, lambda, given, given);
        if (central) outside = !SpikeRenewalInDomain(ef, e);
        return ((ef - e) / rho - ef * given - t / 2) / 3600;
      };
      const double v = lost_h(count.value, in.effective.value, true);
      if (!(v >= 0)) {
        throw Bad("restart_s",
                  fmt::format("a restart of {} and the failures alone lose more than a useful "
                              "share of {} allows: the restart is shorter, or the failures fewer",
                              FormatDuration(*in.restart), Exact(in.effective.value)));
      }
      const double a = std::max(0.0, lost_h(count.high, in.effective.high)),
                   b = lost_h(count.low, in.effective.low);
      r.rollback_lost = Figure::Of(Interval(v, std::min({a, b, v}), std::max({a, b, v})), "h",
                                   fmt::format("committed work each loss spike ({} per day) throws "
                                               "away beyond the last checkpoint; renewal: E = E_f "
                                               "- rho' (E_f R + L + T/2) with E_f the closed form "
                                               "of the failures alone; range: the count's interval "
                                               "and the effective time's range at their corners",
                                               Exact(in.rollback_per_day)));
      r.unexplained = Figure::Absent("s",
                                     "not fitted: the loss spikes' lost work is the fitted "
                                     "figure");
      if (outside) {
        // `train` says n/a there (its closed form); the fit still inverts, with this caveat.
        r.notes.push_back(fmt::format(
            "the loss spikes take more than {:.0f}% of the effective time the failures alone "
            "leave: beyond that the renewal estimate (first order in the spikes' cost) is no "
            "longer reliable, and the fitted work each spike throws away is rough; simulate it "
            "(the command below) to check",
            100 * kSpikeRenewalMaxShare));
      }
    } else {
      r.rollback_lost = Figure::Absent(
          "h", "not fitted: give a loss-spike rate (" + inputs::Mention("rollback_rate") + ")");
      const double lo_u = lo.cost_s - given, hi_u = hi.cost_s - given;
      r.unexplained = Figure::Of(
          Interval(mid.cost_s - given, std::min(lo_u, mid.cost_s - given),
                   std::max(hi_u, mid.cost_s - given)),
          "s",
          "time per interruption beyond the restart given and the rework (negative: the restart "
          "given is longer than the effective time allows); " +
              basis);
      if (mid.cost_s < given) {
        r.notes.push_back(
            "the restart given is longer than the effective time allows: the run restarted "
            "faster, or had fewer interruptions than counted");
      } else {
        r.notes.push_back("time unexplained by the restart given: loss-spike rollbacks (give " +
                          inputs::Mention("rollback_rate") +
                          " to fit the work each throws away), detection, or waits for repaired "
                          "nodes");
      }
    }
  }
  // Per interruption: with none counted there is none to charge (loss spikes alone printed
  // "0 s"; found by an adversarial tester); the spikes' cost is their lost work.
  if (in.interruptions > 0) {
    r.lost_per_interruption = Figure::Of(
        Interval(lost_mid, lost_lo, lost_hi), "s",
        "restart (or restart + spike rework) per interruption of the closed form; " + basis);
  } else {
    r.lost_per_interruption = Figure::Absent(
        "s", std::string(none) + "no interruption counted" +
                 (in.rollback_per_day > 0 ? " (the loss spikes' cost is the work each throws away)"
                                          : ""));
  }

  // The command that simulates the fitted run (central values).
  const double fitted_restart = in.restart ? In(*in.restart, units::s) : lost_mid;
  std::string cmd = fmt::format(
      "gpufleet train --count {} --gpus-per-node {} --horizon {}s --failure-rate {} "
      "--maintenance 0 --restart {}s --checkpoint-write {}s",
      Exact(in.gpus), in.gpus_per_node, Exact(window_s), Exact(r.failure_rate.range().value),
      Exact(std::round(fitted_restart * 1000) / 1000), Exact(In(in.checkpoint_write, units::s)));
  if (r.interval.present()) {  // train's floor: 1 s
    cmd += fmt::format(" --checkpoint-interval {}s",
                       Exact(std::max(1.0, std::round(mid.interval_s * 1000) / 1000)));
  }
  if (in.restart && in.rollback_per_day > 0 && r.rollback_lost.present()) {
    cmd += fmt::format(" --rollback-rate {} --rollback-lost {}s", Exact(in.rollback_per_day),
                       Exact(std::round(r.rollback_lost.range().value * 3600 * 1000) / 1000));
  } else if (in.restart && r.unexplained.present() && r.unexplained.range().value > 0) {
    // The time the restart given leaves unexplained, as detection added to each restart: without
    // it the command simulated 99% effective time for a run fitted at 59% (found by an
    // adversarial tester).
    cmd +=
        fmt::format(" --detect {}s", Exact(std::round(r.unexplained.range().value * 1000) / 1000));
  }
  // A rate or a time train does not take: no command reproduces the run (the line printed one that
  // train refused; found by an adversarial tester).
  const auto within = [](const char* name, double v) {
    const inputs::Domain& d = inputs::Get(name, inputs::kTrain).domain;
    return v >= d.min && v <= d.max;
  };
  const double detect_s = in.restart && !(in.rollback_per_day > 0) && r.unexplained.present()
                              ? std::max(0.0, r.unexplained.range().value)
                              : 0.0;
  // The restart too: one of 298,415,027 s was printed, and train refused it (found by an
  // adversarial tester).
  const double restart_s = std::round(fitted_restart * 1000) / 1000;
  // Only the figures beyond train's domain are named: the note listed an in-domain restart as a
  // possible cause (found by an adversarial tester).
  std::vector<std::string> beyond;
  if (!within("failure_rate", r.failure_rate.range().value)) {
    beyond.push_back(
        fmt::format("the fitted rate, {:.6g} per 1,000 node-days (a node failing "
                    "more than 10 times a day never computes)",
                    r.failure_rate.range().value));
  }
  if (!within("restart_s", restart_s)) {
    beyond.push_back(fmt::format("the restart, {:.6g} s", restart_s));
  }
  if (!within("detect_s", detect_s)) {
    beyond.push_back(fmt::format(
        "the time per interruption the restart leaves unexplained, {:.6g} s", detect_s));
  }
  if (!beyond.empty()) {
    std::string list;
    for (size_t i = 0; i < beyond.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == beyond.size() ? " and " : ", ") + beyond[i];
    }
    r.notes.push_back(
        fmt::format("no train command reproduces this fit: {} {} beyond what train simulates", list,
                    beyond.size() == 1 ? "is" : "are"));
    cmd.clear();
  }
  r.reproduce = cmd;
  r.notes.push_back(
      "assumptions: interruptions arrive as a Poisson process over the whole window (down time "
      "included, as in the simulator); every interruption loses the work since the last "
      "checkpoint; no planned stops are counted in the effective time; hot spares unlimited");
  return r;
}

FitInputs FitInputsFrom(const inputs::Given& g) {
  FitInputs in;
  in.gpus = g.Point("count");
  in.gpus_per_node = static_cast<int>(g.Point("gpus_per_node"));
  in.window = g.Point("window_d") * units::s;
  in.interruptions = g.Point("interruptions");
  in.effective = *g.Value("effective");
  if (auto v = g.Value("checkpoint_write_s")) in.checkpoint_write = v->value * units::s;
  if (auto v = g.Value("checkpoint_interval_h")) in.interval = v->value * units::s;
  if (auto v = g.Value("restart_s")) in.restart = v->value * units::s;
  if (auto v = g.Value("rollback_rate")) in.rollback_per_day = v->value;
  in.confidence = g.Point("confidence");
  return in;
}

}  // namespace gpufleet

#include "gpufleet/training_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/fit.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

Duration<> CheckpointWrite(const TrainingInputs& in, const ReliabilityOptions& o) {
  if (o.checkpoint_write) return *o.checkpoint_write;
  if (!(o.storage_gb_per_s > 0) || !std::isfinite(o.storage_gb_per_s)) {
    throw InputError(Where{"", 0, "storage_gb_per_s"}, "must be > 0");
  }
  double bytes = 0;
  std::string size;  // where the bytes came from, in words
  if (o.checkpoint_gb_per_gpu) {
    if (!(*o.checkpoint_gb_per_gpu >= 0))
      throw InputError(Where{"", 0, "checkpoint_size_gb"}, "must be >= 0");
    bytes = *o.checkpoint_gb_per_gpu * 1e9 * in.gpus.value;
    size =
        fmt::format("{} ({:g} GB per GPU) x {:g} GPUs ({})", inputs::Mention("checkpoint_size_gb"),
                    *o.checkpoint_gb_per_gpu, in.gpus.value, inputs::Mention("count"));
  } else if (in.work.params) {
    bytes = CheckpointBytes(*in.work.params).value;
    size = fmt::format("14 bytes x {} ({:g})", inputs::Mention("params"), in.work.params->value);
  } else {
    // The work given without parameters is named: checkpoint_write_s, never given, was (found by
    // an adversarial tester).
    const char* field = in.work.gpu_hours ? "gpu_hours"
                        : in.work.flops   ? "flops"
                                          : "checkpoint_write_s";
    throw InputError(
        Where{"", 0, field},
        "cannot size checkpoints: give `params`, `checkpoint_size_gb` or `checkpoint_write_s`");
  }
  const double write = bytes / (o.storage_gb_per_s * 1e9);
  // The domain `checkpoint_write_s` has when given holds for the write worked out too: 7e-12 s
  // (`checkpoint_size_gb` 1e-9) rounded away in the simulator's nanoseconds and a 65,625,000-day
  // write (`storage_gb_per_s` 1e-9) ran, both accepted without a word, while the flag refused
  // them (found by an adversarial tester). Blamed on the input given that makes it too short
  // (the size) or too long (the bandwidth).
  const inputs::Domain& d = inputs::Get("checkpoint_write_s", inputs::kTrain).domain;
  const bool short_write = write > 0 && write < d.min;
  const bool long_write = write > d.max;
  if (short_write || long_write) {
    const auto given = [&](const char* name) {
      return std::find(o.write_inputs.begin(), o.write_inputs.end(), name) != o.write_inputs.end();
    };
    const char* size_input = o.checkpoint_gb_per_gpu ? "checkpoint_size_gb" : "params";
    const char* per_gpu = o.checkpoint_gb_per_gpu ? "count" : "";
    const std::array<const char*, 3> order =
        short_write ? std::array<const char*, 3>{size_input, per_gpu, "storage_gb_per_s"}
                    : std::array<const char*, 3>{"storage_gb_per_s", size_input, per_gpu};
    const char* field = "checkpoint_write_s";
    for (const char* name : order) {
      if (given(name)) {
        field = name;
        break;
      }
    }
    throw InputError(
        Where{"", 0, field},
        fmt::format("the checkpoint write worked out from {} / {} ({:g} GB/s) is {:.3g} s{}, "
                    "outside the domain {} has when given: {}; {}",
                    size, inputs::Mention("storage_gb_per_s"), o.storage_gb_per_s, write,
                    long_write ? fmt::format(" ({})", FormatDuration(write * units::s)) : "",
                    inputs::Mention("checkpoint_write_s"), d.why,
                    short_write ? "give " + inputs::Mention("checkpoint_write_s") +
                                      " directly (0: free checkpoints)"
                                : "give faster storage, a smaller checkpoint or " +
                                      inputs::Mention("checkpoint_write_s") + " directly"));
  }
  return write * units::s;
}

// Mean time between the events that lose the work since the last checkpoint: failures and
// loss spikes (docs/model.md, "Checkpoint interval"). The closed form's interruptions, and what
// the intervals and the write's feasibility follow.
Duration<> AllInterruptions(const TrainingPlan& p) {
  const double rate = 1 / In(p.mtbi, units::h) + p.job.rollback_per_hour;
  return (rate > 0 ? 1 / rate : INFINITY) * units::h;
}

void CheckWrite(TrainingPlan& p, const ReliabilityOptions& o) {
  const Duration<> losing = AllInterruptions(p);
  const double d = In(p.job.checkpoint_write, units::s), m = In(losing, units::s);
  const bool spikes = p.job.rollback_per_hour > 0;
  if (d >= m) {
    // The input that was given is blamed: a failure rate given with a write derived from the
    // model's size named checkpoint_write_s, never given, and the failure model; so did a write
    // worked out from --storage-gb-per-s or --checkpoint-size-gb (found by adversarial testers).
    const bool spikes_decide = spikes && d < In(p.mtbi, units::s);
    std::string field = p.peer               ? "peer_checkpoint_write_s"
                        : o.checkpoint_write ? "checkpoint_write_s"
                        : spikes_decide      ? "rollback_rate"
                                             : "";
    if (field.empty() && !o.write_inputs.empty()) field = o.write_inputs.front();
    if (field.empty()) {
      field = o.checkpoint_gb_per_gpu ? "checkpoint_size_gb"
              : o.failure_rate        ? "failure_rate"
                                      : "checkpoint_write_s";
    }
    std::string from =
        o.failure_rate
            ? fmt::format("failures from the failure rate given, {:g} per 1,000 node-days",
                          *o.failure_rate)
            : fmt::format("failures from failure model '{}' at this job's size", p.model.id);
    if (spikes) {
      from += fmt::format(" and loss spikes at {:g} per day", 24 * p.job.rollback_per_hour);
    }
    InfeasiblePlan e(
        Where{"", 0, field},
        fmt::format("a checkpoint takes {} to write, as long as the mean time between "
                    "interruptions ({}, {}) or longer: the job would almost never save (a faster "
                    "write, or fewer {})",
                    FormatDuration(p.job.checkpoint_write), FormatDuration(losing), from,
                    spikes ? "failures or loss spikes" : "failures"));
    e.mtbi_h = In(p.mtbi, units::h);
    e.write_s = d;
    e.gpus_per_node = p.model.gpus_per_node;
    e.limit_h = In(losing, units::h);
    e.spikes = spikes;
    throw e;
  }
  if (d > 0.1 * m) {
    p.warnings.push_back(fmt::format(
        "checkpoint write ({}) is {:.0f}% of the {} ({}): most time goes to saving and rework",
        FormatDuration(p.job.checkpoint_write), 100 * d / m,
        spikes ? "mean time between failures and loss spikes" : "MTBI", FormatDuration(losing)));
  }
}

// --failure-rate: every class scaled by one factor so the job's total is `per_1000_node_days`
// at its size, keeping the model's mix of causes.
void ScaleToRate(FailureModel& m, double per_1000_node_days, double gpus) {
  const double nodes = gpus / m.gpus_per_node;
  const double target = per_1000_node_days / 1000 / 24 * nodes;  // per hour of this job
  const double total = m.TotalRatePerHour(gpus);
  if (target == total) return;
  if (!(total > 0)) {
    throw InputError(Where{"", 0, "failure_rate"},
                     fmt::format("failure model '{}' has no unplanned failures: no mix of causes "
                                 "to scale to {} per 1,000 node-days",
                                 m.id, per_1000_node_days));
  }
  for (FailureClass& c : m.classes) c.rate_per_unit_hour *= target / total;
}

void SetFailures(TrainingPlan& p, const ReliabilityOptions& o, double gpus) {
  if (o.gpus_per_node) p.model.gpus_per_node = *o.gpus_per_node;
  if (o.failure_rate) ScaleToRate(p.model, *o.failure_rate, gpus);
  // The unplanned restarts only: a planned stop keeps its own downtime (--restart 6h made each
  // of Llama 3's 300 s maintenance stops 6 h; found by an adversarial tester).
  if (o.restart) {
    for (FailureClass& c : p.model.classes) c.restart = *o.restart;
  }
  for (FailureClass& c : p.model.classes) c.restart = c.restart + o.detect + o.restore;
  p.job.causes = CausesFor(p.model, gpus);
  p.job.rollback_per_hour = o.rollback_per_day / 24;
  p.job.rollback_lost = o.rollback_lost;
  p.job.rollback_restart =
      (o.restart ? *o.restart : p.model.restart_s.value * units::s) + o.detect + o.restore;
  p.job.planned_per_hour = p.model.planned_per_job_hour;
  p.job.planned_downtime = p.model.planned_downtime + o.restore;
  if (o.maintenance_every) {
    const double h = In(*o.maintenance_every, units::h);
    p.job.planned_per_hour = h > 0 ? 1 / h : 0;
  }
  const double rate = p.model.TotalRatePerHour(gpus);
  p.mtbi = (rate > 0 ? 1 / rate : INFINITY) * units::h;
}

// Rate-weighted mean restart time of the failures, for the closed form. (A loss spike counted
// as an interruption whose restart held the work it throws away, first order: 57.2% for a run
// simulated at 46.8%, and 34.3% for one that never finished; found by an adversarial tester.
// Spikes are GoodputWithSpikes's now.)
Duration<> MeanRestart(const JobSpec& job) {
  double sum = 0, w = 0;
  for (const FailureCause& c : job.causes) {
    sum += c.rate_per_hour * In(c.restart, units::s);
    w += c.rate_per_hour;
  }
  return (w > 0 ? sum / w : 0) * units::s;
}

// The model's total calibration count, when every class with a rate was counted over its
// calibration window; else 0 (rates given as such have no count to put an interval on).
double CalibrationCount(const FailureModel& m) {
  if (!(m.calibration_hours > 0)) return 0;
  double n = 0;
  for (const FailureClass& c : m.classes) {
    if (c.rate_per_unit_hour > 0 && !(c.count > 0)) return 0;
    n += c.count;
  }
  return n;
}

// The closed form with every failure rate times k. Without loss spikes the exact expected wall
// time (ExpectedWallTime) for failures and checkpoints; with them, the renewal estimate
// (GoodputWithSpikes) on top of the failures' own closed form, the treatment `fit` inverts.
struct ClosedForm {
  Duration<> wall;           // expected; infinite when it overflows, NaN out of the domain
  double goodput = 0;        // work / wall; NaN out of the domain
  Duration<> mtbi;           // the mean time between the interruptions ExpectedWallTime took
  Duration<> restart;        // and their mean restart
  double failures_only = 0;  // with spikes: E_f, the failures' goodput
  double estimate = 0;       // with spikes: the renewal estimate, in the domain or not
};

ClosedForm ClosedFormAt(const TrainingPlan& p, Duration<> work, double k) {
  JobSpec job = p.job;
  for (FailureCause& c : job.causes) c.rate_per_hour *= k;
  ClosedForm cf;
  cf.restart = MeanRestart(job);
  const bool spikes = job.rollback_per_hour > 0;
  // Without spikes this is the rate of every work-losing event (AllInterruptions).
  const double rate = k / In(p.mtbi, units::h) + (spikes ? 0.0 : job.rollback_per_hour);
  cf.mtbi = (rate > 0 ? 1 / rate : INFINITY) * units::h;
  cf.wall = ExpectedWallTime(work, job.interval, job.checkpoint_write, cf.mtbi, cf.restart);
  cf.goodput = In(work, units::s) / In(cf.wall, units::s);
  if (!spikes || !std::isfinite(In(cf.wall, units::s))) return cf;
  cf.failures_only = cf.goodput;
  const double hit = SpikeHitRate(job.rollback_per_hour / 3600, rate / 3600,
                                  In(cf.restart, units::s), In(job.rollback_restart, units::s));
  const double e = GoodputWithSpikes(cf.goodput, hit, In(job.rollback_restart, units::s),
                                     In(job.rollback_lost, units::s), In(job.interval, units::s));
  cf.estimate = e;
  if (!SpikeRenewalInDomain(cf.goodput, e)) {
    cf.goodput = std::numeric_limits<double>::quiet_NaN();
    cf.wall = cf.goodput * units::s;
    return cf;
  }
  cf.goodput = e;
  cf.wall = In(work, units::s) / e * units::s;
  return cf;
}

}  // namespace

TrainingPlan PlanTraining(const TrainingInputs& in, const ReliabilityOptions& o,
                          const GpuFigures& gpu) {
  TrainingPlan p;
  p.estimate = EstimateTraining(in);
  p.model = LoadFailureModel(o.failure_model, o.catalog_models.get());
  const double gpus = in.gpus.value;
  SetFailures(p, o, gpus);
  p.failure_rate = o.failure_rate;
  p.power_basis = gpu.power_basis;
  p.peak_note = gpu.peak_note;
  // In-memory (peer) checkpoints replace the storage write and interval on the critical path.
  p.peer = o.peer_write.has_value();
  p.job.checkpoint_write = p.peer ? *o.peer_write : CheckpointWrite(in, o);
  if (p.peer) {
    // Reported beside the copies (it vanished from the report; found by an adversarial tester);
    // off the critical path, so a write that cannot be worked out is no error.
    try {
      p.storage_write = CheckpointWrite(in, o);
    } catch (const InputError& e) {
      p.storage_write_why = e.detail();
    }
  }
  const std::optional<Duration<>> interval = p.peer ? o.peer_interval : o.interval;
  CheckWrite(p, o);
  // The intervals follow every event that loses the work since the last checkpoint: failures
  // and loss spikes (a spike's rollback beyond the checkpoint, rollback_lost, does not depend on
  // the interval). With the failures' MTBI alone, --rollback-rate 2 on a 53-day MTBI chose
  // 2.67 h where 15 min is best, and spikes without failures never saved (found by an
  // adversarial tester).
  const Duration<> losing = AllInterruptions(p);
  p.young = YoungInterval(p.job.checkpoint_write, losing);
  p.daly = DalyInterval(p.job.checkpoint_write, losing);
  p.best = BestInterval(p.job.checkpoint_write, losing);
  p.interval_auto = !interval;
  p.job.interval = interval ? *interval : p.daly;
  const double interval_s = In(p.job.interval, units::s);
  if (interval && !(interval_s > 0)) {
    throw InputError(Where{"", 0, p.peer ? "peer_checkpoint_interval_h" : "checkpoint_interval_h"},
                     "must be > 0");
  }
  if (!(interval_s > 0) || !std::isfinite(interval_s)) {
    // No failures or free checkpoints: one segment (or 1 s ones) is as good as any.
    p.job.interval = std::isfinite(In(p.mtbi, units::s)) ? 1.0 * units::s : 100.0 * units::year;
  } else if (interval_s < 1) {
    // Near-free checkpoints (a tiny model, or checkpoint_write_s near 0): Daly's interval would
    // round to nothing in the simulator's nanoseconds; 1 s is the floor of checkpoint_interval_h.
    p.job.interval = 1.0 * units::s;
  }
  // A planned stop saves the work first (sim.h), so stops closer together than the checkpoints
  // act as checkpoints: more of them can raise goodput. Said, not silent (found by an
  // adversarial tester: --maintenance 1h raised goodput from 83.2% to 94.5%).
  if (p.job.planned_per_hour > 0 && 3600 / p.job.planned_per_hour < In(p.job.interval, units::s)) {
    p.warnings.push_back(fmt::format(
        "planned stops (one every {} on average, each down {}) come more often than the {} "
        "(every {} of compute): each stop saves the work first, so the stops act as checkpoints "
        "and cut the rework after failures; the closed form leaves planned stops out",
        FormatDuration((1 / p.job.planned_per_hour) * units::h),
        FormatDuration(p.job.planned_downtime), p.peer ? "in-memory copies" : "checkpoints",
        FormatDuration(p.job.interval)));
  }
  if (interval && In(*interval, units::s) > 10 * In(losing, units::s)) {
    p.warnings.push_back(fmt::format(
        "checkpoint interval {} is over ten times the {} ({}): the job will rarely "
        "reach a checkpoint",
        FormatDuration(*interval),
        p.job.rollback_per_hour > 0 ? "mean time between failures and loss spikes" : "MTBI",
        FormatDuration(losing)));
  }
  p.job.work = In(p.estimate.ideal_time, units::s).value * units::s;
  p.job.horizon = o.horizon;
  if (In(o.horizon, units::s) > 0) p.job.work = 0.0 * units::s;  // run for the horizon
  p.job.spares = o.spares;
  p.job.repair_crews = o.repair_crews;
  p.job.repair = o.repair;
  p.job.nodes = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(gpus / p.model.gpus_per_node)));
  p.job.elastic_min_share = o.elastic_min_share;
  p.job.elastic_group_nodes = o.elastic_group_nodes;
  if (o.elastic_min_share > 0 && o.spares < 0) {
    p.warnings.push_back("elastic recovery (" + inputs::Mention("elastic_min_share") +
                         ") acts only with a finite spare pool (" + inputs::Mention("spares") +
                         "): with unlimited spares no node is ever missing");
  }
  p.warnings.insert(p.warnings.end(), o.unused.begin(), o.unused.end());
  p.job.power_busy = gpus * gpu.busy;
  p.job.power_down = gpus * gpu.down;
  p.job.explicit_checkpoints = o.explicit_checkpoints;
  const Duration<> work = In(p.estimate.ideal_time, units::s).value * units::s;
  const ClosedForm cf = ClosedFormAt(p, work, 1);
  p.expected_wall = cf.wall;
  p.closed_form_goodput = cf.goodput;
  if (std::isinf(In(p.expected_wall, units::s))) {
    // "inf" and 0% were printed without a reason beside a simulation that finished (found by an
    // adversarial tester).
    const double m = In(cf.mtbi, units::s);
    const Duration<> segment =
        std::min(In(p.job.interval, units::s), In(work, units::s)) * units::s +
        p.job.checkpoint_write;
    const Duration<> restart = cf.restart;
    const bool segment_longer = In(segment, units::s) >= In(restart, units::s);
    p.warnings.push_back(fmt::format(
        "the closed form's wall time overflows: {} of {} against a mean time between "
        "interruptions of {} needs about e^{:.0f} tries, so the closed form's job almost never "
        "{} (effective time 0); the simulation can still progress where planned stops save the "
        "work (they act as checkpoints)",
        segment_longer ? "a segment and its write" : "a restart",
        FormatDuration(segment_longer ? segment : restart), FormatDuration(cf.mtbi),
        In(segment_longer ? segment : restart, units::s) / m,
        segment_longer ? "reaches a checkpoint" : "finishes a restart"));
  } else if (std::isnan(p.closed_form_goodput)) {
    const double share = 1 - cf.estimate / cf.failures_only;
    p.closed_form_why = fmt::format(
        "out of the closed form's domain: loss spikes ({:g} a day, each losing {} of "
        "committed work besides the compute since the last checkpoint) take {} of the {} "
        "effective time the failures alone leave (renewal estimate {}; it holds while they take "
        "at most {:.0f}%): the job redoes committed work about as fast as it commits it, and its "
        "progress is the simulation's to tell",
        24 * p.job.rollback_per_hour, FormatDuration(p.job.rollback_lost),
        share >= 1 ? std::string("all") : FormatPercent(share), FormatPercent(cf.failures_only),
        FormatPercent(cf.estimate), 100 * kSpikeRenewalMaxShare);
  }
  p.closed_form_goodput_range = p.closed_form_goodput;
  const double n = o.failure_rate ? 0 : CalibrationCount(p.model);
  if (n > 0 && std::isfinite(In(p.mtbi, units::s))) {
    const Interval c = PoissonInterval(n, 0.95);
    p.rate_count = n;
    p.rate_factor = Interval(1, c.low / n, c.high / n);
  }
  if (n > 0 && std::isfinite(In(p.mtbi, units::s)) && p.closed_form_why.empty()) {
    // A corner out of the spikes' domain bounds the range by 0, the least a goodput can be.
    const auto at = [&](double k) {
      const double g = ClosedFormAt(p, work, k).goodput;
      return std::isnan(g) ? 0.0 : g;
    };
    const double at_high = at(p.rate_factor.high);
    const double at_low = at(p.rate_factor.low);
    p.closed_form_goodput_range =
        Interval(p.closed_form_goodput, std::min(at_high, p.closed_form_goodput),
                 std::max(at_low, p.closed_form_goodput));
  }
  return p;
}

}  // namespace gpufleet

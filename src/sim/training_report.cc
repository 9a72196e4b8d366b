#include "gpufleet/training_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpufleet/duration_text.h"
#include "gpufleet/figure.h"
#include "gpufleet/sim.h"

namespace gpufleet {
namespace {

double S(Duration<> d) { return In(d, units::s); }
double H(Duration<> d) { return In(d, units::h); }

// Each failure class as this job sees it: the rate scaled to the job's size.
nlohmann::json CausesJson(const TrainingPlan& p) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < p.job.causes.size(); ++i) {
    const FailureClass& c = p.model.classes[i];
    out.push_back({{"name", c.name},
                   {"category", c.category},
                   {"scale", ToString(c.scale)},
                   {"rate_per_hour", p.job.causes[i].rate_per_hour},
                   {"restart_s", S(p.job.causes[i].restart)},
                   {"source", c.source}});
  }
  return out;
}

}  // namespace

std::string RateRangeBasis(const TrainingPlan& p) {
  if (p.rate_count > 0) {
    return fmt::format(
        "failure rates x the 95% Poisson interval on the {:g} interruptions the "
        "model '{}' was calibrated on",
        p.rate_count, p.model.id);
  }
  // A model whose classes were counted, 0 interruptions in all, was said to be "given as a
  // rate" (found by an adversarial tester): it was a count, of none.
  bool counted_none = !p.failure_rate && !p.model.classes.empty();
  for (const FailureClass& c : p.model.classes) {
    counted_none = counted_none && c.counted && c.count == 0;
  }
  if (counted_none) {
    return fmt::format(
        "no range: failure model '{}' counts 0 interruptions in its calibration window, a rate "
        "of 0 that no Poisson factor scales",
        p.model.id);
  }
  return "no range: the failure rate is given as a rate (a model without counts, or "
         "--failure-rate)";
}

namespace {

nlohmann::json ReliabilityJson(const TrainingPlan& p) {
  // Absent, with why, out of the closed form's domain (loss spikes that undo the work).
  const Figure closed_range =
      p.closed_form_why.empty()
          ? Figure::Of(p.closed_form_goodput_range, "fraction", RateRangeBasis(p))
          : Figure::Absent("fraction", p.closed_form_why);
  return {{"failure_model", p.model.id},
          {"mtbi_h", H(p.mtbi)},
          {"unplanned_per_day", 24 / H(p.mtbi)},
          {"planned_per_day", 24 * p.job.planned_per_hour},
          {"checkpoint_write_s", S(p.job.checkpoint_write)},
          {"checkpoint_interval_s", S(p.job.interval)},
          {"checkpoint_interval_auto", p.interval_auto},
          // With in-memory (peer) copies the two above are the copies'; the storage write is
          // made from memory off the critical path (null when it cannot be worked out).
          {"peer_checkpoints", p.peer},
          {"storage_checkpoint_write_s",
           p.storage_write ? nlohmann::json(S(*p.storage_write)) : nlohmann::json(nullptr)},
          {"young_interval_s", S(p.young)},
          {"daly_interval_s", S(p.daly)},
          {"best_interval_s", S(p.best)},
          {"closed_form_wall_h", H(p.expected_wall)},
          {"closed_form_effective_training_time", p.closed_form_goodput},
          {"closed_form_effective_training_time_range", ToJson(closed_range, true)},
          {"failure_rate_factor", ToJson(Figure::Of(p.rate_factor, "", RateRangeBasis(p)), true)},
          {"spares", p.job.spares},
          {"nodes", p.job.nodes},
          {"elastic_min_share", p.job.elastic_min_share},
          {"elastic_group_nodes", p.job.elastic_group_nodes},
          {"causes", CausesJson(p)}};
}

nlohmann::json SimulationJson(const TrainingReport& r) {
  const McSummary& m = r.mc;
  nlohmann::json j = {{"replicas", m.replicas},
                      {"seed", m.seed},
                      // With a horizon: the replicas that ran all of it (the work is not the
                      // aim), beside horizon_h; without, those that finished the job's work.
                      {"completed_fraction", m.completed_fraction},
                      {"horizon_h", In(r.plan.job.horizon, units::h) > 0
                                        ? nlohmann::json(In(r.plan.job.horizon, units::h))
                                        : nlohmann::json(nullptr)},
                      {"capped_replicas", m.capped},
                      {"wall_h_is_lower_bound", m.capped > 0},
                      {"energy_mwh_is_lower_bound", m.capped > 0},
                      {"wall_h", SpreadJson(m.wall_h, "h")},
                      {"useful_h", SpreadJson(m.useful_h, "h")},
                      {"effective_training_time", SpreadJson(m.goodput, "fraction")},
                      {"interruptions", SpreadJson(m.interruptions, "")},
                      {"planned_interruptions", SpreadJson(m.planned, "")},
                      {"rollbacks", SpreadJson(m.rollbacks, "")},
                      {"lost_work_h", SpreadJson(m.lost_h, "h")},
                      {"checkpoint_h", SpreadJson(m.checkpoint_h, "h")},
                      {"down_h", SpreadJson(m.down_h, "h")},
                      {"spare_wait_h", SpreadJson(m.spare_wait_h, "h")},
                      {"degraded_h", SpreadJson(m.degraded_h, "h")},
                      {"checkpoints", SpreadJson(m.checkpoints, "")},
                      {"energy_mwh", SpreadJson(m.energy_mwh, "MWh")},
                      {"events", m.events}};
  nlohmann::json by = nlohmann::json::object();
  for (size_t i = 0; i < m.by_cause.size() && i < r.plan.model.classes.size(); ++i) {
    by[r.plan.model.classes[i].name] = SpreadJson(m.by_cause[i], "");
  }
  j["interruptions_by_cause"] = by;
  return j;
}

}  // namespace

// The plan's warnings, and one when replicas stopped at the wall-time cap: their wall time and
// effective training time are not those of a finished run.
std::vector<std::string> TrainingWarnings(const TrainingReport& r) {
  std::vector<std::string> out = r.plan.warnings;
  if (r.mc.capped > 0) {
    out.push_back(fmt::format(
        "{} of {} replicas did not finish: they stopped at the simulator's wall-time cap ({}). "
        "The simulated wall time is a lower bound and the effective training time an upper "
        "bound.",
        r.mc.capped, r.mc.replicas,
        FormatDuration(std::min(r.plan.job.max_wall.si(), kMaxWallS) * units::s)));
  }
  return out;
}

Figure SpreadFigure(const Spread& s, std::string unit, double scale, std::string basis) {
  Interval x;  // p5 <= p50 <= p95 by construction (or NaN): no check that could throw here
  x.value = s.p50 * scale;
  x.low = s.p5 * scale;
  x.high = s.p95 * scale;
  return Figure::Of(x, std::move(unit), std::move(basis));
}

nlohmann::json SpreadJson(const Spread& s, std::string_view unit) {
  nlohmann::json j = ToJson(SpreadFigure(s, std::string(unit)));
  j["mean"] = s.mean;
  return j;
}

nlohmann::json IntervalJson(const Interval& x, std::string_view unit) {
  return ToJson(Figure::Of(x, std::string(unit)));
}

nlohmann::json TrainingJson(const TrainingReport& r) {
  const TrainingEstimate& e = r.plan.estimate;
  nlohmann::json j;
  j["gpu"] = r.gpu;
  j["site"] = r.site;
  j["count"] = r.inputs.gpus.value;
  j["mfu"] = IntervalJson(r.inputs.mfu, "fraction");
  j["training"] = {{"flops", IntervalJson(In(e.flops, units::flop), "FLOP")},
                   {"delivered_flop_per_s_per_gpu",
                    IntervalJson(In(e.delivered_per_gpu, units::flop_per_s), "FLOP/s")},
                   {"ideal_time_h", IntervalJson(In(e.ideal_time, units::h), "h")},
                   {"gpu_hours", IntervalJson(e.gpu_hours, "h")}};
  j["reliability"] = ReliabilityJson(r.plan);
  j["simulation"] = SimulationJson(r);
  nlohmann::json fleet = nlohmann::json::object();
  for (const ReportFigure& f : r.fleet) {
    nlohmann::json one = f.absent_why.empty()
                             ? IntervalJson(f.value, f.unit)
                             : nlohmann::json{{"value", nullptr}, {"why", f.absent_why}};
    one["label"] = f.description;
    // Replicas stopped at the wall-time cap: the figure grows with the wall time (RunFigures).
    if (f.absent_why.empty()) one["is_lower_bound"] = r.mc.capped > 0;
    fleet[f.name] = std::move(one);
  }
  j["fleet"] = fleet;
  j["warnings"] = TrainingWarnings(r);
  return j;
}

}  // namespace gpufleet

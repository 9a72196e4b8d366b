#include "gpufleet/training_report.h"

#include <fmt/format.h>

#include "gpufleet/duration_text.h"

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

nlohmann::json ReliabilityJson(const TrainingPlan& p) {
  return {{"failure_model", p.model.id},
          {"mtbi_h", H(p.mtbi)},
          {"unplanned_per_day", 24 / H(p.mtbi)},
          {"planned_per_day", 24 * p.job.planned_per_hour},
          {"checkpoint_write_s", S(p.job.checkpoint_write)},
          {"checkpoint_interval_s", S(p.job.interval)},
          {"checkpoint_interval_auto", p.interval_auto},
          {"young_interval_s", S(p.young)},
          {"daly_interval_s", S(p.daly)},
          {"best_interval_s", S(p.best)},
          {"closed_form_wall_h", H(p.expected_wall)},
          {"closed_form_effective_training_time", p.closed_form_goodput},
          {"spares", p.job.spares},
          {"causes", CausesJson(p)}};
}

nlohmann::json SimulationJson(const TrainingReport& r) {
  const McSummary& m = r.mc;
  nlohmann::json j = {{"replicas", m.replicas},
                      {"seed", m.seed},
                      {"completed_fraction", m.completed_fraction},
                      {"capped_replicas", m.capped},
                      {"wall_h_is_lower_bound", m.capped > 0},
                      {"wall_h", SpreadJson(m.wall_h)},
                      {"useful_h", SpreadJson(m.useful_h)},
                      {"effective_training_time", SpreadJson(m.goodput)},
                      {"interruptions", SpreadJson(m.interruptions)},
                      {"planned_interruptions", SpreadJson(m.planned)},
                      {"lost_work_h", SpreadJson(m.lost_h)},
                      {"checkpoint_h", SpreadJson(m.checkpoint_h)},
                      {"down_h", SpreadJson(m.down_h)},
                      {"spare_wait_h", SpreadJson(m.spare_wait_h)},
                      {"checkpoints", SpreadJson(m.checkpoints)},
                      {"energy_mwh", SpreadJson(m.energy_mwh)},
                      {"events", m.events}};
  nlohmann::json by = nlohmann::json::object();
  for (size_t i = 0; i < m.by_cause.size() && i < r.plan.model.classes.size(); ++i) {
    by[r.plan.model.classes[i].name] = SpreadJson(m.by_cause[i]);
  }
  j["interruptions_by_cause"] = by;
  return j;
}

// The plan's warnings, and one when replicas stopped at the wall-time cap: their wall time and
// effective training time are not those of a finished run.
std::vector<std::string> Warnings(const TrainingReport& r) {
  std::vector<std::string> out = r.plan.warnings;
  if (r.mc.capped > 0) {
    out.push_back(fmt::format(
        "{} of {} replicas did not finish: they stopped at the simulator's wall-time cap ({}). "
        "The simulated wall time is a lower bound and the effective training time an upper "
        "bound.",
        r.mc.capped, r.mc.replicas, FormatDuration(r.plan.job.max_wall)));
  }
  return out;
}

std::string Pct(const Spread& s) {
  return fmt::format("{:.1f}% ({:.1f}-{:.1f})", 100 * s.p50, 100 * s.p5, 100 * s.p95);
}
std::string Num(const Spread& s, int digits = 3) {
  return fmt::format("{:.{}g} ({:.{}g}-{:.{}g})", s.p50, digits, s.p5, digits, s.p95, digits);
}
std::string Days(const Spread& s) {
  return fmt::format("{:.3g} d ({:.3g}-{:.3g})", s.p50 / 24, s.p5 / 24, s.p95 / 24);
}

// (label, value) lines shared by the text and Markdown renderings.
std::vector<std::pair<std::string, std::string>> Lines(const TrainingReport& r) {
  const TrainingPlan& p = r.plan;
  const McSummary& m = r.mc;
  std::vector<std::pair<std::string, std::string>> out = {
      {"GPUs", fmt::format("{:.0f} x {}", r.inputs.gpus.value, r.gpu)},
      {"training FLOPs", ToString(In(p.estimate.flops, units::flop))},
      {"MFU", ToString(r.inputs.mfu)},
      {"ideal time (no failures)", ToString(In(p.estimate.ideal_time, units::day)) + " d"},
      {"GPU-hours (ideal)", ToString(p.estimate.gpu_hours * 1e-6) + " M"},
      {"failure model", p.model.id},
      {"MTBI (unplanned)", FormatDuration(p.mtbi)},
      {"checkpoint write", FormatDuration(p.job.checkpoint_write)},
      {"checkpoint interval",
       FormatDuration(p.job.interval) + (p.interval_auto ? " (Daly, auto)" : "")},
      {"Young / Daly / best interval", fmt::format("{} / {} / {}", FormatDuration(p.young),
                                                   FormatDuration(p.daly), FormatDuration(p.best))},
      {"closed form: wall time to finish, effective time",
       fmt::format("{:.3g} d, {:.1f}% (no planned stops)", H(p.expected_wall) / 24,
                   100 * p.closed_form_goodput)},
      {"simulated wall time p50 (p5-p95)", (m.capped ? "at least " : "") + Days(m.wall_h)},
      {"effective training time", (m.capped ? "at most " : "") + Pct(m.goodput)},
      {"unplanned interruptions", Num(m.interruptions, 4)},
      {"planned interruptions", Num(m.planned, 4)},
      {"lost work (h)", Num(m.lost_h)},
      {"checkpointing (h)", Num(m.checkpoint_h)},
      {"down time (h)", Num(m.down_h)},
      {"energy (MWh)", Num(m.energy_mwh)},
      {"replicas (seed)",
       fmt::format("{} ({}), {:.1f}% completed", m.replicas, m.seed, 100 * m.completed_fraction)}};
  for (const ReportFigure& f : r.fleet) {
    out.emplace_back(f.description, ToString(f.value) + " " + f.unit);
  }
  return out;
}

}  // namespace

nlohmann::json SpreadJson(const Spread& s) {
  return {{"mean", s.mean}, {"p5", s.p5}, {"p50", s.p50}, {"p95", s.p95}};
}

nlohmann::json IntervalJson(const Interval& x) {
  return {{"value", x.value}, {"low", x.low}, {"high", x.high}};
}

nlohmann::json TrainingJson(const TrainingReport& r) {
  const TrainingEstimate& e = r.plan.estimate;
  nlohmann::json j;
  j["gpu"] = r.gpu;
  j["site"] = r.site;
  j["count"] = r.inputs.gpus.value;
  j["mfu"] = IntervalJson(r.inputs.mfu);
  j["training"] = {
      {"flops", IntervalJson(In(e.flops, units::flop))},
      {"delivered_flop_per_s_per_gpu", IntervalJson(In(e.delivered_per_gpu, units::flop_per_s))},
      {"ideal_time_h", IntervalJson(In(e.ideal_time, units::h))},
      {"gpu_hours", IntervalJson(e.gpu_hours)}};
  j["reliability"] = ReliabilityJson(r.plan);
  j["simulation"] = SimulationJson(r);
  nlohmann::json fleet = nlohmann::json::object();
  for (const ReportFigure& f : r.fleet) fleet[f.name] = IntervalJson(f.value);
  j["fleet"] = fleet;
  j["warnings"] = Warnings(r);
  return j;
}

std::string TrainingText(const TrainingReport& r) {
  std::string out = "Training run with failures (gpufleet train)\n";
  for (const auto& [label, value] : Lines(r)) out += fmt::format("  {:<34} {}\n", label, value);
  for (const std::string& w : Warnings(r)) out += "  warning: " + w + "\n";
  return out;
}

std::string TrainingMarkdown(const TrainingReport& r) {
  std::string out = "## Training run with failures\n\n| figure | value |\n|---|---|\n";
  for (const auto& [label, value] : Lines(r)) out += fmt::format("| {} | {} |\n", label, value);
  for (const std::string& w : Warnings(r)) out += "\n> warning: " + w + "\n";
  return out;
}

}  // namespace gpufleet

#include "gpufleet/sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"
#include "gpufleet/training_report.h"
#include "util/csv.h"

namespace gpufleet {
namespace {

// Unplanned interruptions per 1,000 node-days from the MTBI; 0 without failures.
double PerThousandNodeDays(double mtbi_h, double gpus, double gpus_per_node) {
  const double nodes = gpus / gpus_per_node;
  return std::isfinite(mtbi_h) && mtbi_h > 0 ? 24 * 1000 / (mtbi_h * nodes) : 0;
}

// A row's failure rate: the one given (--failure-rate, a family's series), as given, which the
// plan scales the model to at every size; else the model's at this size, from its MTBI. Worked
// back from the MTBI, a given 1 read 1.0000000000000002 and 2 read 2.0000000000000004 (found by
// an adversarial tester).
double RowFailureRate(const ReliabilityOptions& opt, double mtbi_h, double gpus,
                      double gpus_per_node) {
  return opt.failure_rate ? *opt.failure_rate : PerThousandNodeDays(mtbi_h, gpus, gpus_per_node);
}

SweepRow RowFor(const TrainingInputs& in, const ReliabilityOptions& opt, const GpuFigures& gpu,
                const McOptions& mc) {
  SweepRow row;
  row.gpus = in.gpus.value;
  TrainingPlan plan;
  try {
    plan = PlanTraining(in, opt, gpu);
  } catch (const InfeasiblePlan& e) {
    row.feasible = false;
    row.note = e.detail();
    row.mtbi_h = e.mtbi_h;
    row.write_s = e.write_s;
    row.limit_h = e.limit_h;
    row.spikes = e.spikes;
    row.failure_rate = RowFailureRate(opt, e.mtbi_h, row.gpus, e.gpus_per_node);
    return row;
  }
  row.mtbi_h = In(plan.mtbi, units::h);
  row.write_s = In(plan.job.checkpoint_write, units::s);
  row.interval_s = In(plan.job.interval, units::s);
  row.daly_s = In(plan.daly, units::s);
  row.best_s = In(plan.best, units::s);
  row.ideal_h = In(plan.estimate.ideal_time, units::h).value;
  row.closed_form_goodput = plan.closed_form_goodput;
  row.closed_form_why = plan.closed_form_why;
  row.failure_rate = RowFailureRate(opt, row.mtbi_h, row.gpus, plan.model.gpus_per_node);
  const McSummary m = RunMonteCarlo(Compile(plan.job), mc);
  row.goodput = m.goodput;
  row.wall_h = m.wall_h;
  row.useful_h = m.useful_h;
  row.horizon_h = In(plan.job.horizon, units::h);
  row.interruptions = m.interruptions;
  row.completed_fraction = m.completed_fraction;
  row.capped = m.capped;
  return row;
}

}  // namespace

void CheckSweepAxis(double from, double to, int points, bool over_count, bool to_default) {
  if (points == 1 && !to_default && to != from) {
    throw InputError(
        Where{"", 0, "to"},
        fmt::format("not used with one point ({} 1), which sweeps {} alone: give "
                    "more points, or leave {} out",
                    inputs::Mention("points"), inputs::Mention("from"), inputs::Mention("to")));
  }
  if (!(from > to)) return;
  // Said in the axis's own units, with the default the user did not give ("--from 30" over the
  // interval read "got 108000..86400 in 13": seconds, no unit; found by an adversarial tester).
  const auto show = [&](double v) {
    return over_count ? FormatCount(v) + " GPUs" : FormatDuration(v * units::s);
  };
  throw InputError(Where{"", 0, to_default ? "from" : "to"},
                   fmt::format("{} ({}) is after {} ({}{}): give a {} at or below it",
                               inputs::Mention("from"), show(from), inputs::Mention("to"), show(to),
                               to_default ? ", its default" : "", inputs::Mention("from")));
}

std::vector<double> LogSpaced(double from, double to, int points) {
  if (!(from > 0) || !(to >= from) || !std::isfinite(to) || points < 1) {
    throw InputError(
        Where{"", 0, "from"},
        fmt::format("need 0 < from <= to and points >= 1, got {}..{} in {}", from, to, points));
  }
  std::vector<double> out;
  for (int i = 0; i < points; ++i) {
    const double f = points == 1 ? 0 : static_cast<double>(i) / (points - 1);
    out.push_back(from * std::pow(to / from, f));
  }
  return out;
}

std::vector<SweepRow> SweepCount(TrainingInputs in, const ReliabilityOptions& opt,
                                 const GpuFigures& gpu, const std::vector<double>& counts,
                                 const McOptions& mc) {
  std::vector<SweepRow> rows;
  std::vector<double> swept;  // whole GPU counts, each once: 1..4 in 10 points repeated 1, 2, 3
  for (double c : counts) {
    const double whole = std::max(1.0, std::round(c));
    if (std::find(swept.begin(), swept.end(), whole) != swept.end()) continue;
    swept.push_back(whole);
    in.gpus = whole;
    // A point over the work budget is named: the whole sweep failed without saying which one
    // (found by an adversarial tester).
    try {
      rows.push_back(RowFor(in, opt, gpu, mc));
    } catch (const WorkBudgetError& e) {
      throw WorkBudgetError(e.where(),
                            fmt::format("at {} GPUs: {}", FormatCount(whole), e.detail()));
    }
  }
  return rows;
}

std::vector<SweepRow> SweepInterval(const TrainingInputs& in, ReliabilityOptions opt,
                                    const GpuFigures& gpu, const std::vector<Duration<>>& intervals,
                                    const McOptions& mc) {
  std::vector<SweepRow> rows;
  for (Duration<> t : intervals) {
    // The interval on the critical path: the in-memory (peer) copies' when they are on, as
    // PlanTraining takes it. Setting the storage interval there swept nothing (every row the
    // same; found by an adversarial tester).
    (opt.peer_write ? opt.peer_interval : opt.interval) = t;
    try {
      rows.push_back(RowFor(in, opt, gpu, mc));
    } catch (const WorkBudgetError& e) {
      throw WorkBudgetError(e.where(), fmt::format("at a checkpoint interval of {}: {}",
                                                   FormatDuration(t), e.detail()));
    }
  }
  return rows;
}

std::vector<SweepRow> SweepFamily(const TrainingInputs& in, const ReliabilityOptions& opt,
                                  const GpuFigures& gpu, const std::vector<double>& counts,
                                  const std::vector<double>& failure_rates,
                                  const std::vector<Duration<>>& checkpoint_writes,
                                  const McOptions& mc) {
  std::vector<std::optional<double>> rates(failure_rates.begin(), failure_rates.end());
  std::vector<std::optional<Duration<>>> writes(checkpoint_writes.begin(), checkpoint_writes.end());
  if (rates.empty()) rates.push_back(std::nullopt);
  if (writes.empty()) writes.push_back(std::nullopt);
  std::vector<SweepRow> rows;
  for (const std::optional<double>& rate : rates) {
    for (const std::optional<Duration<>>& write : writes) {
      ReliabilityOptions o = opt;
      if (rate) o.failure_rate = *rate;
      if (write) o.checkpoint_write = *write;
      const std::string label = fmt::format(
          "{}, {}",
          rate ? fmt::format("{:g} per 1,000 node-days", *rate)
               : (opt.failure_rate ? fmt::format("{:g} per 1,000 node-days", *opt.failure_rate)
                                   : "the model's rate"),
          write ? "write " + FormatDuration(*write)
                : (opt.checkpoint_write ? "write " + FormatDuration(*opt.checkpoint_write)
                                        : "write by size"));
      std::vector<SweepRow> series;
      try {
        series = SweepCount(in, o, gpu, counts, mc);
      } catch (const WorkBudgetError& e) {
        throw WorkBudgetError(e.where(), fmt::format("series '{}', {}", label, e.detail()));
      }
      for (SweepRow& r : series) {
        r.series = label;
        rows.push_back(std::move(r));
      }
    }
  }
  return rows;
}

nlohmann::json SweepJson(const std::vector<SweepRow>& rows, const std::string& over) {
  nlohmann::json arr = nlohmann::json::array();
  for (const SweepRow& r : rows) {
    nlohmann::json j = {{"gpus", r.gpus}, {"feasible", r.feasible}};
    if (!r.series.empty()) j["series"] = r.series;
    if (!r.feasible) {
      // What is known of an infeasible point: its failures and its write.
      j.update({{"note", r.note},
                {"mtbi_h", r.mtbi_h},
                {"checkpoint_write_s", r.write_s},
                {"failure_rate", r.failure_rate}});
    } else {
      j.update({{"mtbi_h", r.mtbi_h},
                {"checkpoint_write_s", r.write_s},
                {"checkpoint_interval_s", r.interval_s},
                {"daly_interval_s", r.daly_s},
                {"best_interval_s", r.best_s},
                {"ideal_h", r.ideal_h},
                {"closed_form_goodput", r.closed_form_goodput},  // NaN: null
                {"effective_training_time", SpreadJson(r.goodput, "fraction")},
                {"wall_h", SpreadJson(r.wall_h, "h")},
                {"interruptions", SpreadJson(r.interruptions, "")},
                {"completed_fraction", r.completed_fraction},
                {"failure_rate", r.failure_rate}});
      if (!r.closed_form_why.empty()) j["closed_form_why"] = r.closed_form_why;
      if (r.capped > 0) {
        j["capped_replicas"] = r.capped;
        j["wall_h_is_lower_bound"] = true;
      }
    }
    arr.push_back(j);
  }
  return {{"over", over}, {"rows", arr}};
}

std::string SweepCsv(const std::vector<SweepRow>& rows) {
  std::string out =
      "gpus,feasible,mtbi_h,checkpoint_write_s,checkpoint_interval_s,daly_interval_s,best_interval_"
      "s,"
      "ideal_h,closed_form_goodput,goodput_p5,goodput_p50,goodput_p95,wall_h_p5,wall_h_p50,wall_h_"
      "p95,failure_rate,series,completed_fraction,capped_replicas,note\n";
  // An empty field where a number has no finite value (no failures: the MTBI is infinite and the
  // best interval undefined), as JSON writes null and the text "never": the CSV held "inf" and
  // "-nan" (found by an adversarial tester). The completed share and the capped replicas say
  // which rows stopped at the wall-time cap, as the text's "<=" does.
  const auto num = [](double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); };
  for (const SweepRow& r : rows) {
    // An infeasible row has no figures (JSON leaves them out, the text prints "-"): empty fields
    // and the reason, not zeros (an MTBI of 0 h was written; found by an adversarial tester).
    if (!r.feasible) {
      out += fmt::format("{},0,{},{},,,,,,,,,,,,{},{},,,{}\n", num(r.gpus), num(r.mtbi_h),
                         num(r.write_s), num(r.failure_rate), CsvCell(r.series), CsvCell(r.note));
      continue;
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", num(r.gpus),
                       r.feasible ? 1 : 0, num(r.mtbi_h), num(r.write_s), num(r.interval_s),
                       num(r.daly_s), num(r.best_s), num(r.ideal_h), num(r.closed_form_goodput),
                       num(r.goodput.p5), num(r.goodput.p50), num(r.goodput.p95), num(r.wall_h.p5),
                       num(r.wall_h.p50), num(r.wall_h.p95), num(r.failure_rate), CsvCell(r.series),
                       num(r.completed_fraction), r.capped, "");
  }
  return out;
}

std::string SweepTable(const std::vector<SweepRow>& rows, bool md) {
  const std::vector<std::string> head = {"GPUs",        "MTBI",          "ckpt write",
                                         "interval",    "best interval", "goodput p50 (p5-p95)",
                                         "closed form", "wall p50"};
  std::vector<std::vector<std::string>> cells;
  for (const SweepRow& r : rows) {
    if (!r.feasible) {
      cells.push_back(
          {fmt::format("{:.0f}", r.gpus), FormatDuration(r.mtbi_h * units::h),
           FormatDuration(r.write_s * units::s), "-", "-",
           // With loss spikes the limit is M' (failures and spikes), not the MTBI
           // beside it ("write >= MTBI" beside 53 days; found by an adversarial
           // tester), as the JSON's note says.
           r.spikes ? "infeasible: checkpoint write >= " + FormatDuration(r.limit_h * units::h) +
                          " between failures and loss spikes"
                    : std::string("infeasible: checkpoint write >= MTBI"),
           "-", "-"});
      continue;
    }
    cells.push_back(
        {fmt::format("{:.0f}", r.gpus), FormatDuration(r.mtbi_h * units::h),
         FormatDuration(r.write_s * units::s), FormatDuration(r.interval_s * units::s),
         FormatDuration(r.best_s * units::s),
         (r.capped ? "<= " : "") + fmt::format("{:.1f}% ({:.1f}-{:.1f})", 100 * r.goodput.p50,
                                               100 * r.goodput.p5, 100 * r.goodput.p95),
         std::isnan(r.closed_form_goodput) ? std::string("n/a (see below)")
                                           : fmt::format("{:.1f}%", 100 * r.closed_form_goodput),
         (r.capped ? ">= " : "") + FormatDuration(r.wall_h.p50 * units::h)});
  }
  // A goodput family: the series first, and the failure rate per 1,000 node-days.
  std::vector<std::string> header = head;
  std::vector<bool> right(head.size(), true);
  if (std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return !r.series.empty(); })) {
    header.insert(header.begin(), {"series", "per 1,000 node-days"});
    right.insert(right.begin(), {false, true});
    for (size_t i = 0; i < rows.size(); ++i) {
      cells[i].insert(cells[i].begin(),
                      {rows[i].series, fmt::format("{:.3g}", rows[i].failure_rate)});
    }
  }
  TextTable t;
  t.header = {header};
  t.rows = std::move(cells);
  t.right = std::move(right);
  std::string out = md ? t.Markdown() : t.Text();
  // The closed form's "n/a", once, with its reason (the first row's: every such row has the
  // same cause, loss spikes past the renewal estimate's domain).
  const auto na = std::find_if(rows.begin(), rows.end(),
                               [](const SweepRow& r) { return !r.closed_form_why.empty(); });
  if (na != rows.end()) {
    out +=
        fmt::format("\nclosed form n/a at {:.0f} GPUs{}: {}\n", na->gpus,
                    std::count_if(rows.begin(), rows.end(),
                                  [](const SweepRow& r) { return !r.closed_form_why.empty(); }) > 1
                        ? " and others"
                        : "",
                    na->closed_form_why);
  }
  return out;
}

}  // namespace gpufleet

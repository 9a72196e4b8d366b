// FitDocument: the fit of failure and restart parameters (fit.h) as a Report for every renderer;
// JSON adds "results" by name and "inputs" (flat_results).
#include <fmt/format.h>

#include "gpufleet/duration_text.h"
#include "gpufleet/fit.h"
#include "gpufleet/report.h"

namespace gpufleet::report {

Report FitDocument(const FitInputs& in, const FitResult& r) {
  Report doc;
  // "on 1 GPUs" read wrong (found by an adversarial tester): each count takes its own number.
  const auto s = [](double n) { return n == 1 ? "" : "s"; };
  // Under a day, a duration ("over 0.0416667 days" for 1 h; found by an adversarial tester): the
  // window as fit's own text says it (FitWindowText).
  doc.title = fmt::format(
      "Failure and restart parameters fitted to {} interruption{} on {} GPU{} "
      "over {} (gpufleet fit)",
      in.interruptions, s(in.interruptions), in.gpus, s(in.gpus), FitWindowText(in.window));
  doc.flat_results = true;
  nlohmann::json inputs{{"count", in.gpus},
                        {"gpus_per_node", in.gpus_per_node},
                        {"window_d", In(in.window, units::h) / 24},
                        {"interruptions", in.interruptions},
                        {"effective", ToJson(Figure::Of(in.effective, "fraction"))},
                        {"checkpoint_write_s", In(in.checkpoint_write, units::s)},
                        {"rollback_rate", in.rollback_per_day},
                        {"confidence", in.confidence}};
  inputs["checkpoint_interval_h"] =
      in.interval ? nlohmann::json(In(*in.interval, units::h)) : nlohmann::json("auto");
  inputs["restart_s"] =
      in.restart ? nlohmann::json(In(*in.restart, units::s)) : nlohmann::json(nullptr);
  doc.inputs = inputs;

  Section rate{"failures", "Failure rate"};
  rate.rows = {
      {"failure_rate", "unplanned interruptions per 1,000 node-days (--failure-rate)",
       r.failure_rate},
      {"interruptions_per_day", "interruptions of the job per day", r.interruptions_per_day},
      {"mtbi_h", "mean time between interruptions of the job", r.mtbi},
  };
  Section ops{"operations", "Restarts and lost work"};
  ops.rows = {
      {"checkpoint_interval_s", "checkpoint interval", r.interval},
      {"restart_s", "restart time, detection included (--restart)", r.restart},
      {"rollback_lost_h", "work each loss spike throws away (--rollback-lost)", r.rollback_lost},
      {"unexplained_s", "time per interruption beyond the restart given", r.unexplained},
      {"lost_per_interruption_s", "down time per interruption (the closed form's mean restart)",
       r.lost_per_interruption},
  };
  ops.notes = r.notes;
  if (!r.reproduce.empty()) ops.notes.push_back("reproduce: " + r.reproduce);
  doc.extra = {rate, ops};
  return doc;
}

}  // namespace gpufleet::report

#include "gpufleet/failure_model_format.h"

#include <fmt/format.h>

#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"

namespace gpufleet {
namespace {

double Seconds(Duration<> d) { return In(d, units::s); }

std::string Calibration(const FailureModel& m) {
  if (m.calibration_gpus <= 0) return "-";
  return fmt::format("{} GPUs x {}", FormatCount(m.calibration_gpus),
                     FormatQuantity(m.calibration_hours, "h"));
}

TextTable Models(const std::vector<FailureModel>& models) {
  TextTable t;
  t.header = {{"id", "name", "classes", "restart", "calibration", "source"}};
  t.right = {false, false, true, true, false, false};
  for (const FailureModel& m : models) {
    t.rows.push_back({m.id, m.name, std::to_string(m.classes.size()),
                      FormatQuantity(m.restart_s, "s"), Calibration(m), m.source});
  }
  return t;
}

std::string Frequency(const FailureClass& c) {
  if (c.count > 0) return FormatCount(c.count);
  return FormatNumber(c.rate_per_unit_hour, 3) + "/h";
}

TextTable Classes(const std::vector<FailureModel>& models) {
  TextTable t;
  t.header = {{"class", "category", "scale", "count", "restart", "source", "year", "confidence"}};
  t.right = {false, false, false, true, true, false, true, false};
  for (const FailureModel& m : models) {
    for (const FailureClass& c : m.classes) {
      t.rows.push_back({m.id + "." + c.name, c.category, std::string(ToString(c.scale)),
                        Frequency(c), FormatQuantity(Seconds(c.restart), "s"), c.source,
                        std::to_string(c.year), c.confidence});
    }
  }
  return t;
}

}  // namespace

std::string FailureModelsTable(const std::vector<FailureModel>& models, bool sources, bool md) {
  std::string out =
      fmt::format("{}failure models ({})\n{}", md ? "## " : "", models.size(), md ? "\n" : "");
  const TextTable t = Models(models);
  out += md ? t.Markdown() : t.Text();
  if (sources) {
    const TextTable c = Classes(models);
    out += md ? "\n### failure classes\n\n" + c.Markdown() : "\nfailure classes:\n" + c.Text();
  }
  return out;
}

nlohmann::json FailureModelsJson(const std::vector<FailureModel>& models) {
  nlohmann::json out = nlohmann::json::array();
  for (const FailureModel& m : models) {
    nlohmann::json classes = nlohmann::json::array();
    for (const FailureClass& c : m.classes) {
      classes.push_back({{"name", c.name},
                         {"category", c.category},
                         {"scale", ToString(c.scale)},
                         {"count", c.count},
                         {"rate_per_unit_hour", c.rate_per_unit_hour},
                         {"restart_s", Seconds(c.restart)},
                         {"removes_node", c.removes_node},
                         {"source", c.source},
                         {"year", c.year},
                         {"confidence", c.confidence}});
    }
    out.push_back({{"id", m.id},
                   {"name", m.name},
                   {"origin", m.origin},
                   {"source", m.source},
                   {"year", m.year},
                   {"confidence", m.confidence},
                   {"calibration_gpus", m.calibration_gpus},
                   {"calibration_hours", m.calibration_hours},
                   {"gpus_per_node", m.gpus_per_node},
                   {"gpus_per_rack", m.gpus_per_rack},
                   {"restart_s",
                    {{"value", m.restart_s.value},
                     {"low", m.restart_s.low},
                     {"high", m.restart_s.high},
                     {"source", m.restart_source}}},
                   {"planned",
                    {{"rate_per_job_hour", m.planned_per_job_hour},
                     {"downtime_s", Seconds(m.planned_downtime)},
                     {"source", m.planned_source}}},
                   {"classes", classes}});
  }
  return out;
}

}  // namespace gpufleet

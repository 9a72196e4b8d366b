// BuildScenarioReport: a scenario's fleets, each as a FleetReport.
#include <fmt/format.h>

#include "gpufleet/report.h"

namespace gpufleet::report {
namespace {

bool IsLengthComparison(const Comparison& c) { return c.what.starts_with("cards end to end"); }

// When the fleet's GPU has no published length, lays out `proxy` cards instead: adds a row to
// the space section and the length comparisons, each saying which card was used.
void AddLengthProxy(const std::string& proxy, const Catalog& c, FleetReport& f) {
  if (proxy.empty() || f.inputs.board_length) return;
  const Entry& gpu = c.Get("gpu", proxy);
  const Fact* len = gpu.Find("board_length_mm");
  if (len == nullptr) return;
  FleetInputs as = f.inputs;
  SetInput(as, "board_length_mm", len->value);
  const FleetResult r = Evaluate(as);
  std::optional<NamedResult> row = FindResult(as, r, "length_m");
  if (!row || !row->figure.present()) return;
  row->name = "length_proxy_m";
  row->description = "as " + gpu.id + " cards end to end";
  row->figure = Figure::Of(
      row->figure.range(), row->figure.unit(),
      row->figure.basis() + fmt::format(" ({} has no published length)", f.inputs.gpu_id));
  f.sources.push_back(
      {"length_proxy: " + gpu.id + ".board_length_mm",
       fmt::format("{}, {}, {}", len->source, len->year, ToString(len->confidence))});
  for (Section& s : f.sections) {
    if (s.id == "space") s.rows.push_back(*row);
  }
  for (Comparison k : Compare(as, r, c)) {
    if (!IsLengthComparison(k)) continue;
    k.what = "as " + gpu.id + " " + k.what;
    k.text = "as " + gpu.id + " " + k.text;
    f.comparisons.push_back(k);
  }
}

}  // namespace

Report BuildScenarioReport(const Scenario& s, const Catalog& c) {
  Report r;
  r.title = s.title;
  r.description = s.description;
  r.scenario = true;
  for (const ScenarioFleet& sf : s.fleets) {
    FleetReport f = BuildFleetReport(sf.name, sf.inputs, c, sf.notes);
    f.description = sf.description;
    AddLengthProxy(sf.length_proxy_gpu, c, f);
    r.fleets.push_back(std::move(f));
  }
  return r;
}

}  // namespace gpufleet::report

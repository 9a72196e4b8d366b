// The HTML of one fleet: figures, charts, comparisons, assumptions, sources.
#include <fmt/format.h>

#include "gpufleet/si_format.h"
#include "report/breakdown.h"
#include "report/html_parts.h"
#include "report/svg.h"

namespace gpufleet::report {
namespace {

std::string ComparisonChart(const std::vector<Comparison>& comparisons) {
  std::vector<svg::Bar> bars;
  for (const Comparison& c : comparisons) {
    const size_t vs = c.what.find(" vs ");
    bars.push_back({vs == std::string::npos ? c.what : c.what.substr(vs + 4), c.ratio});
  }
  return svg::LogBarChart("The fleet against references (fleet / reference, log scale)", "ratio",
                          bars);
}

}  // namespace

std::vector<std::string> FleetCharts(const FleetReport& f) {
  std::vector<std::string> out;
  for (const Breakdown& b : FleetBreakdowns(f.inputs, Evaluate(f.inputs))) {
    std::vector<svg::Bar> bars;
    for (const BreakdownPart& p : b.parts) bars.push_back({p.label, p.value, p.why});
    out.push_back(svg::BarChart(b.title, b.unit, bars));
  }
  if (!f.comparisons.empty()) out.push_back(ComparisonChart(f.comparisons));
  return out;
}

void FleetHtml(const FleetReport& f, size_t index, std::string& out) {
  const FleetInputs& in = f.inputs;
  out += fmt::format("<section class=\"fleet\" id=\"fleet-{}\"><h2>{}</h2>\n", index, Esc(f.name));
  out += fmt::format(
      "<p class=\"setup\">{} x <code>{}</code>, site <code>{}</code>, system "
      "<code>{}</code>, {} hours.</p>\n",
      // The one formatter, as text and Markdown print them ("3.5e+05 x h100-sxm, 8.76e+03
      // hours" beside "350,000" and "8,760 h"; found by an adversarial tester).
      Esc(FormatCount(in.count)), Esc(in.gpu_id), Esc(in.site_id.empty() ? "none" : in.site_id),
      Esc(in.system_id.empty() ? "none" : in.system_id), Esc(FormatCount(In(in.period, units::h))));
  if (!f.description.empty()) out += "<p>" + Esc(f.description) + "</p>\n";
  out += "<div class=\"charts\">\n";
  for (const std::string& chart : FleetCharts(f)) out += "<figure>" + chart + "</figure>\n";
  out += "</div>\n";
  const std::string prefix = fmt::format("fleet-{}-", index);
  for (const Section& s : f.sections) SectionHtml(s, "h3", out, prefix);
  ListHtml(
      "Compared with", f.comparisons, [](const Comparison& c) { return c.text; }, out);
  ListHtml(
      "Assumptions", f.notes, [](const std::string& n) { return n; }, out);
  ListHtml(
      "Sources", f.sources, [](const Source& s) { return s.what + ": " + s.citation; }, out);
  out += "</section>\n";
}

}  // namespace gpufleet::report

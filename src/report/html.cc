// RenderHtml: the page skeleton, its stylesheet, figures tables and the fleets side by side.
#include <fmt/format.h>

#include <algorithm>

#include "gpufleet/report_html.h"
#include "gpufleet/version.h"
#include "report/html_parts.h"

namespace gpufleet::report {
namespace {

constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; max-width: 1100px; margin: 0 auto;
       padding: 0 16px 32px; }
h1 { color: #1f6feb; } h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 8px; }
figure { margin: 0; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #57606a; }
nav ul { columns: 2; } code { font-size: 12px; }
@media print { nav { display: none; } section { break-before: page; } body { max-width: none; } }
)";

// "energy_facility_kwh" etc. of every fleet, as one bar chart (when there are several fleets). A
// fleet whose figure is absent (no site: no operational carbon) keeps its row, "n/a" with the
// why (it had no bar and no word; found by an adversarial tester).
std::string AcrossFleets(const Report& r, const std::string& name, const std::string& title) {
  std::vector<svg::Bar> bars;
  std::string unit;
  for (const FleetReport& f : r.fleets) {
    for (const NamedResult* n : FleetRows(f)) {
      if (n->name != name) continue;
      if (n->figure.present()) {
        bars.push_back({f.name, n->figure.range(), ""});
      } else {
        bars.push_back({f.name, {}, n->figure.why()});
      }
      unit = n->figure.unit();
      break;
    }
  }
  return bars.empty() ? "" : svg::BarChart(title, unit, bars);
}

void Overview(const Report& r, std::string& out) {
  if (r.fleets.size() < 2) return;
  out += "<section id=\"overview\"><h2>The fleets side by side</h2><div class=\"charts\">\n";
  for (const auto& [name, title] : {std::pair{"power_facility_w", "Peak facility power"},
                                    {"energy_facility_kwh", "Facility energy"},
                                    {"co2e_operational_kg", "Operational carbon"}}) {
    const std::string chart = AcrossFleets(r, name, title);
    if (!chart.empty()) out += "<figure>" + chart + "</figure>\n";
  }
  out += "</div></section>\n";
}

void Contents(const Report& r, std::string& out) {
  out += "<nav><h2>Contents</h2><ul>\n";
  for (size_t i = 0; i < r.fleets.size(); ++i) {
    out += fmt::format("<li><a href=\"#fleet-{}\">{}</a></li>\n", i, Esc(r.fleets[i].name));
  }
  for (const Section& s : r.extra) {
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", Esc(s.id), Esc(s.title));
  }
  out += "</ul></nav>\n";
}

void Figures(const std::vector<HtmlFigure>& figures, const std::string& section_id,
             std::string& out) {
  std::string inner;
  for (const HtmlFigure& f : figures) {
    if (f.section_id != section_id) continue;
    inner += "<figure>" + f.svg;
    if (!f.caption.empty()) inner += "<figcaption>" + Esc(f.caption) + "</figcaption>";
    inner += "</figure>\n";
  }
  if (!inner.empty()) out += "<div class=\"charts\">\n" + inner + "</div>\n";
}

}  // namespace

void RowsHtml(const std::vector<NamedResult>& rows, std::string& out) {
  if (rows.empty()) return;
  out +=
      "<table><thead><tr><th>figure</th><th>value (range)</th><th>name</th>"
      "<th>assumption</th></tr></thead><tbody>\n";
  for (const NamedResult& r : rows) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td>"
        "<td>{}</td></tr>\n",
        Esc(r.description), Esc(FormatFigure(r.figure)), Esc(r.name), Esc(r.figure.basis()));
  }
  out += "</tbody></table>\n";
}

void TableHtml(const Table& t, std::string& out) {
  out += "<table><thead><tr>";
  for (const std::string& c : t.columns) out += "<th>" + Esc(c) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& row : t.cells) {
    out += "<tr>";
    for (const std::string& c : row) out += "<td>" + Esc(c) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

void SectionHtml(const Section& s, const char* level, std::string& out,
                 const std::string& id_prefix) {
  out +=
      fmt::format("<{0} id=\"{1}{2}\">{3}</{0}>\n", level, Esc(id_prefix), Esc(s.id), Esc(s.title));
  RowsHtml(s.rows, out);
  if (!s.comparisons.empty()) {
    out += "<ul>\n";
    for (const Comparison& c : s.comparisons) out += "<li>" + Esc(c.text) + "</li>\n";
    out += "</ul>\n";
  }
  if (s.table) TableHtml(*s.table, out);
  for (const std::string& n : s.notes) out += "<p class=\"note\">" + Esc(n) + "</p>\n";
}

std::string RenderHtml(const Report& r, const std::vector<HtmlFigure>& figures) {
  const std::string title = r.title.empty() ? "gpufleet report" : r.title;
  std::string out = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>{1}</style></head>\n<body>\n<h1>{0}</h1>\n",
      Esc(title), kStyle);
  if (!r.description.empty()) out += "<p>" + Esc(r.description) + "</p>\n";
  Contents(r, out);
  Overview(r, out);
  for (size_t i = 0; i < r.fleets.size(); ++i) FleetHtml(r.fleets[i], i, out);
  std::vector<std::string> placed;
  for (const Section& s : r.extra) {
    out += "<section class=\"extra\">\n";
    SectionHtml(s, "h2", out);
    Figures(figures, s.id, out);
    out += "</section>\n";
    placed.push_back(s.id);
  }
  std::vector<HtmlFigure> rest;
  for (const HtmlFigure& f : figures) {
    if (std::find(placed.begin(), placed.end(), f.section_id) == placed.end()) rest.push_back(f);
  }
  if (!rest.empty()) {
    out += "<section class=\"extra\"><h2>More charts</h2>\n";
    for (HtmlFigure& f : rest) f.section_id = "";
    Figures(rest, "", out);
    out += "</section>\n";
  }
  out += fmt::format(
      "<footer><p>Generated by gpufleet {}. Every figure is a central value with "
      "its range; sources are listed per fleet.</p></footer>\n</body></html>\n",
      kVersion);
  return out;
}

}  // namespace gpufleet::report

// RenderMarkdown: the report as GitHub-flavoured Markdown (tables, lists).
#include "util/markdown.h"

#include <fmt/format.h>

#include "gpufleet/report.h"
#include "gpufleet/si_format.h"

namespace gpufleet::report {
namespace {

std::string Cell(const std::string& s) { return MdText(s); }

void RowsMd(const std::vector<NamedResult>& rows, std::string& out) {
  if (rows.empty()) return;
  out += "| Figure | Value | Name | Assumption |\n|---|---|---|---|\n";
  for (const NamedResult& r : rows) {
    out += fmt::format("| {} | {} | {} | {} |\n", Cell(r.description), Cell(FormatFigure(r.figure)),
                       MdCode(r.name), Cell(r.figure.basis()));
  }
  out += "\n";
}

void TableMd(const Table& t, std::string& out) {
  std::string head = "|", rule = "|";
  for (const std::string& c : t.columns) {
    head += " " + Cell(c) + " |";
    rule += "---|";
  }
  out += head + "\n" + rule + "\n";
  for (const auto& row : t.cells) {
    std::string line = "|";
    for (const std::string& c : row) line += " " + Cell(c) + " |";
    out += line + "\n";
  }
  out += "\n";
}

void SectionMd(const Section& s, const char* level, std::string& out) {
  out += fmt::format("{} {}\n\n", level, Cell(s.title));
  RowsMd(s.rows, out);
  for (const Comparison& c : s.comparisons) out += fmt::format("- {}\n", Cell(c.text));
  if (s.table) TableMd(*s.table, out);
  for (const std::string& n : s.notes) out += "- " + Cell(n) + "\n";
  if (!s.comparisons.empty() || !s.notes.empty()) out += "\n";
}

void FleetMd(const FleetReport& f, std::string& out) {
  const FleetInputs& in = f.inputs;
  out += fmt::format("## {}\n\n{} x {}, site {}, system {}, {}.\n\n", Cell(f.name),
                     FormatCount(in.count), MdCode(in.gpu_id, MdPlace::kText),
                     MdCode(in.site_id.empty() ? "none" : in.site_id, MdPlace::kText),
                     MdCode(in.system_id.empty() ? "none" : in.system_id, MdPlace::kText),
                     FormatCount(In(in.period, units::h), "h"));
  if (!f.description.empty()) out += Cell(f.description) + "\n\n";
  for (const Section& s : f.sections) SectionMd(s, "###", out);
  if (!f.comparisons.empty()) {
    out += "### Compared with\n\n";
    for (const Comparison& c : f.comparisons) out += fmt::format("- {}\n", Cell(c.text));
    out += "\n";
  }
  if (!f.notes.empty()) {
    out += "### Assumptions\n\n";
    for (const std::string& n : f.notes) out += "- " + Cell(n) + "\n";
    out += "\n";
  }
  out += "### Sources\n\n";
  for (const Source& s : f.sources) {
    out += fmt::format("- {}: {}\n", MdCode(s.what, MdPlace::kText), Cell(s.citation));
  }
  out += "\n";
}

}  // namespace

std::string RenderMarkdown(const Report& r) {
  std::string out;
  if (!r.title.empty()) out += "# " + Cell(r.title) + "\n\n";
  if (!r.description.empty()) out += Cell(r.description) + "\n\n";
  for (const FleetReport& f : r.fleets) FleetMd(f, out);
  for (const Section& s : r.extra) SectionMd(s, "##", out);
  return out;
}

}  // namespace gpufleet::report

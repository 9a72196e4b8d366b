// Render: the one entry point from a result document to any format; RenderCsv.
#include <fmt/format.h>

#include "gpufleet/format.h"
#include "gpufleet/report.h"
#include "gpufleet/report_html.h"
#include "util/csv.h"

namespace gpufleet {

std::string_view ToString(Format f) {
  switch (f) {
    case Format::kJson:
      return "json";
    case Format::kMarkdown:
      return "md";
    case Format::kHtml:
      return "html";
    case Format::kCsv:
      return "csv";
    case Format::kText:
      break;
  }
  return "text";
}

namespace report {
namespace {

std::string Csv(const std::string& s) { return CsvCell(s); }

std::string Number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : ""; }

// Words as a row of their own, named `name` with the words as its label and no value (a note,
// an assumption or caveat; a title; a description; a table's row): so a spreadsheet keeps what
// the text and Markdown say beside the figures.
void CsvText(const std::string& block, const std::string& section, const std::string& name,
             const std::string& text, std::string& out) {
  out += fmt::format("{},{},{},{},,,,,,\n", Csv(block), Csv(section), Csv(name), Csv(text));
}

void CsvNote(const std::string& block, const std::string& section, const std::string& note,
             std::string& out) {
  CsvText(block, section, "note", note, out);
}

// A comparison as a row: the reference's id as its name, the sentence as its label, the ratio
// (fleet / reference) as its figure, with JSON's unit for it ("", a pure number; CSV said
// `ratio` where JSON says "": found by an adversarial tester), and what is compared as its basis.
void CsvComparison(const std::string& block, const std::string& section, const Comparison& c,
                   std::string& out) {
  out += fmt::format("{},{},{},{},{},{},{},,{},\n", Csv(block), Csv(section), Csv(c.reference),
                     Csv(c.text), Number(c.ratio.value), Number(c.ratio.low), Number(c.ratio.high),
                     Csv(c.what));
}

// A section's table, one row per table row: name "table", the cells as "column: cell; ...".
void CsvTable(const std::string& block, const Section& s, std::string& out) {
  if (!s.table) return;
  for (const std::vector<std::string>& row : s.table->cells) {
    std::string label;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) label += "; ";
      label += (i < s.table->columns.size() ? s.table->columns[i] + ": " : "") + row[i];
    }
    CsvText(block, s.id, "table", label, out);
  }
}

void CsvRows(const std::string& block, const Section& s, std::string& out) {
  for (const NamedResult& r : s.rows) {
    const Figure& f = r.figure;
    out += fmt::format("{},{},{},{},", Csv(block), Csv(s.id), Csv(r.name), Csv(r.description));
    if (f.present()) {
      const Interval& x = f.range();
      out += fmt::format("{},{},{},{},{},\n", Number(x.value), Number(x.low), Number(x.high),
                         Csv(f.unit()), Csv(f.basis()));
    } else {
      out += fmt::format(",,,{},,{}\n", Csv(f.unit()), Csv(f.why()));
    }
  }
  for (const Comparison& c : s.comparisons) CsvComparison(block, s.id, c, out);
  CsvTable(block, s, out);
  for (const std::string& n : s.notes) CsvNote(block, s.id, n, out);
}

}  // namespace

std::string RenderCsv(const Report& r) {
  std::string out = "block,section,name,label,value,low,high,unit,basis,why\n";
  // The title and descriptions as rows too: every format says what the report is about.
  if (!r.title.empty()) CsvText("", "title", "title", r.title, out);
  if (!r.description.empty()) CsvText("", "description", "description", r.description, out);
  for (const FleetReport& f : r.fleets) {
    if (!f.description.empty()) CsvText(f.name, "description", "description", f.description, out);
    for (const Section& s : f.sections) CsvRows(f.name, s, out);
    for (const Comparison& c : f.comparisons) CsvComparison(f.name, "comparisons", c, out);
    for (const std::string& n : f.notes) CsvNote(f.name, "notes", n, out);
  }
  for (const Section& s : r.extra) CsvRows("", s, out);
  return out;
}

std::string Render(const Report& doc, Format f) {
  switch (f) {
    case Format::kJson:
      return RenderJson(doc);
    case Format::kMarkdown:
      return RenderMarkdown(doc);
    case Format::kHtml:
      return RenderHtml(doc);
    case Format::kCsv:
      return RenderCsv(doc);
    case Format::kText:
      break;
  }
  return RenderText(doc);
}

}  // namespace report
}  // namespace gpufleet

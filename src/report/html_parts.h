// Internal to the HTML renderer: shared pieces (escaping, tables, lists, sections).
#pragma once

#include <string>
#include <vector>

#include "gpufleet/report.h"
#include "report/svg.h"

namespace gpufleet::report {

inline std::string Esc(const std::string& s) { return svg::Escape(s); }

// <table> of figures: description, value, range, unit, assumption.
void RowsHtml(const std::vector<NamedResult>& rows, std::string& out);
// A free-form table.
void TableHtml(const Table& t, std::string& out);
// A section: heading (`level`: "h2", "h3"), rows, comparisons, table, notes.
// `id_prefix` keeps ids unique where one section id repeats (each fleet's "money": a
// multi-fleet report had duplicate ids, invalid HTML; found by an adversarial tester).
void SectionHtml(const Section& s, const char* level, std::string& out,
                 const std::string& id_prefix = "");
// One fleet (html_fleet.cc).
void FleetHtml(const FleetReport& f, size_t index, std::string& out);

// <h3>title</h3><ul> of text(item) </ul>; nothing when `items` is empty.
template <typename T, typename F>
void ListHtml(const std::string& title, const std::vector<T>& items, F text, std::string& out) {
  if (items.empty()) return;
  out += "<h3>" + Esc(title) + "</h3>\n<ul>\n";
  for (const T& item : items) out += "<li>" + Esc(text(item)) + "</li>\n";
  out += "</ul>\n";
}

}  // namespace gpufleet::report

// RenderText: aligned columns for people. Each figure is followed by the assumption behind it.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gpufleet/report.h"
#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"

namespace gpufleet::report {
namespace {

void Rows(const std::vector<NamedResult>& rows, size_t w_what, size_t w_value, std::string& out) {
  for (const NamedResult& r : rows) {
    std::string line = fmt::format("    {}  {}  {}", PadTo(r.description, w_what),
                                   PadTo(FormatFigure(r.figure), w_value), r.figure.basis());
    while (line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
}

void TableText(const Table& t, std::string& out) {
  std::vector<size_t> w(t.columns.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < w.size(); ++i)
      w[i] = std::max(w[i], DisplayWidth(row[i]));
  };
  widen(t.columns);
  for (const auto& row : t.cells) widen(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string s = "   ";
    for (size_t i = 0; i < row.size() && i < w.size(); ++i) s += " " + PadTo(row[i], w[i]) + " ";
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out += s + "\n";
  };
  line(t.columns);
  for (const auto& row : t.cells) line(row);
}

// "    - " + `text` wrapped at 100 columns, continuation lines indented under the text.
std::string Bullet(const std::string& text) {
  constexpr size_t kWidth = 100;
  const std::string first = "    - ", next = "      ";
  std::string out = first, word;
  size_t col = first.size();
  auto flush = [&] {
    if (word.empty()) return;
    if (col + 1 + DisplayWidth(word) > kWidth && col > next.size()) {
      out += "\n" + next;
      col = next.size();
    } else if (col > next.size()) {
      out += ' ';
      ++col;
    }
    out += word;
    col += DisplayWidth(word);
    word.clear();
  };
  for (char ch : text) {
    if (ch == ' ') {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return out + "\n";
}

// Widths of the description and value columns over `rows`, at least the given ones.
void Widen(const std::vector<NamedResult>& rows, size_t& w_what, size_t& w_value) {
  for (const NamedResult& r : rows) {
    w_what = std::max(w_what, DisplayWidth(r.description));
    w_value = std::max(w_value, DisplayWidth(FormatFigure(r.figure)));
  }
}

void SectionText(const Section& s, size_t w_what, size_t w_value, std::string& out) {
  Widen(s.rows, w_what, w_value);
  out += fmt::format("  {}\n", s.title);
  Rows(s.rows, w_what, w_value, out);
  for (const Comparison& c : s.comparisons) out += fmt::format("    {}\n", c.text);
  if (s.table) TableText(*s.table, out);
  for (const std::string& n : s.notes) out += Bullet(n);
  out += "\n";
}

std::string Header(const FleetReport& f) {
  const FleetInputs& in = f.inputs;
  // What no site leaves: PUE 1 unless given, and the factors not given unknown.
  const std::string where =
      in.site_id.empty() ? NoSiteText(SiteWithUnknowns(in)) : "site " + in.site_id;
  // "GPUs alone" only when no host power is counted: with --host-overhead-w it was said beside
  // 400 W of host power a GPU (found by an adversarial tester).
  const Interval host = In(in.host_overhead_per_gpu, units::W);
  std::string sys = !in.system_id.empty() ? "system " + in.system_id
                    : host.high == 0      ? "no system (GPUs alone)"
                                          : fmt::format("no system (host power {} a GPU given)",
                                                        FormatQuantity(host, "W"));
  return fmt::format("{}\n  gpu {}, {}, {}, {}\n", f.name, in.gpu_id, where, sys,
                     FormatCount(In(in.period, units::h), "h"));
}

bool SameSources(const std::vector<Source>& a, const std::vector<Source>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
           return x.what == y.what && x.citation == y.citation;
         });
}

void NotesText(const FleetReport& f, const FleetReport* prev, std::string& out) {
  if (f.notes.empty()) return;
  if (prev != nullptr && prev->notes == f.notes) {
    out += "  Assumptions: as above\n\n";
    return;
  }
  out += "  Assumptions\n";
  for (const std::string& n : f.notes) out += Bullet(n);
  out += "\n";
}

void SourcesText(const FleetReport& f, const FleetReport* prev, std::string& out) {
  if (prev != nullptr && SameSources(prev->sources, f.sources)) {
    out += "  Sources: as above\n";
    return;
  }
  out += "  Sources\n";
  size_t w = 0;
  for (const Source& s : f.sources) w = std::max(w, DisplayWidth(s.what));
  for (const Source& s : f.sources)
    out += fmt::format("    {}  {}\n", PadTo(s.what, w), s.citation);
}

// One fleet; `prev` is the fleet printed before it (its notes and sources are not repeated).
void FleetText(const FleetReport& f, const FleetReport* prev, std::string& out) {
  out += Header(f);
  if (!f.description.empty()) out += "  " + f.description + "\n";
  out += "\n";
  size_t w_what = 0, w_value = 0;
  for (const Section& s : f.sections) Widen(s.rows, w_what, w_value);
  for (const Section& s : f.sections) SectionText(s, w_what, w_value, out);
  if (!f.comparisons.empty()) {
    out += "  Compared with\n";
    for (const Comparison& c : f.comparisons) out += fmt::format("    {}\n", c.text);
    out += "\n";
  }
  NotesText(f, prev, out);
  SourcesText(f, prev, out);
}

}  // namespace

std::string RenderText(const Report& r) {
  std::string out;
  if (!r.title.empty()) out += r.title + "\n" + std::string(DisplayWidth(r.title), '=') + "\n\n";
  if (!r.description.empty()) out += r.description + "\n\n";
  for (size_t i = 0; i < r.fleets.size(); ++i) {
    if (i > 0) out += "\n";
    FleetText(r.fleets[i], i > 0 ? &r.fleets[i - 1] : nullptr, out);
  }
  for (size_t i = 0; i < r.extra.size(); ++i) {
    if (i == 0 && !r.fleets.empty()) out += "\n";  // each section already ends with a blank line
    SectionText(r.extra[i], 0, 0, out);
  }
  return out;
}

}  // namespace gpufleet::report

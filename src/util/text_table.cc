#include "gpufleet/text_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpufleet/error.h"
#include "util/markdown.h"

namespace gpufleet {
namespace {

// Cells wider than this are measured by code points (fmt measures up to the pad width).
constexpr size_t kMeasure = 1 << 12;

std::string Line(const std::vector<std::string>& cells, const std::vector<size_t>& w,
                 const std::vector<bool>& right, const std::string& gap) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string_view cell = i < cells.size() ? std::string_view(cells[i]) : "";
    out += (i ? gap : "") + PadTo(cell, w[i], i < right.size() && right[i]);
  }
  out.erase(out.find_last_not_of(' ') + 1);
  return out + "\n";
}

// The cells with their control characters made visible (EscapeControls): a line break in a cell
// (a ledger's project named "new\nline") broke the table's rows apart, and Markdown read it as
// a space (found by an adversarial tester).
std::vector<std::vector<std::string>> Escaped(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> out = rows;
  for (auto& r : out) {
    for (std::string& c : r) c = EscapeControls(c);
  }
  return out;
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  // fmt pads "{:<N}" to N display columns; what it adds tells how wide `s` is.
  const size_t padded = fmt::formatted_size("{:<{}}", s, kMeasure);
  if (padded > s.size()) return kMeasure - (padded - s.size());
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string PadTo(std::string_view s, size_t width, bool right) {
  return right ? fmt::format("{:>{}}", s, width) : fmt::format("{:<{}}", s, width);
}

std::string TextTable::Text() const {
  const auto header = Escaped(this->header);
  const auto rows = Escaped(this->rows);
  std::vector<size_t> w;
  auto widen = [&w](const std::vector<std::string>& r) {
    if (w.size() < r.size()) w.resize(r.size(), 0);
    for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], DisplayWidth(r[i]));
  };
  for (const auto& h : header) widen(h);
  for (const auto& r : rows) widen(r);
  std::string out;
  for (const auto& h : header) out += Line(h, w, right, gap);
  for (const auto& r : rows) out += Line(r, w, right, gap);
  return out;
}

std::string TextTable::Markdown() const {
  const auto header = Escaped(this->header);
  const auto rows = Escaped(this->rows);
  std::vector<std::string> head = header.empty() ? std::vector<std::string>{} : header[0];
  for (size_t l = 1; l < header.size(); ++l) {
    for (size_t i = 0; i < header[l].size() && i < head.size(); ++i) {
      if (!header[l][i].empty()) head[i] += " (" + header[l][i] + ")";
    }
  }
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const std::string& c : cells) out += " " + MdText(c) + " |";
    return out + "\n";
  };
  std::string out = line(head) + "|";
  for (size_t i = 0; i < head.size(); ++i) {
    out += (i < right.size() && right[i]) ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& r : rows) out += line(r);
  return out;
}

}  // namespace gpufleet

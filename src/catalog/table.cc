// Aligned text and Markdown rendering of a string table.
#include "catalog/table.h"

#include <algorithm>

namespace gpufleet::catalog_internal {
namespace {

size_t Width(const std::string& s) {
  // Display width: count UTF-8 lead bytes only.
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

std::string Pad(const std::string& s, size_t w, bool right) {
  const std::string fill(w > Width(s) ? w - Width(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

std::string Line(const std::vector<std::string>& cells, const std::vector<size_t>& w,
                 const std::vector<bool>& right) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string cell = i < cells.size() ? cells[i] : "";
    out += (i ? "  " : "") + Pad(cell, w[i], i < right.size() && right[i]);
  }
  out.erase(out.find_last_not_of(' ') + 1);
  return out + "\n";
}

}  // namespace

std::string Table::Text() const {
  std::vector<size_t> w;
  auto widen = [&w](const std::vector<std::string>& r) {
    if (w.size() < r.size()) w.resize(r.size(), 0);
    for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], Width(r[i]));
  };
  for (const auto& h : header) widen(h);
  for (const auto& r : rows) widen(r);
  std::string out;
  for (const auto& h : header) out += Line(h, w, right);
  for (const auto& r : rows) out += Line(r, w, right);
  return out;
}

std::string Table::Markdown() const {
  std::vector<std::string> head = header.empty() ? std::vector<std::string>{} : header[0];
  for (size_t l = 1; l < header.size(); ++l) {
    for (size_t i = 0; i < header[l].size() && i < head.size(); ++i) {
      if (!header[l][i].empty()) head[i] += " (" + header[l][i] + ")";
    }
  }
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (std::string c : cells) {
      for (size_t p = c.find('|'); p != std::string::npos; p = c.find('|', p + 2))
        c.insert(p, "\\");
      out += " " + c + " |";
    }
    return out + "\n";
  };
  std::string out = line(head) + "|";
  for (size_t i = 0; i < head.size(); ++i)
    out += (i < right.size() && right[i]) ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& r : rows) out += line(r);
  return out;
}

}  // namespace gpufleet::catalog_internal

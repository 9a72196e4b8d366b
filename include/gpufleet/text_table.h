// The one table writer: a small table of strings rendered as aligned text (columns padded to
// their display width, UTF-8 aware through fmt) or as a GitHub Markdown table. Pure functions,
// no I/O. Used by `gpufleet catalog`, the claims and training renderers, and usable by any text
// renderer that lays out columns (src/report/text.cc).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gpufleet {

// The width `s` takes on a terminal, as fmt counts it when padding: one column per code point
// of UTF-8 text, two for East Asian wide characters. "µs" -> 2, "±" -> 1.
size_t DisplayWidth(std::string_view s);

// `s` padded with spaces to `width` display columns, on the right (left-aligned, the default)
// or on the left (`right`); `s` unchanged when it is already as wide.
std::string PadTo(std::string_view s, size_t width, bool right = false);

struct TextTable {
  std::vector<std::vector<std::string>> header;  // zero or more header lines
  std::vector<std::vector<std::string>> rows;    // rows may have fewer cells than columns
  std::vector<bool> right;                       // right-align column i (numbers)
  std::string gap = "  ";                        // between columns in Text()

  // Header lines then rows, each column padded to its widest cell (DisplayWidth), columns
  // `gap` apart, trailing spaces trimmed, one "\n" per line.
  std::string Text() const;
  // "| a | b |" lines with a "| --- | ---: |" separator after the header; header lines after
  // the first are joined into the first as " (unit)"; "|" in cells escaped as "\|".
  std::string Markdown() const;
};

}  // namespace gpufleet

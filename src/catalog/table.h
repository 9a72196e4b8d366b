// Internal: a small table of strings rendered as aligned text or as a Markdown table.
#pragma once

#include <string>
#include <vector>

namespace gpufleet::catalog_internal {

struct Table {
  std::vector<std::vector<std::string>> header;  // one or more header lines
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right;  // right-align column i (numbers)

  // Columns padded to their widest cell, two spaces apart, trailing spaces trimmed.
  std::string Text() const;
  // "| a | b |" lines; header lines after the first are joined into the first with a space.
  std::string Markdown() const;
};

}  // namespace gpufleet::catalog_internal

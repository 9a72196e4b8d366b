#include "util/markdown.h"

namespace gpufleet {

std::string MdText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '|') {
      out += "\\|";
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MdCode(std::string_view s) {
  std::string text(s);
  for (char& c : text) {
    if (c == '`') c = '\'';
  }
  return "`" + MdText(text) + "`";
}

}  // namespace gpufleet

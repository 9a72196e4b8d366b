#include "util/markdown.h"

namespace gpufleet {
namespace {

// The line breaks and pipes both escapers handle: a break becomes a space, '|' is escaped.
bool Common(std::string_view s, size_t& i, std::string& out) {
  const char c = s[i];
  if (c == '|') {
    out += "\\|";
  } else if (c == '\r' || c == '\n') {
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    out += ' ';
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string MdText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (Common(s, i, out)) continue;
    const char c = s[i];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '\\') {
      // A backslash is itself escaped: "a \| b" was written "a \\| b", which Markdown reads as a
      // backslash and a cell boundary (found by an adversarial tester).
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MdCode(std::string_view s) {
  // Inside a code span nothing is an escape or an entity (a '<' written "&lt;" showed so) and
  // raw HTML is shown as text: only the span's end, a line break and a cell's '|' are changed.
  std::string out = "`";
  out.reserve(s.size() + 2);
  for (size_t i = 0; i < s.size(); ++i) {
    if (Common(s, i, out)) continue;
    out += s[i] == '`' ? '\'' : s[i];
  }
  return out + "`";
}

}  // namespace gpufleet

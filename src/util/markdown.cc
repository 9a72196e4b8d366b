#include "util/markdown.h"

#include <algorithm>

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
  out.reserve(s.size() + 8);
  // Text from a file (a fleet's name or description, a note) must not make structure: at the
  // start of a block, '#' was a heading, '>' a quote, '---' a rule, '1.' a list, four spaces code;
  // anywhere, '![x](http://...)' an image fetched when the file is viewed and '&lt;' an entity
  // (found by an adversarial tester). Leading spaces are dropped and the block's first character
  // escaped; brackets, '*' and '&' are escaped everywhere (a code span in backticks is shown
  // as text, and the project's own notes use them).
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  if (!s.empty()) {
    const char first = s.front();
    if (first == '#' || first == '>' || first == '-' || first == '+' || first == '=' ||
        first == '~' || first == '_') {
      out += '\\';
    } else if (first >= '0' && first <= '9') {
      size_t d = 0;
      while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
      if (d < s.size() && (s[d] == '.' || s[d] == ')') &&
          (d + 1 == s.size() || s[d + 1] == ' ' || s[d + 1] == '\t')) {
        out.append(s.substr(0, d));
        out += '\\';
        s.remove_prefix(d);
      }
    }
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (Common(s, i, out)) continue;
    const char c = s[i];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '[' || c == ']' || c == '*') {
      out += '\\';
      out += c;
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

std::string MdCode(std::string_view s, MdPlace place) {
  // Inside a code span nothing is an escape or an entity (a '<' written "&lt;" showed so) and
  // raw HTML is shown as text: only a line break and a cell's '|' are changed. A backtick was
  // made an apostrophe and "\|" showed literally outside tables (found by an adversarial
  // tester): the fence outgrows the backticks instead, and '|' is escaped in cells only.
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !s.empty() && (s.front() == '`' || s.back() == '`');
  std::string out = fence + (pad ? " " : "");
  out.reserve(s.size() + 2 * fence.size() + 2);
  for (size_t i = 0; i < s.size(); ++i) {
    if (place == MdPlace::kText && s[i] == '|') {
      out += '|';
    } else if (!Common(s, i, out)) {
      out += s[i];
    }
  }
  return out + (pad ? " " : "") + fence;
}

}  // namespace gpufleet

// ASCII case folding for ids, keywords and words of a text: locale-independent, UTF-8 safe.
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// `c` with A-Z mapped to a-z, any other byte unchanged.
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A-Z mapped to a-z; every other byte (UTF-8 sequences included) is unchanged.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// The blanks of HTTP's optional whitespace and of a value typed on a line: space and tab.
inline constexpr std::string_view kBlanks = " \t";
// Every ASCII white-space character, as std::isspace in the C locale.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";

// `s` without the characters of `chars` at either end (a view into `s`; empty when `s` is all
// of them). The one trimmer of values, names and header items.
constexpr std::string_view Trim(std::string_view s, std::string_view chars = kBlanks) {
  const size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

}  // namespace gpufleet

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

}  // namespace gpufleet

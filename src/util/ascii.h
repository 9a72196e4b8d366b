// ASCII case folding for ids, keywords and words of a text: locale-independent, UTF-8 safe.
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// `s` with A-Z mapped to a-z; every other byte (UTF-8 sequences included) is unchanged.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace gpufleet

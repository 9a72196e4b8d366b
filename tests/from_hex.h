// Test helper: bytes from hex digits ("7b 22 ff"), for inputs that TOML strings cannot hold
// (invalid UTF-8, NUL). Characters other than hex digits are skipped.
#pragma once

#include <cctype>
#include <string>

namespace gpufleet::testing_util {

inline std::string FromHex(const std::string& hex) {
  std::string digits, out;
  for (char c : hex) {
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
  }
  return out;
}

}  // namespace gpufleet::testing_util

// UTF-8 well-formedness (Unicode 15, table 3-7): the one rule for text from outside (articles,
// device strings, JSON, drafted TOML). No overlong forms, no surrogates, nothing above U+10FFFF:
// the same rule as nlohmann's decoder.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gpufleet {

// The length in bytes (1-4) of the well-formed UTF-8 sequence that starts at s[i], 0 when none
// starts there (a stray continuation byte, a truncated, overlong or surrogate sequence, a byte
// that never occurs in UTF-8). Requires i < s.size().
std::size_t Utf8SequenceAt(std::string_view s, std::size_t i);

// Whether all of `s` is well-formed UTF-8.
bool ValidUtf8(std::string_view s);

// `s` with each byte that starts no well-formed sequence replaced by U+FFFD; valid text is
// returned unchanged.
std::string ToValidUtf8(std::string_view s);

}  // namespace gpufleet

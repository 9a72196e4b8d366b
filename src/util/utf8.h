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

// Whether code point `cp` shows nothing where a name is printed: Unicode white space beyond
// ASCII's (U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) and the
// format characters that take no room (U+00AD, U+061C, U+180E, U+200B..U+200F, U+202A..U+202E,
// U+2060..U+206F, U+FEFF, U+FFF9..U+FFFB). An id holding one looks like another id.
bool InvisibleCodePoint(char32_t cp);

// The length in bytes of the well-formed UTF-8 sequence at s[i] when it encodes an
// InvisibleCodePoint, else 0 (i past the end included).
std::size_t InvisibleCharBytes(std::string_view s, std::size_t i);

// `s` with each InvisibleCodePoint written as \uXXXX ("m1\u00a0"), everything else kept (control
// characters are EscapeControls', which every message passes through): for echoing a name.
std::string EscapeInvisible(std::string_view s);

}  // namespace gpufleet

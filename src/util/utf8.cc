// UTF-8 well-formedness (utf8.h).
#include "util/utf8.h"

namespace gpufleet {

std::size_t Utf8SequenceAt(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong form
    if (c == 0xED) hi = 0x9F;  // no surrogate
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // no overlong form
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0, C1 or F5-FF
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII, the common case
      ++i;
      continue;
    }
    const std::size_t n = Utf8SequenceAt(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = Utf8SequenceAt(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

namespace {

// The code point of the n-byte well-formed sequence at s[i].
char32_t CodePointAt(std::string_view s, std::size_t i, std::size_t n) {
  static constexpr unsigned char kLead[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(s[i]) & kLead[n];
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

}  // namespace

bool InvisibleCodePoint(char32_t cp) {
  if (cp == 0x00A0 || cp == 0x00AD || cp == 0x061C || cp == 0x1680 || cp == 0x180E) return true;
  if (cp >= 0x2000 && cp <= 0x200F) return true;  // spaces, zero width, LRM, RLM
  if (cp >= 0x2028 && cp <= 0x202F) return true;  // line and paragraph separators, bidi, NNBSP
  if (cp >= 0x205F && cp <= 0x206F) return true;  // MMSP, word joiner, invisible operators
  return cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

std::size_t InvisibleCharBytes(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const std::size_t n = Utf8SequenceAt(s, i);
  return n >= 2 && InvisibleCodePoint(CodePointAt(s, i, n)) ? n : 0;
}

std::string EscapeInvisible(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = InvisibleCharBytes(s, i);
    if (n == 0) {
      out += s[i++];
      continue;
    }
    const char32_t cp = CodePointAt(s, i, n);  // at most U+FFFF: four hex digits
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
    i += n;
  }
  return out;
}

}  // namespace gpufleet

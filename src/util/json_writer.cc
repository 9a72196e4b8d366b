// JsonWriter: strings and numbers laid out as nlohmann's dump() lays them out (json_writer.h).
#include "util/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "util/utf8.h"

namespace gpufleet {
namespace {

std::uint64_t Load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Whether any of the eight bytes in `v` is below 0x20, '"' or '\\' (or, unless `utf8_ok`, at or
// above 0x80). Word-at-a-time zero-byte tests: exact as to whether any byte matches.
bool NeedsLook(std::uint64_t v, bool utf8_ok) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  const auto zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t control = (v - 0x20 * kOnes) & ~v & kHigh;
  const std::uint64_t special = control | zero(v ^ ('"' * kOnes)) | zero(v ^ ('\\' * kOnes));
  return (special | (utf8_ok ? 0 : v & kHigh)) != 0;
}

// Sixteen bytes as one vector (GCC and Clang vector extensions: SSE2 on x86-64, NEON on ARM).
using Bytes16 = unsigned char __attribute__((vector_size(16)));

// Whether any of sixteen bytes at `p` is below 0x20, '"', '\\' or at or above 0x80.
bool NeedsLook16(const char* p) {
  Bytes16 v;
  std::memcpy(&v, p, sizeof v);
  const Bytes16 hit = (v < 0x20) | (v >= 0x80) | (v == '"') | (v == '\\');
  std::uint64_t half[2];
  std::memcpy(half, &hit, sizeof half);
  return (half[0] | half[1]) != 0;
}

// Whether `s` is ASCII with nothing to escape, sixteen bytes at a time (the last block
// overlapping the one before it), then a word; a string shorter than a word padded with 'x'.
bool Plain(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n < 8) {
    char word[8] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
    for (size_t i = 0; i < n; ++i) word[i] = p[i];
    return !NeedsLook(Load8(word), false);
  }
  if (n < 16) return !NeedsLook(Load8(p), false) && !NeedsLook(Load8(p + n - 8), false);
  for (size_t i = 0; i + 16 <= n; i += 16) {
    if (NeedsLook16(p + i)) return false;
  }
  return !NeedsLook16(p + n - 16);
}

// `s` as a JSON string, quotes included, written at `p`, which has room for 6 * size + 2
// bytes (each byte escaped as \u00XX at worst). Returns the end, or nullptr when `s` is not
// valid UTF-8 (the caller writes nlohmann's replacement instead).
char* EscapeInto(char* p, std::string_view s) {
  const char* const data = s.data();
  const size_t size = s.size();
  *p++ = '"';
  if (Plain(s)) {  // the common case: nothing to escape, all ASCII
    std::memcpy(p, data, size);
    p += size;
    *p++ = '"';
    return p;
  }
  bool utf8_checked = false;  // the whole of `s` is known to be valid UTF-8
  size_t run = 0;             // start of the bytes not yet copied
  size_t i = 0;
  auto put = [&p](const char* text, size_t n) {
    std::memcpy(p, text, n);
    p += n;
  };
  while (i < size) {
    // Skip eight bytes at a time while none needs a look.
    if (i + 8 <= size && !NeedsLook(Load8(data + i), utf8_checked)) {
      i += 8;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      if (!utf8_checked && !ValidUtf8(s)) return nullptr;
      utf8_checked = true;
      ++i;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    put(data + run, i - run);
    run = ++i;
    switch (c) {
      case '"':
        put("\\\"", 2);
        break;
      case '\\':
        put("\\\\", 2);
        break;
      case '\b':
        put("\\b", 2);
        break;
      case '\f':
        put("\\f", 2);
        break;
      case '\n':
        put("\\n", 2);
        break;
      case '\r':
        put("\\r", 2);
        break;
      case '\t':
        put("\\t", 2);
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        put(esc, sizeof esc);
      }
    }
  }
  put(data + run, size - run);
  *p++ = '"';
  return p;
}

// nlohmann's own text for a string that is not valid UTF-8 (each invalid sequence U+FFFD).
std::string Replaced(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  const size_t start = out.size();
  out.resize(start + 6 * s.size() + 2);
  char* const end = EscapeInto(out.data() + start, s);
  if (end == nullptr) {  // rare (a hostile field name echoed back)
    out.resize(start);
    out += Replaced(s);
    return;
  }
  out.resize(static_cast<size_t>(end - out.data()));
}

std::string_view JsonNumberText(double x, JsonNumberBuffer& buf) {
  if (!std::isfinite(x)) return "null";
  char* out = buf.data();
  if (std::signbit(x)) {
    *out++ = '-';
    x = -x;
  }
  if (x == 0) {
    std::memcpy(out, "0.0", 3);
    return {buf.data(), static_cast<size_t>(out + 3 - buf.data())};
  }
  // A whole number below 1e15 (most of an answer's numbers: counts, watts, years): its digits
  // are the integer's, laid out as "350000.0" below, without the shortest-digits search.
  if (x < 1e15 && x == std::trunc(x)) {
    const auto [end, ec] =
        std::to_chars(out, buf.data() + buf.size(), static_cast<std::int64_t>(x));
    std::memcpy(end, ".0", 2);
    return {buf.data(), static_cast<size_t>(end + 2 - buf.data())};
  }
  // The shortest round-trip digits, in scientific form: "d.ddde+XX" or "de-XX".
  std::array<char, 32> sci;
  const auto [end, ec] =
      std::to_chars(sci.data(), sci.data() + sci.size(), x, std::chars_format::scientific);
  std::array<char, 20> digits;  // at most 17 significant digits
  int k = 0;
  const char* p = sci.data();
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int exp10 = 0;
  std::from_chars(p + 1 + (p[1] == '+'), end, exp10);
  // nlohmann's format_buffer: value = 0.d1d2...dk x 10^n.
  const int n = exp10 + 1;
  constexpr int kMinExp = -4;
  constexpr int kMaxExp = 15;  // std::numeric_limits<double>::digits10
  auto put = [&](const char* from, int count) {
    std::memcpy(out, from, count);
    out += count;
  };
  auto zeros = [&](int count) {
    std::memset(out, '0', count);
    out += count;
  };
  if (k <= n && n <= kMaxExp) {  // digits[000].0
    put(digits.data(), k);
    zeros(n - k);
    put(".0", 2);
  } else if (0 < n && n <= kMaxExp) {  // dig.its
    put(digits.data(), n);
    *out++ = '.';
    put(digits.data() + n, k - n);
  } else if (kMinExp < n && n <= 0) {  // 0.[000]digits
    put("0.", 2);
    zeros(-n);
    put(digits.data(), k);
  } else {  // d[.igits]e+XX
    *out++ = digits[0];
    if (k > 1) {
      *out++ = '.';
      put(digits.data() + 1, k - 1);
    }
    *out++ = 'e';
    const int e = n - 1;
    *out++ = e < 0 ? '-' : '+';
    unsigned a = static_cast<unsigned>(e < 0 ? -e : e);
    if (a >= 100) {
      *out++ = static_cast<char>('0' + a / 100);
      a %= 100;
    }
    *out++ = static_cast<char>('0' + a / 10);
    *out++ = static_cast<char>('0' + a % 10);
  }
  return {buf.data(), static_cast<size_t>(out - buf.data())};
}

void AppendJsonNumber(std::string& out, double x) {
  JsonNumberBuffer buf;
  out += JsonNumberText(x, buf);
}

JsonWriter::JsonWriter(std::string& out) : out_(out) {
  const size_t start = out_.size();
  out_.resize(std::max(out_.capacity(), start + 256));  // the reserved room, zeroed once
  p_ = out_.data() + start;
  end_ = out_.data() + out_.size();
}

void JsonWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  out_.resize(static_cast<size_t>(p_ - out_.data()));
}

void JsonWriter::Grow(size_t n) {
  const size_t used = static_cast<size_t>(p_ - out_.data());
  out_.resize(std::max(2 * out_.size(), used + n + 256));
  p_ = out_.data() + used;
  end_ = out_.data() + out_.size();
}

void JsonWriter::Put(std::string_view s) {
  Reserve(s.size());
  std::memcpy(p_, s.data(), s.size());
  p_ += s.size();
}

void JsonWriter::PutQuoted(std::string_view s) {
  Reserve(6 * s.size() + 2);
  if (char* end = EscapeInto(p_, s)) {
    p_ = end;
  } else {
    Put(Replaced(s));
  }
}

void JsonWriter::Key(std::string_view key) {
  Comma();
  PutQuoted(key);
  Put(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view s) {
  Comma();
  PutQuoted(s);
  need_comma_ = true;
}

void JsonWriter::Number(double x) {
  JsonNumberBuffer buf;
  Raw(JsonNumberText(x, buf));
}

void JsonWriter::Int(std::int64_t i) {
  Comma();
  Reserve(24);
  p_ = std::to_chars(p_, p_ + 24, i).ptr;
  need_comma_ = true;
}

void JsonWriter::Bool(bool b) {
  Comma();
  Put(b ? std::string_view("true") : std::string_view("false"));
  need_comma_ = true;
}

void JsonWriter::Null() {
  Comma();
  Put(std::string_view("null"));
  need_comma_ = true;
}

}  // namespace gpufleet

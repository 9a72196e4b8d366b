// JsonWriter: JSON written straight into a std::string, without building a DOM (nlohmann::json).
// For answers on a hot path (the API's /api/fleet); everything else builds nlohmann::json.
//
// Output contract: compact JSON (no spaces or newlines), byte for byte what nlohmann's
// `dump(-1, ' ', false, error_handler_t::replace)` prints for the same value written in the same
// order:
//   - Doubles: the shortest decimal that reads back to the same double (std::to_chars), laid out
//     as nlohmann lays out its numbers: "350000.0" (an integral double keeps ".0"), "0.1",
//     "0.0001", "1e-05", "1e+16", "1.5e+21", "-0.0". NaN and infinities are written as null,
//     as nlohmann writes them. The digits are the shortest; nlohmann's (Grisu2) are in nearly
//     every case, and where not the texts differ but read back to the same double (1e23: "1e+23"
//     here, "9.999999999999999e+22" from nlohmann).
//   - Integers as integers ("2023").
//   - Strings: '"' and '\\' escaped, \b \f \n \r \t, other bytes below 0x20 as \u00XX (lower-case
//     hex); every other byte, UTF-8 included, as is ('/' and 0x7F too). A string that is not
//     valid UTF-8 is written as nlohmann's replace handler writes it (each invalid sequence
//     becomes U+FFFD).
// The caller writes object keys in the order it wants them (nlohmann's objects are std::maps, so
// sorted keys give the same bytes as its dump) and is responsible for well-formedness: a Key
// before each value inside an object, none inside an array, Begin/End balanced.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gpufleet {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer. The writer owns `out` until Finish() (or
  // its destructor): it writes through a pointer into `out`'s storage, grown ahead, so `out`
  // holds the text written, exactly, only after Finish(). Read `out` after that, never before.
  explicit JsonWriter(std::string& out);
  ~JsonWriter() { Finish(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  // Cuts `out` to the text written. Idempotent; nothing may be written after it.
  void Finish();

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // An object member's key; the next call writes its value.
  void Key(std::string_view key);
  // The same for a key already written as JSON with its colon (`"high":`), for hot literals.
  void QuotedKey(std::string_view quoted_with_colon) {
    Comma();
    Put(quoted_with_colon);
    need_comma_ = false;
  }

  void String(std::string_view s);
  // A value already in JSON (a JsonNumberText), written as is.
  void Raw(std::string_view json) {
    Comma();
    Put(json);
    need_comma_ = true;
  }
  void Number(double x);
  void Int(std::int64_t i);
  void Bool(bool b);
  void Null();

  // Key then value, for the common cases.
  void Member(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void Member(std::string_view key, const char* s) {
    Key(key);
    String(s);
  }
  void Member(std::string_view key, double x) {
    Key(key);
    Number(x);
  }

 private:
  // Room for n more bytes at p_.
  void Reserve(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  void Grow(size_t n);
  void Put(char c) {
    Reserve(1);
    *p_++ = c;
  }
  void Put(std::string_view s);
  // `s` as a JSON string (AppendJsonString's escaping), quotes included.
  void PutQuoted(std::string_view s);
  void Comma() {
    if (need_comma_) Put(',');
  }
  void Open(char c) {
    Comma();
    Put(c);
    need_comma_ = false;
  }
  void Close(char c) {
    Put(c);
    need_comma_ = true;
  }

  std::string& out_;
  char* p_ = nullptr;    // next byte to write, inside out_'s storage
  char* end_ = nullptr;  // end of out_'s size (bytes past p_ are scratch until Finish)
  bool finished_ = false;
  bool need_comma_ = false;  // a value was written at this level: the next one needs a ','
};

// The pieces JsonWriter writes, for callers that assemble text themselves (and for tests).
// `s` as a JSON string, quotes included (the escaping above).
void AppendJsonString(std::string& out, std::string_view s);
// `x` as a JSON number (the layout above; null when not finite).
void AppendJsonNumber(std::string& out, double x);
// The same text, in `buf` (the view points into it, or is "null").
using JsonNumberBuffer = std::array<char, 32>;
std::string_view JsonNumberText(double x, JsonNumberBuffer& buf);

}  // namespace gpufleet

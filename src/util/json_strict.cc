#include "util/json_strict.h"

#include <set>
#include <vector>

namespace gpufleet {
namespace {

using Json = nlohmann::json;

// A first pass over the text with nlohmann's SAX interface, which (unlike the DOM parser's
// callback) sees each number as written: the keys of each open object, the last key read, and
// the first duplicate key or out-of-range number found.
class Checker {
 public:
  explicit Checker(StrictJson& out) : out_(out) {}

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t v, const Json::string_t& written) {
    // Zero read from digits that are not all zero: the number underflowed (1e-400, 0.1e-330).
    if (v == 0 && written.find_first_of("123456789") < written.find_first_of("eE")) {
      OutOfRange(written);
    }
    return true;
  }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    open_.emplace_back();
    ++depth_;
    return true;
  }
  bool key(Json::string_t& k) {
    key_ = k;
    if (depth_ == 1) field_ = k;  // a key of the outermost object
    if (!open_.empty() && !open_.back().insert(k).second && out_.duplicate_depth == 0) {
      out_.duplicate_key = k;
      out_.duplicate_depth = depth_;
      if (depth_ > 1) out_.duplicate_field = field_;
    }
    return true;
  }
  bool end_object() {
    if (!open_.empty()) open_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string& last_token,
                   const nlohmann::detail::exception& e) {
    if (e.id == 406) {  // "number overflow": 1e400
      OutOfRange(last_token);
    } else {
      out_.malformed = true;
      out_.error = e.what();
    }
    return false;
  }

 private:
  void OutOfRange(const std::string& written) {
    if (!out_.out_of_range_number.empty()) return;
    out_.out_of_range_number = written;
    out_.out_of_range_key = open_.empty() ? "" : key_;
    out_.out_of_range_field = field_;
  }

  StrictJson& out_;
  std::vector<std::set<std::string>> open_;  // the keys of each object being read
  size_t depth_ = 0;                         // objects and arrays open
  std::string key_;                          // the last key read
  std::string field_;                        // the last key of the outermost object read
};

}  // namespace

StrictJson ParseJsonStrict(std::string_view text) {
  StrictJson out;
  // nlohmann ends its input at a NUL byte, so '{"gpu":"h100"}\0{"count":-5}' read as the object
  // before it and the rest was never seen. JSON text holds no raw NUL (RFC 8259: not even in a
  // string): malformed.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    out.malformed = true;
    out.error = "a NUL byte at offset " + std::to_string(nul) + ": JSON text cannot hold one";
    return out;
  }
  Checker checker(out);
  try {
    Json::sax_parse(text, &checker);
  } catch (const Json::exception& e) {  // not expected: the checker's parse_error returns false
    out.malformed = true;
    out.error = e.what();
  }
  if (out.malformed || out.duplicate_depth == 1 || !out.out_of_range_number.empty()) return out;
  try {
    out.value = Json::parse(text);
  } catch (const Json::exception& e) {  // not expected after the pass above
    out.malformed = true;
    out.error = e.what();
    out.value = Json();
  }
  return out;
}

}  // namespace gpufleet

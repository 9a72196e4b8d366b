// Parsing JSON that people or programs wrote, refusing a key given twice in one object and a
// number that no double holds.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gpufleet {

// `text` parsed. Never throws.
// - nlohmann keeps the last of two equal keys in one object without a word, so
//   {"count":5,"count":6} read as 6: here such a key (at any depth; the first one found) is
//   reported in `duplicate_key` instead.
// - nlohmann reads 1e-400 as 0 without a word (and refuses 1e400 as a parse error): here the
//   first number too large for a double, or nonzero but below the smallest one (a value given
//   as other than zero read as zero), is reported in `out_of_range_number` as written, with
//   the innermost key it was given under in `out_of_range_key` ("" outside any object). A
//   subnormal number (1e-310) is in range here; the input's own parse refuses it.
// - `malformed` is set, with the parser's account of where in `error`, when the text is not
//   JSON; also for a NUL byte anywhere (nlohmann stopped reading at one). `value` is null unless
//   the text is JSON with no duplicate key and no number out of range.
struct StrictJson {
  nlohmann::json value;
  bool malformed = false;
  std::string error;                // "parse error at line 1, column 15: ..." when malformed
  std::string duplicate_key;        // "" when every object's keys are distinct
  std::string out_of_range_number;  // "1e-400" as written; "" when every number fits
  std::string out_of_range_key;     // the key it was given under
};
StrictJson ParseJsonStrict(std::string_view text);

}  // namespace gpufleet

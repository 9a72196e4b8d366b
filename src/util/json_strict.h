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
//   reported in `duplicate_key` instead, with its depth in `duplicate_depth` (1: a key of the
//   outermost object; 0: none found) and, when deeper, the outermost object's key it lies
//   under in `duplicate_field` ({"x":{"a":1,"a":2}}: "a" at depth 2 under "x"; "" when the
//   outermost value is an array). A duplicate below the outermost object leaves `value` set
//   (the last of the two kept), so that a reader can first refuse the field it lies in.
// - nlohmann reads 1e-400 as 0 without a word (and refuses 1e400 as a parse error): here the
//   first number too large for a double, or nonzero but below the smallest one (a value given
//   as other than zero read as zero), is reported in `out_of_range_number` as written, with
//   the innermost key it was given under in `out_of_range_key` ("" outside any object) and the
//   outermost object's key in `out_of_range_field` ("" when the outermost value is not an
//   object). A
//   subnormal number (1e-310) is in range here; the input's own parse refuses it.
// - `malformed` is set, with the parser's account of where in `error`, when the text is not
//   JSON; also for a NUL byte anywhere (nlohmann stopped reading at one). `value` is null unless
//   the text is JSON with no number out of range and no duplicate key in its outermost object.
struct StrictJson {
  nlohmann::json value;
  bool malformed = false;
  std::string error;                // "parse error at line 1, column 15: ..." when malformed
  std::string duplicate_key;        // the first key given twice in one object
  size_t duplicate_depth = 0;       // 0 when every object's keys are distinct
  std::string duplicate_field;      // the outermost object's key it lies under (depth > 1)
  std::string out_of_range_number;  // "1e-400" as written; "" when every number fits
  std::string out_of_range_key;     // the key it was given under
  std::string out_of_range_field;   // the outermost object's key it was given under
};
StrictJson ParseJsonStrict(std::string_view text);

}  // namespace gpufleet

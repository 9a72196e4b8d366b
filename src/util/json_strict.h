// Parsing JSON that people or programs wrote, refusing a key given twice in one object.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gpufleet {

// `text` parsed. nlohmann keeps the last of two equal keys in one object without a word, so
// {"count":5,"count":6} read as 6: here such a key (at any depth; the first one found) is
// reported in `duplicate_key` instead. `malformed` is set, with the parser's account of where
// in `error`, when the text is not JSON. Never throws.
struct StrictJson {
  nlohmann::json value;
  bool malformed = false;
  std::string error;          // "parse error at line 1, column 15: ..." when malformed
  std::string duplicate_key;  // "" when every object's keys are distinct
};
StrictJson ParseJsonStrict(std::string_view text);

}  // namespace gpufleet

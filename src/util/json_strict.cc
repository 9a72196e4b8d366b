#include "util/json_strict.h"

#include <set>
#include <vector>

namespace gpufleet {

StrictJson ParseJsonStrict(std::string_view text) {
  using Json = nlohmann::json;
  StrictJson out;
  std::vector<std::set<std::string>> open;  // the keys of each object being read
  const Json::parser_callback_t keys = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      open.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!open.empty()) open.pop_back();
    } else if (event == Json::parse_event_t::key && !open.empty() && out.duplicate_key.empty()) {
      const auto& k = parsed.get_ref<const std::string&>();
      if (!open.back().insert(k).second) out.duplicate_key = k;
    }
    return true;
  };
  try {
    out.value = Json::parse(text, keys);
  } catch (const Json::exception& e) {  // parse_error; out_of_range for 1e999
    out.malformed = true;
    out.error = e.what();
    out.value = Json();
  }
  return out;
}

}  // namespace gpufleet

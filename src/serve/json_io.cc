// JSON conversions shared by the handlers.
#include <set>
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "serve/handlers.h"

namespace gpufleet::serve {
InputError Bad(const std::string& field, const std::string& message) {
  return InputError(Where{"<http>", 0, field}, message);
}

std::string KnownFields(inputs::Command command) {
  std::string known;
  for (const inputs::Input* i : inputs::For(command, inputs::kApi)) {
    known += (known.empty() ? "" : ", ") + std::string(i->name);
  }
  return known;
}

Json ParseBody(const std::string& body) {
  // nlohmann keeps the last of two equal keys without a word, so {"count":5,"count":6} ran with
  // 6. A query parameter given twice is refused; so is a key given twice in one object of a body
  // (any depth): the callback sees each object's keys as they are read.
  std::vector<std::set<std::string>> open;  // the keys of each object being read
  std::string twice;
  const Json::parser_callback_t keys = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      open.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!open.empty()) open.pop_back();
    } else if (event == Json::parse_event_t::key && !open.empty() && twice.empty()) {
      const auto& k = parsed.get_ref<const std::string&>();
      if (!open.back().insert(k).second) twice = k;
    }
    return true;
  };
  Json j = Json::parse(body, keys, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw Bad("body", "malformed JSON");
  if (!twice.empty())
    throw Bad(twice.size() <= 64 ? twice : twice.substr(0, 64), "given more than once");
  if (!j.is_object()) throw Bad("body", std::string("must be a JSON object, got ") + j.type_name());
  return j;
}

Json QueryToJson(const std::multimap<std::string, std::string>& query) {
  Json out = Json::object();
  for (const auto& [key, value] : query) {
    if (out.contains(key)) throw Bad(key, "given more than once");
    out[key] = value;
  }
  return out;
}

}  // namespace gpufleet::serve

// JSON conversions shared by the handlers.
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "serve/handlers.h"
#include "util/json_strict.h"

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
  // A query parameter given twice is refused; so is a key given twice in one object of a body
  // (any depth; nlohmann alone kept the last, so {"count":5,"count":6} ran with 6).
  StrictJson parsed = ParseJsonStrict(body);
  if (parsed.malformed) throw Bad("body", "malformed JSON");
  const std::string& twice = parsed.duplicate_key;
  if (!twice.empty())
    throw Bad(twice.size() <= 64 ? twice : twice.substr(0, 64), "given more than once");
  // As the CLI refuses `--load 1e-400`: read as 0 (or refused as malformed, 1e400) it would
  // answer for a value nobody wrote.
  if (const std::string& number = parsed.out_of_range_number; !number.empty()) {
    const std::string& key = parsed.out_of_range_key;
    throw Bad(key.empty()        ? "body"
              : key.size() <= 64 ? key
                                 : key.substr(0, 64),
              "number '" + number + "' is out of range");
  }
  Json j = std::move(parsed.value);
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

// JSON conversions shared by the handlers.
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
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw Bad("body", "malformed JSON");
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

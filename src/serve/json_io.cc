// JSON conversions shared by the handlers.
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "serve/handlers.h"
#include "util/ascii.h"
#include "util/json_strict.h"

namespace gpufleet::serve {
InputError Bad(const std::string& field, const std::string& message) {
  // A key "" is said to be one: {"gpu":"h100","":1} answered "unknown field" naming nothing
  // (found by an adversarial tester). Api::Handle then gives the answer its "field": "".
  if (field.empty()) return InputError(Where{"<http>", 0, ""}, kEmptyKey + (": " + message));
  return InputError(Where{"<http>", 0, field}, message);
}

std::string KnownFields(inputs::Command command) {
  std::string known;
  for (const inputs::Input* i : inputs::For(command, inputs::kApi)) {
    known += (known.empty() ? "" : ", ") + std::string(i->name);
  }
  return known;
}

namespace {
// A key or field name echoed in an error, at most 64 bytes of it.
std::string Cut(const std::string& name) { return name.size() <= 64 ? name : name.substr(0, 64); }
}  // namespace

Body ParseBody(const std::string& body) {
  // A query parameter given twice is refused; so is a key given twice in one object of a body
  // (any depth; nlohmann alone kept the last, so {"count":5,"count":6} ran with 6).
  StrictJson parsed = ParseJsonStrict(body);
  if (parsed.malformed) throw Bad("body", "malformed JSON");
  if (parsed.duplicate_depth == 1) throw Bad(Cut(parsed.duplicate_key), "given more than once");
  // As the CLI refuses `--load 1e-400`: read as 0 (or refused as malformed, 1e400) it would
  // answer for a value nobody wrote. Named by the request's field it lies in: {"x":{"a":1e400}}
  // named "a", no field of any route.
  if (const std::string& number = parsed.out_of_range_number; !number.empty()) {
    const std::string& field = parsed.out_of_range_field;
    const std::string& key = parsed.out_of_range_key;
    throw Bad(field.empty() ? "body" : Cut(field),
              "number '" + number + "' is out of range" +
                  (key.empty() || key == field ? "" : " (under key '" + Cut(key) + "')"));
  }
  Body out{std::move(parsed.value)};
  if (!out.value.is_object()) {
    throw Bad("body", std::string("must be a JSON object, got ") + out.value.type_name());
  }
  if (parsed.duplicate_depth > 1) {  // inside a field's value: the route's check of it comes first
    out.nested_duplicate = true;
    out.nested_duplicate_field = Cut(parsed.duplicate_field);
    out.nested_duplicate_key = Cut(parsed.duplicate_key);
  }
  return out;
}

Json QueryToJson(const std::multimap<std::string, std::string>& query) {
  Json out = Json::object();
  for (const auto& [key, value] : query) {
    if (out.contains(key)) throw Bad(key, "given more than once");
    // Spaces and tabs around a value are dropped, whatever the field: `count=5%20` and `count=3+`
    // (a form encoder's trailing space) were read, the number parser skipping them, while
    // `gpu=h100%20` was "unknown gpu 'h100 '" (found by an adversarial tester).
    out[key] = std::string(Trim(value));
  }
  return out;
}

}  // namespace gpufleet::serve

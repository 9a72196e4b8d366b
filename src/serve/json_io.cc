// JSON conversions shared by the handlers.
#include <cmath>

#include "gpufleet/error.h"
#include "serve/handlers.h"

namespace gpufleet::serve {
namespace {

InputError Bad(const std::string& field, const std::string& message) {
  return InputError(Where{"<http>", 0, field}, message);
}

}  // namespace

Interval IntervalFromJson(const Json& v, const std::string& field) {
  if (v.is_number()) {
    const double x = v.get<double>();
    if (!std::isfinite(x)) throw Bad(field, "must be a finite number");
    return Interval(x);
  }
  if (v.is_string()) {
    try {
      return ParseInterval(v.get<std::string>(), field);
    } catch (const InputError& e) {
      throw Bad(field, e.detail());
    }
  }
  throw Bad(field, std::string("must be a number or a \"lo..hi\" string, got ") + v.type_name());
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

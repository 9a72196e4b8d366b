// Figure: construction, its one JSON shape, and its one text form for people.
#include "gpufleet/figure.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "gpufleet/error.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

using nlohmann::json;

json Finite(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

InputError BadJson(std::string_view field, const std::string& message) {
  return InputError(Where{"<json>", 0, std::string(field)}, message);
}

double Number(const json& j, const char* key, std::string_view field) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) {
    throw BadJson(field, std::string("\"") + key + "\" must be a number");
  }
  return it->get<double>();
}

}  // namespace

Figure Figure::Of(const Interval& range, std::string unit, std::string basis) {
  Figure f;
  f.range_ = range;
  f.unit_ = std::move(unit);
  f.basis_ = std::move(basis);
  f.present_ = true;
  return f;
}

Figure Figure::Absent(std::string unit, std::string why) {
  if (why.empty()) throw std::logic_error("Figure::Absent needs a reason");
  Figure f;
  f.unit_ = std::move(unit);
  f.basis_ = std::move(why);
  f.present_ = false;
  return f;
}

const Interval& Figure::range() const {
  if (!present_) throw std::logic_error("absent figure read (" + basis_ + ")");
  return range_;
}

const std::string& Figure::why() const {
  static const std::string kNone;
  return present_ ? kNone : basis_;
}

json ToJson(const Figure& f, bool with_basis) {
  if (!f.present()) return json{{"value", nullptr}, {"why", f.why()}, {"unit", f.unit()}};
  const Interval& x = f.range();
  json j{{"value", Finite(x.value)},
         {"low", Finite(x.low)},
         {"high", Finite(x.high)},
         {"unit", f.unit()}};
  if (with_basis && !f.basis().empty()) j["basis"] = f.basis();
  return j;
}

Figure FigureFromJson(const json& j, std::string_view field) {
  if (!j.is_object()) throw BadJson(field, "a figure must be a JSON object");
  auto unit = j.find("unit");
  if (unit == j.end() || !unit->is_string()) throw BadJson(field, "\"unit\" must be a string");
  auto value = j.find("value");
  if (value != j.end() && value->is_null()) {
    auto why = j.find("why");
    if (why == j.end() || !why->is_string() || why->get<std::string>().empty()) {
      throw BadJson(field, "an absent figure needs a \"why\"");
    }
    return Figure::Absent(unit->get<std::string>(), why->get<std::string>());
  }
  const Interval x(Number(j, "value", field), Number(j, "low", field), Number(j, "high", field));
  auto basis = j.find("basis");
  return Figure::Of(x, unit->get<std::string>(),
                    basis != j.end() && basis->is_string() ? basis->get<std::string>() : "");
}

std::string FormatFigure(const Figure& f) {
  return f.present() ? FormatQuantity(f.range(), f.unit()) : "n/a";
}

}  // namespace gpufleet

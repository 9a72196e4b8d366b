// Figure: construction, its one JSON shape, and its one text form for people.
#include "gpufleet/figure.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "gpufleet/error.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

using nlohmann::json;

json Finite(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// A duration in seconds in the largest of s, min, h, d that reads well.
std::string FormatSeconds(const Interval& x) {
  const double mag = std::fabs(x.value != 0 ? x.value : x.high);
  if (mag >= 2 * 86400) return FormatSi(x / 86400.0, "d");
  if (mag >= 2 * 3600) return FormatSi(x / 3600.0, "h");
  if (mag >= 120) return FormatSi(x / 60.0, "min");
  if (mag != 0 && mag < 1) return FormatSi(x * 1000.0, "ms");
  return FormatSi(x, "s");
}

// Units that read badly with a prefix ("30.8 Mh"): three significant digits below 1,000,
// grouped digits below 10 million, then millions.
std::string FormatNoPrefix(const Interval& x, std::string_view unit) {
  const double mag = std::max(std::fabs(x.high), std::fabs(x.low));
  if (mag < 1000) return FormatSi(x, unit);
  if (mag < 1e7) return FormatCount(x, unit);
  std::string out = FormatNumber(x.value / 1e6) + " million " + std::string(unit);
  if (!x.is_point()) {
    out += " (" + FormatNumber(x.low / 1e6) + "-" + FormatNumber(x.high / 1e6) + ")";
  }
  return out;
}

InputError Bad(std::string_view field, const std::string& message) {
  return InputError(Where{"<json>", 0, std::string(field)}, message);
}

double Number(const json& j, const char* key, std::string_view field) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) {
    throw Bad(field, std::string("\"") + key + "\" must be a number");
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
  if (!j.is_object()) throw Bad(field, "a figure must be a JSON object");
  auto unit = j.find("unit");
  if (unit == j.end() || !unit->is_string()) throw Bad(field, "\"unit\" must be a string");
  auto value = j.find("value");
  if (value != j.end() && value->is_null()) {
    auto why = j.find("why");
    if (why == j.end() || !why->is_string() || why->get<std::string>().empty()) {
      throw Bad(field, "an absent figure needs a \"why\"");
    }
    return Figure::Absent(unit->get<std::string>(), why->get<std::string>());
  }
  const Interval x(Number(j, "value", field), Number(j, "low", field), Number(j, "high", field));
  auto basis = j.find("basis");
  return Figure::Of(x, unit->get<std::string>(),
                    basis != j.end() && basis->is_string() ? basis->get<std::string>() : "");
}

std::string FormatInUnit(const Interval& x, std::string_view unit) {
  if (unit == "USD") return FormatUsd(x);
  if (unit == "kWh") return FormatSi(x * 1000.0, "Wh");
  if (unit == "kg CO2e") {
    return std::fabs(x.value) >= 1000 ? FormatSi(x / 1000.0, "t CO2e") : FormatSi(x, "kg CO2e");
  }
  if (unit == "g CO2e") {
    return std::fabs(x.value) >= 1000 ? FormatInUnit(x / 1000.0, "kg CO2e") : FormatSi(x, "g CO2e");
  }
  if (unit.empty()) return FormatCount(x);
  if (unit == "fraction") return FormatPercent(x, 3);
  if (unit == "MWh") return FormatSi(x * 1e6, "Wh");
  if (unit == "s") return FormatSeconds(x);
  if (unit == "h" || unit == "GPU-h") return FormatNoPrefix(x, unit);
  return FormatSi(x, unit);
}

std::string FormatFigure(const Figure& f) {
  return f.present() ? FormatInUnit(f.range(), f.unit()) : "n/a";
}

}  // namespace gpufleet

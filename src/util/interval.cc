#include "gpufleet/interval.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "gpufleet/error.h"
#include "util/ascii.h"
#include "util/subnormal.h"

namespace gpufleet {
namespace {

Interval FromCorners(double value, double c1, double c2, double c3, double c4) {
  Interval r;
  r.value = value;
  r.low = std::min({c1, c2, c3, c4});
  r.high = std::max({c1, c2, c3, c4});
  // Rounding can push a corner product a hair past the central product.
  r.low = std::min(r.low, value);
  r.high = std::max(r.high, value);
  return r;
}

InputError Bad(std::string_view field, const std::string& what) {
  return InputError(Where{"", 0, std::string(field)}, what);
}

}  // namespace

Interval::Interval(double v, double lo, double hi) : value(v), low(lo), high(hi) {
  // Inputs inside their domains that still give no number (1e-300 of a peak, an underflow then
  // 0/0) said "interval holds NaN", naming nothing (found by an adversarial tester).
  if (std::isnan(v) || std::isnan(lo) || std::isnan(hi))
    throw InputError(
        "no finite result from these inputs: a step of the model overflowed or underflowed (an "
        "input near the edge of its domain?)");
  if (!(lo <= v && v <= hi)) {
    throw InputError(
        fmt::format("interval needs low <= value <= high, got {} <= {} <= {}", lo, v, hi));
  }
}

Interval Interval::Between(double lo, double hi) {
  if (!(lo <= hi)) throw InputError(fmt::format("range {}..{} has low > high", lo, hi));
  return Interval(lo + (hi - lo) / 2, lo, hi);
}

double Interval::spread() const {
  if (is_point()) return 1;
  if (low <= 0 && high > 0) return std::numeric_limits<double>::infinity();
  return high / low;
}

Interval operator+(const Interval& a, const Interval& b) {
  Interval r;
  r.value = a.value + b.value;
  r.low = std::min(a.low + b.low, r.value);
  r.high = std::max(a.high + b.high, r.value);
  return r;
}

Interval operator-(const Interval& a, const Interval& b) {
  Interval r;
  r.value = a.value - b.value;
  r.low = std::min(a.low - b.high, r.value);
  r.high = std::max(a.high - b.low, r.value);
  return r;
}

Interval operator-(const Interval& a) { return Interval{-a.value, -a.high, -a.low}; }

Interval operator*(const Interval& a, const Interval& b) {
  return FromCorners(a.value * b.value, a.low * b.low, a.low * b.high, a.high * b.low,
                     a.high * b.high);
}

Interval operator/(const Interval& a, const Interval& b) {
  if (b.is_point() && b.value > 0) {  // the common case (unit conversions): no corners needed
    return Interval{a.value / b.value, std::min(a.low / b.value, a.value / b.value),
                    std::max(a.high / b.value, a.value / b.value)};
  }
  const double inf = std::numeric_limits<double>::infinity();
  if (b.low <= 0 && b.high >= 0 && !(b.is_point() && b.value != 0)) {
    if (b.is_point()) return Interval{a.value / b.value, -inf, inf};
    return Interval{b.value != 0 ? a.value / b.value : inf, -inf, inf};
  }
  return FromCorners(a.value / b.value, a.low / b.low, a.low / b.high, a.high / b.low,
                     a.high / b.high);
}

Interval Min(const Interval& a, const Interval& b) {
  return Interval{std::min(a.value, b.value), std::min(a.low, b.low), std::min(a.high, b.high)};
}

Interval Max(const Interval& a, const Interval& b) {
  return Interval{std::max(a.value, b.value), std::max(a.low, b.low), std::max(a.high, b.high)};
}

Interval Hull(const Interval& a, const Interval& b) {
  return Interval{a.value, std::min(a.low, b.low), std::max(a.high, b.high)};
}

double ParseNumber(std::string_view text, std::string_view field) {
  // Spaces and tabs around a number (or around each end of a range, which comes here end by end)
  // are dropped on every front end: a query's `count=%095` was read (the query trims its values)
  // while the body's "\t5", the CLI's $'\t5' and Python's "\t5" were refused, and `1%09..5`
  // was refused where `1+..+5` was read (found by an adversarial tester).
  std::string_view t = Trim(text);
  if (t.empty()) throw Bad(field, "expected a number, got nothing");
  double scale = 1;
  static constexpr struct {
    char suffix;
    double factor;
    const char* exponent;
  } kScales[] = {
      {'k', 1e3, "e3"}, {'K', 1e3, "e3"}, {'M', 1e6, "e6"}, {'G', 1e9, "e9"}, {'T', 1e12, "e12"}};
  // "8.03G" is read as "8.03e9", the nearest double to 8.03 billion: 8.03 x 1e9 rounds twice
  // (8029999999.999999, which a dense model's --active-params then "exceeded" --params 8.03e9).
  const char* exponent = nullptr;
  for (const auto& k : kScales) {
    if (t.back() == k.suffix) {
      t.remove_suffix(1);
      scale = k.factor;
      exponent = k.exponent;
      break;
    }
  }
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (exponent != nullptr && !t.empty() && t.find_first_not_of("-0123456789.") == t.npos) {
    const std::string exact = std::string(t) + exponent;
    double e = 0;
    const auto [end, err] = std::from_chars(exact.data(), exact.data() + exact.size(), e);
    if (err == std::errc() && end == exact.data() + exact.size() && std::isfinite(e)) {
      if (const auto why = SubnormalMessage(e, text)) throw Bad(field, *why);
      return e + 0.0;
    }
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
    if (ec == std::errc::result_out_of_range) {
      throw Bad(field, fmt::format("number '{}' is out of range", text));
    }
    throw Bad(field, fmt::format("expected a number like 700, 3.8e25 or 350k, got '{}'", text));
  }
  if (std::isnan(v) || std::isinf(v))
    throw Bad(field, fmt::format("'{}' is not a finite number", text));
  v *= scale;
  if (std::isinf(v)) throw Bad(field, fmt::format("number '{}' is out of range", text));
  if (const auto why = SubnormalMessage(v, text)) throw Bad(field, *why);
  return v + 0.0;  // "-0" is 0: it was printed as "-0" and "-0.0" (found by an adversarial tester)
}

Interval ParseInterval(std::string_view text, std::string_view field) {
  // "100...400" read as 100 .. .4 and was called a reversed range (found by an adversarial tester).
  if (text.find("...") != std::string_view::npos) {
    throw Bad(
        field,
        fmt::format("malformed range '{}': write LOW..HIGH or LOW..VALUE..HIGH, two dots", text));
  }
  const auto first = text.find("..");
  if (first == std::string_view::npos) return Interval(ParseNumber(text, field));
  const auto second = text.find("..", first + 2);
  // Four numbers or more: the whole value and the two forms (it was "expected a number, got
  // '3..4'", the tail alone; found by an adversarial tester).
  if (second != std::string_view::npos && text.find("..", second + 2) != std::string_view::npos) {
    throw Bad(field, fmt::format("malformed range '{}': write LOW..HIGH or LOW..VALUE..HIGH, "
                                 "at most three numbers",
                                 text));
  }
  const double lo = ParseNumber(text.substr(0, first), field);
  if (second == std::string_view::npos) {
    const double hi = ParseNumber(text.substr(first + 2), field);
    if (!(lo <= hi)) throw Bad(field, fmt::format("range '{}' has low > high", text));
    return Interval::Between(lo, hi);
  }
  const double mid = ParseNumber(text.substr(first + 2, second - first - 2), field);
  const double hi = ParseNumber(text.substr(second + 2), field);
  if (!(lo <= mid && mid <= hi)) {
    throw Bad(field, fmt::format("range '{}' needs low <= value <= high", text));
  }
  return Interval(mid, lo, hi);
}

std::string ToString(const Interval& x, int digits) {
  if (x.is_point()) return fmt::format("{:.{}g}", x.value, digits);
  return fmt::format("{:.{}g} ({:.{}g}-{:.{}g})", x.value, digits, x.low, digits, x.high, digits);
}

}  // namespace gpufleet

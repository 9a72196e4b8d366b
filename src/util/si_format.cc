#include "gpufleet/si_format.h"

#include <fmt/format.h>

#include <cmath>

namespace gpufleet {
namespace {

struct Scale {
  double factor;
  const char* prefix;
};

constexpr Scale kSi[] = {{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"},
                         {1e6, "M"},  {1e3, "k"},  {1, ""}};
constexpr Scale kMoney[] = {{1e12, "tn"}, {1e9, "bn"}, {1e6, "M"}, {1e3, "k"}, {1, ""}};

template <size_t N>
Scale Pick(const Scale (&scales)[N], const Interval& x) {
  const double mag = std::fabs(x.value != 0 ? x.value : x.high);
  for (const Scale& s : scales) {
    if (mag >= s.factor * 0.9995) return s;
  }
  return scales[N - 1];
}

// " (3.94-4.61)" for x / factor; empty for a point.
std::string RangeSuffix(const Interval& x, double factor, int digits) {
  if (x.is_point()) return "";
  return fmt::format(" ({}{}{})", FormatNumber(x.low / factor, digits), x.low < 0 ? " to " : "-",
                     FormatNumber(x.high / factor, digits));
}

// Beyond exa, prefixes (Z, Y, R, Q) read worse than exponents: "3.8e25 FLOP".
std::string ScientificSi(const Interval& x, std::string_view unit, int digits) {
  auto sci = [digits](double v) {
    std::string s = fmt::format("{:.{}e}", v, digits - 1);
    const auto e = s.find('e');
    std::string mant = s.substr(0, e), exp = s.substr(e + 1);
    if (mant.find('.') != std::string::npos) {
      while (mant.back() == '0') mant.pop_back();
      if (mant.back() == '.') mant.pop_back();
    }
    if (exp[0] == '+') exp.erase(0, 1);
    return mant + "e" + exp;
  };
  std::string out = sci(x.value) + (unit.empty() ? "" : " " + std::string(unit));
  if (!x.is_point()) out += fmt::format(" ({}-{})", sci(x.low), sci(x.high));
  return out;
}

std::string Grouped(double v) {
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

}  // namespace

std::string FormatNumber(double x, int digits) {
  if (x == 0) return "0";
  if (!std::isfinite(x)) return x > 0 ? "inf" : "-inf";
  const double mag = std::fabs(x);
  if (mag >= 1e15 || mag < 1e-4) return fmt::format("{:.{}g}", x, digits);
  const int int_digits = static_cast<int>(std::floor(std::log10(mag))) + 1;
  const int decimals = std::max(0, digits - int_digits);
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string FormatSi(const Interval& x, std::string_view unit, int digits) {
  if (std::fabs(x.value) >= 1e21) return ScientificSi(x, unit, digits);
  const Scale s = Pick(kSi, x);
  const std::string sep = unit.empty() && !s.prefix[0] ? "" : " ";
  return fmt::format("{}{}{}{}{}", FormatNumber(x.value / s.factor, digits), sep, s.prefix, unit,
                     RangeSuffix(x, s.factor, digits));
}

std::string FormatUsd(const Interval& x, int digits) {
  const Scale s = Pick(kMoney, x);
  return fmt::format("USD {}{}{}{}", FormatNumber(x.value / s.factor, digits),
                     s.prefix[0] ? " " : "", s.prefix, RangeSuffix(x, s.factor, digits));
}

std::string FormatCount(const Interval& x, std::string_view unit) {
  if (std::fabs(x.high) >= 1e7) return FormatSi(x, unit);
  std::string out = Grouped(x.value);
  if (!unit.empty()) out += " " + std::string(unit);
  if (!x.is_point()) out += fmt::format(" ({}-{})", Grouped(x.low), Grouped(x.high));
  return out;
}

std::string FormatPercent(const Interval& x, int digits) {
  return FormatNumber(x.value * 100, digits) + "%" + RangeSuffix(x, 0.01, digits);
}

}  // namespace gpufleet

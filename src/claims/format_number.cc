// Numbers for people: thousands separators, "bn"/"M" for large amounts, 3 significant digits.
#include <fmt/format.h>

#include <cmath>

#include "gpufleet/claims.h"

namespace gpufleet::claims {
namespace {

// x rounded to `digits` significant digits, printed without exponent, with "," groups.
std::string Plain(double x, int digits) {
  if (x == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  const int decimals = std::max(0, digits - 1 - magnitude);
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find('.') != std::string::npos) {  // drop trailing zeros of the decimals
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  const size_t dot = s.find('.');
  const size_t int_end = dot == std::string::npos ? s.size() : dot;
  const size_t int_start = s[0] == '-' ? 1 : 0;
  for (int i = static_cast<int>(int_end) - 3; i > static_cast<int>(int_start); i -= 3) {
    s.insert(static_cast<size_t>(i), ",");
  }
  return s;
}

}  // namespace

std::string FormatNumber(double x, int digits) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (std::isnan(x)) return "nan";
  const double a = std::fabs(x);
  if (a >= 1e12) return Plain(x / 1e12, digits) + " T";
  if (a >= 1e9) return Plain(x / 1e9, digits) + " bn";
  if (a >= 1e6) return Plain(x / 1e6, digits) + " M";
  if (a != 0 && a < 1e-3) return fmt::format("{:.{}g}", x, digits);
  return Plain(x, std::max(digits, a >= 1000 ? 4 : digits));
}

std::string FormatInterval(const Interval& x, int digits) {
  if (x.is_point()) return FormatNumber(x.value, digits);
  if (!std::isfinite(x.low) || !std::isfinite(x.high)) {
    return FormatNumber(x.value, digits) + " (" + FormatNumber(x.low, digits) + "-" +
           FormatNumber(x.high, digits) + ")";
  }
  // One scale word for all three numbers: "10.5 (8.75-14) bn".
  const double a = std::fabs(x.value);
  double scale = 1;
  const char* word = "";
  if (a >= 1e12)
    scale = 1e12, word = " T";
  else if (a >= 1e9)
    scale = 1e9, word = " bn";
  else if (a >= 1e6)
    scale = 1e6, word = " M";
  return FormatNumber(x.value / scale, digits) + " (" + FormatNumber(x.low / scale, digits) + "-" +
         FormatNumber(x.high / scale, digits) + ")" + word;
}

}  // namespace gpufleet::claims

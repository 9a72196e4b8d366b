// SI-prefixed numbers for people: "989.5 T", "25-40 k", "120 (73-130)".
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "gpufleet/catalog_format.h"

namespace gpufleet {
namespace {

struct Prefix {
  double scale;
  const char* symbol;
};

// The largest prefix not above |x|; none below 1000.
Prefix PrefixFor(double x) {
  static constexpr std::array<Prefix, 6> kPrefixes{
      {{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  for (const Prefix& p : kPrefixes) {
    if (std::fabs(x) >= p.scale * 0.9995) return p;
  }
  return {1, ""};
}

std::string Digits(double x) {
  if (x == 0) return "0";
  std::string s = fmt::format("{:.4g}", x);
  if (s.find('e') != std::string::npos) s = fmt::format("{:.4f}", x);  // tiny values
  return s;
}

std::string WithPrefix(const std::string& number, const Prefix& p) {
  return *p.symbol ? number + " " + p.symbol : number;
}

}  // namespace

std::string FormatSi(double x) {
  const Prefix p = PrefixFor(x);
  return WithPrefix(Digits(x / p.scale), p);
}

std::string FormatFactValue(const Interval& v) {
  if (v.is_point()) return FormatSi(v.value);
  const Prefix p = PrefixFor(std::fmax(std::fabs(v.low), std::fabs(v.high)));
  const std::string range = Digits(v.low / p.scale) + "-" + Digits(v.high / p.scale);
  const double mid = (v.low + v.high) / 2;
  if (std::fabs(v.value - mid) <= 1e-9 * std::fmax(1.0, std::fabs(mid))) {
    return WithPrefix(range, p);
  }
  return WithPrefix(Digits(v.value / p.scale) + " (" + range + ")", p);
}

}  // namespace gpufleet

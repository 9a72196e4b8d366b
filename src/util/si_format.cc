#include "gpufleet/si_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace gpufleet {
namespace {

struct Scale {
  double factor;
  const char* prefix;
};

constexpr Scale kSi[] = {{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"},
                         {1e6, "M"},  {1e3, "k"},  {1, ""}};
constexpr Scale kMoney[] = {{1e12, "tn"}, {1e9, "bn"}, {1e6, "M"}, {1e3, "k"}, {1, ""}};
constexpr Scale kWords[] = {{1e12, " T"}, {1e9, " bn"}, {1e6, " M"}, {1, ""}};

// The largest scale not above |m| (with rounding slack); the last one below all.
template <size_t N>
Scale PickFor(const Scale (&scales)[N], double m, double slack = 0.9995) {
  for (const Scale& s : scales) {
    if (std::fabs(m) >= s.factor * slack) return s;
  }
  return scales[N - 1];
}

// The magnitude a scale is chosen from: the central value, or `high` when the value is 0.
double Magnitude(const Interval& x) { return std::fabs(x.value != 0 ? x.value : x.high); }

template <size_t N>
Scale Pick(const Scale (&scales)[N], const Interval& x) {
  return PickFor(scales, Magnitude(x));
}

// Drops trailing zeros of the decimals: "1.500" -> "1.5", "2.000" -> "2".
std::string TrimZeros(std::string s) {
  if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// Inserts "," between groups of three digits of the integer part of a plain number.
std::string Group(const std::string& s) {
  const size_t dot = s.find('.');
  const size_t int_end = dot == std::string::npos ? s.size() : dot;
  const size_t int_start = !s.empty() && s[0] == '-' ? 1 : 0;
  std::string out(s, 0, int_start);
  for (size_t i = int_start; i < int_end; ++i) {
    if (i > int_start && (int_end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out.append(s, int_end);
}

// A whole number grouped ("350,000"); a fractional one keeps up to three decimals ("1.5": a
// count of 1.5 GPUs, a range's midpoint, printed "2 x 700 W" beside a figure of 1,050 W; found
// by an adversarial tester).
std::string Grouped(double v) {
  if (std::fabs(v - std::round(v)) <= 1e-9 * std::max(1.0, std::fabs(v))) {
    return Group(fmt::format("{}", std::llround(v)));
  }
  std::string s = fmt::format("{:.3f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return Group(s);
}

// Between a range's ends: " to " when the low end is negative ("-3 to -1", where "-3--1" read
// as a subtraction), "-" otherwise; for every unit (a huge negative kWh range read
// "(-1.8e308-1.8e308)"; found by an adversarial tester).
const char* RangeSeparator(double low) { return low < 0 ? " to " : "-"; }

// " (3.94-4.61)" for x / factor; empty for a point.
std::string RangeSuffix(const Interval& x, double factor, int digits) {
  if (x.is_point()) return "";
  // Appended piece by piece rather than through fmt::format: these run thousands of times a
  // second behind the API's assumption texts.
  std::string out = " (";
  out += FormatNumber(x.low / factor, digits);
  out += RangeSeparator(x.low);
  out += FormatNumber(x.high / factor, digits);
  out += ')';
  return out;
}

// Beyond exa, prefixes (Z, Y, R, Q) read worse than exponents: "3.8e25 FLOP".
std::string ScientificSi(const Interval& x, std::string_view unit, int digits) {
  auto sci = [digits](double v) {
    // An infinity has no exponent: it printed "infeinf" (a hand-edited ledger's 1e308 kWh in
    // Wh, found by an adversarial tester).
    if (!std::isfinite(v)) return fmt::format("{}", v);
    if (v == 0) return std::string("0");  // a zero bound read "0e00"
    // No "e0": a low end of 1 read "1e0" in kWh, J and B, "1" in GB and h (found by an
    // adversarial tester). Other exponents stay, beside the value's ("9.5e4" by "2.18e27").
    if (std::fabs(v) >= 1 && std::fabs(v) < 10) return FormatNumber(v, digits);
    std::string s = fmt::format("{:.{}e}", v, digits - 1);
    const auto e = s.find('e');
    std::string mant = TrimZeros(s.substr(0, e));
    // The exponent without '+' or leading zeros, as the value's own: "9.5e4", "1.28e-3" (the
    // bounds read "9.5e04" beside "2.18e27").
    const int exp = std::stoi(s.substr(e + 1));
    return mant + "e" + std::to_string(exp);
  };
  std::string out = sci(x.value) + (unit.empty() ? "" : " " + std::string(unit));
  if (!x.is_point()) {
    out += fmt::format(" ({}{}{})", sci(x.low), RangeSeparator(x.low), sci(x.high));
  }
  return out;
}

// "USD 27.5 k" for any currency code.
std::string FormatMoney(const Interval& x, std::string_view code, int digits) {
  // Past a thousand trillion the largest scale read "USD 1141552511416 tn" (found by an
  // adversarial tester): exponents, as the SI figures beyond exa.
  if (std::fabs(x.value) >= 1e15) return std::string(code) + " " + ScientificSi(x, "", digits);
  const Scale s = Pick(kMoney, x);
  std::string out(code);
  out += ' ';
  out += FormatNumber(x.value / s.factor, digits);
  if (s.prefix[0]) out += ' ';
  out += s.prefix;
  out += RangeSuffix(x, s.factor, digits);
  return out;
}

// A plain number, thousands separators from 1000, rounded to a whole number there (at least
// four significant digits: "4,229 tokens/s" read "4,229.176 tokens/s", the fraction a count
// keeps, and the dashboard rounded it).
std::string PlainGrouped(double v, int digits) {
  const double a = std::fabs(v);
  if (std::isfinite(v) && a >= 999.5 && a < 1e15) return Group(fmt::format("{}", std::llround(v)));
  return FormatNumber(v, digits);
}

// "8,760 h", "0.414 kg/kWh (0.3-0.5)".
std::string FormatPlainUnit(const Interval& x, std::string_view unit, int digits) {
  std::string out = PlainGrouped(x.value, digits);
  if (!unit.empty()) out += " " + std::string(unit);
  if (!x.is_point()) {
    out += fmt::format(" ({}{}{})", PlainGrouped(x.low, digits), RangeSeparator(x.low),
                       PlainGrouped(x.high, digits));
  }
  return out;
}

// Mass in kg: "950 kg CO2e" below a tonne, then "1.4 Mt CO2e"; `rest` is " CO2e" or "".
std::string FormatMassKg(const Interval& kg, std::string_view rest, int digits) {
  if (Magnitude(kg) >= 999.5) return FormatSi(kg / 1000.0, fmt::format("t{}", rest), digits);
  // Below a kilogram in grams: "0.276 g CO2e", where "0.000276 kg CO2e" was printed (and a
  // request's carbon read as a string of zeros).
  if (const double m = Magnitude(kg); m > 0 && m < 0.9995) {
    return FormatSi(kg * 1000.0, fmt::format("g{}", rest), digits);
  }
  return FormatSi(kg, fmt::format("kg{}", rest), digits);
}

// A duration given in seconds, in the largest of s, min, h, d that keeps it readable (ms below
// a second): "500 ms", "45 s", "9.9 min", "3.09 h", "54 d", "5,000 d"; never a prefix ("kd").
// FormatDuration (duration_text.h) is this for one point.
std::string FormatSeconds(const Interval& x, int digits) {
  const double mag = Magnitude(x);
  if (mag >= 2 * 86400) return FormatPlainUnit(x / 86400.0, "d", digits);
  if (mag >= 3600) return FormatPlainUnit(x / 3600.0, "h", digits);
  if (mag >= 60) return FormatPlainUnit(x / 60.0, "min", digits);
  if (mag != 0 && mag < 1) return FormatPlainUnit(x * 1000.0, "ms", digits);
  return FormatPlainUnit(x, "s", digits);
}

bool IsWhole(double v) { return std::isfinite(v) && v == std::floor(v); }

bool IsCurrencyCode(std::string_view u) {
  return u.size() == 3 && std::isupper(static_cast<unsigned char>(u[0])) &&
         std::isupper(static_cast<unsigned char>(u[1])) &&
         std::isupper(static_cast<unsigned char>(u[2]));
}

struct Conversion {
  std::string_view unit;     // the base unit a caller gives
  double factor;             // to the display base unit
  std::string_view display;  // the unit an SI prefix goes in front of
};

constexpr std::array<Conversion, 17> kSiUnits{{{"Wh", 1, "Wh"},
                                               {"kWh", 1e3, "Wh"},
                                               {"MWh", 1e6, "Wh"},
                                               {"GWh", 1e9, "Wh"},
                                               {"TWh", 1e12, "Wh"},
                                               {"J", 1, "J"},
                                               {"W", 1, "W"},
                                               {"kW", 1e3, "W"},
                                               {"MW", 1e6, "W"},
                                               {"L", 1, "L"},
                                               {"m", 1, "m"},
                                               {"km", 1e3, "m"},
                                               {"FLOP", 1, "FLOP"},
                                               {"FLOP/s", 1, "FLOP/s"},
                                               {"B", 1, "B"},
                                               {"B/s", 1, "B/s"},
                                               {"Hz", 1, "Hz"}}};

// Whether x * factor turns a finite bound infinite: 1.8e308 kWh is inf Wh (a finite figure
// printed "inf Wh"; found by an adversarial tester).
bool Overflows(const Interval& x, double factor) {
  for (double v : {x.value, x.low, x.high}) {
    if (std::isfinite(v) && !std::isfinite(v * factor)) return true;
  }
  return false;
}

}  // namespace

std::string FormatGrouped(double v) { return Grouped(v); }

bool TakesSiPrefix(std::string_view unit) {
  return std::any_of(kSiUnits.begin(), kSiUnits.end(),
                     [&](const Conversion& c) { return c.display == unit; });
}

std::string FormatQuantity(const Interval& x, std::string_view unit, int digits) {
  if (!std::isfinite(x.value)) return FormatNumber(x.value, digits);
  // Below a litre in millilitres, as a mass below a kilogram is in grams.
  if (unit == "L" && Magnitude(x) > 0 && Magnitude(x) < 0.9995)
    return FormatSi(x * 1000.0, "mL", digits);
  for (const Conversion& c : kSiUnits) {
    if (c.unit != unit) continue;
    // Too large for the display unit: in the unit given, with an exponent.
    if (Overflows(x, c.factor)) return ScientificSi(x, unit, digits);
    return FormatSi(x * c.factor, c.display, digits);
  }
  if ((unit == "t CO2e" || unit == "t") && Overflows(x, 1000.0)) {
    return ScientificSi(x, unit, digits);
  }
  if (unit == "mm") {
    return Magnitude(x) >= 999.5 ? FormatSi(x / 1000.0, "m", digits) : FormatSi(x, "mm", digits);
  }
  if (unit == "kg CO2e" || unit == "kg") return FormatMassKg(x, unit.substr(2), digits);
  if (unit == "t CO2e" || unit == "t") return FormatMassKg(x * 1000.0, unit.substr(1), digits);
  if (unit == "g CO2e" || unit == "g") {
    return Magnitude(x) >= 999.5 ? FormatMassKg(x / 1000.0, unit.substr(1), digits)
                                 : FormatSi(x, unit, digits);
  }
  if (unit == "s") return FormatSeconds(x, digits);
  if (IsCurrencyCode(unit)) return FormatMoney(x, unit, digits);
  if (unit.empty()) {
    if (IsWhole(x.value) && IsWhole(x.low) && IsWhole(x.high)) return FormatCount(x);
    return FormatSi(x, "", digits);
  }
  if (unit == "%") return FormatPercent(x / 100.0, digits);
  // x 100 overflows past 1.8e306: in its own unit, as the SI units too large for their display
  // (Figure(1e308, unit="fraction") printed "inf%"; found by an adversarial tester).
  if (unit == "fraction" && Overflows(x, 100.0)) return ScientificSi(x, unit, digits);
  if (unit == "fraction") return FormatPercent(x, digits);
  return FormatPlainUnit(x, unit, digits);
}

std::string FormatNumber(double x, int digits) {
  if (x == 0) return "0";
  if (std::isnan(x)) return "nan";
  if (!std::isfinite(x)) return x > 0 ? "inf" : "-inf";
  const double mag = std::fabs(x);
  if (mag >= 1e15 || mag < 1e-4) return fmt::format("{:.{}g}", x, digits);
  const int int_digits = static_cast<int>(std::floor(std::log10(mag))) + 1;
  const int decimals = std::max(0, digits - int_digits);
  // Most values: |x| 10^decimals rounded to a whole number in integer arithmetic. The product
  // is within half an ulp of the exact one (10^0..10^22 are exact doubles), so away from a
  // half-way point by more than that it rounds as the exact value does; nearer (exact ties
  // included), std::to_chars below decides. Same text, at a fraction of the cost: these run
  // dozens of times behind each API answer's assumption texts.
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::array<char, 64> buf;  // sign, at most 16 digits, point, at most 22 zeros: under 64
  char* end = nullptr;
  if (decimals <= 22) {
    const double scaled = mag * kPow10[decimals];
    const double whole = std::floor(scaled);
    const double frac = scaled - whole;  // exact: the bits of `scaled` below its units
    if (scaled < 0x1p50 && std::fabs(frac - 0.5) > scaled * 0x1p-50) {
      // The digits of the rounded integer, the point put `decimals` from their end.
      std::array<char, 24> digits_buf;
      const auto n = static_cast<std::int64_t>(whole) + (frac > 0.5 ? 1 : 0);
      const char* const digits = digits_buf.data();
      const char* const dend = std::to_chars(digits_buf.data(), digits_buf.data() + 24, n).ptr;
      const int len = static_cast<int>(dend - digits);
      end = buf.data();
      if (x < 0) *end++ = '-';
      if (len <= decimals) {  // 0.00ddd
        *end++ = '0';
        *end++ = '.';
        end = std::fill_n(end, decimals - len, '0');
        end = std::copy(digits, dend, end);
      } else {
        end = std::copy(digits, dend - decimals, end);
        if (decimals > 0) *end++ = '.';
        end = std::copy(dend - decimals, dend, end);
      }
    }
  }
  if (end == nullptr) {
    // std::to_chars with a precision is correctly rounded, as fmt's "{:.{}f}" is, so the text
    // is the same (checked on 2.3 M values and exact ties, si_format_test.cc).
    const auto [stop, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed, decimals);
    if (ec != std::errc()) return TrimZeros(fmt::format("{:.{}f}", x, decimals));  // huge digits
    end = stop;
  }
  if (decimals > 0) {  // "1.500" -> "1.5", "2.000" -> "2"
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  return std::string(buf.data(), static_cast<size_t>(end - buf.data()));
}

std::string FormatSi(const Interval& x, std::string_view unit, int digits) {
  if (std::fabs(x.value) >= 1e21) return ScientificSi(x, unit, digits);
  const Scale s = Pick(kSi, x);
  std::string out = FormatNumber(x.value / s.factor, digits);
  if (!unit.empty() || s.prefix[0]) out += ' ';
  out += s.prefix;
  out += unit;
  out += RangeSuffix(x, s.factor, digits);
  return out;
}

std::string FormatUsd(const Interval& x, int digits) { return FormatMoney(x, "USD", digits); }

std::string FormatCount(const Interval& x, std::string_view unit) {
  if (std::fabs(x.high) >= 1e7) return FormatSi(x, unit);
  std::string out = Grouped(x.value);
  if (!unit.empty()) out += " " + std::string(unit);
  if (!x.is_point()) {
    out += fmt::format(" ({}{}{})", Grouped(x.low), RangeSeparator(x.low), Grouped(x.high));
  }
  return out;
}

std::string FormatPercent(const Interval& x, int digits) {
  return FormatNumber(x.value * 100, digits) + "%" + RangeSuffix(x, 0.01, digits);
}

// ---- the catalog's cells ----------------------------------------------------------------

namespace {

// 4 significant digits, fixed notation for tiny values.
std::string CellDigits(double x) {
  if (x == 0) return "0";
  std::string s = fmt::format("{:.4g}", x);
  if (s.find('e') != std::string::npos) s = fmt::format("{:.4f}", x);  // tiny values
  return s;
}

std::string WithPrefix(const std::string& number, const Scale& p) {
  return *p.prefix ? number + " " + p.prefix : number;
}

}  // namespace

std::string FormatPrefixed(double x) {
  const Scale p = PickFor(kSi, x);
  return WithPrefix(CellDigits(x / p.factor), p);
}

std::string FormatFactValue(const Interval& v) {
  if (v.is_point()) return FormatPrefixed(v.value);
  const Scale p = PickFor(kSi, std::fmax(std::fabs(v.low), std::fabs(v.high)));
  const std::string range =
      CellDigits(v.low / p.factor) + RangeSeparator(v.low) + CellDigits(v.high / p.factor);
  const double mid = (v.low + v.high) / 2;
  if (std::fabs(v.value - mid) <= 1e-9 * std::fmax(1.0, std::fabs(mid))) {
    return WithPrefix(range, p);
  }
  return WithPrefix(CellDigits(v.value / p.factor) + " (" + range + ")", p);
}

// ---- prose with scale words (claims) -----------------------------------------------------

namespace {

// x rounded to `digits` significant digits, printed without exponent, with "," groups.
std::string PlainWithGroups(double x, int digits) {
  if (x == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  const int decimals = std::max(0, digits - 1 - magnitude);
  return Group(TrimZeros(fmt::format("{:.{}f}", x, decimals)));
}

}  // namespace

std::string FormatScaled(double x, int digits) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (std::isnan(x)) return "nan";
  const double a = std::fabs(x);
  // From a million trillion a scale word helps no one: "1e+40", not 28 digits and a "T".
  if (a >= 1e18) return fmt::format("{:.{}g}", x, digits);
  const Scale s = PickFor(kWords, a, 1.0);
  if (s.factor > 1) return PlainWithGroups(x / s.factor, digits) + s.prefix;
  if (a != 0 && a < 1e-3) return fmt::format("{:.{}g}", x, digits);
  return PlainWithGroups(x, std::max(digits, a >= 1000 ? 4 : digits));
}

std::string FormatScaledInterval(const Interval& x, int digits) {
  if (x.is_point()) return FormatScaled(x.value, digits);
  if (!std::isfinite(x.low) || !std::isfinite(x.high) ||
      std::fmax(std::fabs(x.low), std::fabs(x.high)) >= 1e18) {
    return FormatScaled(x.value, digits) + " (" + FormatScaled(x.low, digits) +
           RangeSeparator(x.low) + FormatScaled(x.high, digits) + ")";
  }
  // One scale word for all three numbers: "10.5 (8.75-14) bn".
  const Scale s = PickFor(kWords, x.value, 1.0);
  return FormatScaled(x.value / s.factor, digits) + " (" + FormatScaled(x.low / s.factor, digits) +
         RangeSeparator(x.low) + FormatScaled(x.high / s.factor, digits) + ")" + s.prefix;
}

}  // namespace gpufleet

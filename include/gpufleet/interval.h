// Interval: a central value with a low and a high bound, the currency of every gpufleet figure.
//
// Contract: low <= value <= high whenever the inputs satisfy it; arithmetic propagates bounds by
// interval corners (the exact extremes for +, -, *, / and any function monotone in each
// argument). A divisor interval that contains zero gives infinite bounds. NaN never enters:
// parsing rejects it and the constructors check it (InputError).
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

struct Interval {
  double value = 0;
  double low = 0;
  double high = 0;

  constexpr Interval() = default;
  // A point: low == value == high.
  constexpr Interval(double v) : value(v), low(v), high(v) {}  // NOLINT: implicit on purpose
  // Throws InputError unless low <= value <= high and none is NaN.
  Interval(double v, double lo, double hi);
  // lo..hi with the midpoint as central value. Throws InputError unless lo <= hi.
  static Interval Between(double lo, double hi);

  bool is_point() const { return low == value && value == high; }
  // high / low; 1 for a point; infinite when low <= 0 < high.
  double spread() const;

  friend bool operator==(const Interval&, const Interval&) = default;
};

Interval operator+(const Interval& a, const Interval& b);
Interval operator-(const Interval& a, const Interval& b);
Interval operator*(const Interval& a, const Interval& b);
Interval operator/(const Interval& a, const Interval& b);
Interval operator-(const Interval& a);
inline Interval& operator+=(Interval& a, const Interval& b) { return a = a + b; }
inline Interval& operator-=(Interval& a, const Interval& b) { return a = a - b; }
inline Interval& operator*=(Interval& a, const Interval& b) { return a = a * b; }
inline Interval& operator/=(Interval& a, const Interval& b) { return a = a / b; }

Interval Min(const Interval& a, const Interval& b);
Interval Max(const Interval& a, const Interval& b);
// Applies f, which must be non-decreasing, to value, low and high.
template <typename F>
Interval MapIncreasing(const Interval& a, F f) {
  return Interval{f(a.value), f(a.low), f(a.high)};
}
// The smallest interval containing both (value taken from a).
Interval Hull(const Interval& a, const Interval& b);

// Parses "x", "lo..hi" (value = midpoint) or "lo..x..hi". Numbers may use an exponent
// (3.8e25) and one SI suffix: k (1e3), M (1e6), G (1e9), T (1e12); "350k" is 350000.
// Throws InputError naming `field` on anything else: empty text, NaN, infinities, lo > hi,
// trailing junk.
Interval ParseInterval(std::string_view text, std::string_view field = {});
// One number in the same syntax (no range).
double ParseNumber(std::string_view text, std::string_view field = {});

// "4.22 (3.9-4.6)" style, with `digits` significant digits; a point prints as one number.
std::string ToString(const Interval& x, int digits = 3);

}  // namespace gpufleet

// Numbers for people: the one formatter of the project (text, Markdown, the HTML report, the
// catalog tables, claims verdicts, `train`). Pure functions on fmt, no I/O, no locale.
//
// Which function:
//   FormatQuantity  a value given in a base unit ("kWh", "kg CO2e", "L", "USD", ...), shown in
//                   the display unit a person reads: "2.15 TWh", "1.4 Mt CO2e", "12 GL",
//                   "USD 10.5 bn", "435 MW", "350,000". Use this one unless a layout needs
//                   one of the narrower functions below.
//   FormatSi        a value with an SI prefix put in front of a unit: "4.22 TWh (3.94-4.61)".
//   FormatUsd       money: "USD 9.62 bn (8.75-10.5)".
//   FormatCount     a count with thousands separators: "350,000 GPUs".
//   FormatPercent   a fraction as a percentage: "6.7% (5.9-7.3)".
//   FormatNumber    a plain number, significant digits, no separators: "0.414", "25.3".
//   FormatPrefixed  a bare number with an SI prefix and no unit, 4 digits: "989.5 T" (catalog).
//   FormatFactValue a catalog fact's cell: "25-40 k", "120 (73-130)".
//   FormatScaled    a number with separators and scale words: "6,132", "11.4 bn" (claims).
//
// Every function that takes an Interval prints one display scale for the value and its range,
// chosen from the central value (from `high` when the value is 0), and prints a point as one
// number. Ranges print as " (low-high)", or " (low to high)" when low is negative.
#pragma once

#include <string>
#include <string_view>

#include "gpufleet/interval.h"

namespace gpufleet {

// Whether an SI prefix goes in front of `unit` as FormatQuantity writes it ("W", "B/s",
// "FLOP/s", "Wh", "L" ...; not "kg CO2e", "USD" or "kWh", which carry their own).
bool TakesSiPrefix(std::string_view unit);

// `x` given in the base unit `unit`, printed in the unit a person reads, `digits` significant
// digits. The base units and what they print as:
//   "Wh" "kWh" "MWh" "GWh" "TWh"   energy: Wh with an SI prefix: 2.15e9 kWh -> "2.15 TWh"
//   "J" "W" "kW" "MW" "L" "m" "FLOP" "FLOP/s" "B" "B/s" "Hz"
//                                  SI prefix on the unit: "435 MW", "12 GL", "3.8e25 FLOP"
//                                  (exponent from 1e21); "kW"/"MW" are read as 1e3/1e6 W
//   "mm"                           millimetres below 1 m, then metres: "267 mm", "93.7 km"
//   "kg CO2e" "t CO2e" "kg" "t"    mass (of carbon): "kg CO2e" below one tonne, then tonnes
//   "g CO2e" "g"                   with an SI prefix: "950 kg CO2e", "1.4 Mt CO2e", "12 kt";
//                                  grams stay grams below a kilogram: "0.03 g CO2e"
//   "s"                            a duration in the largest of ms, s, min, h, d that reads
//                                  well: "500 ms", "45 s", "4.16 min", "3.09 h", "66 d"
//   "USD" (any 3-letter currency)  money with k, M, bn, tn: "USD 10.5 bn (8.75-14)"
//   ""                             a count: "350,000", "43,750 (40,000-50,000)" when value,
//                                  low and high are whole numbers (SI above 1e7: "12 M"),
//                                  else a plain number: "1.2 (1.1-1.3)"
//   "%"                            the value is already in percent: 6.7 -> "6.7%"
//   "fraction"                     the value is a fraction shown in percent: 0.067 -> "6.7%"
//   anything else ("h", "d", "years", "kg/kWh", "L/kWh", "USD/kWh", "x", ...)
//                                  a plain number and the unit, thousands separators from
//                                  1000: "8,760 h", "0.414 kg/kWh", "1.2 years"
// Non-finite values print as "inf", "-inf", "nan". Never prints a unit with two prefixes
// ("kkWh") or a prefix on a compound unit ("Mkg/kWh").
std::string FormatQuantity(const Interval& x, std::string_view unit, int digits = 3);

// `x` in `unit` (e.g. "Wh", "W", "L", "m", "FLOP/s", "t CO2e") with an SI prefix (k M G T P E)
// put in front of the unit, `digits` significant digits; values below 1000 get none, values
// from 1e21 an exponent ("1.39e25 FLOP"). A point prints as one number: "700 W". The caller
// chooses `unit` so that a prefix makes sense (not "kg" or "kWh": use FormatQuantity).
std::string FormatSi(const Interval& x, std::string_view unit, int digits = 3);

// Money in US dollars: "USD 27.5 k", "USD 9.62 bn (8.75-10.5)" (k, M, bn, tn).
std::string FormatUsd(const Interval& x, int digits = 3);

// A count with thousands separators below 10 million, SI above: "350,000 GPUs",
// "43,750 (40,000-50,000)"; `unit` follows the central value when not empty. Rounds to whole
// numbers.
std::string FormatCount(const Interval& x, std::string_view unit = "");

// A number with thousands separators at every size, no SI prefix: "1,000,000,000"; a whole
// number (to 1e-9 relative) printed whole, another with up to three decimals ("1.5").
std::string FormatGrouped(double v);

// A fraction as a percentage: 0.067 -> "6.7%", a range "6.7% (5.9-7.3)".
std::string FormatPercent(const Interval& x, int digits = 2);

// A plain number with `digits` significant digits, no thousands separators and no exponent
// below 1e15 (nor above 1e-4): "0.414", "25.3", "1234567"; "inf", "-inf".
std::string FormatNumber(double x, int digits = 3);

// A bare number with an SI prefix and 4 significant digits, no unit (the catalog's cells,
// whose unit is in the column header): 989.5e12 -> "989.5 T", 25000 -> "25 k", 0.367 ->
// "0.367". Values below 1000 get no prefix.
std::string FormatPrefixed(double x);

// A catalog fact's value for a table cell: "700", "25-40 k" (a range with its midpoint as
// value), "120 (73-130)" (a range whose value is not the midpoint). One prefix for the cell.
std::string FormatFactValue(const Interval& v);

// A number for prose (claims verdicts): thousands separators and scale words, `digits`
// significant digits (4 from 1000 to 1e6): "6,132", "427", "0.0341", "11.4 bn", "2.5 M",
// "1.2 T"; an exponent below 1e-3; "inf", "-inf", "nan".
std::string FormatScaled(double x, int digits = 3);

// FormatScaled of the value, and " (low-high)" when it is a range, one scale word for all
// three: "10.5 (8.75-14) bn".
std::string FormatScaledInterval(const Interval& x, int digits = 3);

}  // namespace gpufleet

#include "claims/rt_unit.h"

#include <cctype>
#include <charconv>
#include <map>
#include <vector>

#include "gpufleet/catalog.h"
#include "util/ascii.h"

namespace gpufleet::claims {
namespace {

RtUnit Base(std::array<int, 6> dim, double factor, const char* text) {
  return RtUnit{dim, factor, text};
}

const std::map<std::string, RtUnit, std::less<>>& Table() {
  constexpr std::array<int, 6> kNone{}, kMass{1}, kLength{0, 1}, kTime{0, 0, 1}, kUsd{0, 0, 0, 1},
      kEur{0, 0, 0, 0, 1}, kFlop{0, 0, 0, 0, 0, 1}, kVolume{0, 3}, kEnergy{1, 2, -2},
      kPower{1, 2, -3};
  static const std::map<std::string, RtUnit, std::less<>> t = {
      {"", Base(kNone, 1, "")},
      {"1", Base(kNone, 1, "")},
      {"count", Base(kNone, 1, "")},
      {"GPU", Base(kNone, 1, "")},
      {"GPUs", Base(kNone, 1, "")},
      {"nodes", Base(kNone, 1, "")},
      {"racks", Base(kNone, 1, "")},
      {"%", Base(kNone, 0.01, "%")},
      {"J", Base(kEnergy, 1, "J")},
      {"kJ", Base(kEnergy, 1e3, "kJ")},
      {"MJ", Base(kEnergy, 1e6, "MJ")},
      {"GJ", Base(kEnergy, 1e9, "GJ")},
      {"mWh", Base(kEnergy, 3.6, "mWh")},
      {"Wh", Base(kEnergy, 3600, "Wh")},
      {"kWh", Base(kEnergy, 3.6e6, "kWh")},
      {"MWh", Base(kEnergy, 3.6e9, "MWh")},
      {"GWh", Base(kEnergy, 3.6e12, "GWh")},
      {"TWh", Base(kEnergy, 3.6e15, "TWh")},
      {"mW", Base(kPower, 1e-3, "mW")},
      {"W", Base(kPower, 1, "W")},
      {"kW", Base(kPower, 1e3, "kW")},
      {"MW", Base(kPower, 1e6, "MW")},
      {"GW", Base(kPower, 1e9, "GW")},
      {"s", Base(kTime, 1, "s")},
      {"min", Base(kTime, 60, "min")},
      {"h", Base(kTime, 3600, "h")},
      {"day", Base(kTime, 86400, "day")},
      {"week", Base(kTime, 7 * 86400, "week")},
      {"month", Base(kTime, 8760 * 3600.0 / 12, "month")},
      {"yr", Base(kTime, 8760 * 3600.0, "yr")},
      {"year", Base(kTime, 8760 * 3600.0, "yr")},
      {"years", Base(kTime, 8760 * 3600.0, "yr")},
      {"m", Base(kLength, 1, "m")},
      {"mm", Base(kLength, 1e-3, "mm")},
      {"cm", Base(kLength, 1e-2, "cm")},
      {"km", Base(kLength, 1e3, "km")},
      {"L", Base(kVolume, 1e-3, "L")},
      {"mL", Base(kVolume, 1e-6, "mL")},
      {"gal", Base(kVolume, 3.785411784e-3, "gal")},  // US liquid gallon (NIST SP 811)
      {"gallons", Base(kVolume, 3.785411784e-3, "gal")},
      {"g", Base(kMass, 1e-3, "g")},
      {"g CO2e", Base(kMass, 1e-3, "g")},
      {"fraction", Base(kNone, 1, "")},  // the serving model's shares (load)
      {"tokens", Base(kNone, 1, "")},
      {"sequences", Base(kNone, 1, "")},
      {"requests", Base(kNone, 1, "")},
      {"m3", Base(kVolume, 1, "m3")},
      {"kg", Base(kMass, 1, "kg")},
      {"kg CO2e", Base(kMass, 1, "kg")},
      {"t", Base(kMass, 1e3, "t")},
      {"kt", Base(kMass, 1e6, "kt")},
      {"Mt", Base(kMass, 1e9, "Mt")},
      {"Gt", Base(kMass, 1e12, "Gt")},
      {"t CO2e", Base(kMass, 1e3, "t")},
      {"USD", Base(kUsd, 1, "USD")},
      {"EUR", Base(kEur, 1, "EUR")},
      {"FLOP", Base(kFlop, 1, "FLOP")},
      {"B", Base(kNone, 1, "B")},
      {"U", Base(kNone, 1, "U")},
  };
  return t;
}

// One part of a compound unit: an optional number then a base unit ("100 km", "kWh").
std::optional<RtUnit> ParsePart(std::string_view part) {
  part = Trim(part, kAsciiSpace);
  double scale = 1;
  size_t i = 0;
  while (i < part.size() && (std::isdigit(static_cast<unsigned char>(part[i])) || part[i] == '.'))
    ++i;
  if (i > 0) {
    auto r = std::from_chars(part.data(), part.data() + i, scale);
    if (r.ec != std::errc() || !(scale > 0)) return std::nullopt;
  }
  std::string_view name = Trim(part.substr(i), kAsciiSpace);
  auto it = Table().find(name);
  if (it == Table().end()) return std::nullopt;
  RtUnit u = it->second;
  if (i > 0) {
    u.factor *= scale;
    u.text = std::string(part.substr(0, i)) + u.text;
  }
  return u;
}

std::vector<std::string_view> SplitCompound(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    } else if (text.substr(i, 5) == " per ") {
      parts.push_back(text.substr(start, i - start));
      start = i + 5;
      i += 4;
    }
  }
  return parts;
}

}  // namespace

RtUnit Multiply(const RtUnit& a, const RtUnit& b) {
  RtUnit r;
  for (size_t i = 0; i < r.dim.size(); ++i) r.dim[i] = a.dim[i] + b.dim[i];
  r.factor = a.factor * b.factor;
  r.text = a.text.empty() ? b.text : b.text.empty() ? a.text : a.text + "*" + b.text;
  return r;
}

RtUnit Divide(const RtUnit& a, const RtUnit& b) {
  RtUnit r;
  for (size_t i = 0; i < r.dim.size(); ++i) r.dim[i] = a.dim[i] - b.dim[i];
  r.factor = a.factor / b.factor;
  r.text = b.text.empty() ? a.text : (a.text.empty() ? "1" : a.text) + "/" + b.text;
  return r;
}

std::optional<RtUnit> ParseUnit(std::string_view text) {
  auto parts = SplitCompound(Trim(text, kAsciiSpace));
  auto first = ParsePart(parts[0]);
  if (!first) return std::nullopt;
  RtUnit u = *first;
  for (size_t i = 1; i < parts.size(); ++i) {
    auto d = ParsePart(parts[i]);
    if (!d || Trim(parts[i], kAsciiSpace).empty()) return std::nullopt;
    u = Divide(u, *d);
  }
  return u;
}

bool SameDimension(const RtUnit& a, const RtUnit& b) {
  auto fold = [](std::array<int, 6> d) {
    d[3] += d[4];
    d[4] = 0;
    return d;
  };
  return fold(a.dim) == fold(b.dim);
}

std::string DimensionName(const RtUnit& u) {
  static const std::vector<std::pair<const char*, const char*>> names = {
      {"", "plain number"},
      {"J", "energy"},
      {"W", "power"},
      {"USD", "money"},
      {"m", "length"},
      {"m3", "volume"},
      {"kg", "mass"},
      {"s", "duration"},
      {"USD/m", "money per length"},
      {"J/s", "power"},
      {"FLOP", "FLOP"},
      {"FLOP/s", "FLOP rate"},
      {"kg/J", "mass per energy"},
      {"USD/J", "money per energy"},
      {"m/USD", "length per money"},
      {"J/USD", "energy per money"},
      {"USD/s", "money per time"},
      {"m3/s", "volume per time"},
      {"kg/s", "mass per time"},
      {"W/s", "power per time"}};
  for (const auto& [unit, name] : names) {
    if (SameDimension(u, *ParseUnit(unit))) return name;
  }
  static const char* base[] = {"kg", "m", "s", "USD", "EUR", "FLOP"};
  std::string out;
  for (size_t i = 0; i < u.dim.size(); ++i) {
    if (u.dim[i] != 0)
      out += (out.empty() ? "" : " ") + std::string(base[i]) + "^" + std::to_string(u.dim[i]);
  }
  return out;
}

std::string SiUnitText(const RtUnit& u) {
  static const std::vector<std::string> candidates = {
      "",       "J",     "W",    "USD",   "m",     "m3",    "kg",    "s",    "FLOP",
      "FLOP/s", "USD/m", "kg/J", "USD/J", "m/USD", "J/USD", "USD/s", "m3/s", "kg/s"};
  for (const std::string& c : candidates) {
    if (SameDimension(u, *ParseUnit(c))) return c;
  }
  return DimensionName(u);
}

std::optional<RtUnit> UnitOfCatalogKey(std::string_view key) {
  const std::string_view unit = UnitOfKey(key);
  if (unit.empty() && !key.ends_with("_count") && !key.ends_with("_fraction") && key != "pue")
    return std::nullopt;
  return ParseUnit(unit);
}

}  // namespace gpufleet::claims

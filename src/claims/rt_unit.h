// Units known at run time, for claim files and text extraction: "GWh", "EUR/km", "USD/100km",
// "kWh/yr", "%". A unit is a dimension (exponents of kg, m, s, USD, EUR, FLOP) and the SI value
// of one of it (EUR counts in EUR; ToUsd folds it into USD with an exchange rate). Compile-time
// units (gpufleet/units.h) stay the model's currency; this table only reads what people write.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace gpufleet::claims {

struct RtUnit {
  // Exponents of: kg, m, s, USD, EUR, FLOP.
  std::array<int, 6> dim{};
  double factor = 1;  // SI value of one unit; EUR amounts stay in EUR
  std::string text;   // canonical spelling, e.g. "GWh", "EUR/km", "" for a plain number

  int eur() const { return dim[4]; }
};

// Parses a unit: a product of base units divided by others, "A/B", "A/B/C" or "A per B"; a
// part may carry a number ("USD/100km" is USD per 100 km). Empty, "1", "count", "GPUs" and
// similar counted nouns are plain numbers; "%" is 0.01. nullopt for an unknown unit.
std::optional<RtUnit> ParseUnit(std::string_view text);

RtUnit Multiply(const RtUnit& a, const RtUnit& b);
RtUnit Divide(const RtUnit& a, const RtUnit& b);

// True when a and b measure the same thing once EUR is counted as money (USD).
bool SameDimension(const RtUnit& a, const RtUnit& b);

// Human name of a dimension: "energy", "power", "money", "length", "money per length",
// "plain number", or the exponents ("kg^1 m^2 s^-2") when it has no name.
std::string DimensionName(const RtUnit& u);

// The SI unit (with USD for money) of u's dimension, e.g. "J", "W", "USD/m", "" .
std::string SiUnitText(const RtUnit& u);

// A unit for the catalog key's suffix: "tdp_w" -> W, "energy_kwh" -> kWh, "cost_eur_per_km"
// -> EUR/km, "rate_usd_per_eur" -> USD/EUR, "gpus_count" -> plain. nullopt when unknown.
std::optional<RtUnit> UnitOfCatalogKey(std::string_view key);

}  // namespace gpufleet::claims

// Display units of catalog fact keys, read from the key's suffix (docs/catalog.md).
#include <utility>

#include "gpufleet/catalog.h"

namespace gpufleet {

std::string_view UnitOfKey(std::string_view key) {
  // Longest suffixes first: "_bytes_per_s" before "_s", "_usd_per_kwh" before "_kwh".
  static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"_kg_co2e_per_cm2", "kg CO2e/cm2"},
      {"_kg_co2e_per_gb", "kg CO2e/GB"},
      {"_kwh_per_cm2", "kWh/cm2"},
      {"_per_cm2", "1/cm2"},
      {"_flop_per_s", "FLOP/s"},
      {"_bytes_per_s", "B/s"},
      {"_kg_per_kwh", "kg/kWh"},
      {"_usd_per_kwh", "USD/kWh"},
      {"_eur_per_kwh", "EUR/kWh"},
      {"_l_per_kwh", "L/kWh"},
      {"_eur_per_km", "EUR/km"},
      {"_usd_per_eur", "USD/EUR"},
      {"_kg_co2e", "kg CO2e"},
      {"_co2e_t", "t CO2e"},
      {"_bytes", "B"},
      {"_hours", "h"},
      {"_kwh", "kWh"},
      {"_usd", "USD"},
      {"_eur", "EUR"},
      {"_mm2", "mm2"},
      {"_mm", "mm"},
      {"_km", "km"},
      {"_m3", "m3"},
      {"_kg", "kg"},
      {"_w", "W"},
      {"_count", ""},
      {"_fraction", ""},
  };
  if (key == "pue") return "";
  if (key == "co2e_t" || key.ends_with("_co2e_t")) return "t CO2e";
  if (key == "rack_units") return "U";
  // A key may be its suffix alone ("kg_co2e", "kg_co2e_per_gb": a part's one fact).
  for (const auto& [suffix, unit] : kSuffixes) {
    if (key.ends_with(suffix) || key == suffix.substr(1)) return unit;
  }
  return "";
}

}  // namespace gpufleet

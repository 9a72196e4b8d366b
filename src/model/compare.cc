// Compare: fleet figures beside reference quantities from the catalog (a region's electricity,
// a supercomputer, a motorway). A comparison whose reference or fact is missing is skipped.
#include <fmt/format.h>

#include <cstring>
#include <functional>

#include "gpufleet/fleet.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

using namespace units;

// A fleet figure, in the unit of the reference fact it is compared with; nullopt when absent.
using FleetFigure =
    std::function<std::optional<Interval>(const FleetInputs&, const FleetResult&, double eur)>;

struct Spec {
  const char* what;  // the fleet side, e.g. "facility energy per year"
  const char* ref;   // reference id
  const char* key;   // reference fact
  FleetFigure figure;
  const char* phrase = nullptr;  // for ratios that are amounts: "the cost of {} km of motorway"
};

// From the year's energy, not energy / period: a ranged period would enter twice (100..8,760 h
// gave 0.028-279 households where each end alone gives 2.45-3.18 k), and a period near the
// smallest double gave infinity.
Interval AnnualFacilityKwh(const FleetInputs&, const FleetResult& r) {
  return In(r.energy_facility_per_year, kWh);
}

// The GPUs' purchase price in EUR; none for a GPU the catalog has no price for ("the cost of 0
// km of motorway"; found by an adversarial tester).
std::optional<Interval> GpusPrice(const FleetInputs& in, const FleetResult& r, double eur) {
  if (GpuFactUnknown(in, "gpu_price_usd")) return std::nullopt;
  return In(r.capex_gpus, usd) / eur;
}

const std::vector<Spec>& Specs() {
  static const std::vector<Spec> specs = {
      {"facility energy per year", "lombardy-electricity-2023", "energy_kwh",
       [](auto& in, auto& r, double) { return AnnualFacilityKwh(in, r); }},
      {"facility energy per year", "italy-electricity-2023", "energy_kwh",
       [](auto& in, auto& r, double) { return AnnualFacilityKwh(in, r); }},
      {"facility energy per year", "meta-datacenter-electricity-2023", "energy_kwh",
       [](auto& in, auto& r, double) { return AnnualFacilityKwh(in, r); }},
      {"facility energy per year", "italian-household-electricity", "energy_kwh",
       [](auto& in, auto& r, double) { return AnnualFacilityKwh(in, r); }},
      {"GPU count", "leonardo", "gpus_count", [](auto& in, auto&, double) { return in.count; }},
      {"peak facility power", "leonardo", "power_w",
       [](auto&, auto& r, double) { return In(r.power_facility, W); }},
      {"GPU count", "meta-h100-2024", "gpus_count",
       [](auto& in, auto&, double) { return in.count; }},
      {"cards end to end", "motorway-a4-turin-milan", "length_km",
       [](auto&, auto& r, double) -> std::optional<Interval> {
         if (!r.length) return std::nullopt;
         return In(*r.length, km);
       }},
      {"cards end to end", "milan-turin-distance", "length_km",
       [](auto&, auto& r, double) -> std::optional<Interval> {
         if (!r.length) return std::nullopt;
         return In(*r.length, km);
       }},
      {"GPUs' purchase price", "motorway-cost-per-km-italy", "cost_eur_per_km",
       [](auto& in, auto& r, double eur) { return GpusPrice(in, r, eur); },
       "the cost of {} km of Italian motorway"},
      {"GPUs' purchase price", "italy-budget-law-2024", "amount_eur",
       [](auto& in, auto& r, double eur) { return GpusPrice(in, r, eur); }},
      {"on-site water", "olympic-pool", "volume_m3",
       [](auto& in, auto& r, double) -> std::optional<Interval> {
         if (SiteFactorUnknown(in, "wue_l_per_kwh")) return std::nullopt;
         return In(r.water_onsite, m3);
       }},
      {"operational CO2e", "llama3-405b-training", "co2e_t",
       [](auto& in, auto& r, double) -> std::optional<Interval> {
         if (SiteFactorUnknown(in, "grid_kg_per_kwh")) return std::nullopt;
         return In(r.co2e_operational, t_co2e);
       }},
  };
  return specs;
}

const std::string& Label(const Entry& e, const char* field) {
  auto it = e.text.find(field);
  return it != e.text.end() ? it->second : e.name.empty() ? e.id : e.name;
}

// "facility energy per year = 6.7% (5.9-7.3) of Lombardy's 2023 electricity consumption",
// "GPU count = 25.3 Leonardos", "operational CO2e = 136 x Llama 3.1 405B's training run".
// Written into one string, piece by piece: the API builds a dozen of these per answer.
std::string Describe(const Spec& s, const Interval& ratio, const Entry& ref) {
  std::string out;
  out.reserve(std::strlen(s.what) + 96);  // one allocation: the text is rarely longer
  out += s.what;
  out += " = ";
  const auto plural = ref.text.find("plural");
  if (s.phrase != nullptr) {
    fmt::format_to(std::back_inserter(out), fmt::runtime(s.phrase), FormatSi(ratio, ""));
  } else if (plural != ref.text.end() && ratio.value >= 1) {
    out += FormatSi(ratio, "");
    out += ' ';
    out += plural->second;
  } else if (ratio.value < 10) {
    out += FormatPercent(ratio);
    out += " of ";
    out += Label(ref, "label");
  } else {
    out += FormatSi(ratio, "");
    out += " x ";
    out += Label(ref, "label");
  }
  return out;
}

// USD per EUR from the catalog; 0 when absent (comparisons in EUR are then skipped).
double UsdPerEur(const Catalog& c) {
  const Entry* e = c.Find("reference", "usd-per-eur-2024");
  const Fact* f = e ? e->Find("rate_usd_per_eur") : nullptr;
  return f ? f->value.value : 0;
}

}  // namespace

std::vector<Comparison> Compare(const FleetInputs& in, const FleetResult& r, const Catalog& c) {
  std::vector<Comparison> out;
  out.reserve(Specs().size());
  const double eur = UsdPerEur(c);
  for (const Spec& s : Specs()) {
    const Entry* ref = c.Find("reference", s.ref);
    const Fact* fact = ref ? ref->Find(s.key) : nullptr;
    if (fact == nullptr || fact->value.low <= 0) continue;
    if (std::string_view(s.key).ends_with("_eur") ||
        std::string_view(s.key).ends_with("_eur_per_km")) {
      if (eur <= 0) continue;
    }
    const std::optional<Interval> figure = s.figure(in, r, eur);
    if (!figure) continue;
    const Interval ratio = *figure / fact->value;
    const std::string& label = Label(*ref, "label");
    std::string what;
    what.reserve(std::strlen(s.what) + 4 + label.size());
    what += s.what;
    what += " vs ";
    what += label;
    out.push_back({std::move(what), ref->id, ratio, Describe(s, ratio, *ref)});
  }
  return out;
}

}  // namespace gpufleet

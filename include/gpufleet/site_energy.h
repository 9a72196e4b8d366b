// The site-energy model, the one place its equations live (docs/model.md): energy drawn by IT
// equipment at a site -> facility energy (x PUE) -> electricity cost and operational CO2e (on
// facility energy) and water (on-site WUE on IT energy, off-site factor on facility energy).
// The fleet model (Evaluate), `gpufleet measure` and the Prometheus exporter all call AtSite.
// Pure functions; every factor an Interval, so ranges flow to the outputs (each factor appears
// once per expression, so interval arithmetic gives the exact range).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/interval.h"
#include "gpufleet/units.h"

namespace gpufleet {

// A site's factors, applied to IT energy.
struct SiteFactors {
  std::string id;      // catalog site id, "" for none
  Interval pue = 1.0;  // >= 1
  CarbonIntensity<Interval> grid = 0.0 * units::kg_per_kwh;
  EnergyPrice<Interval> price = 0.0 * units::usd_per_kwh;
  WaterIntensity<Interval> wue_onsite = 0.0 * units::l_per_kwh;     // per kWh of IT energy
  WaterIntensity<Interval> water_offsite = 0.0 * units::l_per_kwh;  // per kWh of facility energy
  // The factors nothing gave (no site, no flag), by input name: "grid_kg_per_kwh",
  // "price_per_kwh", "wue_l_per_kwh", "offsite_water_l_per_kwh". They are 0 in the arithmetic;
  // a figure that rests on one is absent, not 0 (ImpactWhy). `gpufleet measure --site none`
  // showed 0 kg CO2e and USD 0.
  std::vector<std::string> unknown;
};

// Every site factor's input name, in the order above (grid, price, on-site and off-site water).
const std::vector<std::string>& SiteFactorNames();

// Energy at a site, and what it costs.
struct SiteImpact {
  Energy<Interval> it;             // the IT energy given
  Energy<Interval> facility;       // it * PUE
  Money<Interval> cost;            // facility * price
  Carbon<Interval> co2e;           // facility * grid (operational, location-based)
  Volume<Interval> water_onsite;   // it * WUE
  Volume<Interval> water_offsite;  // facility * off-site factor
  Volume<Interval> water;          // water_onsite + water_offsite
};

// The model: `it` at `site`.
SiteImpact AtSite(const Energy<Interval>& it, const SiteFactors& site);

// Why a factor nothing gave is unknown: "no site given and no grid carbon intensity", or "site
// odd has no grid carbon intensity" (`site_id` given). `factor`: an input name of
// SiteFactorNames, or "pue". The one wording of the fleet model, measure and the exporter.
std::string UnknownFactorWhy(const std::string& site_id, std::string_view factor);

// Whether `factor` (an input name of SiteFactorNames) is in site.unknown.
bool Unknown(const SiteFactors& site, std::string_view factor);

// Why a SiteImpact's figures cannot be given, "" for those that can: cost (no price), CO2e (no
// grid intensity), water (a water factor missing): "no site given and no grid carbon intensity",
// or "site odd has no ..." for a site that lacks the fact.
struct ImpactWhy {
  std::string cost, co2e, water;
};
ImpactWhy WhyAbsent(const SiteFactors& site);

// With no site, what stands instead: "no site (PUE 1; unknown: grid carbon, price, on-site
// water, off-site water)", the factors given by flags left out of the list (the fleet report's
// header and measure's site section).
std::string NoSiteText(const SiteFactors& site);

}  // namespace gpufleet

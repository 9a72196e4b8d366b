#include "gpufleet/site_energy.h"

#include <algorithm>

namespace gpufleet {

SiteImpact AtSite(const Energy<Interval>& it, const SiteFactors& site) {
  SiteImpact s;
  s.it = it;
  s.facility = it * site.pue;
  s.cost = s.facility * site.price;
  s.co2e = s.facility * site.grid;
  s.water_onsite = it * site.wue_onsite;
  s.water_offsite = s.facility * site.water_offsite;
  s.water = s.water_onsite + s.water_offsite;
  return s;
}

const std::vector<std::string>& SiteFactorNames() {
  static const std::vector<std::string> names = {"grid_kg_per_kwh", "price_per_kwh",
                                                 "wue_l_per_kwh", "offsite_water_l_per_kwh"};
  return names;
}

ImpactWhy WhyAbsent(const SiteFactors& site) {
  const auto missing = [&](const char* name) {
    return std::find(site.unknown.begin(), site.unknown.end(), name) != site.unknown.end();
  };
  ImpactWhy w;
  if (missing("price_per_kwh")) w.cost = "no site given and no electricity price";
  if (missing("grid_kg_per_kwh")) w.co2e = "no site given and no grid carbon intensity";
  if (missing("wue_l_per_kwh") || missing("offsite_water_l_per_kwh")) {
    w.water = std::string("no site given and no ") +
              (missing("wue_l_per_kwh") && missing("offsite_water_l_per_kwh") ? "water factors"
               : missing("wue_l_per_kwh") ? "water use effectiveness (WUE)"
                                          : "off-site water factor");
  }
  return w;
}

}  // namespace gpufleet

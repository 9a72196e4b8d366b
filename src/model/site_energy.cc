#include "gpufleet/site_energy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "gpufleet/si_format.h"

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

std::string UnknownFactorWhy(const std::string& site_id, std::string_view factor) {
  static const std::pair<std::string_view, const char*> what[] = {
      {"grid_kg_per_kwh", "grid carbon intensity"},
      {"price_per_kwh", "electricity price"},
      {"wue_l_per_kwh", "water use effectiveness (WUE)"},
      {"offsite_water_l_per_kwh", "off-site water factor"},
      {"pue", "PUE"}};
  std::string name(factor);
  for (const auto& [key, text] : what) {
    if (key == factor) name = text;
  }
  return site_id.empty() ? "no site given and no " + name : "site " + site_id + " has no " + name;
}

bool Unknown(const SiteFactors& site, std::string_view factor) {
  return std::find(site.unknown.begin(), site.unknown.end(), factor) != site.unknown.end();
}

ImpactWhy WhyAbsent(const SiteFactors& site) {
  const auto missing = [&](const char* name) { return Unknown(site, name); };
  ImpactWhy w;
  if (missing("price_per_kwh")) w.cost = UnknownFactorWhy(site.id, "price_per_kwh");
  if (missing("grid_kg_per_kwh")) w.co2e = UnknownFactorWhy(site.id, "grid_kg_per_kwh");
  const bool wue = missing("wue_l_per_kwh"), offsite = missing("offsite_water_l_per_kwh");
  if (wue && offsite) {
    w.water = (site.id.empty() ? "no site given and no " : "site " + site.id + " has no ") +
              std::string("water factors");
  } else if (wue || offsite) {
    w.water = UnknownFactorWhy(site.id, wue ? "wue_l_per_kwh" : "offsite_water_l_per_kwh");
  }
  return w;
}

std::string NoSiteText(const SiteFactors& site) {
  std::vector<std::string_view> unknown;
  for (const auto& [key, what] :
       {std::pair{"grid_kg_per_kwh", "grid carbon"}, std::pair{"price_per_kwh", "price"},
        std::pair{"wue_l_per_kwh", "on-site water"},
        std::pair{"offsite_water_l_per_kwh", "off-site water"}}) {
    if (Unknown(site, key)) unknown.emplace_back(what);
  }
  return fmt::format("no site (PUE {}{}{})", FormatSi(site.pue, ""),
                     unknown.empty() ? "" : "; unknown: ", fmt::join(unknown, ", "));
}

}  // namespace gpufleet

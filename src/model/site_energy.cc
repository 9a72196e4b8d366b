#include "gpufleet/site_energy.h"

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

}  // namespace gpufleet

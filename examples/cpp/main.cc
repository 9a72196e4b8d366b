// A fleet figure from the installed library: the energy of N GPUs (default 350,000 H100 SXM)
// over a year at a site (default meta-fleet), from the embedded catalog.
// Usage: fleet_example [GPU [COUNT [SITE]]]; bad input: the message and exit status 2.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/version.h"

int main(int argc, char** argv) {
  const std::string gpu = argc > 1 ? argv[1] : "h100-sxm";
  const std::string count = argc > 2 ? argv[2] : "350k";
  const std::string site = argc > 3 ? argv[3] : "meta-fleet";
  try {
    const gpufleet::Catalog& catalog = gpufleet::Catalog::Embedded();
    gpufleet::FleetInputs in = gpufleet::InputsFromCatalog(catalog, gpu, site);
    // The input table parses and checks a value as every front end does ("350k", "300k..350k").
    const auto& row = gpufleet::inputs::Get("count", gpufleet::inputs::kFleet);
    gpufleet::SetInput(in, "count", gpufleet::inputs::Parse(row, count));
    gpufleet::SetInput(in, "hours", 8760);
    const gpufleet::FleetResult r = gpufleet::Evaluate(in);
    for (const char* name : {"energy_facility_kwh", "co2e_total_kg", "electricity_cost_usd"}) {
      const auto named = gpufleet::FindResult(in, r, name);
      if (!named) continue;
      std::printf("%s: %s\n", name, gpufleet::FormatFigure(named->figure).c_str());
      if (named->figure.present()) {
        std::printf("%s value: %s\n", name, fmt::format("{}", named->figure.range().value).c_str());
      }
    }
    std::printf("gpufleet %s\n", std::string(gpufleet::kVersion).c_str());
  } catch (const gpufleet::InputError& e) {
    std::fprintf(stderr, "fleet_example: %s\n", e.what());
    return gpufleet::kExitBadInput;
  }
  return 0;
}

// libFuzzer target: scenario files (ParseScenario), then the model on whatever parsed. Any input
// either evaluates with ordered bounds or throws InputError.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "gpufleet/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gpufleet::Catalog& catalog = gpufleet::Catalog::Embedded();
  try {
    const gpufleet::Scenario s = gpufleet::ParseScenario(text, "fuzz.toml", catalog);
    for (const auto& f : s.fleets) {
      const gpufleet::FleetResult r = gpufleet::Evaluate(f.inputs);
      for (const auto& n : gpufleet::Tabulate(f.inputs, r)) {
        if (!n.figure.present()) continue;  // absent: no value to order
        const gpufleet::Interval& v = n.figure.range();
        if (!(v.low <= v.value && v.value <= v.high)) std::abort();
      }
    }
  } catch (const gpufleet::InputError&) {
  }
  return 0;
}

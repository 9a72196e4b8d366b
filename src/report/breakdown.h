// Fleet results broken down into their parts (what the dashboard's and the HTML report's stacked
// charts show): cost, energy, carbon and water. Pure; every part is an Interval computed from the
// inputs directly (not by subtracting totals, which would widen the ranges).
#pragma once

#include <string>
#include <vector>

#include "gpufleet/fleet.h"
#include "gpufleet/interval.h"

namespace gpufleet {

struct BreakdownPart {
  std::string label;  // "GPUs", "host overhead", "cooling and power losses (PUE)"
  Interval value;     // in the Breakdown's unit; meaningless when `why` is set
  // Why the part is unknown ("no site given and no grid carbon intensity"), "" when known. An
  // unknown part is kept, not dropped: a chart of the known parts alone read as the whole
  // (found by an adversarial tester).
  std::string why;
  bool known() const { return why.empty(); }
};

struct Breakdown {
  std::string id;     // "cost", "energy", "carbon", "water"
  std::string title;  // "Cost over the period"
  std::string unit;   // a Figure unit (figure.h): "USD", "kWh", "kg CO2e", "L"
  std::vector<BreakdownPart> parts;
};

// The four breakdowns, always all four, in the order cost, energy, carbon, water, each with all
// its parts: a part that cannot be computed (no site, no price) carries its why. Capital cost is
// amortised over the period (period / lifetime of the purchase price), like embodied carbon in
// the model.
std::vector<Breakdown> FleetBreakdowns(const FleetInputs& in, const FleetResult& r);

}  // namespace gpufleet

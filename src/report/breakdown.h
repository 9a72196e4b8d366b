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
  Interval value;     // in the Breakdown's unit
};

struct Breakdown {
  std::string id;     // "cost", "energy", "carbon", "water"
  std::string title;  // "Cost over the period"
  std::string unit;   // a Figure unit (figure.h): "USD", "kWh", "kg CO2e", "L"
  std::vector<BreakdownPart> parts;
};

// The four breakdowns, in the order cost, energy, carbon, water. Capital cost is amortised over
// the period (period / lifetime of the purchase price), like embodied carbon in the model.
std::vector<Breakdown> FleetBreakdowns(const FleetInputs& in, const FleetResult& r);

}  // namespace gpufleet

// Scenario files: one or more fleets described in TOML, each input a number or a "lo..hi"
// string, so a whole story (the seed article's two fleets) runs with `gpufleet report FILE`.
//
//   title = "Meta's GPU fleet, 2024"        # optional
//   description = "..."                      # optional
//   [defaults]                               # optional: keys shared by every fleet
//   gpu = "h100-sxm"                         # catalog ids: gpu (required), site, system
//   site = "meta-fleet"
//   gpu_power_w = "400..550..700"            # any input of InputNames(), by its name
//   notes = ["why 400..700 W ..."]           # assumptions in words, shown in the report
//   [[fleet]]                                # one table per fleet ([fleet] for just one)
//   name = "350,000 H100"
//   count = 350000
//   length_proxy_gpu = "h100-pcie"           # optional: when the GPU has no published board
//                                            # length, also lay out this GPU's cards
//
// Errors (InputError, exit status 2) name the file, the line and the key: a TOML syntax error,
// an unknown key, a value that is neither a number nor a range string, an unknown catalog id,
// an input out of its domain (Validate), a file with no fleet.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"

namespace gpufleet {

struct ScenarioFleet {
  std::string name;
  std::string description;
  std::vector<std::string> notes;
  std::string length_proxy_gpu;  // empty when none
  FleetInputs inputs;            // validated
};

struct Scenario {
  std::string file;  // as given (for messages)
  std::string title;
  std::string description;
  std::vector<ScenarioFleet> fleets;  // at least one
};

// The most fleets one scenario may hold: a report is read by a person and every fleet is
// computed and printed; 20,000 fleets ran for 20 s and wrote 268 MB of JSON.
inline constexpr size_t kMaxScenarioFleets = 1000;

// Parses scenario text; `file` names it in error messages. Catalog ids resolve in `catalog`.
Scenario ParseScenario(std::string_view text, const std::string& file, const Catalog& catalog);

// Reads and parses the file at `path` (InputError when it cannot be read).
Scenario LoadScenario(const std::string& path, const Catalog& catalog);

// The built-in default: examples/meta-2024.toml, embedded in the binary.
Scenario DefaultScenario(const Catalog& catalog);
inline constexpr std::string_view kDefaultScenarioPath = "examples/meta-2024.toml";

}  // namespace gpufleet

// The fleet model: what a fleet of GPUs costs in money, power, energy, carbon, water and space
// over a period. Pure functions, no I/O. Every input is an Interval (a value or a range) and
// every output carries low <= value <= high, propagated by interval corners (docs/model.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/figure.h"
#include "gpufleet/interval.h"
#include "gpufleet/site_energy.h"
#include "gpufleet/units.h"

namespace gpufleet {

using IPower = Power<Interval>;
using IEnergy = Energy<Interval>;
using IDuration = Duration<Interval>;
using IMoney = Money<Interval>;
using ICarbon = Carbon<Interval>;
using IVolume = Volume<Interval>;
using ILength = Length<Interval>;
using IFlops = Flops<Interval>;
using IFlopRate = FlopRate<Interval>;
using ICarbonIntensity = CarbonIntensity<Interval>;
using IEnergyPrice = EnergyPrice<Interval>;
using IWaterIntensity = WaterIntensity<Interval>;

// Where each input came from, by input name: "NVIDIA H100 datasheet, 2023, verified", "flag
// --pue", "default". A copy shares the texts it was copied with (one reference count, not one
// allocation per input: the API copies the catalog's inputs on every request), and keeps what is
// set after the copy to itself. Not thread-safe to modify; copies on different threads are.
class InputSources {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;
  InputSources() = default;
  explicit InputSources(Map all);

  // The source recorded for `name`; nullptr when none.
  const std::string* Find(std::string_view name) const;
  // The source recorded for `name`; throws std::out_of_range when none.
  const std::string& at(std::string_view name) const;
  // Records (or replaces) the source of `name`.
  void Set(std::string_view name, std::string source);
  // Makes every recorded source shared by later copies (call once a value is built to be copied).
  void Share();
  // Whether `name` has the same source here and in `o` (both none, or equal texts). O(1) beyond
  // the few sources set since the last Share() when both share their other sources.
  bool SameSource(const InputSources& o, std::string_view name) const;
  // Every recorded source, by name.
  Map All() const;
  bool operator==(const InputSources& o) const { return All() == o.All(); }

 private:
  std::shared_ptr<const Map> shared_;  // never modified; shared by copies
  Map own_;                            // set since the last Share(); wins over shared_
};

// Everything the model needs. Build it with InputsFromCatalog and override fields; every field
// has a meaning on its own so a user can also fill it by hand.
struct FleetInputs {
  std::string gpu_id;                    // catalog id, informational ("custom" when given by hand)
  std::string site_id;                   // informational
  std::string system_id;                 // informational
  Interval count = 1;                    // GPUs, > 0
  IDuration period = 1.0 * units::year;  // > 0
  IPower gpu_tdp = 700.0 * units::W;     // board power limit
  IPower gpu_idle = 70.0 * units::W;     // idle draw, <= TDP
  Interval load = 1.0;                   // average, 0 = idle .. 1 = TDP
  std::optional<IPower> gpu_avg_power;   // when set, replaces idle + load * (TDP - idle)
  IPower host_overhead_per_gpu = 0.0 * units::W;  // CPUs, memory, NICs, fans, share of switches
  Interval pue = 1.0;                             // >= 1
  ICarbonIntensity grid = 0.0 * units::kg_per_kwh;
  IEnergyPrice electricity_price = 0.0 * units::usd_per_kwh;
  IWaterIntensity wue_onsite = 0.0 * units::l_per_kwh;     // per kWh of IT energy
  IWaterIntensity water_offsite = 0.0 * units::l_per_kwh;  // per kWh of facility energy
  IMoney gpu_price = 0.0 * units::usd;                     // one GPU
  std::optional<IMoney> system_price_per_gpu;              // whole system price / GPUs per system
  IDuration lifetime = 4.0 * units::year;           // amortisation of capex and embodied carbon
  ICarbon embodied_per_gpu = 0.0 * units::kg_co2e;  // GPU plus its share of the server
  // What embodied_per_gpu covers, in words ("GPU", "server": embodied.h's ToString of the
  // boundary); empty when given by hand or by a catalog fact of unstated boundary (SetInput of
  // embodied_kg_co2e clears it).
  std::string embodied_boundary;
  std::optional<ILength> board_length;                    // one card; absent when not published
  IFlopRate peak_bf16_per_gpu = 0.0 * units::flop_per_s;  // dense
  // Bf16StandInNote of the GPU: its BF16 peak is another precision's (the V100's FP16); "" else.
  std::string peak_note;
  Interval mfu = 0.4;  // model FLOPs utilisation for delivered FLOPs
  Interval gpus_per_node = 8;
  // The GPUs of one server of the named system (its gpus_count), 0 when no system or it does not
  // say: the system's price, host power and host embodied carbon are per GPU of that server, so
  // Validate refuses a gpus_per_node that differs from it.
  double system_gpus_count = 0;
  Interval nodes_per_rack = 4;
  // Where each input came from, by input name (see InputNames). Filled by InputsFromCatalog and
  // SetInput callers; used by reports to cite sources and to say "no sourced figure" (an input
  // absent from the catalog has an entry starting with "no sourced figure").
  InputSources sources;
};

// Builds inputs from the catalog: GPU (required), site and system (empty or "none" = none: zero
// grid, price, water; PUE 1; no host overhead). Throws InputError naming the unknown id.
FleetInputs InputsFromCatalog(const Catalog& catalog, const std::string& gpu_id,
                              const std::string& site_id = "", const std::string& system_id = "");

// True when a site factor ("grid_kg_per_kwh", "price_per_kwh", "wue_l_per_kwh",
// "offsite_water_l_per_kwh", or "pue") was left at its default (0, PUE 1): no site was given, or
// the site given has no such fact, and no value was given for it. What depends on it (operational
// CO2e, electricity cost, water) is then unknown, and reported absent rather than 0.
bool SiteFactorUnknown(const FleetInputs& in, const std::string& name);
// The reason a figure that needs that factor is absent ("no site given and no grid carbon
// intensity", "site odd has no grid carbon intensity"), the one wording every front end shows;
// "" when the factor is known.
std::string SiteFactorUnknownWhy(const FleetInputs& in, const std::string& name);
// True when a GPU fact the catalog entry lacks ("gpu_price_usd", "gpu_peak_bf16_flop_per_s",
// "embodied_kg_co2e" without the die data of the bottom-up estimate) was
// left at 0 and no value was given: the figures built on it are absent, not 0.
bool GpuFactUnknown(const FleetInputs& in, const std::string& name);

// Throws InputError naming the field when an input is out of its domain (count <= 0, load
// outside 0..1, PUE < 1, idle > TDP, negative prices, NaN, absurd magnitudes, GPUs per node
// other than the named system's). Whole numbers
// (the GPU count) are a rule for what people give: checked with `given` (a scenario file; the
// front ends' Parse checks it too), not for the model's own use (the claims solver's implied
// count, 373,552 GPUs, is a GPU-equivalent).
void Validate(const FleetInputs& in, bool given = false);

struct FleetResult {
  IPower gpu_avg_power;                 // per GPU
  IMoney capex_gpus;                    // GPUs alone
  std::optional<IMoney> capex_systems;  // whole systems, when a system price is known
  IPower power_gpus_tdp;                // all GPUs at TDP
  IPower power_it;                      // GPUs at TDP + host overhead (peak IT)
  IPower power_facility;                // peak IT * PUE
  IEnergy energy_gpus;                  // over the period at the average GPU power
  IEnergy energy_it;                    // (average GPU power + host overhead) * count * period
  IEnergy energy_facility;              // energy_it * PUE
  IMoney electricity_cost;              // energy_facility * price
  ICarbon co2e_operational;             // energy_facility * grid intensity
  ICarbon co2e_embodied;                // embodied_per_gpu * count * period / lifetime
  IVolume water_onsite;                 // energy_it * WUE
  IVolume water_offsite;                // energy_facility * off-site factor
  Interval nodes;                       // ceil(count / gpus_per_node)
  Interval racks;                       // ceil(nodes / nodes_per_rack)
  std::optional<ILength> length;        // cards end to end
  IFlopRate peak_bf16;                  // fleet, dense
  IFlops delivered_flops;               // peak * MFU * period
  IMoney capex_amortised;    // (system capex if known, else GPU capex) * period / lifetime
  IMoney cost_of_ownership;  // capex_amortised + electricity_cost (no staff, network, building)
  // The same figures over one year, without the count or the period: their ranges do not
  // carry a ranged count or period twice (a ratio of two figures that both grow with them would
  // widen by that range's span, e.g. "per year" from energy / period with a ranged period).
  IEnergy energy_facility_per_year;       // the fleet's facility energy in a year at this power
  ICarbon co2e_operational_per_gpu_year;  // one GPU's operational CO2e in a year
  ICarbon co2e_embodied_per_gpu_year;     // one GPU's embodied CO2e amortised over a year
};

// Average power of one GPU: gpu_avg_power when set, else idle + load * (TDP - idle), bounded by
// its 8 corners (the expression is multilinear, so the corners hold its extremes).
IPower GpuAveragePower(const FleetInputs& in);

// Evaluates the model. Calls Validate first. Facility energy, electricity cost, operational
// CO2e and water come from the site-energy model (site_energy.h: AtSite of energy_it).
FleetResult Evaluate(const FleetInputs& in);

// The site part of the inputs, as the site-energy model takes it, and back. SiteOf leaves
// SiteFactors::unknown empty (Evaluate needs the arithmetic alone, twice per evaluation, and
// the list cost the API eight allocations a request); SiteWithUnknowns fills it.
SiteFactors SiteOf(const FleetInputs& in);
SiteFactors SiteWithUnknowns(const FleetInputs& in);
void SetSite(FleetInputs& in, const SiteFactors& site);

// One output, named as in the JSON output: the name carries the unit ("energy_it_kwh").
// `figure` is absent (never 0) when it cannot be computed from the inputs (a GPU with no
// published board length, no system price); its why() says why. Its unit is the unit in the
// name ("kWh", "USD", "W", "kg CO2e", "L", "m", "FLOP", "FLOP/s", "" for counts) and its basis
// the assumption in words ("GPU 0.5 load (405 W) + 400 W host, PUE 1.08, 8760 h").
struct NamedResult {
  std::string name;         // e.g. "energy_facility_kwh"
  std::string description;  // "facility energy over the period"
  Figure figure;
};
std::vector<NamedResult> Tabulate(const FleetInputs& in, const FleetResult& r);

// Output by name (as in Tabulate; "peak_bf16_flops" is an alias of "peak_bf16_flop_per_s"), or
// nullopt when the name is unknown. A known output that cannot be computed has an absent figure.
std::optional<NamedResult> FindResult(const FleetInputs& in, const FleetResult& r,
                                      const std::string& name);

// Inputs by name, for scenario files, flags and the claims solver. Names carry units:
// count, hours, load, gpu_power_w, gpu_tdp_w, gpu_idle_w, host_overhead_w, pue,
// grid_kg_per_kwh, price_per_kwh, wue_l_per_kwh, offsite_water_l_per_kwh, gpu_price_usd,
// system_price_per_gpu_usd, lifetime_years, embodied_kg_co2e, board_length_mm, mfu,
// gpus_per_node, nodes_per_rack.
std::vector<std::string> InputNames();
// Throws InputError (field = name) for an unknown name.
Interval GetInput(const FleetInputs& in, const std::string& name);
// Sets one input; `source` (e.g. "flag --pue") is recorded in in.sources[name] when not empty.
void SetInput(FleetInputs& in, const std::string& name, const Interval& value,
              const std::string& source = "");
// The unit of an input, by name ("W", "h", "kg/kWh", "" ...); throws InputError when unknown.
std::string InputUnit(const std::string& name);
// One line for people ("number of GPUs (350k, 1000..2000)"); throws InputError when unknown.
std::string InputDescription(const std::string& name);

// The fleet set beside things people know: a region's yearly electricity, a supercomputer, a
// motorway.
struct Comparison {
  std::string what;       // "annual facility energy vs Lombardy electricity consumption 2023"
  std::string reference;  // catalog reference id
  Interval ratio;         // fleet / reference
  std::string text;       // "6.7% of Lombardy's 2023 consumption", "25 Leonardos"
};
std::vector<Comparison> Compare(const FleetInputs& in, const FleetResult& r, const Catalog& c);

}  // namespace gpufleet

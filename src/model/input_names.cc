// Inputs by name (GetInput/SetInput/InputNames/InputUnit): one table maps each name to its
// unit, domain and the FleetInputs field it reads and writes.
#include <fmt/format.h>

#include <map>

#include "gpufleet/error.h"
#include "model/input_table.h"

namespace gpufleet {
namespace model {
namespace {

struct Range {
  double min, max;
  bool min_exclusive;
};
constexpr Range kPositive{0, 1e9, true};

template <typename D>
InputSpec Field(const char* name, const char* unit, Range r,
                Quantity<D, Interval> FleetInputs::*field, Quantity<D, double> in_unit) {
  return {name,
          unit,
          r.min,
          r.max,
          r.min_exclusive,
          [=](const FleetInputs& in) { return In(in.*field, in_unit); },
          [=](FleetInputs& in, const Interval& v) { in.*field = v * in_unit; },
          nullptr};
}

InputSpec Plain(const char* name, const char* unit, Range r, Interval FleetInputs::*field) {
  return {name,
          unit,
          r.min,
          r.max,
          r.min_exclusive,
          [=](const FleetInputs& in) { return in.*field; },
          [=](FleetInputs& in, const Interval& v) { in.*field = v; },
          nullptr};
}

// An optional quantity: reads 0 when absent.
template <typename D>
InputSpec Optional(const char* name, const char* unit, Range r,
                   std::optional<Quantity<D, Interval>> FleetInputs::*field,
                   Quantity<D, double> in_unit) {
  return {name,
          unit,
          r.min,
          r.max,
          r.min_exclusive,
          [=](const FleetInputs& in) { return (in.*field) ? In(*(in.*field), in_unit) : 0.0; },
          [=](FleetInputs& in, const Interval& v) { in.*field = v * in_unit; },
          [=](const FleetInputs& in) { return (in.*field).has_value(); }};
}

InputSpec GpuPower() {
  return {"gpu_power_w",
          "W",
          0,
          1e5,
          false,
          [](const FleetInputs& in) { return In(GpuAveragePower(in), units::W); },
          [](FleetInputs& in, const Interval& v) { in.gpu_avg_power = v * units::W; },
          [](const FleetInputs& in) { return in.gpu_avg_power.has_value(); }};
}

}  // namespace

const std::vector<InputSpec>& InputSpecs() {
  using namespace units;
  using F = FleetInputs;
  static const std::vector<InputSpec> specs = {
      Plain("count", "GPUs", kPositive, &F::count),
      Field("hours", "h", {0, 1e9, true}, &F::period, h),  // GPU-hours: count 1
      Plain("load", "", {0, 1, false}, &F::load),
      GpuPower(),
      Field("gpu_tdp_w", "W", {0, 1e5, true}, &F::gpu_tdp, W),
      Field("gpu_idle_w", "W", {0, 1e5, false}, &F::gpu_idle, W),
      Field("host_overhead_w", "W", {0, 1e5, false}, &F::host_overhead_per_gpu, W),
      Plain("pue", "", {1, 10, false}, &F::pue),
      Field("grid_kg_per_kwh", "kg/kWh", {0, 5, false}, &F::grid, kg_per_kwh),
      Field("price_per_kwh", "USD/kWh", {0, 10, false}, &F::electricity_price, usd_per_kwh),
      Field("wue_l_per_kwh", "L/kWh", {0, 100, false}, &F::wue_onsite, l_per_kwh),
      Field("offsite_water_l_per_kwh", "L/kWh", {0, 100, false}, &F::water_offsite, l_per_kwh),
      Field("gpu_price_usd", "USD", {0, 1e8, false}, &F::gpu_price, usd),
      Optional("system_price_per_gpu_usd", "USD", {0, 1e8, false}, &F::system_price_per_gpu, usd),
      Field("lifetime_years", "years", {0, 100, true}, &F::lifetime, year),
      Field("embodied_kg_co2e", "kg CO2e", {0, 1e6, false}, &F::embodied_per_gpu, kg_co2e),
      Optional("board_length_mm", "mm", {0, 1e4, true}, &F::board_length, mm),
      Field("gpu_peak_bf16_flop_per_s", "FLOP/s", {0, 1e18, false}, &F::peak_bf16_per_gpu,
            flop_per_s),
      Plain("mfu", "", {0, 1, false}, &F::mfu),
      Plain("gpus_per_node", "GPUs", {1, 1e6, false}, &F::gpus_per_node),
      Plain("nodes_per_rack", "nodes", {1, 1e6, false}, &F::nodes_per_rack),
  };
  return specs;
}

namespace {
const InputSpec& Spec(const std::string& name) {
  for (const InputSpec& s : InputSpecs()) {
    if (name == s.name) return s;
  }
  throw InputError(Where{"", 0, name},
                   fmt::format("unknown input; known: {}", fmt::join(InputNames(), ", ")));
}
}  // namespace
}  // namespace model

std::vector<std::string> InputNames() {
  std::vector<std::string> names;
  for (const model::InputSpec& s : model::InputSpecs()) names.emplace_back(s.name);
  return names;
}

Interval GetInput(const FleetInputs& in, const std::string& name) {
  return model::Spec(name).get(in);
}

void SetInput(FleetInputs& in, const std::string& name, const Interval& value,
              const std::string& source) {
  model::Spec(name).set(in, value);
  if (!source.empty()) in.sources[name] = source;
}

std::string InputUnit(const std::string& name) { return model::Spec(name).unit; }

std::string InputDescription(const std::string& name) {
  static const std::map<std::string, std::string> d = {
      {"count", "number of GPUs (350k, 1000..2000)"},
      {"hours", "period in hours (default 8760, one year; for GPU-hours use --count 1)"},
      {"load", "average load, 0 = idle .. 1 = TDP (default 1)"},
      {"gpu_power_w", "average power of one GPU in W; replaces the load formula"},
      {"gpu_tdp_w", "GPU board power limit in W (catalog)"},
      {"gpu_idle_w", "GPU idle power in W (catalog)"},
      {"host_overhead_w", "host power per GPU in W: CPUs, memory, NICs, fans (system)"},
      {"pue", "power usage effectiveness, >= 1 (site)"},
      {"grid_kg_per_kwh", "grid carbon intensity in kg CO2e/kWh (site)"},
      {"price_per_kwh", "electricity price in USD/kWh (site)"},
      {"wue_l_per_kwh", "on-site water in L per kWh of IT energy (site)"},
      {"offsite_water_l_per_kwh", "off-site water in L per kWh of facility energy (site)"},
      {"gpu_price_usd", "price of one GPU in USD (catalog)"},
      {"system_price_per_gpu_usd", "system price per GPU in USD (system)"},
      {"lifetime_years", "years over which capex and embodied carbon are amortised (default 4)"},
      {"embodied_kg_co2e", "embodied carbon per GPU in kg CO2e (catalog, where sourced)"},
      {"board_length_mm", "length of one card in mm (catalog, where published)"},
      {"gpu_peak_bf16_flop_per_s", "dense BF16 peak of one GPU in FLOP/s (catalog)"},
      {"mfu", "model FLOPs utilisation for delivered FLOPs, 0..1 (default 0.4)"},
      {"gpus_per_node", "GPUs per server (system; default 8)"},
      {"nodes_per_rack", "servers per rack (default 4)"},
  };
  model::Spec(name);  // throws for an unknown name
  auto it = d.find(name);
  return it == d.end() ? name : it->second;
}

}  // namespace gpufleet

// Inputs by name (GetInput/SetInput/InputNames/InputUnit): each fleet input's accessors into
// FleetInputs; its unit, domain and help are its row of the input table (inputs.h).
#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "model/input_table.h"

namespace gpufleet {
namespace model {
namespace {

template <typename D>
InputSpec Field(const char* name, Quantity<D, Interval> FleetInputs::*field,
                Quantity<D, double> in_unit) {
  return {name, [=](const FleetInputs& in) { return In(in.*field, in_unit); },
          [=](FleetInputs& in, const Interval& v) { in.*field = v * in_unit; }, nullptr};
}

InputSpec Plain(const char* name, Interval FleetInputs::*field) {
  return {name, [=](const FleetInputs& in) { return in.*field; },
          [=](FleetInputs& in, const Interval& v) { in.*field = v; }, nullptr};
}

// An optional quantity: reads 0 when absent.
template <typename D>
InputSpec Optional(const char* name, std::optional<Quantity<D, Interval>> FleetInputs::*field,
                   Quantity<D, double> in_unit) {
  return {name,
          [=](const FleetInputs& in) { return (in.*field) ? In(*(in.*field), in_unit) : 0.0; },
          [=](FleetInputs& in, const Interval& v) { in.*field = v * in_unit; },
          [=](const FleetInputs& in) { return (in.*field).has_value(); }};
}

InputSpec GpuPower() {
  return {"gpu_power_w", [](const FleetInputs& in) { return In(GpuAveragePower(in), units::W); },
          [](FleetInputs& in, const Interval& v) { in.gpu_avg_power = v * units::W; },
          [](const FleetInputs& in) { return in.gpu_avg_power.has_value(); }};
}

}  // namespace

const std::vector<InputSpec>& InputSpecs() {
  using namespace units;
  using F = FleetInputs;
  // Units, domains and help: the input table (inputs.h), rows of the same names.
  static const std::vector<InputSpec> specs = [] {
    std::vector<InputSpec> v = {
        Plain("count", &F::count),
        Field("hours", &F::period, h),  // GPU-hours: count 1
        Plain("load", &F::load),
        GpuPower(),
        Field("gpu_tdp_w", &F::gpu_tdp, W),
        Field("gpu_idle_w", &F::gpu_idle, W),
        Field("host_overhead_w", &F::host_overhead_per_gpu, W),
        Plain("pue", &F::pue),
        Field("grid_kg_per_kwh", &F::grid, kg_per_kwh),
        Field("price_per_kwh", &F::electricity_price, usd_per_kwh),
        Field("wue_l_per_kwh", &F::wue_onsite, l_per_kwh),
        Field("offsite_water_l_per_kwh", &F::water_offsite, l_per_kwh),
        Field("gpu_price_usd", &F::gpu_price, usd),
        Optional("system_price_per_gpu_usd", &F::system_price_per_gpu, usd),
        Field("lifetime_years", &F::lifetime, year),
        Field("embodied_kg_co2e", &F::embodied_per_gpu, kg_co2e),
        Optional("board_length_mm", &F::board_length, mm),
        Field("gpu_peak_bf16_flop_per_s", &F::peak_bf16_per_gpu, flop_per_s),
        Plain("mfu", &F::mfu),
        Plain("gpus_per_node", &F::gpus_per_node),
        Plain("nodes_per_rack", &F::nodes_per_rack),
    };
    for (InputSpec& s : v) s.row = &inputs::Get(s.name, inputs::kFleet);
    return v;
  }();
  return specs;
}

namespace {
const InputSpec& Spec(const std::string& name) {
  // By name through an index: the API looks up every input several times per answer.
  static const std::unordered_map<std::string_view, const InputSpec*> index = [] {
    std::unordered_map<std::string_view, const InputSpec*> m;
    for (const InputSpec& s : InputSpecs()) m.emplace(s.name, &s);
    return m;
  }();
  if (auto it = index.find(name); it != index.end()) return *it->second;
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
  if (!source.empty()) in.sources.Set(name, source);
  // A figure set from outside the embodied model covers what its giver meant, not the model's
  // boundary (InputsFromCatalog sets the boundary after this).
  if (name == "embodied_kg_co2e") in.embodied_boundary.clear();
}

std::string InputUnit(const std::string& name) { return model::Spec(name).row->unit; }

std::string InputDescription(const std::string& name) { return model::Spec(name).row->help; }

}  // namespace gpufleet

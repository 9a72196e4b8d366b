// Tabulate/FindResult: the model's outputs as named rows (name carries the unit), each with the
// assumption behind it in words.
#include <fmt/format.h>

#include "gpufleet/fleet.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

using namespace units;

// The pieces of text the assumption lines share.
struct Words {
  std::string n, hours, avg, tdp, host, pue;
};

Words Describe(const FleetInputs& in, const FleetResult& r) {
  return {FormatCount(in.count),
          // Below an hour in seconds ("1.44 s"): 0.0004 h printed "x 0 h" beside a 0.28 Wh.
          In(in.period, h).low < 1 ? FormatQuantity(In(in.period, s), "s")
                                   : FormatCount(In(in.period, h), "h"),
          FormatSi(In(r.gpu_avg_power, W), "W"), FormatSi(In(in.gpu_tdp, W), "W"),
          FormatSi(In(in.host_overhead_per_gpu, W), "W"), FormatSi(in.pue, "")};
}

std::string AvgPowerWhy(const FleetInputs& in) {
  if (in.gpu_avg_power) return "given average GPU power";
  return fmt::format("idle {} + load {} x (TDP {} - idle)", FormatSi(In(in.gpu_idle, W), "W"),
                     FormatSi(in.load, ""), FormatSi(In(in.gpu_tdp, W), "W"));
}

NamedResult Row(std::string name, Interval v, std::string unit, std::string what, std::string why) {
  return NamedResult{std::move(name), std::move(what),
                     Figure::Of(v, std::move(unit), std::move(why))};
}

NamedResult Missing(std::string name, std::string unit, std::string what, std::string why) {
  return NamedResult{std::move(name), std::move(what),
                     Figure::Absent(std::move(unit), std::move(why))};
}

void MoneyRows(const FleetInputs& in, const FleetResult& r, const Words& w,
               std::vector<NamedResult>& out) {
  // A GPU the catalog has no price for: the purchase price is unknown, not USD 0.
  const bool no_price = GpuFactUnknown(in, "gpu_price_usd");
  // Built only when needed: one more allocation on every API request otherwise.
  const auto no_price_why = [&in] { return "no sourced GPU price for " + in.gpu_id; };
  if (no_price) {
    out.push_back(Missing("capex_gpus_usd", "USD", "GPUs' purchase price", no_price_why()));
  } else {
    out.push_back(Row("capex_gpus_usd", In(r.capex_gpus, usd), "USD", "GPUs' purchase price",
                      fmt::format("{} x {} per GPU", w.n, FormatUsd(In(in.gpu_price, usd)))));
  }
  if (r.capex_systems) {
    // A price per GPU given without a system names no system ("( price / GPUs per system)";
    // found by an adversarial tester).
    const std::string per_gpu = FormatUsd(In(*in.system_price_per_gpu, usd));
    out.push_back(
        Row("capex_systems_usd", In(*r.capex_systems, usd), "USD", "whole systems' purchase price",
            in.system_id.empty()
                ? fmt::format("{} x {} per GPU (system price per GPU given)", w.n, per_gpu)
                : fmt::format("{} x {} per GPU ({} price / GPUs per system)", w.n, per_gpu,
                              in.system_id)));
  } else {
    out.push_back(Missing("capex_systems_usd", "USD", "whole systems' purchase price",
                          "no system price given"));
  }
  const std::string life = FormatSi(In(in.lifetime, year), "years");
  if (!r.capex_systems && no_price) {
    out.push_back(Missing("capex_amortised_usd", "USD", "capital cost amortised over the period",
                          no_price_why()));
  } else {
    out.push_back(Row("capex_amortised_usd", In(r.capex_amortised, usd), "USD",
                      "capital cost amortised over the period",
                      fmt::format("{} capex x {} / {} lifetime, straight line",
                                  r.capex_systems ? "system" : "GPU", w.hours, life)));
  }
  const bool capex_unknown = !r.capex_systems && no_price;
  if (SiteFactorUnknown(in, "price_per_kwh")) {
    out.push_back(Missing("electricity_cost_usd", "USD", "electricity over the period",
                          SiteFactorUnknownWhy(in, "price_per_kwh")));
    out.push_back(
        Missing("cost_of_ownership_usd", "USD", "amortised capex + electricity",
                "electricity cost unknown: " + SiteFactorUnknownWhy(in, "price_per_kwh")));
    return;
  }
  out.push_back(Row(
      "electricity_cost_usd", In(r.electricity_cost, usd), "USD", "electricity over the period",
      fmt::format("facility energy x {}/kWh", FormatUsd(In(in.electricity_price, usd_per_kwh)))));
  if (capex_unknown) {
    out.push_back(Missing("cost_of_ownership_usd", "USD", "amortised capex + electricity",
                          "capex unknown: " + no_price_why()));
    return;
  }
  out.push_back(Row("cost_of_ownership_usd", In(r.cost_of_ownership, usd), "USD",
                    "amortised capex + electricity",
                    "excludes staff, network, buildings and financing"));
}

void PowerRows(const FleetInputs& in, const FleetResult& r, const Words& w,
               std::vector<NamedResult>& out) {
  out.push_back(Row("gpu_avg_power_w", In(r.gpu_avg_power, W), "W", "average power of one GPU",
                    AvgPowerWhy(in)));
  out.push_back(Row("power_gpus_tdp_w", In(r.power_gpus_tdp, W), "W", "all GPUs at TDP",
                    fmt::format("{} x {} TDP", w.n, w.tdp)));
  out.push_back(Row("power_it_w", In(r.power_it, W), "W", "peak IT power",
                    fmt::format("{} x ({} TDP + {} host per GPU)", w.n, w.tdp, w.host)));
  out.push_back(Row("power_facility_w", In(r.power_facility, W), "W", "peak facility power",
                    fmt::format("peak IT x PUE {}", w.pue)));
}

void EnergyRows(const FleetInputs&, const FleetResult& r, const Words& w,
                std::vector<NamedResult>& out) {
  out.push_back(Row("energy_gpus_kwh", In(r.energy_gpus, kWh), "kWh", "GPUs' energy",
                    fmt::format("{} x {} average x {}", w.n, w.avg, w.hours)));
  out.push_back(Row("energy_it_kwh", In(r.energy_it, kWh), "kWh", "IT energy",
                    fmt::format("{} x ({} GPU + {} host) x {}", w.n, w.avg, w.host, w.hours)));
  out.push_back(Row("energy_facility_kwh", In(r.energy_facility, kWh), "kWh", "facility energy",
                    fmt::format("IT energy x PUE {}", w.pue)));
}

void WaterRows(const FleetInputs& in, const FleetResult& r, std::vector<NamedResult>& out);

void EnvironmentRows(const FleetInputs& in, const FleetResult& r, const Words& w,
                     std::vector<NamedResult>& out) {
  const bool grid_unknown = SiteFactorUnknown(in, "grid_kg_per_kwh");
  const std::string no_grid = SiteFactorUnknownWhy(in, "grid_kg_per_kwh");
  if (grid_unknown) {
    out.push_back(
        Missing("co2e_operational_kg", "kg CO2e", "operational CO2e (location-based)", no_grid));
  } else {
    out.push_back(
        Row("co2e_operational_kg", In(r.co2e_operational, kg_co2e), "kg CO2e",
            "operational CO2e (location-based)",
            fmt::format("facility energy x {} kg/kWh", FormatSi(In(in.grid, kg_per_kwh), ""))));
  }
  std::string emb = fmt::format("{} x {} per GPU x {} / {} lifetime", w.n,
                                FormatQuantity(In(in.embodied_per_gpu, kg_co2e), "kg"), w.hours,
                                FormatSi(In(in.lifetime, year), "years"));
  if (!in.embodied_boundary.empty()) emb += "; boundary: " + in.embodied_boundary;
  const Interval op = In(r.co2e_operational, kg_co2e);
  const Interval embodied = In(r.co2e_embodied, kg_co2e);
  // The total and the embodied share when one of their parts is unknown.
  const auto unknown_total = [&](const std::string& why) {
    out.push_back(Missing("co2e_total_kg", "kg CO2e", "operational + embodied CO2e", why));
    out.push_back(Missing("embodied_share", "fraction", "embodied share of the total CO2e", why));
    WaterRows(in, r, out);
  };
  if (GpuFactUnknown(in, "embodied_kg_co2e") && embodied.high == 0) {
    const std::string why = "no sourced figure for " + in.gpu_id;
    out.push_back(
        Missing("co2e_embodied_kg", "kg CO2e", "embodied CO2e amortised over the period", why));
    return unknown_total("embodied CO2e unknown: " + why);
  }
  out.push_back(
      Row("co2e_embodied_kg", embodied, "kg CO2e", "embodied CO2e amortised over the period", emb));
  if (grid_unknown) return unknown_total("operational CO2e unknown: " + no_grid);
  const Interval total = op + embodied;
  out.push_back(Row("co2e_total_kg", total, "kg CO2e", "operational + embodied CO2e",
                    "co2e_operational_kg + co2e_embodied_kg"));
  // From one GPU's year, not the totals: the count and the period are in both parts, and a
  // ranged count or period entered twice (1..1,000 GPUs gave 0.000968-93.3% where each end alone
  // gives 0.958-1.37%). The share grows with embodied and falls with operational; at a corner
  // where both are 0 it is undefined, and the range takes its widest end there.
  const Interval e = In(r.co2e_embodied_per_gpu_year, kg_co2e);
  const Interval o = In(r.co2e_operational_per_gpu_year, kg_co2e);
  if (e.value + o.value > 0) {
    const double low = e.low + o.high > 0 ? e.low / (e.low + o.high) : 0;
    const double high = e.high + o.low > 0 ? e.high / (e.high + o.low) : 1;
    const double value = e.value / (e.value + o.value);
    out.push_back(Row("embodied_share",
                      Interval{value, std::min(low, value), std::max(high, value)}, "fraction",
                      "embodied share of the total CO2e", "co2e_embodied_kg / co2e_total_kg"));
  } else {
    out.push_back(Missing("embodied_share", "fraction", "embodied share of the total CO2e",
                          "no CO2e at all: operational and embodied are both 0"));
  }
  WaterRows(in, r, out);
}

void WaterRows(const FleetInputs& in, const FleetResult& r, std::vector<NamedResult>& out) {
  if (SiteFactorUnknown(in, "wue_l_per_kwh")) {
    out.push_back(Missing("water_onsite_l", "L", "on-site (cooling) water",
                          SiteFactorUnknownWhy(in, "wue_l_per_kwh")));
  } else {
    out.push_back(
        Row("water_onsite_l", In(r.water_onsite, L), "L", "on-site (cooling) water",
            fmt::format("IT energy x WUE {} L/kWh", FormatSi(In(in.wue_onsite, l_per_kwh), ""))));
  }
  if (SiteFactorUnknown(in, "offsite_water_l_per_kwh")) {
    out.push_back(Missing("water_offsite_l", "L", "off-site water (electricity generation)",
                          SiteFactorUnknownWhy(in, "offsite_water_l_per_kwh")));
  } else {
    out.push_back(Row(
        "water_offsite_l", In(r.water_offsite, L), "L", "off-site water (electricity generation)",
        fmt::format("facility energy x {} L/kWh", FormatSi(In(in.water_offsite, l_per_kwh), ""))));
  }
}

void SpaceRows(const FleetInputs& in, const FleetResult& r, const Words& w,
               std::vector<NamedResult>& out) {
  out.push_back(
      Row("nodes", r.nodes, "", "servers",
          fmt::format("ceil({} / {} GPUs per node)", w.n, FormatCount(in.gpus_per_node))));
  out.push_back(
      Row("racks", r.racks, "", "racks",
          fmt::format("ceil(nodes / {} nodes per rack)", FormatCount(in.nodes_per_rack))));
  if (r.length) {
    out.push_back(
        Row("length_m", In(*r.length, m), "m", "cards laid end to end",
            fmt::format("{} x {} per card", w.n, FormatSi(In(*in.board_length, mm), "mm", 4))));
  } else {
    out.push_back(Missing("length_m", "m", "cards laid end to end",
                          "no published board length for " + in.gpu_id));
  }
}

void ComputeRows(const FleetInputs& in, const FleetResult& r, const Words& w,
                 std::vector<NamedResult>& out) {
  if (GpuFactUnknown(in, "gpu_peak_bf16_flop_per_s")) {
    const std::string why = "no sourced BF16 peak for " + in.gpu_id;
    out.push_back(Missing("peak_bf16_flop_per_s", "FLOP/s", "peak dense BF16 compute", why));
    out.push_back(Missing("delivered_flops", "FLOP", "useful FLOPs over the period", why));
    return;
  }
  // The catalog's peak of a GPU without BF16 says what it is (not a peak given as an input).
  const std::string* peak_source = in.sources.Find("gpu_peak_bf16_flop_per_s");
  const bool stand_in = !in.peak_note.empty() && peak_source != nullptr &&
                        peak_source->find(in.peak_note) != std::string::npos;
  const std::string peak_why = fmt::format("{} x {} dense BF16{}", w.n,
                                           FormatSi(In(in.peak_bf16_per_gpu, flop_per_s), "FLOP/s"),
                                           stand_in ? " (" + in.peak_note + ")" : "");
  out.push_back(Row("peak_bf16_flop_per_s", In(r.peak_bf16, flop_per_s), "FLOP/s",
                    "peak dense BF16 compute", peak_why));
  out.push_back(Row("delivered_flops", In(r.delivered_flops, flop), "FLOP",
                    "useful FLOPs over the period",
                    fmt::format("peak x MFU {} x {}", FormatSi(in.mfu, ""), w.hours)));
}

}  // namespace

std::vector<NamedResult> Tabulate(const FleetInputs& in, const FleetResult& r) {
  const Words w = Describe(in, r);
  std::vector<NamedResult> out;
  out.reserve(32);  // the rows below and the embodied section's, which the report appends
  MoneyRows(in, r, w, out);
  PowerRows(in, r, w, out);
  EnergyRows(in, r, w, out);
  EnvironmentRows(in, r, w, out);
  SpaceRows(in, r, w, out);
  ComputeRows(in, r, w, out);
  return out;
}

std::optional<NamedResult> FindResult(const FleetInputs& in, const FleetResult& r,
                                      const std::string& name) {
  // The old name of the peak, kept for claims files written before the rename.
  const std::string& wanted = name == "peak_bf16_flops" ? "peak_bf16_flop_per_s" : name;
  for (NamedResult& row : Tabulate(in, r)) {
    if (row.name == wanted) return std::move(row);
  }
  return std::nullopt;
}

}  // namespace gpufleet

// BuildFleetReport: evaluates a fleet and arranges its figures for people.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "gpufleet/report.h"
#include "gpufleet/si_format.h"

namespace gpufleet::report {
namespace {

struct Group {
  const char* id;
  const char* title;
  std::vector<std::string_view> names;
};

const std::vector<Group>& Groups() {
  static const std::vector<Group> groups = {
      {"money",
       "Money",
       {"capex_gpus_usd", "capex_systems_usd", "capex_amortised_usd", "electricity_cost_usd",
        "cost_of_ownership_usd"}},
      {"power", "Power", {"gpu_avg_power_w", "power_gpus_tdp_w", "power_it_w", "power_facility_w"}},
      {"energy",
       "Energy over the period",
       {"energy_gpus_kwh", "energy_it_kwh", "energy_facility_kwh"}},
      {"environment",
       "Carbon and water",
       {"co2e_operational_kg", "co2e_embodied_kg", "co2e_total_kg", "embodied_share",
        "water_onsite_l", "water_offsite_l"}},
      {"space", "Space", {"nodes", "racks", "length_m"}},
      {"compute", "Compute", {"peak_bf16_flop_per_s", "delivered_flops"}},
  };
  return groups;
}

// Where each name the groups list goes: its group's index and its place in the group.
struct Slot {
  size_t group, place;
};
const std::unordered_map<std::string_view, Slot>& Slots() {
  static const std::unordered_map<std::string_view, Slot> slots = [] {
    std::unordered_map<std::string_view, Slot> m;
    for (size_t g = 0; g < Groups().size(); ++g) {
      for (size_t p = 0; p < Groups()[g].names.size(); ++p)
        m.emplace(Groups()[g].names[p], Slot{g, p});
    }
    return m;
  }();
  return slots;
}

// Tabulate's rows moved into their groups, each group's rows in its order of names; a row no
// group names goes to a last "other" section, so that no output is lost.
std::vector<Section> Sections(std::vector<NamedResult> results) {
  const std::vector<Group>& groups = Groups();
  // Each row's slot, found once; rows of one name keep their order.
  std::vector<std::pair<Slot, size_t>> placed;
  placed.reserve(results.size());
  Section other{"other", "Other results"};
  for (size_t i = 0; i < results.size(); ++i) {
    const auto it = Slots().find(results[i].name);
    if (it == Slots().end()) {
      other.rows.push_back(std::move(results[i]));
    } else {
      placed.push_back({it->second, i});
    }
  }
  std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) {
    return a.first.group != b.first.group ? a.first.group < b.first.group
                                          : a.first.place < b.first.place;
  });
  std::vector<Section> out;
  out.reserve(groups.size() + 2);  // the groups, "other", and the embodied section
  for (const Group& g : groups) {
    out.push_back(Section{g.id, g.title});
    out.back().rows.reserve(g.names.size());
  }
  for (const auto& [slot, i] : placed) out[slot.group].rows.push_back(std::move(results[i]));
  if (!other.rows.empty()) out.push_back(std::move(other));
  return out;
}

std::string Cite(const Fact& f) {
  std::string s = f.source;
  if (f.year > 0) s += fmt::format(", {}", f.year);
  return s + fmt::format(", {}", ToString(f.confidence));
}

std::vector<Source> Sources(const FleetInputs& in, const std::vector<Comparison>& cmp,
                            const Catalog& c) {
  std::vector<Source> out;
  for (const std::string& name : InputNames()) {
    const std::string* source = in.sources.Find(name);
    if (source == nullptr) continue;
    const bool unused = in.gpu_avg_power && (name == "load" || name == "gpu_idle_w");
    out.push_back({name, unused ? "not used: the average GPU power is given" : *source});
  }
  std::vector<std::string> seen;
  for (const Comparison& k : cmp) {
    const Entry* ref = c.Find("reference", k.reference);
    if (ref == nullptr || std::find(seen.begin(), seen.end(), ref->id) != seen.end()) continue;
    seen.push_back(ref->id);
    for (const auto& [key, fact] : ref->facts) out.push_back({ref->id + "." + key, Cite(fact)});
  }
  return out;
}

}  // namespace

FleetReport BuildFleetReport(const std::string& name, FleetInputs in, const Catalog& c,
                             std::vector<std::string> notes, bool with_sources) {
  FleetReport f;
  f.name = name;
  f.result = Evaluate(in);
  f.sections = Sections(Tabulate(in, f.result));
  f.comparisons = Compare(in, f.result, c);
  // The embodied section's rows are results too (FleetRows), so every reader of "results" (JSON,
  // CSV, the dashboard) finds each name a section lists.
  if (std::optional<Section> s = EmbodiedSection(in, c)) f.sections.push_back(std::move(*s));
  f.notes = std::move(notes);
  if (const Entry* sys = in.system_id.empty() ? nullptr : c.Find("system", in.system_id)) {
    if (std::string note = SystemGpuNote(c, *sys, in.gpu_id); !note.empty()) {
      f.notes.push_back(std::move(note));
    }
  }
  // A given average above the GPU's power limit is kept (the catalog's TDP may be another
  // variant's) but said: averaged over a period, a GPU draws at most its limit.
  if (in.gpu_avg_power) {
    const Interval given = In(*in.gpu_avg_power, units::W), tdp = In(in.gpu_tdp, units::W);
    const std::string given_text = FormatQuantity(given.high, "W");
    const std::string tdp_text = FormatQuantity(tdp.high, "W");
    // Above, and above as printed: 700.001 W "above" 700 W would read as a contradiction.
    // And below idle: a powered GPU draws at least that (10 W against 120 W idle was taken
    // without a word; found by an adversarial tester). 0 W is a fleet switched off: no note.
    const Interval idle = In(in.gpu_idle, units::W);
    const std::string idle_text = FormatQuantity(idle.low, "W");
    if (given.low > 0 && given.low < idle.low && FormatQuantity(given.low, "W") != idle_text) {
      f.notes.push_back(fmt::format(
          "the average GPU power given ({}{}) is below the GPU's idle power ({}): a powered GPU "
          "draws at least that, so every energy figure here is low",
          given.low < given.high ? "bottom of the range: " : "", FormatQuantity(given.low, "W"),
          idle_text));
    }
    if (given.high > tdp.high && given_text != tdp_text) {
      f.notes.push_back(fmt::format(
          "the average GPU power given ({}{}) is above the GPU's TDP ({}): a GPU averages at most "
          "its power limit, so every energy figure here is high",
          given.low < given.high ? "top of the range: " : "", given_text, tdp_text));
    }
  }
  if (with_sources) f.sources = Sources(in, f.comparisons, c);
  f.inputs = std::move(in);
  return f;
}

std::vector<const NamedResult*> FleetRows(const FleetReport& f) {
  std::vector<const NamedResult*> rows;
  size_t n = 0;
  for (const Section& s : f.sections) n += s.rows.size();
  rows.reserve(n);
  for (const Section& s : f.sections) {
    for (const NamedResult& r : s.rows) rows.push_back(&r);
  }
  return rows;
}

}  // namespace gpufleet::report

// The documents of `gpufleet ledger` and `gpufleet merge` (report.h), rendered by report::Render.
#include <fmt/format.h>

#include <algorithm>

#include "gpufleet/launch.h"
#include "gpufleet/ledger.h"
#include "gpufleet/measure_report.h"
#include "gpufleet/report.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

using report::Section;

NamedResult Row(std::string name, std::string label, const std::optional<Interval>& x,
                std::string unit, const std::string& why) {
  return NamedResult{std::move(name), std::move(label),
                     x ? Figure::Of(*x, std::move(unit)) : Figure::Absent(std::move(unit), why)};
}

std::string Opt(const std::optional<Interval>& x, const char* unit) {
  return x ? FormatQuantity(*x, unit) : "n/a";
}

Interval Kwh(const Interval& j) { return Interval(j.value / 3.6e6, j.low / 3.6e6, j.high / 3.6e6); }

}  // namespace

report::Report LedgerDocument(const std::vector<Record>& records, const std::string& by,
                              bool list) {
  report::Report doc;
  doc.title = fmt::format("Measurement ledger: {} record(s), by {}", records.size(), by);
  for (const LedgerSum& s : Summarize(records, by)) {
    Section sec{s.key, fmt::format("{} {} ({} record(s))", by, s.key, s.records)};
    const std::string none = "no record of this group measured any device";
    // Energy measured but a figure unknown: the records lacked the site factor it rests on
    // (`--site none`), which is not "nothing measured" (found by an adversarial tester).
    const auto why = [&](const char* factor) {
      return s.energy_kwh ? fmt::format(
                                "no record of this group had {} (measured with no site "
                                "giving it, e.g. --site none)",
                                factor)
                          : none;
    };
    sec.rows = {Row("records", "records", Interval(s.records), "", ""),
                Row("duration_s", "duration (summed)", Interval(s.duration_s), "s", ""),
                Row("energy_kwh", "IT energy", s.energy_kwh, "kWh", none),
                Row("co2e_kg", "operational CO2e", s.emissions_kg, "kg CO2e",
                    why("a grid carbon intensity")),
                Row("cost_usd", "electricity cost", s.cost_usd, "USD", why("an electricity price")),
                Row("water_l", "water", s.water_l, "L", why("a water factor"))};
    if (s.unknown_energy > 0) {
      sec.notes.push_back(fmt::format(
          "{} record(s) without measured energy (another rank read the devices, or none was "
          "readable): not summed as 0",
          s.unknown_energy));
    }
    // A sum over part of the records' energy says so (a CO2e over one of two records' energy
    // stood beside the energy of both, with no word).
    const auto part = [&](int n, const std::optional<Interval>& sum, const char* what) {
      if (n > 0 && sum) {
        sec.notes.push_back(fmt::format(
            "{} of {} record(s) with measured energy have no {} (no site factor for it): the {} "
            "sums the others only, over part of the IT energy",
            n, s.records - s.unknown_energy, what, what));
      }
    };
    part(s.unknown_emissions, s.emissions_kg, "CO2e");
    part(s.unknown_cost, s.cost_usd, "cost");
    part(s.unknown_water, s.water_l, "water");
    doc.extra.push_back(std::move(sec));
  }
  if (list) {
    Section sec{"records", "Records"};
    report::Table t;
    t.columns = {"timestamp", "kind", "project",  "run",    "window",
                 "node",      "rank", "duration", "energy", "CO2e"};
    for (const Record& r : records) {
      t.cells.push_back({r.timestamp, r.kind, r.project, r.run_id, r.window, r.node,
                         std::to_string(r.rank), FormatQuantity(r.duration_s, "s"),
                         Opt(r.energy_kwh, "kWh"), Opt(r.emissions_kg, "kg CO2e")});
    }
    sec.table = std::move(t);
    doc.extra.push_back(std::move(sec));
  }
  return doc;
}

report::Report MergeDocument(const Merged& m) {
  report::Report doc;
  doc.title = fmt::format("Job {}: {} record(s) from {} node(s)", m.job.empty() ? "(no id)" : m.job,
                          m.records, m.nodes.size());
  doc.flat_results = true;
  Section sec{"job", "The job, each device counted once"};
  int gpus = 0;
  for (const auto& d : m.devices) gpus += d.device.kind == "gpu";
  // An energy over no device of its kind is absent with the reason, never 0 (figure.h), as in
  // `measure`'s own report.
  const auto energy = [&m](std::string name, std::string label, const Interval& j,
                           const std::string& kind) {
    const bool any = std::any_of(m.devices.begin(), m.devices.end(), [&](const MergedDevice& d) {
      return kind.empty() || d.device.kind == kind;
    });
    return Row(std::move(name), std::move(label), any ? std::optional(Kwh(j)) : std::nullopt, "kWh",
               NotMeasuredWhy(kind));
  };
  sec.rows = {
      energy("gpu_energy_kwh", "GPUs' energy", m.gpu_j, "gpu"),
      energy("cpu_energy_kwh", "CPU packages' energy", m.cpu_j, "cpu"),
      energy("dram_energy_kwh", "DRAM energy", m.dram_j, "dram"),
      energy("energy_kwh", "IT energy", m.total_j, ""),
      energy("naive_energy_kwh", "every record summed (duplicates counted again)", m.naive_total_j,
             ""),
      Row("records", "records merged", Interval(m.records), "", ""),
      Row("nodes", "nodes", Interval(static_cast<double>(m.nodes.size())), "", ""),
      Row("gpus", "GPUs counted", Interval(gpus), "", ""),
      Row("devices", "devices counted", Interval(static_cast<double>(m.devices.size())), "", ""),
      Row("duplicates", "devices measured by more than one record",
          Interval(static_cast<double>(m.duplicates.size())), "", ""),
      Row("longest_duration_s", "longest record", Interval(m.longest_duration_s), "s", "")};
  sec.notes = m.duplicates;
  sec.notes.insert(sec.notes.end(), m.notes.begin(), m.notes.end());
  if (m.partial) {
    sec.notes.insert(sec.notes.begin(),
                     "partial: a record's figures are incomplete (see its notes below): the total "
                     "is a lower bound");
  }
  doc.extra.push_back(std::move(sec));
  Section dev{"devices", "Devices"};
  report::Table t;
  t.columns = {"node", "device", "uuid", "energy", "records", "counted from"};
  for (const auto& d : m.devices) {
    t.cells.push_back({d.node, d.device.id, d.device.uuid.empty() ? "-" : d.device.uuid,
                       FormatQuantity(Kwh(d.device.energy_j), "kWh"), std::to_string(d.readers),
                       d.file});
  }
  dev.table = std::move(t);
  doc.extra.push_back(std::move(dev));
  return doc;
}

}  // namespace gpufleet

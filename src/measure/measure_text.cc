// MeasureDocument: a measure report as a result document, for the shared renderers (text,
// Markdown, HTML, CSV). JSON keeps ToJson's stable names.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "gpufleet/measure_report.h"
#include "gpufleet/report.h"
#include "gpufleet/si_format.h"
#include "measure/child.h"

namespace gpufleet {
namespace {

using report::Section;

std::string Status(const MeasureReport& r) {
  if (!r.error.empty()) return fmt::format("{} (exit status {})", r.error, r.exit_status);
  if (r.signal)
    return fmt::format("killed by {} (exit status {})", SignalName(r.signal), r.exit_status);
  return fmt::format("exit status {}", r.exit_status);
}

std::string Command(const MeasureReport& r) {
  std::string s;
  for (const auto& a : r.command) s += (s.empty() ? "" : " ") + a;
  return s;
}

NamedResult Row(std::string name, std::string label, const Interval& x, std::string unit,
                std::string basis = {}) {
  return NamedResult{std::move(name), std::move(label),
                     Figure::Of(x, std::move(unit), std::move(basis))};
}

Section RunSection(const MeasureReport& r) {
  Section s{"run", "The run"};
  const auto total = TotalEnergy(r.meter);
  const double secs = r.meter.duration.si();
  s.rows = {Row("duration_s", "duration", secs, "s", Status(r))};
  if (const auto why = NotMeasured(r.meter)) {  // nothing measured is not 0 Wh measured
    s.rows.push_back({"energy_kwh", "energy of the measured devices", Figure::Absent("kWh", *why)});
    s.rows.push_back({"average_power_w", "average power", Figure::Absent("W", *why)});
  } else {
    s.rows.push_back(
        Row("energy_kwh", "energy of the measured devices", In(total, units::kWh), "kWh",
            "whole-device: everything on a measured GPU or CPU package, not only this command"));
    s.rows.push_back(Row("average_power_w", "average power",
                         secs > 0 ? total.si() / Interval(secs) : Interval(0.0), "W"));
  }
  if (r.meter.partial) s.notes.push_back("PARTIAL result: see the notes below.");
  return s;
}

Section DevicesSection(const MeasureReport& r) {
  Section s{"devices", "Devices (whole-device energy)"};
  report::Table t;
  t.columns = {"device", "name", "method", "energy", "average", "peak", "samples"};
  for (const DeviceResult& d : r.meter.devices) {
    t.cells.push_back(
        {d.info.id, d.info.name, d.method,
         d.method == "none" ? "n/a" : FormatQuantity(In(d.energy, units::kWh), "kWh"),
         d.method == "none" ? "n/a" : FormatQuantity(d.average.si(), "W"),
         d.power_read ? FormatQuantity(d.peak.si(), "W") : "-",
         fmt::format("{}{}", d.samples,
                     d.lost_at ? fmt::format(" (vanished at {:.2f} s)", d.lost_at->si()) : "")});
  }
  s.table = std::move(t);
  return s;
}

// The impact rows; with `why` (nothing measured) each row is absent with that reason.
// A row resting on a site factor that nothing gave is absent with WhyAbsent's reason.
void ImpactRows(const std::string& prefix, const SiteImpact& i, const SiteFactors& site, Section& s,
                const std::string& why = {}) {
  const ImpactWhy factor = WhyAbsent(site);
  const auto row = [&](std::string name, std::string label, const Interval& x, std::string unit,
                       std::string basis = {}, const std::string& own = {}) {
    const std::string& reason = why.empty() ? own : why;
    if (reason.empty()) return Row(std::move(name), std::move(label), x, unit, std::move(basis));
    return NamedResult{std::move(name), std::move(label), Figure::Absent(std::move(unit), reason)};
  };
  s.rows.push_back(row(prefix + "it_energy_kwh", "IT energy", In(i.it, units::kWh), "kWh"));
  s.rows.push_back(row(prefix + "facility_energy_kwh", "facility energy",
                       In(i.facility, units::kWh), "kWh", "IT energy x PUE"));
  s.rows.push_back(
      row(prefix + "cost_usd", "electricity cost", In(i.cost, units::usd), "USD", {}, factor.cost));
  s.rows.push_back(row(prefix + "co2e_kg", "CO2e (location-based)", In(i.co2e, units::kg_co2e),
                       "kg CO2e", {}, factor.co2e));
  s.rows.push_back(row(prefix + "water_l", "water (on-site + off-site)", In(i.water, units::L), "L",
                       {}, factor.water));
}

Section SiteSection(const MeasureReport& r) {
  // The factors flags gave are left out of the unknown ones (the title said "no grid" beside a
  // CO2e from --grid-kg-per-kwh; found by an adversarial tester).
  Section s{"site", r.site.id.empty() ? "This run with " + NoSiteText(r.site)
                                      : "This run at site " + r.site.id};
  ImpactRows("", r.run, r.site, s, NotMeasured(r.meter).value_or(""));
  return s;
}

// A whole GPU count (--project-to: 1 to 1e9) grouped in full, as FormatCount writes it below
// 1e7: "1,000,000,000 GPUs", not "1 G GPUs" beside "1,000,000 GPUs" (found by an adversarial
// tester).
std::string GpuCount(const Interval& x) {
  if (x.is_point()) return FormatGrouped(x.value);
  return fmt::format("{} ({}-{})", FormatGrouped(x.value), FormatGrouped(x.low),
                     FormatGrouped(x.high));
}

Section ProjectionSection(const Projection& p, const SiteFactors& site) {
  Section s{"projection", fmt::format("One hour of this job on {} GPUs", GpuCount(p.gpus))};
  s.rows.push_back(Row("per_gpu_power_w", "measured power per GPU", p.per_gpu.si(), "W"));
  if (p.host_measured) {
    s.rows.push_back(Row("host_power_per_gpu_w", "measured host power per GPU", p.host_per_gpu.si(),
                         "W", "CPU + DRAM / measured GPUs"));
  } else {
    s.rows.push_back(
        {"host_power_per_gpu_w", "measured host power per GPU", Figure::Absent("W", kHostLeftOut)});
  }
  ImpactRows("fleet_", p.impact, site, s);
  return s;
}

}  // namespace

report::Report MeasureDocument(const MeasureReport& r) {
  report::Report doc;
  doc.title = "gpufleet measure: " + Command(r);
  doc.extra = {RunSection(r), DevicesSection(r), SiteSection(r)};
  if (r.projection) doc.extra.push_back(ProjectionSection(*r.projection, r.site));
  Section& run = doc.extra.front();
  for (const auto& n : r.meter.notes) run.notes.push_back(n);
  return doc;
}

}  // namespace gpufleet

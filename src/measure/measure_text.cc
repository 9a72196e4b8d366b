// Text and Markdown forms of a measure report.
#include <fmt/format.h>

#include "gpufleet/measure_report.h"
#include "gpufleet/si_format.h"
#include "measure/child.h"

namespace gpufleet {
namespace {

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

std::string DeviceLine(const DeviceResult& d, const char* sep) {
  const std::string peak = d.peak.si() > 0 ? fmt::format("{:.1f} W", d.peak.si()) : "-";
  return fmt::format("{0}{1}{0}{2}{0}{3}{0}{4} J{0}{5:.6f} kWh{0}{6:.1f} W{0}{7}{0}{8}{9}", sep,
                     d.info.id, d.info.name, d.method, ToString(d.energy.si(), 4),
                     In(d.energy, units::kWh).value, d.average.si(), peak, d.samples,
                     d.lost_at ? fmt::format(" (vanished at {:.2f} s)", d.lost_at->si()) : "");
}

std::string SiteLines(const std::string& what, const SiteImpact& s, const std::string& site) {
  return fmt::format("{} at site {}: IT energy {}, facility {}, cost {}, {}, {} water\n", what,
                     site.empty() ? "(none: PUE 1, no grid/price/water factors)" : site,
                     FormatQuantity(In(s.it, units::kWh), "kWh"),
                     FormatQuantity(In(s.facility, units::kWh), "kWh"),
                     FormatQuantity(In(s.cost, units::usd), "USD"),
                     FormatQuantity(In(s.co2e, units::kg_co2e), "kg CO2e"),
                     FormatQuantity(In(s.water, units::L), "L"));
}

std::string ProjectionLine(const Projection& p) {
  return fmt::format(
      "One hour of this job on {} GPUs ({} per GPU + {} host): {}, {}, {} water, {}\n",
      FormatCount(p.gpus), FormatQuantity(p.per_gpu.si(), "W"),
      FormatQuantity(p.host_per_gpu.si(), "W"),
      FormatQuantity(In(p.impact.facility, units::kWh), "kWh"),
      FormatQuantity(In(p.impact.co2e, units::kg_co2e), "kg CO2e"),
      FormatQuantity(In(p.impact.water, units::L), "L"),
      FormatQuantity(In(p.impact.cost, units::usd), "USD"));
}

}  // namespace

std::string ToText(const MeasureReport& r) {
  std::string s =
      fmt::format("gpufleet measure: {}\n  {} after {:.2f} s{}\n", Command(r), Status(r),
                  r.meter.duration.si(), r.meter.partial ? " (PARTIAL result)" : "");
  s += "  device | name | method | energy | kWh | avg | peak | samples\n";
  for (const auto& d : r.meter.devices) s += DeviceLine(d, "  ") + "\n";
  const auto total = TotalEnergy(r.meter);
  s += fmt::format("  total: {} J ({} kWh), {:.1f} W average\n", ToString(total.si(), 4),
                   ToString(In(total, units::kWh), 4),
                   r.meter.duration.si() > 0 ? total.si().value / r.meter.duration.si() : 0.0);
  s += "  Energy is whole-device: everything on a measured GPU or CPU package, not only this "
       "command.\n  " +
       SiteLines("This run", r.run, r.site.id);
  if (r.projection) s += "  " + ProjectionLine(*r.projection);
  for (const auto& n : r.meter.notes) s += "  note: " + n + "\n";
  return s;
}

std::string ToMarkdown(const MeasureReport& r) {
  std::string s =
      fmt::format("## gpufleet measure: `{}`\n\n{} after {:.2f} s{}\n\n", Command(r), Status(r),
                  r.meter.duration.si(), r.meter.partial ? " (**partial** result)" : "");
  s += "| device | name | method | energy | kWh | average | peak | samples |\n"
       "|---|---|---|---|---|---|---|---|\n";
  for (const auto& d : r.meter.devices) s += DeviceLine(d, " | ").substr(1) + " |\n";
  s += fmt::format("\nTotal: {} J. Energy is whole-device.\n\n",
                   ToString(TotalEnergy(r.meter).si(), 4));
  s += SiteLines("This run", r.run, r.site.id);
  if (r.projection) s += "\n" + ProjectionLine(*r.projection);
  for (const auto& n : r.meter.notes) s += "\n- " + n;
  return s + "\n";
}

}  // namespace gpufleet

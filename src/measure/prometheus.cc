// Prometheus text exposition of a meter's state.
#include <fmt/format.h>

#include "gpufleet/measure_report.h"

namespace gpufleet {
namespace {

// Label values escape backslash, double quote and newline.
std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

class Writer {
 public:
  void Family(const std::string& name, const char* type, const char* help) {
    text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void Sample(const std::string& name, const std::string& labels, double v) {
    text_ += fmt::format("{}{{{}}} {}\n", name, labels, v);
  }
  std::string text_;
};

std::string GpuLabels(const DeviceInfo& d) {
  // A GPU lost before its first read has no UUID or name: `uuid=""` and `name=""` were
  // exported (found by an adversarial tester); an empty label is no label to Prometheus.
  std::string s = fmt::format("gpu=\"{}\"", d.index);
  if (!d.uuid.empty()) s += fmt::format(",uuid=\"{}\"", Escape(d.uuid));
  if (!d.name.empty()) s += fmt::format(",name=\"{}\"", Escape(d.name));
  return s;
}

std::string RaplLabels(const DeviceInfo& d) {
  // The device id tells one socket's DRAM from another's (both are domain "dram").
  return fmt::format("domain=\"{}\",id=\"{}\",kind=\"{}\"", Escape(d.name), Escape(d.id),
                     d.kind);
}

void Devices(Writer& w, const MeterResult& m, bool gpu) {
  const std::string p = gpu ? "gpufleet_gpu_" : "gpufleet_rapl_";
  w.Family(p + "power_watts", "gauge",
           gpu ? "Whole-GPU power: the last NVML power sample, or the energy counter over the last "
                 "interval for a GPU without power readings"
               : "RAPL domain power over the last interval");
  for (const auto& d : m.devices) {
    // A GPU that fell off the bus has no power now: its last sample was served for ever, and
    // sum(power) counted the dead GPU. Left out, the series goes stale; gpufleet_gpu_lost says why.
    // Nor one none of whose reads succeeded (implausible readings are failed reads): 0 W read as
    // a measurement (found by an adversarial tester).
    if ((d.info.kind == "gpu") != gpu || d.lost_at || d.samples == 0) continue;
    w.Sample(p + "power_watts", gpu ? GpuLabels(d.info) : RaplLabels(d.info), d.recent.si());
  }
  w.Family(p + "energy_joules_total", "counter",
           gpu ? "Whole-GPU energy since the exporter started"
               : "RAPL domain energy since the "
                 "exporter started");
  for (const auto& d : m.devices) {
    // A GPU that measured nothing (no read succeeded, or lost before the first) has no energy:
    // 0 J read as a measurement, as in `measure`'s report.
    if ((d.info.kind == "gpu") != gpu || (gpu && d.method == "none")) continue;
    w.Sample(p + "energy_joules_total", gpu ? GpuLabels(d.info) : RaplLabels(d.info),
             d.energy.si().value);
  }
  if (!gpu) return;
  w.Family("gpufleet_gpu_lost", "gauge", "1 once the GPU stopped answering (fell off the bus)");
  for (const auto& d : m.devices) {
    if (d.info.kind == "gpu") w.Sample("gpufleet_gpu_lost", GpuLabels(d.info), d.lost_at ? 1 : 0);
  }
}

void Derived(Writer& w, const std::string& name, const char* help, const std::string& site,
             const Interval& v) {
  w.Family(name, "counter", help);
  const std::pair<const char*, double> bounds[] = {
      {"value", v.value}, {"low", v.low}, {"high", v.high}};
  for (const auto& [b, x] : bounds) {
    w.Sample(name, fmt::format("site=\"{}\",bound=\"{}\"", Escape(site), b), x);
  }
}

}  // namespace

std::string PrometheusText(const MeterResult& m, const SiteFactors& site) {
  Writer w;
  Devices(w, m, true);
  Devices(w, m, false);
  const SiteImpact s = AtSite(TotalEnergy(m), site);
  const std::string id = site.id.empty() ? "none" : site.id;
  Derived(w, "gpufleet_facility_energy_joules_total",
          "Measured energy times the site's PUE, since the exporter started", id, s.facility.si());
  // A series resting on a factor no site or flag gave is left out, not exported as 0
  // (--site none exported 0 kg CO2e; found by an adversarial tester).
  const ImpactWhy why = WhyAbsent(site);
  if (why.co2e.empty()) {
    Derived(w, "gpufleet_co2e_kg_total", "Operational CO2e of the facility energy at the site", id,
            In(s.co2e, units::kg_co2e));
  }
  if (why.cost.empty()) {
    Derived(w, "gpufleet_electricity_cost_usd_total", "Electricity cost at the site's price", id,
            In(s.cost, units::usd));
  }
  if (why.water.empty()) {
    Derived(w, "gpufleet_water_litres_total", "On-site plus off-site water at the site", id,
            In(s.water, units::L));
  }
  w.Family("gpufleet_meter_rounds_total", "counter", "Sampling rounds done");
  w.text_ += fmt::format("gpufleet_meter_rounds_total {}\n", m.rounds);
  return w.text_;
}

}  // namespace gpufleet

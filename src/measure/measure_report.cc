// Site impact, fleet projection, totals and the JSON form of a measure report.
#include "gpufleet/measure_report.h"

#include <cctype>

#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "measure/child.h"

namespace gpufleet {
namespace {

// A measured or derived figure in the one Figure shape (figure.h).
nlohmann::json J(const Interval& x, const char* unit) { return ToJson(Figure::Of(x, unit)); }

// A device that measured nothing (no reading succeeded): its figures are absent, not 0.
constexpr const char* kDeviceNotMeasured = "no reading of this device succeeded";

nlohmann::json DeviceJson(const DeviceResult& d) {
  nlohmann::json j{
      {"id", d.info.id},
      {"kind", d.info.kind},
      {"name", d.info.name},
      {"method", d.method},
      {"energy_j", d.method == "none" ? ToJson(Figure::Absent("J", kDeviceNotMeasured))
                                      : J(d.energy.si(), "J")},
      {"energy_kwh", d.method == "none" ? ToJson(Figure::Absent("kWh", kDeviceNotMeasured))
                                        : J(In(d.energy, units::kWh), "kWh")},
      // A source never read is absent, not 0 J (a GPU with no power reading showed
      // energy_from_power_j 0.0; found by an adversarial tester).
      {"energy_from_counter_j",
       d.counter_read ? nlohmann::json(d.from_counter.si()) : nlohmann::json(nullptr)},
      {"energy_from_power_j",
       d.power_read ? nlohmann::json(d.from_power.si()) : nlohmann::json(nullptr)},
      {"average_power_w",
       d.method == "none" ? nlohmann::json(nullptr) : nlohmann::json(d.average.si())},
      // No power sample (an energy counter alone, as RAPL): no peak, not 0 W. A device whose
      // power was read has one, 0 W included (a GPU read at 0 W had null; found by an
      // adversarial tester).
      {"peak_power_w", d.power_read ? nlohmann::json(d.peak.si()) : nullptr},
      {"covered_s", d.covered.si()},
      {"samples", d.samples},
      {"read_errors", d.errors},
      {"counter_resets", d.resets},
      {"counter_resets_unbridged", d.unbridged_resets},
      {"counter_wraps", d.wraps},
      {"whole_device", true}};
  if (!d.info.uuid.empty()) j["uuid"] = d.info.uuid;
  if (d.info.kind == "gpu") j["index"] = d.info.index;
  if (d.info.mig_enabled) j["mig_enabled"] = true;
  if (d.lost_at) j["lost_at_s"] = d.lost_at->si();
  return j;
}

// A site's impact, or, when nothing was measured (`why` not empty), each figure absent with why:
// nothing measured is not 0 kWh measured. A figure resting on a factor no site or flag gave is
// absent too (WhyAbsent).
nlohmann::json ImpactJson(const SiteImpact& s, const SiteFactors& site,
                          const std::string& why = {}) {
  const ImpactWhy factor = WhyAbsent(site);
  const auto f = [&why](const Interval& x, const char* unit, const std::string& own = {}) {
    const std::string& reason = why.empty() ? own : why;
    return reason.empty() ? J(x, unit) : ToJson(Figure::Absent(unit, reason));
  };
  return {{"it_energy_kwh", f(In(s.it, units::kWh), "kWh")},
          {"facility_energy_kwh", f(In(s.facility, units::kWh), "kWh")},
          {"cost_usd", f(In(s.cost, units::usd), "USD", factor.cost)},
          {"co2e_kg", f(In(s.co2e, units::kg_co2e), "kg CO2e", factor.co2e)},
          {"water_l", f(In(s.water, units::L), "L", factor.water)}};
}

}  // namespace

std::string NotMeasuredWhy(const std::string& kind) {
  if (kind.empty()) return kNothingMeasured;
  std::string name = kind;
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "no " + name + " measured";
}

std::optional<std::string> NotMeasured(const MeterResult& m, const std::string& kind) {
  // A device no reading of which succeeded measured nothing (it made the totals 0 kWh).
  for (const auto& d : m.devices) {
    if ((kind.empty() || d.info.kind == kind) && d.method != "none") return std::nullopt;
  }
  return NotMeasuredWhy(kind);
}

Energy<Interval> TotalEnergy(const MeterResult& m, const std::string& kind) {
  Energy<Interval> e = 0.0 * units::J;
  for (const auto& d : m.devices) {
    if (kind.empty() || d.info.kind == kind) e += d.energy;
  }
  return e;
}

int CountMeasured(const MeterResult& m, const std::string& kind) {
  int n = 0;
  for (const auto& d : m.devices) n += d.info.kind == kind && d.method != "none";
  return n;
}

std::optional<Projection> Project(const MeterResult& m, const Interval& gpus,
                                  const SiteFactors& site) {
  const int n = CountMeasured(m, "gpu");
  const double secs = m.duration.si();
  if (n == 0 || secs <= 0) return std::nullopt;
  Projection p;
  p.gpus = gpus;
  const Interval per_gpu_s = Interval(secs * n);
  // The mean of the GPUs' own averages while they were there: the total energy over the run's
  // duration counted a GPU lost halfway at 0 W afterwards, and the time a short run's readings
  // missed at 0 W too (262 W for GPUs at 300 and 500 W; found by an adversarial tester).
  Interval sum_w(0.0);
  for (const auto& d : m.devices) {
    if (d.info.kind == "gpu" && d.method != "none") sum_w = sum_w + d.present_power.si();
  }
  p.per_gpu = Power<Interval>::FromSi(sum_w / Interval(n));
  const Interval host_j = TotalEnergy(m, "cpu").si() + TotalEnergy(m, "dram").si();
  p.host_per_gpu = Power<Interval>::FromSi(host_j / per_gpu_s);
  p.host_measured = !NotMeasured(m, "cpu") || !NotMeasured(m, "dram");
  // The fleet model, fed with what was measured.
  FleetInputs in;
  in.gpu_id = "measured";
  in.site_id = site.id;
  in.count = gpus;
  in.period = p.period;
  in.gpu_avg_power = p.per_gpu;
  in.host_overhead_per_gpu = p.host_per_gpu;
  SetSite(in, site);
  p.impact = AtSite(Evaluate(in).energy_it, site);
  return p;
}

nlohmann::json ToJson(const MeasureReport& r) {
  nlohmann::json j;
  j["command"] = r.command;
  j["exit_status"] = r.exit_status;
  if (r.signal) j["signal"] = SignalName(r.signal);
  if (!r.error.empty()) j["error"] = r.error;
  if (!r.detached.empty()) j["detached_processes"] = r.detached;
  j["started_unix_s"] = r.started_unix_s;
  j["launch"] = {{"launcher", r.launch.launcher},
                 {"rank", r.launch.rank},
                 {"local_rank", r.launch.local_rank},
                 {"local_size", r.launch.local_size},
                 {"world_size", r.launch.world_size},
                 {"job", r.launch.job},
                 {"node", r.launch.node},
                 {"reads_devices", !r.meter.devices.empty()}};
  j["self_cpu_s"] = r.self_cpu.si();
  j["self_cpu_pct_of_one_core"] =
      r.meter.duration.si() > 0 ? 100 * r.self_cpu.si() / r.meter.duration.si() : 0.0;
  j["duration_s"] = r.meter.duration.si();
  j["interval_s"] = r.interval.si();
  j["sampling_rounds"] = r.meter.rounds;
  j["first_sample_delay_s"] = r.meter.first_sample_delay.si();
  j["longest_gap_s"] = r.meter.longest_gap.si();
  j["partial"] = r.meter.partial;
  j["whole_device_energy"] = true;
  j["notes"] = r.meter.notes;
  j["devices"] = nlohmann::json::array();
  for (const auto& d : r.meter.devices) j["devices"].push_back(DeviceJson(d));
  // A total over no device of its kind is absent, with the reason, never 0 (figure.h).
  const auto total = [&](const std::string& kind, const Energy<>& unit, const char* name) {
    if (const auto why = NotMeasured(r.meter, kind)) return ToJson(Figure::Absent(name, *why));
    return J(In(TotalEnergy(r.meter, kind), unit), name);
  };
  j["total"] = {{"energy_j", total("", units::J, "J")},
                {"energy_kwh", total("", units::kWh, "kWh")},
                {"gpu_energy_j", total("gpu", units::J, "J")},
                {"cpu_energy_j", total("cpu", units::J, "J")},
                {"dram_energy_j", total("dram", units::J, "J")}};
  j["site"] = ImpactJson(r.run, r.site, NotMeasured(r.meter).value_or(""));
  j["site"]["id"] = r.site.id;
  j["site"]["pue"] = J(r.site.pue, "");
  if (r.projection) {
    const auto& p = *r.projection;
    j["projection"] = ImpactJson(p.impact, r.site);
    j["projection"]["gpus"] = J(p.gpus, "");
    j["projection"]["hours"] = In(p.period, units::h);
    j["projection"]["per_gpu_power_w"] = J(p.per_gpu.si(), "W");
    j["projection"]["host_power_per_gpu_w"] =
        p.host_measured ? J(p.host_per_gpu.si(), "W") : ToJson(Figure::Absent("W", kHostLeftOut));
  }
  return j;
}

}  // namespace gpufleet

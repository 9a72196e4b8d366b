// Monitor: named measurement windows over one Meter's timeline (monitor.h).
#include "gpufleet/monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/ledger.h"

namespace gpufleet {
namespace {

double UnixNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

struct Edge {
  MeterResult meter;
  double unix_s = 0;
};

// Device `b` at the window's begin (taken at `begin_t` s into the Monitor's run) and `e` at its
// end (`end_t`).
WindowDevice DeviceOver(const DeviceResult& b, const DeviceResult& e, double begin_t, double end_t,
                        std::vector<std::string>& notes, bool& partial) {
  WindowDevice d;
  d.id = e.info.id;
  d.kind = e.info.kind;
  d.name = e.info.name;
  d.uuid = e.info.uuid;
  d.method = e.method;
  d.resets = e.resets - b.resets;
  d.unbridged_resets = e.unbridged_resets - b.unbridged_resets;
  // A device left out of the window's totals makes it partial, with a note, as `measure` does
  // (a window whose GPUs were all lost before it began was not partial and had no note; found by
  // an adversarial tester).
  if (b.lost_at) {
    d.lost = true;
    partial = true;
    d.energy = Figure::Absent("J", fmt::format("{} had vanished before the window began", d.id));
    notes.push_back(fmt::format("{} ({}) had vanished before the window began: not measured", d.id,
                                d.name.empty() ? "no name" : d.name));
    return d;
  }
  if (e.method == "none") {
    partial = true;
    d.energy = Figure::Absent("J", fmt::format("nothing readable on {} ({})", d.id, d.name));
    notes.push_back(fmt::format("{} ({}) measured nothing: the window's totals leave it out", d.id,
                                d.name.empty() ? "no name" : d.name));
    return d;
  }
  // Differences of the central figures; the relative uncertainty of the source applies to the
  // difference, and the unbridged resets inside the window widen its high end.
  const double v = std::max(0.0, e.energy.si().value - b.energy.si().value);
  const double rel = e.relative_uncertainty;
  const double unbridged = std::max(0.0, e.unbridged_bound.si() - b.unbridged_bound.si());
  // An edge's round reads after the edge; an edge taken while the sampler was stuck in a read
  // holds the last readings before it. As `gpufleet measure` does with the time its readings
  // missed (energy_track.cc), the value stays what was read and the range covers that time at
  // the highest power seen: the high end adds the end's missed time, the low end takes off the
  // time the begin's reading came early (a window ended 0.6 s in while a read stalled read
  // 120 J (114-126) at 300 W, under the 180 J drawn; found by an adversarial tester).
  const double covered = e.last_read_at.si() - b.last_read_at.si();
  const double watts = std::max(e.peak.si(), covered > 0 ? v / covered : 0.0);
  // A device lost in the window was there until its first failed read (lost_at): the time from
  // its last good reading to then is missed like any other (a GPU lost 0.3 s into a window at
  // 300 W read 73 J (69.5-76.8) for the 90 J it drew before; found by an adversarial tester).
  const double present_end = e.lost_at ? std::min(end_t, e.lost_at->si()) : end_t;
  const double missed_end = std::max(0.0, present_end - e.last_read_at.si());
  const double early_begin =
      b.method == "none" ? 0.0 : std::max(0.0, begin_t - b.last_read_at.si());
  d.energy = Figure::Of(
      Interval(v, std::max(0.0, v * (1 - rel) - watts * early_begin),
               v * (1 + rel) + unbridged + watts * missed_end),
      "J", d.method == "counter" ? "energy counter difference" : "integrated power samples");
  const double window_s = end_t - begin_t;
  if (!e.lost_at && missed_end > 0 && missed_end > 0.05 * window_s) {
    notes.push_back(fmt::format(
        "the last reading of {} came {:.3g} s before the window's end (a read stalled or failed): "
        "its energy is what was read, its range adds that time at the highest power seen "
        "({:.3g} W)",
        d.id, missed_end, watts));
  }
  if (early_begin > 0 && early_begin > 0.05 * window_s) {
    notes.push_back(fmt::format(
        "the reading of {} at the window's begin came {:.3g} s before it (a read stalled or "
        "failed): its energy counts from then, its range's low end takes off that time at the "
        "highest power seen ({:.3g} W)",
        d.id, early_begin, watts));
  }
  if (e.lost_at) {
    d.lost = true;
    partial = true;
    notes.push_back(fmt::format(
        "{} ({}) vanished during the window, {:.3g} s into it (the first read that failed; its "
        "last good reading was {:.3g} s into it): its energy is what was read until then, its "
        "range adds the time between at the highest power seen ({:.3g} W)",
        d.id, d.name, e.lost_at->si() - begin_t, e.last_read_at.si() - begin_t, watts));
  }
  if (const int jumps = e.jumps - b.jumps; jumps > 0) {
    const bool unbridged_jumps = e.unbridged_jumps > b.unbridged_jumps;
    if (unbridged_jumps) partial = true;
    notes.push_back(fmt::format(
        "the energy counter of {} jumped implausibly {} time(s) in the window (over 100 kW): {}",
        d.id, jumps,
        unbridged_jumps ? "with no power reading to bridge them, the range's high end covers them"
                        : "bridged from sampled power"));
  }
  if (d.resets > 0) {
    if (d.unbridged_resets > 0) partial = true;
    notes.push_back(
        d.unbridged_resets > 0
            ? fmt::format("the energy counter of {} reset {} time(s) in the window with no power "
                          "reading to bridge it: the range's high end covers what it may have "
                          "lost",
                          d.id, d.resets)
            : fmt::format("the energy counter of {} reset {} time(s) in the window: bridged from "
                          "sampled power",
                          d.id, d.resets));
  }
  return d;
}

}  // namespace

struct Monitor::Impl {
  MonitorOptions options;
  Launch launch;
  std::shared_ptr<PowerSource> source;
  std::vector<std::string> rank_notes;
  std::unique_ptr<Meter> meter;
  // Guards the windows, `closed` and `meter` (Close takes the meter away under it).
  mutable std::mutex mu;
  std::map<std::string, Edge> open;
  std::vector<std::string> order;
  bool closed = false;

  void ThrowIfClosed() const {  // with mu held
    if (closed) throw InputError("the monitor was closed: create a new one to measure again");
  }
};

Monitor::Monitor(MonitorOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = std::move(options);
  // Written so that NaN fails too (it passed both comparisons, and the sampler spun a core).
  if (!(m.options.interval.si() >= 0.01 && m.options.interval.si() <= 86400)) {
    throw InputError(
        Where{"", 0, "interval"},
        fmt::format("must be between 10 ms and 1 day, got {} s", m.options.interval.si()));
  }
  if (!(m.options.stall_timeout.si() >= 0.001)) {
    throw InputError(Where{"", 0, "stall_timeout"}, "must be at least 1 ms");
  }
  // Written into every record, as window names are (a NUL went into the CSV and the ledger;
  // found by an adversarial tester).
  CheckRecordText(m.options.project, Where{"", 0, "project"}, "a project name");
  CheckRecordText(m.options.run_id, Where{"", 0, "run_id"}, "a run id");
  CheckRecordText(m.options.experiment_id, Where{"", 0, "experiment_id"}, "an experiment id");
  m.launch = m.options.launch ? *m.options.launch : DetectLaunch();
  if (m.options.run_id.empty()) m.options.run_id = NewRunId(m.launch.node);
  const bool reads = m.options.every_rank_reads || m.launch.ReadsDevices();
  if (!reads) {
    auto none = std::make_shared<FakeSource>();
    m.rank_notes.push_back(fmt::format(
        "{} local rank {} on node {}: local rank 0 reads this node's devices (one reader per "
        "node, so no GPU is counted twice); this process's windows have no devices",
        m.launch.launcher, m.launch.local_rank, m.launch.node));
    m.source = none;
  } else if (m.options.source) {
    m.source = m.options.source;
  } else {
    std::vector<std::unique_ptr<PowerSource>> sources;
    if (m.options.gpu) {
      NvmlOptions o;
      o.library = m.options.nvml_library;
      o.named = m.options.nvml_library_named;
      o.from_environment = m.options.nvml_library_from_environment;
      o.gpus = m.options.gpus;
      sources.push_back(OpenNvml(o));
    }
    if (m.options.cpu) {
      RaplOptions o;
      o.root = m.options.powercap_root;
      sources.push_back(OpenRapl(o));
    }
    m.source = Combine(std::move(sources));
  }
  MeterOptions mo;
  mo.interval = m.options.interval;
  mo.stall_timeout = m.options.stall_timeout;
  m.meter = std::make_unique<Meter>(m.source, mo);
  m.meter->Start();
}

Monitor::~Monitor() = default;  // the Meter's destructor stops the sampler

void Monitor::Close() {
  std::unique_ptr<Meter> meter;
  {
    // Waits for a BeginWindow or EndWindow taking its edge in another thread (they hold mu);
    // later ones see `closed`.
    std::lock_guard lock(impl_->mu);
    impl_->closed = true;
    impl_->open.clear();
    impl_->order.clear();
    meter = std::move(impl_->meter);
  }
  meter.reset();  // stops the sampler (at most the stall timeout), outside the lock
}

bool Monitor::closed() const {
  std::lock_guard lock(impl_->mu);
  return impl_->closed;
}

void CheckRecordText(const std::string& text, const Where& where, const std::string& what) {
  if (text.size() > kMaxWindowNameBytes) {
    throw InputError(where, fmt::format("is {} bytes long: {} is at most {} bytes (it is written "
                                        "to every record)",
                                        text.size(), what, kMaxWindowNameBytes));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (ControlCharBytes(text, i) > 0) {
      throw InputError(where, fmt::format("'{}' holds a control character (byte {} of {}): {} is "
                                          "printable text",
                                          EscapeControls(text), i + 1, text.size(), what));
    }
  }
}

void CheckWindowName(const std::string& name) {
  if (name.empty()) throw InputError(Where{"", 0, "name"}, "a window needs a name");
  CheckRecordText(name, Where{"", 0, "name"}, "a window's name");
}

void Monitor::BeginWindow(const std::string& name) {
  CheckWindowName(name);
  std::lock_guard lock(impl_->mu);
  impl_->ThrowIfClosed();
  if (impl_->open.count(name)) {
    throw InputError(Where{"", 0, "name"},
                     fmt::format("window '{}' is already open: end it before beginning it again",
                                 EscapeControls(name)));
  }
  Edge edge{impl_->meter->SampleNow(), UnixNow()};
  impl_->open.emplace(name, std::move(edge));
  impl_->order.push_back(name);
}

Window Monitor::EndWindow(const std::string& name) {
  Impl& m = *impl_;
  Window w;
  CheckWindowName(name);
  {
    std::lock_guard lock(m.mu);
    m.ThrowIfClosed();
    auto it = m.open.find(name);
    if (it == m.open.end()) {
      throw InputError(
          Where{"", 0, "name"},
          m.open.empty()
              ? fmt::format("window '{}' was never begun (no window is open)", EscapeControls(name))
              : fmt::format("window '{}' was never begun (open: {})", EscapeControls(name),
                            EscapeControls([&] {
                              std::string s;
                              for (const auto& n : m.order) s += (s.empty() ? "" : ", ") + n;
                              return s;
                            }())));
    }
    const Edge begin = std::move(it->second);
    m.open.erase(it);
    m.order.erase(std::find(m.order.begin(), m.order.end(), name));
    const MeterResult end = m.meter->SampleNow();
    w.end_unix_s = UnixNow();
    w.name = name;
    w.start_unix_s = begin.unix_s;
    w.duration = end.duration - begin.meter.duration;
    w.notes = m.rank_notes;
    for (size_t i = 0; i < end.devices.size() && i < begin.meter.devices.size(); ++i) {
      w.devices.push_back(DeviceOver(begin.meter.devices[i], end.devices[i],
                                     begin.meter.duration.si(), end.duration.si(), w.notes,
                                     w.partial));
    }
    // What happened at the edges and since the window began (stalls). The begin's was left out:
    // a window whose begin waited for a stuck read was not partial.
    auto stalls = [&](const MeterResult& edge, const char* which) {
      for (const auto& n : edge.notes) {
        if (n.find("stuck in a read") != std::string::npos ||
            n.find("stalled in a read") != std::string::npos) {
          w.partial = true;
          w.notes.push_back(which + n);
        }
      }
    };
    stalls(begin.meter, "at the window's begin, ");
    stalls(end, "");
  }
  std::optional<Interval> gpu, cpu, dram, all;
  for (const auto& d : w.devices) {
    if (!d.energy.present()) continue;
    const Interval e = d.energy.range();
    auto add = [&](std::optional<Interval>& sum) { sum = sum ? *sum + e : e; };
    add(all);
    if (d.kind == "gpu") add(gpu);
    if (d.kind == "cpu") add(cpu);
    if (d.kind == "dram") add(dram);
  }
  if (gpu) w.gpu_energy = Figure::Of(*gpu, "J", "sum over measured GPUs");
  if (cpu) w.cpu_energy = Figure::Of(*cpu, "J", "sum over measured CPU packages");
  if (dram) w.dram_energy = Figure::Of(*dram, "J", "sum over measured DRAM domains");
  w.site = m.options.site;
  if (all) {
    w.energy = Figure::Of(*all, "J", "whole-device energy of every measured device");
    const SiteImpact s = AtSite(Energy<Interval>::FromSi(*all), m.options.site);
    const std::string at =
        m.options.site.id.empty() ? "the given site factors" : "site " + m.options.site.id;
    w.facility_energy = Figure::Of(In(s.facility, units::kWh), "kWh", "IT energy x PUE, " + at);
    // Absent where no site or flag gave the factor (site "none"), not 0.
    const ImpactWhy why = WhyAbsent(m.options.site);
    w.cost = why.cost.empty()
                 ? Figure::Of(In(s.cost, units::usd), "USD", "facility energy x price, " + at)
                 : Figure::Absent("USD", why.cost);
    w.co2e = why.co2e.empty() ? Figure::Of(In(s.co2e, units::kg_co2e), "kg CO2e",
                                           "facility energy x grid, " + at)
                              : Figure::Absent("kg CO2e", why.co2e);
    w.water = why.water.empty()
                  ? Figure::Of(In(s.water, units::L), "L", "on-site + off-site water, " + at)
                  : Figure::Absent("L", why.water);
  } else if (!m.rank_notes.empty()) {
    w.energy = Figure::Absent("J", "another process reads this node's devices (local rank 0)");
  }
  w.launch = m.launch;
  w.project = m.options.project;
  w.run_id = m.options.run_id;
  w.experiment_id = m.options.experiment_id;
  w.python_version = m.options.python_version;
  if (!m.options.sinks.empty()) {
    const Record r = RecordOf(w);
    for (const auto& sink : m.options.sinks) {
      try {
        sink->Append(r);
      } catch (const std::exception& e) {
        w.record_errors.push_back(fmt::format("{}: {}", sink->Describe(), e.what()));
      }
    }
  }
  return w;
}

std::vector<std::string> Monitor::OpenWindows() const {
  std::lock_guard lock(impl_->mu);
  return impl_->order;
}

const std::vector<DeviceInfo>& Monitor::Devices() const { return impl_->source->Devices(); }
const Launch& Monitor::launch() const { return impl_->launch; }
const std::string& Monitor::run_id() const { return impl_->options.run_id; }

std::vector<std::string> Monitor::Notes() const {
  std::vector<std::string> n = impl_->source->Notes();
  n.insert(n.end(), impl_->rank_notes.begin(), impl_->rank_notes.end());
  return n;
}

SiteFactors SiteFactorsFor(const std::string& id, const std::string& catalog_dir,
                           const std::string& field) {
  if (NamesNone(id)) {
    // A catalog given beside no site is still read: one that is not there was ignored without a
    // word (`--site none --catalog /nonexistent`, `Monitor(catalog=...)`; found by an
    // adversarial tester), where with a site it is refused.
    if (!catalog_dir.empty()) Catalog::Load(catalog_dir);
    SiteFactors none;
    none.unknown = SiteFactorNames();  // PUE 1 stays: IT energy is then the facility's
    return none;
  }
  const Catalog catalog = Catalog::Load(catalog_dir);
  const auto gpus = catalog.All("gpu");  // the GPU is irrelevant to the site: any will do
  if (gpus.empty()) throw InputError(Where{catalog_dir, 0, "catalog"}, "the catalog has no GPU");
  FleetInputs in;
  try {
    in = InputsFromCatalog(catalog, gpus.front()->id, id);
  } catch (const InputError& err) {
    throw InputError(Where{field.rfind("--", 0) == 0 ? "<flag>" : "", 0, field}, err.detail());
  }
  return SiteWithUnknowns(in);
}

nlohmann::json ToJson(const Window& w) {
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& d : w.devices) {
    nlohmann::json j{{"id", d.id},
                     {"kind", d.kind},
                     {"name", d.name},
                     {"method", d.method},
                     {"energy_j", ToJson(d.energy)},
                     {"counter_resets", d.resets},
                     {"counter_resets_unbridged", d.unbridged_resets},
                     {"lost", d.lost}};
    if (!d.uuid.empty()) j["uuid"] = d.uuid;
    devices.push_back(std::move(j));
  }
  return {{"name", w.name},
          {"start_unix_s", w.start_unix_s},
          {"end_unix_s", w.end_unix_s},
          {"duration_s", w.duration.si()},
          {"devices", devices},
          {"gpu_energy_j", ToJson(w.gpu_energy)},
          {"cpu_energy_j", ToJson(w.cpu_energy)},
          {"dram_energy_j", ToJson(w.dram_energy)},
          {"energy_j", ToJson(w.energy)},
          {"facility_energy_kwh", ToJson(w.facility_energy)},
          {"cost_usd", ToJson(w.cost)},
          {"co2e_kg", ToJson(w.co2e)},
          {"water_l", ToJson(w.water)},
          {"site", w.site.id},
          {"launch",
           {{"launcher", w.launch.launcher},
            {"rank", w.launch.rank},
            {"local_rank", w.launch.local_rank},
            {"node", w.launch.node},
            {"job", w.launch.job}}},
          {"project", w.project},
          {"run_id", w.run_id},
          {"partial", w.partial},
          {"notes", w.notes},
          {"record_errors", w.record_errors}};
}

}  // namespace gpufleet

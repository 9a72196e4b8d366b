// Records of measurements: the Record of a window or a measure run, the CodeCarbon-compatible
// CSV, sums. The SQLite ledger is in ledger_sqlite.cc.
#include "gpufleet/ledger.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "gpufleet/error.h"
#include "gpufleet/measure_report.h"
#include "gpufleet/monitor.h"
#include "gpufleet/version.h"
#include "util/atomic_file.h"
#include "util/csv.h"

namespace gpufleet {
namespace {

std::string IsoUtc(double unix_s) {
  const std::time_t t = static_cast<std::time_t>(std::floor(unix_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double UnixNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string Method(const std::vector<RecordDevice>& devices) {
  std::string m;
  for (const auto& d : devices) {
    if (!d.energy_j) continue;
    if (m.empty())
      m = d.method;
    else if (m != d.method)
      return "mixed";
  }
  return m.empty() ? "none" : m;
}

std::string GpuModel(const std::vector<RecordDevice>& devices, int& count) {
  std::map<std::string, int> by_name;
  count = 0;
  for (const auto& d : devices) {
    if (d.kind != "gpu") continue;
    ++count;
    ++by_name[d.name];
  }
  std::string s;
  for (const auto& [name, n] : by_name)
    s += fmt::format("{}{} x {}", s.empty() ? "" : ", ", n, name);
  return s;
}

std::optional<Interval> KwhOf(const Figure& f) {
  if (!f.present()) return std::nullopt;
  const Interval& j = f.range();
  return Interval(j.value / 3.6e6, j.low / 3.6e6, j.high / 3.6e6);
}

std::optional<Interval> Of(const Figure& f) {
  return f.present() ? std::optional<Interval>(f.range()) : std::nullopt;
}

// Host facts for CodeCarbon's columns, read once.
struct Host {
  std::string os, cpu_model;
  int cpu_count = 0;
  std::optional<double> ram_gb;
};
const Host& ThisHost() {
  static const Host h = [] {
    Host h;
    utsname u{};
    if (uname(&u) == 0) h.os = fmt::format("{}-{}-{}", u.sysname, u.release, u.machine);
    h.cpu_count = static_cast<int>(std::thread::hardware_concurrency());
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("model name", 0) == 0) {
        const auto c = line.find(':');
        if (c != std::string::npos) h.cpu_model = line.substr(line.find_first_not_of(" \t", c + 1));
        break;
      }
    }
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && page > 0)
      h.ram_gb = static_cast<double>(pages) * page / (1024.0 * 1024 * 1024);
    return h;
  }();
  return h;
}

// A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180).
std::string Cell(const std::string& s) { return CsvCell(s); }
std::string Num(std::optional<double> x) { return x ? fmt::format("{}", *x) : ""; }
std::string Val(const std::optional<Interval>& x) { return x ? fmt::format("{}", x->value) : ""; }
std::string Low(const std::optional<Interval>& x) { return x ? fmt::format("{}", x->low) : ""; }
std::string High(const std::optional<Interval>& x) { return x ? fmt::format("{}", x->high) : ""; }
std::optional<double> PowerW(const std::optional<Interval>& kwh, double s) {
  if (!kwh || !(s > 0)) return std::nullopt;
  return kwh->value * 3.6e6 / s;
}

class CsvSink : public RecordSink {
 public:
  explicit CsvSink(std::string path) : path_(std::move(path)) { Check(); }
  void Append(const Record& r) override {
    const int fd = open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw InputError(Where{path_, 0, ""},
                       fmt::format("cannot append to the CSV: {}", std::strerror(errno)));
    }
    // Processes of one job may share the file: the lock makes "empty, so write the header"
    // and the append one step (released by close).
    flock(fd, LOCK_EX);
    struct stat st {};
    std::string text;
    if (fstat(fd, &st) == 0 && st.st_size == 0) text = Header() + "\n";
    text += CsvLine(r) + "\n";
    const ssize_t n = write(fd, text.data(), text.size());
    const int err = errno;
    close(fd);
    if (n != static_cast<ssize_t>(text.size())) {
      throw InputError(Where{path_, 0, ""},
                       fmt::format("could not append the record: {}",
                                   n < 0 ? std::strerror(err) : "short write"));
    }
  }
  std::string Describe() const override { return "CSV " + path_; }

 private:
  static std::string Header() {
    std::string h;
    for (const auto& c : CsvColumns()) h += (h.empty() ? "" : ",") + c;
    return h;
  }
  void Check() const {
    struct stat st {};
    if (stat(path_.c_str(), &st) != 0) {
      if (errno != ENOENT) {
        throw InputError(Where{path_, 0, ""},
                         fmt::format("cannot open: {}", std::strerror(errno)));
      }
      // Created on the first record, after the command has run: its directory must be there
      // and writable now (a missing one was found only then, and the record lost). The output
      // policy's check of a new file's directory (atomic_file.h).
      CheckOutputPath(path_);
      return;
    }
    if (!S_ISREG(st.st_mode)) throw InputError(Where{path_, 0, ""}, "not a regular file");
    if (!(st.st_mode & 0222)) {
      throw InputError(Where{path_, 0, ""}, "the CSV is read-only (no write permission bit)");
    }
    if (st.st_size == 0) return;
    std::ifstream in(path_);
    std::string first;
    std::getline(in, first);
    if (!first.empty() && first.back() == '\r') first.pop_back();
    if (first != Header()) {
      throw InputError(Where{path_, 1, ""},
                       "not a gpufleet records CSV: its header differs from gpufleet's columns "
                       "(CodeCarbon's emissions.csv columns, then gpufleet's); records are not "
                       "appended to a file with other columns");
    }
  }
  std::string path_;
};

}  // namespace

std::string NewRunId(const std::string& node) {
  std::string t = IsoUtc(UnixNow());
  t.erase(std::remove(t.begin(), t.end(), '-'), t.end());
  t.erase(std::remove(t.begin(), t.end(), ':'), t.end());
  return fmt::format("{}-{}-{}", t, node, getpid());
}

Record RecordOf(const Window& w) {
  Record r;
  r.timestamp = IsoUtc(w.end_unix_s);
  r.kind = "window";
  r.project = w.project;
  r.run_id = w.run_id;
  r.experiment_id = w.experiment_id;
  r.window = w.name;
  r.node = w.launch.node;
  r.job = w.launch.job;
  r.launcher = w.launch.launcher;
  r.rank = w.launch.rank;
  r.duration_s = w.duration.si();
  r.energy_kwh = KwhOf(w.energy);
  r.gpu_kwh = KwhOf(w.gpu_energy);
  r.cpu_kwh = KwhOf(w.cpu_energy);
  r.ram_kwh = KwhOf(w.dram_energy);
  r.emissions_kg = Of(w.co2e);
  r.cost_usd = Of(w.cost);
  r.water_l = Of(w.water);
  r.facility_kwh = Of(w.facility_energy);
  r.site = w.site.id;
  if (r.energy_kwh) r.pue = w.site.pue.value;
  r.python_version = w.python_version;
  r.partial = w.partial;
  for (const auto& d : w.devices) {
    r.devices.push_back(
        {d.id, d.kind, d.name, d.uuid, d.method,
         d.energy.present() ? std::optional<Interval>(d.energy.range()) : std::nullopt});
  }
  r.method = Method(r.devices);
  r.gpu_model = GpuModel(r.devices, r.gpu_count);
  return r;
}

Record RecordOf(const MeasureReport& m, const std::string& project, const std::string& run_id,
                const std::string& experiment_id) {
  Record r;
  r.timestamp = IsoUtc(m.started_unix_s + m.meter.duration.si());
  r.kind = "measure";
  r.project = project;
  r.run_id = run_id;
  r.experiment_id = experiment_id;
  for (const auto& a : m.command) r.window += (r.window.empty() ? "" : " ") + a;
  r.node = m.launch.node;
  r.job = m.launch.job;
  r.launcher = m.launch.launcher;
  r.rank = m.launch.rank;
  r.duration_s = m.meter.duration.si();
  auto kwh = [&](const std::string& kind) -> std::optional<Interval> {
    if (kind.empty() ? m.meter.devices.empty() : CountMeasured(m.meter, kind) == 0) {
      return std::nullopt;
    }
    return In(TotalEnergy(m.meter, kind), units::kWh);
  };
  r.gpu_kwh = kwh("gpu");
  r.cpu_kwh = kwh("cpu");
  r.ram_kwh = kwh("dram");
  for (const auto& d : m.meter.devices) {
    r.devices.push_back(
        {d.info.id, d.info.kind, d.info.name, d.info.uuid, d.method,
         d.method == "none" ? std::nullopt : std::optional<Interval>(d.energy.si())});
  }
  r.method = Method(r.devices);
  if (r.method != "none") {
    // A figure resting on a site factor nothing gave (--site none) is unknown, as in the report
    // and in a Monitor window's record: `measure --site none` stored 0 kg CO2e, USD 0 and 0 L
    // where Python stored NULL (found by an adversarial tester).
    const ImpactWhy why = WhyAbsent(m.site);
    r.energy_kwh = In(TotalEnergy(m.meter), units::kWh);
    if (why.co2e.empty()) r.emissions_kg = In(m.run.co2e, units::kg_co2e);
    if (why.cost.empty()) r.cost_usd = In(m.run.cost, units::usd);
    if (why.water.empty()) r.water_l = In(m.run.water, units::L);
    r.facility_kwh = In(m.run.facility, units::kWh);
    r.pue = m.site.pue.value;
  }
  r.site = m.site.id;
  r.partial = m.meter.partial;
  r.gpu_model = GpuModel(r.devices, r.gpu_count);
  return r;
}

std::vector<std::string> CsvColumns() {
  return {// CodeCarbon's emissions.csv, in its order (CodeCarbon 2.x with experiment_id)
          "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions",
          "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
          "ram_energy", "energy_consumed", "country_name", "country_iso_code", "region",
          "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version",
          "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
          "ram_total_size", "tracking_mode", "on_cloud", "pue",
          // gpufleet's
          "energy_consumed_low", "energy_consumed_high", "emissions_low", "emissions_high",
          "cost_usd", "cost_usd_low", "cost_usd_high", "water_l", "water_l_low", "water_l_high",
          "facility_energy", "method", "kind", "window", "node", "job", "launcher", "rank", "site",
          "partial", "gpufleet_version"};
}

std::string CsvLine(const Record& r) {
  const Host& h = ThisHost();
  std::optional<double> rate;
  if (r.emissions_kg && r.duration_s > 0) rate = r.emissions_kg->value / r.duration_s;
  const std::vector<std::string> cells = {
      r.timestamp, r.project, r.run_id, r.experiment_id, fmt::format("{}", r.duration_s),
      Val(r.emissions_kg), Num(rate), Num(PowerW(r.cpu_kwh, r.duration_s)),
      Num(PowerW(r.gpu_kwh, r.duration_s)), Num(PowerW(r.ram_kwh, r.duration_s)), Val(r.cpu_kwh),
      Val(r.gpu_kwh), Val(r.ram_kwh), Val(r.energy_kwh), "", "", "", "",
      "",  // country, ISO code, region, cloud provider, cloud region: unknown
      h.os, r.python_version, "",  // not CodeCarbon
      h.cpu_count > 0 ? fmt::format("{}", h.cpu_count) : "", h.cpu_model,
      fmt::format("{}", r.gpu_count), r.gpu_model, "", "",  // longitude, latitude: unknown
      Num(h.ram_gb), "machine",  // whole-device energy is CodeCarbon's "machine" mode
      "",                        // on_cloud: unknown
      Num(r.pue),
      // gpufleet's
      Low(r.energy_kwh), High(r.energy_kwh), Low(r.emissions_kg), High(r.emissions_kg),
      Val(r.cost_usd), Low(r.cost_usd), High(r.cost_usd), Val(r.water_l), Low(r.water_l),
      High(r.water_l), Val(r.facility_kwh), r.method, r.kind, r.window, r.node, r.job, r.launcher,
      fmt::format("{}", r.rank), r.site, r.partial ? "true" : "false", std::string(kVersion)};
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + Cell(cells[i]);
  return line;
}

std::shared_ptr<RecordSink> OpenCsv(const std::string& path) {
  if (path.empty()) throw InputError(Where{"", 0, "csv"}, "an empty path");
  return std::make_shared<CsvSink>(path);
}

bool SameFile(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  struct stat sa, sb;
  const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
  if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea != eb) return false;
  namespace fs = std::filesystem;
  std::error_code ec1, ec2;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec1), ec1);
  const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec2), ec2);
  return !ec1 && !ec2 && ca == cb;
}

std::vector<LedgerSum> Summarize(const std::vector<Record>& records, const std::string& by) {
  if (by != "project" && by != "run" && by != "window") {
    throw InputError(Where{"<flag>", 0, "--by"},
                     fmt::format("must be project, run or window, got '{}'", EscapeControls(by)));
  }
  std::vector<LedgerSum> out;
  std::map<std::string, size_t> index;
  auto add = [](std::optional<Interval>& sum, const std::optional<Interval>& x) {
    if (x) sum = sum ? *sum + *x : *x;
  };
  for (const auto& r : records) {
    std::string key = r.project;
    if (by != "project") key += "/" + r.run_id;
    if (by == "window") key += "/" + r.window;
    auto [it, fresh] = index.try_emplace(key, out.size());
    if (fresh) out.push_back(LedgerSum{key});
    LedgerSum& s = out[it->second];
    ++s.records;
    s.duration_s += r.duration_s;
    if (!r.energy_kwh) ++s.unknown_energy;
    if (r.energy_kwh && !r.emissions_kg) ++s.unknown_emissions;
    if (r.energy_kwh && !r.cost_usd) ++s.unknown_cost;
    if (r.energy_kwh && !r.water_l) ++s.unknown_water;
    add(s.energy_kwh, r.energy_kwh);
    add(s.emissions_kg, r.emissions_kg);
    add(s.cost_usd, r.cost_usd);
    add(s.water_l, r.water_l);
  }
  return out;
}

}  // namespace gpufleet

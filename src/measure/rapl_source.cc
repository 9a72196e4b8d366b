// RAPL power source through the powercap sysfs tree:
//   <root>/intel-rapl:0/{name,energy_uj,max_energy_range_uj}       name "package-0"
//   <root>/intel-rapl:0/intel-rapl:0:1/{name,...}                  name "dram"
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <set>

#include "gpufleet/measure.h"
#include "util/atomic_file.h"

namespace gpufleet {
namespace {

namespace fs = std::filesystem;

// A powercap attribute: a few bytes. Not a regular file (a FIFO or a device planted in the tree)
// is refused without blocking, and the read is bounded (TryReadFile).
std::optional<std::string> ReadSmallFile(const std::string& path) {
  int err = 0;
  std::optional<std::string> s = TryReadFile(path, 4096, &err);
  if (!s) errno = err;  // read by the callers' messages
  return s;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Digits only, a trailing newline or spaces allowed: "-5" was read as 2^64 - 5 (std::stoull
// negates), then seen as a counter reset (found by an adversarial tester).
std::optional<uint64_t> ParseU64(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  const std::string t = Trim(*s);
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

// Zone directories named exactly <prefix>:<n> (digits), sorted, each real directory once. The
// real powercap class directory links every zone at its top, subzones too (intel-rapl:0:0 beside
// intel-rapl:0, both symlinks into /sys/devices/virtual/powercap): a prefix match took the
// subzones for packages and counted DRAM and cores again on top of their package (found by an
// adversarial tester). Zones are told apart by their resolved path, so a zone linked twice counts
// once.
std::vector<fs::path> Zones(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.size() <= prefix.size() + 1 || n.compare(0, prefix.size() + 1, prefix + ":") != 0) {
      continue;
    }
    const bool digits = std::all_of(n.begin() + static_cast<std::ptrdiff_t>(prefix.size()) + 1,
                                    n.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && e.is_directory(ec)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  std::vector<fs::path> unique;
  std::set<fs::path> seen;
  for (const auto& p : out) {
    const fs::path real = fs::weakly_canonical(p, ec);
    if (seen.insert(ec ? p : real).second) unique.push_back(p);
  }
  return unique;
}

class RaplSource : public PowerSource {
 public:
  explicit RaplSource(const RaplOptions& o) : read_(o.read_file ? o.read_file : ReadSmallFile) {
    std::error_code ec;
    if (!fs::is_directory(o.root, ec)) {
      // "/dev/null not found" for a file that is there (found by an adversarial tester).
      const bool there = fs::exists(o.root, ec);
      notes_.push_back(fmt::format("no CPU measured: {} {} (no RAPL powercap interface)", o.root,
                                   there ? "is not a directory" : "not found"));
      return;
    }
    for (const auto& pkg : Zones(o.root, "intel-rapl")) {
      // psys (the platform, on client CPUs) already holds the packages: counted beside them it
      // counted the CPUs twice (found by an adversarial tester).
      const std::string pkg_name = DeviceText(Trim(read_((pkg / "name").string()).value_or("")));
      if (pkg_name == "psys") {
        notes_.push_back(fmt::format(
            "{} (psys, the whole platform) not counted: it includes the CPU packages",
            pkg.filename().string()));
        continue;
      }
      const size_t before = devices_.size();
      AddZone(pkg, "cpu");
      const std::string package =
          devices_.size() > before ? devices_.back().name : pkg.filename().string();
      for (const auto& sub : Zones(pkg, pkg.filename().string())) {
        if (Trim(read_((sub / "name").string()).value_or("")) == "dram") {
          AddZone(sub, "dram", package);
        }
      }
    }
    if (devices_.empty() && notes_.empty()) {
      notes_.push_back(fmt::format("no CPU measured: no intel-rapl zone under {}", o.root));
    }
  }

  const std::vector<DeviceInfo>& Devices() const override { return devices_; }
  std::vector<std::string> Notes() const override { return notes_; }

  Reading Read(size_t i) override {
    Reading r;
    errno = 0;
    r.counter = ParseU64(read_(files_.at(i)));
    if (!r.counter) {
      r.status = Reading::Status::kError;
      r.error = fmt::format("cannot read {}: {}", files_[i], std::strerror(errno));
    }
    return r;
  }

 private:
  // `package`: for a dram zone, the package it belongs to (its id and name say which socket).
  void AddZone(const fs::path& zone, const std::string& kind, const std::string& package = "") {
    // A zone without a name (its name file empty, or unreadable) is named by its directory,
    // with a note: an empty name file made device "cpu-" with an empty name and no word (found by
    // an adversarial tester).
    errno = 0;
    const auto raw_name = read_((zone / "name").string());
    const int name_errno = errno;
    std::string name = raw_name ? DeviceText(Trim(*raw_name)) : std::string();
    if (name.empty()) {
      name = zone.filename().string();
      notes_.push_back(fmt::format(
          "{} has no name ({}): named by its directory", name,
          raw_name ? "its name file is empty"
                   : fmt::format("its name file cannot be read: {}",
                                 name_errno ? std::strerror(name_errno) : "malformed")));
    }
    const std::string energy = (zone / "energy_uj").string();
    errno = 0;
    const auto first = ParseU64(read_(energy));
    if (!first) {
      const int e = errno;
      notes_.push_back(fmt::format(
          "{} not measured: cannot read {} ({}){}", name, energy,
          e ? std::strerror(e) : "malformed",
          e == EACCES ? "; RAPL energy is root-only since Linux 5.10: run as root or grant read "
                        "access to energy_uj"
                      : ""));
      return;
    }
    DeviceInfo d;
    const int index = static_cast<int>(devices_.size());
    // One socket's DRAM apart from another's: "dram" alone named both, and the exporter wrote two
    // identical series (Prometheus drops one).
    d.id = kind == "cpu" ? fmt::format("cpu-{}", name) : fmt::format("dram-{}", package);
    d.kind = kind;
    d.index = index;
    d.name = name;
    d.has_counter = true;
    d.counter_unit_j = 1e-6;
    // The range the counter wraps at; one missing, 0 or under the counter's own value cannot be
    // it, and a wrap would read as a reset: said (it was taken silently).
    const auto range = ParseU64(read_((zone / "max_energy_range_uj").string()));
    d.counter_range = range.value_or(0);
    if (!range || *range == 0 || *range < *first) {
      d.counter_range = 0;
      notes_.push_back(fmt::format(
          "{}: max_energy_range_uj is {}: the counter's wrap is not known, so a wrap would read "
          "as a reset",
          name,
          !range        ? "missing or malformed"
          : *range == 0 ? "0"
                        : "below the counter's value"));
    }
    d.max_plausible = 2000.0 * units::W;
    d.relative_uncertainty = 0.10;  // RAPL is a model on older CPUs; no published bound
    devices_.push_back(std::move(d));
    files_.push_back(energy);
  }

  std::function<std::optional<std::string>(const std::string&)> read_;
  std::vector<DeviceInfo> devices_;
  std::vector<std::string> files_;
  std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<PowerSource> OpenRapl(const RaplOptions& options) {
  return std::make_unique<RaplSource>(options);
}

}  // namespace gpufleet

#include "cli/measure_flags.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "gpufleet/catalog.h"
#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monitor.h"

namespace gpufleet::cli {
namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::vector<int> ParseGpus(const std::string& text) {
  std::vector<int> out;
  size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const size_t comma = std::min(text.find(',', pos), text.size());
    const double v = ParseNumber(text.substr(pos, comma - pos), "--gpus");
    if (!(v >= 0 && v <= 4096) || v != static_cast<int>(v)) {
      throw InputError(Where{"<flag>", 0, "--gpus"}, fmt::format("not a GPU index: {}", v));
    }
    // A GPU named twice would be sampled, summed and projected twice.
    if (std::find(out.begin(), out.end(), static_cast<int>(v)) != out.end()) {
      throw InputError(Where{"<flag>", 0, "--gpus"}, fmt::format("GPU {} is listed twice", v));
    }
    out.push_back(static_cast<int>(v));
    pos = comma + 1;
  }
  return out;
}

}  // namespace

void AddSourceOptions(CLI::App& app, SourceFlags& f) {
  app.add_option("--gpus", f.gpus, "NVML indices of the GPUs to measure, e.g. 0,1 (default: all)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return v.empty() ? "must list at least one GPU index (e.g. 0 or 0,1); leave the flag "
                               "out to measure every GPU"
                             : "";
          },
          "LIST"));
  app.add_flag("--no-cpu", f.no_cpu, "Do not measure CPU packages and DRAM (RAPL)");
  app.add_flag("--no-gpu", f.no_gpu, "Do not measure GPUs (NVML)");
  // An empty value is refused, as Monitor(nvml_lib='') is (it fell back to the default).
  app.add_option("--nvml-lib", f.nvml_lib,
                 "NVML library to load (default $GPUFLEET_NVML_LIB or libnvidia-ml.so.1)")
      ->check(NonEmpty());
  app.add_option("--powercap-root", f.powercap_root,
                 "powercap sysfs root (default $GPUFLEET_POWERCAP_ROOT or /sys/class/powercap)")
      ->check(NonEmpty());
}

std::shared_ptr<PowerSource> OpenSources(const SourceFlags& f) {
  std::vector<std::unique_ptr<PowerSource>> sources;
  const std::vector<int> gpus = ParseGpus(f.gpus);  // checked even with --no-gpu
  // A flag that the other one makes moot was taken and ignored, exit 0 (`--no-gpu --gpus 0`;
  // found by an adversarial tester): say which to drop.
  for (const auto& [off, on, given] :
       {std::tuple{"--no-gpu", "--gpus", f.no_gpu && !f.gpus.empty()},
        {"--no-gpu", "--nvml-lib", f.no_gpu && !f.nvml_lib.empty()},
        {"--no-cpu", "--powercap-root", f.no_cpu && !f.powercap_root.empty()}}) {
    if (given) {
      throw InputError(Where{"<flag>", 0, on},
                       fmt::format("{} says what to read and {} says not to read it: give one or "
                                   "the other",
                                   on, off));
    }
  }
  if (!f.no_gpu) {
    NvmlOptions o;
    o.library = f.nvml_lib.empty() ? EnvOr("GPUFLEET_NVML_LIB", "libnvidia-ml.so.1") : f.nvml_lib;
    o.named = !f.nvml_lib.empty() || !EnvOr("GPUFLEET_NVML_LIB", "").empty();
    o.from_environment = f.nvml_lib.empty() && o.named;
    o.gpus = gpus;
    sources.push_back(OpenNvml(o));
  }
  if (!f.no_cpu) {
    RaplOptions o;
    o.root = f.powercap_root.empty() ? EnvOr("GPUFLEET_POWERCAP_ROOT", "/sys/class/powercap")
                                     : f.powercap_root;
    sources.push_back(OpenRapl(o));
  }
  return Combine(std::move(sources));
}

void AddSiteOptions(CLI::App& app, SiteFlags& f) {
  app.add_option("--site", f.site,
                 "Catalog site whose PUE, grid, price and water factors apply (default "
                 "us-average; 'none' for none)")
      ->check(NonEmpty());
  AddCatalogOption(app, f.catalog);
  app.add_option("--pue", f.pue, "Site PUE (>= 1; a value or lo..hi)");
  app.add_option("--grid-kg-per-kwh", f.grid, "Grid carbon intensity, kg CO2e/kWh");
  app.add_option("--price-per-kwh", f.price, "Electricity price, USD/kWh");
  app.add_option("--wue-l-per-kwh", f.wue, "On-site water, L per kWh of IT energy");
  app.add_option("--offsite-water-l-per-kwh", f.offsite, "Off-site water, L per facility kWh");
}

// The site's factors as the fleet model reads them (SiteFactorsFor, monitor.h).
SiteFactors SiteFromCatalog(const SiteFlags& f) {
  return SiteFactorsFor(f.site.empty() ? "us-average" : f.site, f.catalog, "--site");
}

SiteFactors ResolveSite(const SiteFlags& f) {
  SiteFactors s = SiteFromCatalog(f);
  // The fleet model's inputs of the same names, with their domains (PUE 1..10, grid 0..5 kg/kWh
  // ...): a PUE of 1e308 gave an infinite facility energy, cost, CO2e and water.
  auto get = [](const std::string& text, const char* name, const char* flag) {
    const Interval v = ParseInterval(text, flag);
    try {
      inputs::Check(*inputs::Find(name, inputs::kFleet), v);
    } catch (const InputError& e) {
      throw inputs::Respell(e, inputs::Spelling::kCli);
    }
    return v;
  };
  const auto known = [&s](const char* name) {
    s.unknown.erase(std::remove(s.unknown.begin(), s.unknown.end(), name), s.unknown.end());
  };
  if (!f.pue.empty()) s.pue = get(f.pue, "pue", "--pue");
  if (!f.grid.empty()) known("grid_kg_per_kwh");
  if (!f.price.empty()) known("price_per_kwh");
  if (!f.wue.empty()) known("wue_l_per_kwh");
  if (!f.offsite.empty()) known("offsite_water_l_per_kwh");
  if (!f.grid.empty()) {
    s.grid = get(f.grid, "grid_kg_per_kwh", "--grid-kg-per-kwh") * units::kg_per_kwh;
  }
  if (!f.price.empty()) {
    s.price = get(f.price, "price_per_kwh", "--price-per-kwh") * units::usd_per_kwh;
  }
  if (!f.wue.empty()) {
    s.wue_onsite = get(f.wue, "wue_l_per_kwh", "--wue-l-per-kwh") * units::l_per_kwh;
  }
  if (!f.offsite.empty()) {
    s.water_offsite = get(f.offsite, "offsite_water_l_per_kwh", "--offsite-water-l-per-kwh") *
                      units::l_per_kwh;
  }
  return s;
}

void AddRecordOptions(CLI::App& app, RecordFlags& f) {
  app.add_option("--csv", f.csv,
                 "Append a record to this CSV (CodeCarbon's emissions.csv columns, then "
                 "gpufleet's; default $GPUFLEET_CSV)")
      ->check(NonEmpty());
  app.add_option("--ledger", f.ledger,
                 "Append a record to this SQLite ledger (default $GPUFLEET_LEDGER)")
      ->check(NonEmpty());
  app.add_option("--project", f.project, "Project name of the record (default gpufleet)")
      ->check(NonEmpty());
  app.add_option("--run-id", f.run_id, "Run id of the record (default: time, host and pid)")
      ->check(NonEmpty());
  // Empty refused, as --run-id '' and --project '' are (it was taken; found by an adversarial
  // tester).
  app.add_option("--experiment-id", f.experiment_id, "Experiment id of the record")
      ->check(NonEmpty());
}

std::vector<std::shared_ptr<RecordSink>> OpenRecordSinks(const RecordFlags& f,
                                                         const std::string& output) {
  std::vector<std::shared_ptr<RecordSink>> sinks;
  const std::string csv = f.csv.empty() ? EnvOr("GPUFLEET_CSV", "") : f.csv;
  const std::string ledger = f.ledger.empty() ? EnvOr("GPUFLEET_LEDGER", "") : f.ledger;
  const std::string out = output == "-" ? "" : output;
  const std::pair<const char*, const std::string*> files[] = {
      {"--output", &out}, {"--csv", &csv}, {"--ledger", &ledger}};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = i + 1; j < 3; ++j) {
      if (SameFile(*files[i].second, *files[j].second)) {
        throw InputError(Where{"<flag>", 0, files[i].first},
                         fmt::format("names the same file as {} ({}): one would replace or "
                                     "corrupt the other; give different files",
                                     files[j].first, *files[j].second));
      }
    }
  }
  if (!csv.empty()) sinks.push_back(OpenCsv(csv));
  if (!ledger.empty()) sinks.push_back(OpenLedger(ledger));
  return sinks;
}

std::string LedgerPath(const std::string& flag) {
  const std::string path = flag.empty() ? EnvOr("GPUFLEET_LEDGER", "") : flag;
  if (path.empty()) {
    throw InputError(Where{"<flag>", 0, "--db"},
                     "no ledger: give --db FILE or set GPUFLEET_LEDGER");
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    throw InputError(Where{path, 0, ""},
                     "no such ledger (gpufleet measure --ledger FILE creates one)");
  }
  if (S_ISREG(st.st_mode) && st.st_size == 0) {
    throw InputError(Where{path, 0, ""}, "an empty file, not a ledger");
  }
  return path;
}

bool EveryRankReads() {
  const std::string v = EnvOr("GPUFLEET_RANKS", "");
  if (v.empty()) return false;
  if (v == "all") return true;
  // Any other value was ignored: a typo ("ALL", "1") silently kept one reader per node.
  throw InputError(Where{"<environment>", 0, "GPUFLEET_RANKS"},
                   "expected \"all\" (every rank reads its devices) or unset (local rank 0 of "
                   "each node reads them), got \"" +
                       v.substr(0, 64) + "\"");
}

namespace {

// A duration in the one grammar (duration_text.h) from `min_s` (with why, in words) to a day.
Duration<> ParseBoundedDuration(const std::string& text, const std::string& flag, double min_s,
                                const char* min_text) {
  const auto out_of_domain = [&](double s) {
    return InputError(
        Where{"<flag>", 0, flag},
        fmt::format("must be at least {} and at most 86400 s (1 day), got {} s ('{}')", min_text, s,
                    text));
  };
  // A negative duration gets the domain too ("--interval -1" said "duration must be >= 0",
  // though 0 is refused as well; found by an adversarial tester).
  const size_t sign = text.find_first_not_of(" \t");
  if (sign != std::string::npos && text[sign] == '-') {
    Duration<> magnitude;
    try {
      magnitude = ParseDuration(std::string_view(text).substr(sign + 1), flag);
    } catch (const InputError&) {
      magnitude = ParseDuration(text, flag);  // not a number: the duration's own message
    }
    throw out_of_domain(-In(magnitude, units::s));
  }
  const Duration<> d = ParseDuration(text, flag);
  const double s = In(d, units::s);
  if (!(s >= min_s) || s > 86400) throw out_of_domain(s);
  return d;
}

}  // namespace

Duration<> ParseSamplingInterval(const std::string& text) {
  return ParseBoundedDuration(text, "--interval", 0.01,
                              "0.01 s (10 ms: an NVML energy read takes about 4 ms)");
}

// Below a millisecond a sampling period or a stall limit means nothing to a driver that
// refreshes its power readings every few milliseconds (and 1e-50 s rounds to 0 ns).
Duration<> ParseMeasureDuration(const std::string& text, const std::string& flag) {
  return ParseBoundedDuration(text, flag, 0.001, "0.001 s (1 ms)");
}

}  // namespace gpufleet::cli

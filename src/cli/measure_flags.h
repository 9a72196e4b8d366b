// Flags shared by the measuring sub-commands (measure, export, nvml-probe): where NVML and the
// powercap tree are, which GPUs, the sampling interval and the site's factors.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "gpufleet/ledger.h"
#include "gpufleet/measure.h"
#include "gpufleet/measure_report.h"

namespace gpufleet::cli {

struct SourceFlags {
  std::string nvml_lib;       // --nvml-lib, else $GPUFLEET_NVML_LIB, else libnvidia-ml.so.1
  std::string powercap_root;  // --powercap-root, else $GPUFLEET_POWERCAP_ROOT, else sysfs
  std::string gpus;           // --gpus 0,1
  bool no_cpu = false;
  bool no_gpu = false;
};
void AddSourceOptions(CLI::App& app, SourceFlags& f);
// NVML (unless --no-gpu) then RAPL (unless --no-cpu). Throws InputError on a bad --gpus.
std::shared_ptr<PowerSource> OpenSources(const SourceFlags& f);

struct SiteFlags {
  std::string site, catalog, pue, grid, price, wue, offsite;
};
void AddSiteOptions(CLI::App& app, SiteFlags& f);
// The site's factors from the catalog (--site), then any explicit factor flag on top.
SiteFactors ResolveSite(const SiteFlags& f);

// A duration in the one grammar (duration_text.h: "100ms", "0.5s", "1h", a bare number of
// seconds), at least 0.001 s (1 ms) and at most 1 day. InputError otherwise.
Duration<> ParseMeasureDuration(const std::string& text, const std::string& flag);
// A sampling --interval: ParseMeasureDuration, and at least 10 ms.
Duration<> ParseSamplingInterval(const std::string& text);

// Where measurements are recorded (ledger.h): --csv, --ledger (defaults $GPUFLEET_CSV,
// $GPUFLEET_LEDGER; none when unset), --project, --run-id, --experiment-id.
struct RecordFlags {
  std::string csv, ledger, project = "gpufleet", run_id, experiment_id;
};
void AddRecordOptions(CLI::App& app, RecordFlags& f);
// The CSV and the ledger asked for, opened and checked now. Throws InputError, also when the CSV,
// the ledger and `output` (the report's -o; "" or "-" for stdout) are not three different files:
// one would replace or corrupt another.
std::vector<std::shared_ptr<RecordSink>> OpenRecordSinks(const RecordFlags& f,
                                                         const std::string& output);
// The ledger for `gpufleet ledger`: --db, else $GPUFLEET_LEDGER; InputError when neither is set,
// and when the file does not exist or is empty (a listing never creates a ledger).
std::string LedgerPath(const std::string& flag);
// GPUFLEET_RANKS=all: every process of a launched job reads its devices; unset or empty: local
// rank 0 of each node does. InputError for any other value.
bool EveryRankReads();

}  // namespace gpufleet::cli

// The record of every measurement: each ended window (monitor.h) and each `gpufleet measure` run
// becomes a Record, appended to a CSV whose columns are a superset of CodeCarbon's emissions.csv
// and to a local SQLite ledger (WAL; one transaction per record, so a crash loses at most the
// window that was open). `gpufleet ledger` lists and sums the ledger. docs/measure.md has the
// columns, units and schema.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/interval.h"

namespace gpufleet {

struct Window;
struct MeasureReport;

// One device of a record.
struct RecordDevice {
  std::string id, kind, name, uuid, method;
  std::optional<Interval> energy_j;  // nullopt: not measured
};

// One measurement, in CodeCarbon's units: energy kWh, emissions kg CO2e, power W, duration s.
// An unknown quantity is nullopt (an empty CSV cell, SQL NULL), never 0.
struct Record {
  std::string timestamp;  // UTC, ISO 8601 "2026-12-02T17:31:21Z", when it ended
  std::string kind;       // "window" or "measure"
  std::string project, run_id, experiment_id;
  std::string window;  // the window's name; for a measure run, the command
  std::string node, job, launcher;
  int rank = 0;
  double duration_s = 0;
  std::optional<Interval> energy_kwh;  // IT energy of every measured device
  std::optional<Interval> gpu_kwh, cpu_kwh, ram_kwh;
  std::optional<Interval> emissions_kg, cost_usd, water_l, facility_kwh;
  std::string method;  // "counter", "power-integration", "mixed" or "none"
  std::string site;    // catalog site id, "" when none
  std::optional<double> pue;
  int gpu_count = 0;
  std::string gpu_model;  // "4 x NVIDIA H100 80GB HBM3"
  std::string python_version;
  bool partial = false;
  std::vector<RecordDevice> devices;
};

Record RecordOf(const Window& w);
// A measure run; `project`, `run_id` and `experiment_id` as given on the command line.
Record RecordOf(const MeasureReport& r, const std::string& project, const std::string& run_id,
                const std::string& experiment_id);

// A made-up run id: UTC time, host and pid ("20261202T173121Z-node1-4242").
std::string NewRunId(const std::string& node);

// Where records go. Append throws InputError (naming the file) when the record could not be
// stored; nothing it stored before is lost.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void Append(const Record& r) = 0;
  virtual std::string Describe() const = 0;  // "CSV runs.csv", "ledger runs.db"
};

// The CSV: CodeCarbon's 32 columns in CodeCarbon's order, then gpufleet's (CsvColumns()). A new
// or empty file gets the header; an existing file must start with exactly this header (else an
// InputError at FILE:1). Each record is one write(2) of one line with O_APPEND under flock(2),
// so processes of one job may share the file.
std::vector<std::string> CsvColumns();
std::string CsvLine(const Record& r);                          // without the line break
std::shared_ptr<RecordSink> OpenCsv(const std::string& path);  // checks the header now

// The SQLite ledger.
struct LedgerFilter {
  std::string project, run_id, window, kind;  // empty: any
};
class Ledger : public RecordSink {
 public:
  // The records matching `f`, oldest first, with their devices.
  virtual std::vector<Record> Query(const LedgerFilter& f) const = 0;
};
// Opens or creates the ledger at `path` (schema version 1, WAL). Throws InputError naming the
// file when it is not a SQLite file, is a SQLite file of something else, is corrupt, has a newer
// schema, or is read-only (no write permission bit, even for root: the mode says do not write).
std::shared_ptr<Ledger> OpenLedger(const std::string& path);
// Opens the ledger at `path` for reading its records only: it must exist and may be read-only
// (an archived ledger, chmod 444); nothing is created or written. Throws InputError as OpenLedger
// does, and when the file does not exist.
std::shared_ptr<const Ledger> OpenLedgerForReading(const std::string& path);
inline constexpr int kLedgerSchemaVersion = 1;

// Whether two paths name one file: the same device and inode when both exist, else the same path
// once made absolute and normal. Empty paths name no file. A report, CSV and ledger must be three
// files (`measure --csv F --ledger F`, `Monitor(csv=F, ledger=F)`: the CSV's records were lost in
// the SQLite file).
bool SameFile(const std::string& a, const std::string& b);

// Sums of records grouped by "project", "run" or "window" (the group key: project, project/run
// or project/run/window).
struct LedgerSum {
  std::string key;
  int records = 0;
  double duration_s = 0;
  std::optional<Interval> energy_kwh, emissions_kg, cost_usd, water_l;  // nullopt: none known
  int unknown_energy = 0;  // records whose energy was not measured (not summed as 0)
  // Records with measured energy whose CO2e, cost or water was unknown (no site factor for it:
  // `--site none`): left out of that sum, which then covers part of the energy.
  int unknown_emissions = 0, unknown_cost = 0, unknown_water = 0;
};
std::vector<LedgerSum> Summarize(const std::vector<Record>& records, const std::string& by);

}  // namespace gpufleet

namespace gpufleet::report {
struct Report;
}

namespace gpufleet {
// `gpufleet ledger`'s document: one section per group (Summarize) with its sums as Figures (an
// absent figure where no record of the group knows it), then, when `list`, a table of records.
report::Report LedgerDocument(const std::vector<Record>& records, const std::string& by, bool list);
}  // namespace gpufleet

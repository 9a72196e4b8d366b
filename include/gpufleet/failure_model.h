// Failure models: what interrupts a synchronous training job, how often, and how long a restart
// takes. Loaded from data/failure_models.toml (embedded in the binary) or from a user's file.
//
// TOML layout (docs/training.md has a full example):
//
//   [[failure_model]]
//   id = "llama3-2024"
//   name = "..."
//   calibration_gpus = 16384      # exposure the counts below were observed on (optional when
//   calibration_hours = 1296      # every class gives rate_per_hour instead of count)
//   gpus_per_node = 8
//   gpus_per_rack = 16
//   source = "..." ; year = 2024 ; confidence = "verified"
//   [failure_model.restart_s]     # detection + restart of the job: value and/or low..high,
//   value = 300                   # source, year, confidence, note
//   [failure_model.planned]       # planned interruptions of the job (optional)
//   count = 47                    # over the calibration window; or rate_per_hour
//   downtime_s = 300 ; source = ...; year = ...; confidence = ...
//                                 # downtime_s optional, else the model's restart_s (also the
//                                 # downtime of --maintenance's stops on a model without planned)
//   [[failure_model.class]]
//   name = "faulty-gpu"
//   category = "GPU"
//   scale = "gpu"                 # gpu | node | rack | job: what the rate is counted per
//   count = 148                   # observed in the calibration window, or rate_per_hour = ...
//   removes_node = true           # the node goes to repair (uses a hot spare)
//   restart_s = 300               # optional, else the model's restart_s
//   source = "..." ; year = 2024 ; confidence = "verified"
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/interval.h"
#include "gpufleet/units.h"

namespace gpufleet {

enum class FailureScale { kGpu, kNode, kRack, kJob };
std::string_view ToString(FailureScale s);

struct FailureClass {
  std::string name;  // "faulty-gpu"
  std::string
      category;  // one of kFailureCategories: GPU, host, network, storage, software, unknown
  FailureScale scale = FailureScale::kGpu;
  double rate_per_unit_hour = 0;  // failures per (GPU | node | rack | job) and hour, >= 0
  double count = 0;               // observed count it was calibrated on (0 when given as a rate)
  bool counted = false;           // the rate came from a count (0 included), not rate_per_hour
  Duration<> restart;             // detection + restart after this failure
  bool removes_node = false;      // hardware that leaves the job until repaired
  std::string source;
  int year = 0;
  std::string confidence;  // verified | secondary | unverified
};

struct FailureModel {
  std::string id;
  std::string name;
  std::string origin;  // "data/failure_models.toml:3"
  std::string source;
  int year = 0;
  std::string confidence;
  double calibration_gpus = 0;  // 0 when not calibrated on counts
  double calibration_hours = 0;
  int gpus_per_node = 8;
  int gpus_per_rack = 16;
  Interval restart_s = 300;    // seconds, default for every class
  std::string restart_source;  // who says so (may be "unverified: ...")
  double planned_per_job_hour = 0;
  Duration<> planned_downtime = 0.0 * units::s;  // downtime_s; default restart_s (parsed models)
  std::string planned_source;
  std::vector<FailureClass> classes;

  // Interruptions per hour of a job on `gpus` GPUs, by class, in class order.
  std::vector<double> RatesPerHour(double gpus) const;
  // Sum of RatesPerHour: the job's interruption rate (unplanned).
  double TotalRatePerHour(double gpus) const;
};

// Every model in a failure-model TOML text. `file` names it in error messages. Throws
// InputError naming file, line and field on: a missing or unknown field value, a negative or NaN
// rate, an unknown scale, category or confidence, a class without source/year/confidence, a count
// without the calibration window, more than kMaxFailureClasses classes, duplicate ids.
std::vector<FailureModel> ParseFailureModels(std::string_view toml_text, const std::string& file);

// The models embedded in the binary (data/failure_models.toml).
const std::vector<FailureModel>& EmbeddedFailureModels();

// The failure models beside a catalog directory: DIR/failure_models.toml when DIR holds one,
// else none (the directory replaces the embedded catalog whole); the embedded ones
// (data/failure_models.toml) for an empty `catalog_dir`. Reads the
// file: for the commands that list them (`gpufleet catalog`). Throws InputError on a malformed
// file.
std::vector<FailureModel> FailureModelsFor(const std::string& catalog_dir);

// A catalog directory's failure models, which replace the embedded ones, and their file.
struct FailureModelSet {
  std::string file;
  std::vector<FailureModel> models;
};
// Those of the failure_models.toml `catalog` was read with (Catalog::failure_models_file),
// parsed once per catalog (Catalog::Derived); an empty set (file: DIR/failure_models.toml) for a
// directory without one; nullptr for the embedded catalog and FromTexts: the embedded ones.
// Throws InputError on a malformed file.
std::shared_ptr<const FailureModelSet> CatalogFailureModels(const Catalog& catalog);

// The model `id` names among `set`'s models, or the embedded ones when `set` is null
// (case-insensitive); nullptr when none.
const FailureModel* FindFailureModel(std::string_view id, const FailureModelSet* set);

// The error for an id FindFailureModel does not know, worded alike on every front end: for a
// catalog directory without failure models (field catalog), that it has none, why, and what to
// do; else (field failure_model) the known ids. `files`: the front end also takes a model's
// .toml file (the CLI; the API and Python open no file a request names).
InputError UnknownFailureModel(std::string_view id, const FailureModelSet* set, bool files);

// `name_or_file`: the id of one of `set`'s models, or of the embedded ones when `set` is null
// ("llama3-2024", case-insensitive), or the path of a TOML file holding exactly one model (or
// the first when several). Throws InputError (field failure_model) listing the known ids, and
// `set`'s file when there is one, when it is neither.
FailureModel LoadFailureModel(const std::string& name_or_file,
                              const FailureModelSet* set = nullptr);

inline constexpr int kMaxFailureClasses = 32;

// The categories (causes) a failure class may name; anything else is an InputError naming it.
inline constexpr const char* kFailureCategories[] = {"GPU",     "host",     "network",
                                                     "storage", "software", "unknown"};

// The failure model every front end (CLI flags, HTTP API, TrainingRunOptions) uses when none is
// named: the 419 unexpected interruptions of Meta's Llama 3 405B pre-training (Dubey et al.
// 2024, Table 5), embedded from data/failure_models.toml.
inline constexpr std::string_view kDefaultFailureModel = "llama3-2024";

}  // namespace gpufleet

// Many processes, many nodes: which launcher started this process, its ranks, its node and job,
// and whether it reads this node's devices; and the merge of per-rank measurements into a job's
// total with every device counted once (docs/measure.md, "Ranks and merge").
//
// The rule: exactly one process per node reads the node's devices, the one with local rank 0; it
// reads ALL of them (every GPU it is given, and the CPU packages). The other local ranks read
// nothing. Why not partition the GPUs over local ranks: a rank's GPU is whatever
// CUDA_VISIBLE_DEVICES or the framework chose, NVML numbers GPUs differently from CUDA, and a
// node may run fewer ranks than GPUs; a partition would miss or double some GPU whenever those
// disagree. NVML energy is whole-device anyway (measure.h), so one reader per node counts every
// GPU once, whoever uses it. This is the double counting of CodeCarbon issue #544 (every rank
// measuring every GPU of its node) made impossible at the source; Merge() still detects it in
// files written without the rule (GPUFLEET_RANKS=all, --every-rank) and counts each GPU once.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/interval.h"

namespace gpufleet {

struct Launch {
  std::string launcher;  // "torchrun", "openmpi", "slurm", or "" (a single process)
  int rank = 0;          // global rank, 0..world_size-1
  int local_rank = 0;    // rank on this node, 0..local_size-1
  int local_size = 1;    // processes on this node (1 when the launcher does not say)
  int world_size = 1;    // processes in the job (1 when the launcher does not say)
  std::string job;       // $GPUFLEET_JOB, else SLURM_JOB_ID, TORCHELASTIC_RUN_ID,
                         // OMPI_MCA_ess_base_jobid; "" when none is set
  std::string node;      // $GPUFLEET_NODE (tests, containers), else the host name
  // Whether this process reads the node's devices under the one-reader-per-node rule.
  bool ReadsDevices() const { return local_rank == 0; }
};

// Reads a variable; nullptr when unset. The default reads the process environment.
using EnvFn = std::function<const char*(const char*)>;
EnvFn ProcessEnv();

// Detects the launcher from the environment. torchrun's variables win over Open MPI's, and Open
// MPI's over Slurm's: torchrun and mpirun are often started by Slurm, whose variables then
// describe the launcher's task, not this process. Throws InputError naming the variable when one
// is set but is not a non-negative integer, or when a rank is not below its size.
Launch DetectLaunch(const EnvFn& env = ProcessEnv());

// One device of one rank's measurement, as merged.
struct RankDevice {
  std::string id, kind, uuid, name;  // uuid empty for RAPL domains
  Interval energy_j;
};
// One file given to `gpufleet merge`: a `gpufleet measure --format json` report.
struct RankRecord {
  std::string file;
  std::string node, job, launcher;
  int rank = 0, local_rank = 0;
  int world_size = 1;
  double duration_s = 0;
  std::optional<double> started_unix_s;  // when the record's run started, when it says
  bool partial = false;                  // the record said its figures are incomplete
  std::vector<std::string> notes;        // the record's own notes
  std::vector<RankDevice> devices;
};
// Reads a measure JSON report (ToJson(MeasureReport)). Throws InputError naming `file` and the
// field when it is not one, or lacks the node ("launch.node").
RankRecord RankRecordFromJson(const nlohmann::json& j, const std::string& file);

struct MergedDevice {
  std::string node;
  RankDevice device;
  std::string file;  // the record counted
  int readers = 1;   // how many records measured it (more than 1: a duplicate)
  std::vector<std::string> other_nodes;  // node names other records gave the same GPU uuid
};
struct Merged {
  std::string job;
  int records = 0;
  std::vector<std::string> nodes;       // sorted
  std::vector<MergedDevice> devices;    // each GPU uuid, or (node, device id), once, sorted
  std::vector<std::string> duplicates;  // one line per device measured by several records
  Interval gpu_j = 0, cpu_j = 0, dram_j = 0, total_j = 0;  // each device once
  Interval naive_total_j = 0;  // every record's devices summed, duplicates included
  double longest_duration_s = 0;
  bool partial = false;            // a record was partial (a GPU vanished, a sampler stalled)
  std::vector<std::string> notes;  // each record's notes ("FILE: note"), then missing ranks
};
// Sums per-rank records into the job's total, each GPU uuid (on whatever node a record names) —
// or (node, device id) for a device without a uuid — counted once. Of several records of one
// device, the one with the most energy (the longest coverage) is counted and the others are
// reported in `duplicates`. Throws InputError when the records name different jobs, or when there
// is none; when a device without a uuid has an id other records give to two different GPUs on its
// node (which one it is cannot be known; the result depended on the files' order); when one record
// is given twice (the same node, rank and start); and, for a launched job (a launcher, world size
// above 1), when world sizes differ, a rank is not below the world size, or two records have one
// rank. Ranks of a launched job with no record are named in `notes`; a partial record makes the
// merge partial.
Merged Merge(const std::vector<RankRecord>& records);

nlohmann::json ToJson(const Merged& m);

}  // namespace gpufleet

namespace gpufleet::report {
struct Report;
}

namespace gpufleet {
// `gpufleet merge`'s document: the job's totals (flat results: gpu_energy_kwh, cpu_energy_kwh,
// dram_energy_kwh, energy_kwh, naive_energy_kwh, records, nodes, devices, duplicates), the
// devices counted, and the duplicates as notes.
report::Report MergeDocument(const Merged& m);
}  // namespace gpufleet

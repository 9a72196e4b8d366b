// Flags shared by `gpufleet train` and `gpufleet sweep`: the work, the fleet, the failure model,
// checkpoints, restarts, spares, maintenance and the Monte Carlo run. Each flag is declared here
// with its description and default, next to the code that reads it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "gpufleet/training_report.h"
#include "gpufleet/training_run.h"

namespace gpufleet::cli {

struct TrainFlags {
  // Work (default: Llama 3 405B, 405e9 parameters on 15.6e12 tokens).
  std::string params, active_params, tokens, flops, gpu_hours;
  // Fleet.
  std::string gpu = "h100-sxm", site, catalog;
  std::string count = "16384";
  std::string mfu = "0.38..0.41..0.43";  // Llama 3 paper, Table 4
  // Reliability.
  std::string failure_model = "llama3-2024";
  std::string interval = "auto", checkpoint_write, restart, repair = "72h", maintenance, horizon;
  std::string checkpoint_size_gb, storage_gb_per_s = "2000";
  int spares = -1;
  bool explicit_checkpoints = false;
  // Monte Carlo.
  uint64_t replicas = 1000, seed = 1;
  unsigned threads = 0;
};

// Declares the flags on `app`. `with_count`: false for sweeps that vary the count themselves.
void AddTrainFlags(CLI::App& app, TrainFlags& f, bool with_count = true);

// Parses the text flags. Throws InputError naming the flag on bad values.
TrainingInputs ParseTrainingInputs(const TrainFlags& f, const GpuFigures& gpu);
ReliabilityOptions ParseReliability(const TrainFlags& f);

// Per-GPU peak and power from the catalog and the fleet model (gpu, site, catalog flags).
GpuFigures LookUpGpu(const TrainFlags& f);

// Fleet-model figures (energy, cost, CO2e, water) for the simulated run.
std::vector<ReportFigure> FleetFigures(const TrainFlags& f, double gpus, const McSummary& mc);

// McOptions with a progress bar on stderr when it is a terminal.
McOptions MonteCarloOptions(const TrainFlags& f);

}  // namespace gpufleet::cli

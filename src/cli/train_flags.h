// Flags shared by `gpufleet train` and `gpufleet sweep`: one per input of the input table
// (gpufleet/inputs.h) for the command, spelt from its canonical name (checkpoint_write_s ->
// --checkpoint-write), with the table's help and default. The values are parsed and checked by
// the table when read (TrainingInputsFrom, ReliabilityFrom, MonteCarloFrom), so the CLI and the
// API accept and refuse the same values.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "gpufleet/inputs.h"
#include "gpufleet/training_report.h"
#include "gpufleet/training_run.h"

namespace gpufleet::cli {

struct TrainFlags {
  explicit TrainFlags(inputs::Command command) : given(command) {}
  inputs::Given given;  // the flags given, by canonical input name

  std::string gpu() const { return given.Text("gpu"); }
  std::string site() const { return given.Text("site"); }
  std::string catalog() const { return given.Text("catalog"); }
};

// Declares one flag per CLI input of the command of `f` on `app`.
void AddTrainFlags(CLI::App& app, TrainFlags& f);

// Throws InputError naming the input (the CLI respells it as the flag) on bad values.
TrainingInputs ParseTrainingInputs(const TrainFlags& f, const GpuFigures& gpu);
ReliabilityOptions ParseReliability(const TrainFlags& f);

// Per-GPU peak and power from the catalog and the fleet model (gpu, site, catalog flags).
GpuFigures LookUpGpu(const TrainFlags& f);
// The catalog ids the gpu and site flags name (an alias resolved: "a100" -> "a100-sxm"; site ""
// for none), as the API and Python report them.
std::pair<std::string, std::string> CatalogIds(const TrainFlags& f);

// Fleet-model figures (energy, cost, CO2e, water) for the simulated run.
std::vector<ReportFigure> FleetFigures(const TrainFlags& f, double gpus, const McSummary& mc);

// McOptions with a progress bar on stderr when it is a terminal.

McOptions MonteCarloOptions(const TrainFlags& f);

}  // namespace gpufleet::cli

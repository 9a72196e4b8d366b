// gpufleet train: a training run on a fleet, with failures, checkpoints and restarts simulated
// (Monte Carlo), and its energy, cost, CO2e and water from the fleet model.
#include <iostream>
#include <tuple>

#include "cli/command.h"
#include "cli/train_flags.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_train {
namespace {

struct Options {
  TrainFlags train{inputs::kTrain};
  Format format = Format::kText;
  std::string output;
};

int RunTrain(const Options& o) {
  o.train.given.CheckAll();
  const GpuFigures gpu = LookUpGpu(o.train);
  TrainingReport r;
  // The catalog's ids, as the API and Python echo them ("a100" printed "a100" here only).
  std::tie(r.gpu, r.site) = CatalogIds(o.train);
  r.inputs = ParseTrainingInputs(o.train, gpu);
  r.plan = PlanTraining(r.inputs, ParseReliability(o.train), gpu);
  for (const std::string& w : r.plan.warnings) {
    std::cerr << "gpufleet: warning: " << inputs::Respell(w, inputs::Spelling::kCli) << "\n";
  }
  r.mc = RunMonteCarlo(Compile(r.plan.job), MonteCarloOptions(o.train));
  r.fleet = FleetFigures(o.train, r.inputs.gpus.value, r.mc);
  // JSON keeps its stable names for scripts; every other format renders the document.
  Emit(o.output, o.format == Format::kJson ? TrainingJson(r).dump(2) + "\n"
                                           : RenderForCli(report::TrainingDocument(r), o.format));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  AddTrainFlags(app, o->train);
  AddFormatOption(app, o->format, /*document=*/true);
  AddOutputOption(app, o->output);
  return [o] { return RunTrain(*o); };
}

Registration reg{"train", "Simulate a training run with failures, checkpoints and restarts",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_train

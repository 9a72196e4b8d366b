#include "cli/train_flags.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "gpufleet/catalog.h"
#include "gpufleet/failure_model.h"

namespace gpufleet::cli {
namespace {

void Progress(uint64_t done, uint64_t total) {
  using Clock = std::chrono::steady_clock;
  static const Clock::time_point start = Clock::now();
  static Clock::time_point last{};
  const Clock::time_point now = Clock::now();
  if (now - start < std::chrono::milliseconds(500) && done < total) return;  // short runs: quiet
  if (now - last < std::chrono::milliseconds(100) && done < total) return;
  last = now;
  const int width = 40, fill = static_cast<int>(width * done / std::max<uint64_t>(total, 1));
  std::fprintf(stderr, "\r[%s%s] %llu/%llu replicas", std::string(fill, '#').c_str(),
               std::string(width - fill, ' ').c_str(), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
  if (done >= total) std::fprintf(stderr, "\n");
}

}  // namespace

void AddTrainFlags(CLI::App& app, TrainFlags& f) {
  inputs::Given* given = &f.given;
  for (const inputs::Input* in : inputs::For(given->command(), inputs::kCli)) {
    const std::string name = in->name, flag = inputs::FlagName(*in);
    if (name == "from" || name == "to") continue;  // cmd_sweep's: numbers or durations
    if (in->kind == inputs::Kind::kSwitch) {
      app.add_flag_function(
          flag, [given, name](int64_t) { given->SetText(name, "1"); }, in->help);
      continue;
    }
    CLI::Option* opt = app.add_option_function<std::string>(
        flag, [given, name](const std::string& v) { given->SetText(name, v); }, inputs::Help(*in));
    opt->type_name(in->kind == inputs::Kind::kDuration ? "DURATION" : "X");
    if (in->kind == inputs::Kind::kId) opt->check(NonEmpty());  // --site "": not "not given"
    if (in->default_text != nullptr) opt->default_str(in->default_text);
  }
}

TrainingInputs ParseTrainingInputs(const TrainFlags& f, const GpuFigures& gpu) {
  return TrainingInputsFrom(f.given, gpu);
}

ReliabilityOptions ParseReliability(const TrainFlags& f) {
  ReliabilityOptions o = ReliabilityFrom(f.given);
  // --catalog DIR's failure models, as the API's catalog brings them (train_request.cc).
  if (!f.catalog().empty()) o.catalog_models = CatalogFailureModels(Catalog::Load(f.catalog()));
  return o;
}

McOptions MonteCarloOptions(const TrainFlags& f) {
  McOptions o = MonteCarloFrom(f.given);
  // A replica is held to 20 million simulated events (1-5 s of one core, about 10,000 times a
  // Llama 3 replica's 1,800 and 4,000 times that of a million GPUs): `train --count 1e7` needed
  // 110 million interruptions a replica, about three hours for the default 1,000 replicas. Over
  // it: an input error (exit 2) saying so, at once.
  if (o.max_events == 0) o.max_events = kLocalMaxEventsPerReplica;
  // And a run, or a sweep's runs together, to a billion: `train --failure-rate 10000` needed
  // about 70 million events a replica, an hour for 1,000 replicas.
  o.max_total_events = kLocalMaxEventsPerCommand;
  o.spent = std::make_shared<std::atomic<uint64_t>>(0);
  if (isatty(STDERR_FILENO)) o.progress = Progress;
  return o;
}

}  // namespace gpufleet::cli

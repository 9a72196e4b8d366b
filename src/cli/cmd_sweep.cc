// gpufleet sweep: goodput against the number of GPUs in one job (1k to 1M by default) or against
// the checkpoint interval, as a table (text, md) or as data for charts (json, csv).
#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/train_flags.h"
#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/sweep.h"

namespace gpufleet::cli {
namespace {

struct Options {
  TrainFlags train{inputs::kSweep};
  std::string over = "count", from, to, format = "text", output;
  int points = 13;
  bool scale_out = false;
};

// LogSpaced, its error naming the flag (the core names the sweep's axis `from`).
std::vector<double> Points(double from, double to, int points) {
  try {
    return LogSpaced(from, to, points);
  } catch (const InputError& e) {
    throw InputError(Where{"", 0, "--from"}, e.detail());
  }
}

std::vector<SweepRow> Rows(const Options& o, const GpuFigures& gpu, const McOptions& mc) {
  TrainFlags flags = o.train;
  if (o.over == "count") {
    flags.given.SetText("count", "1");  // placeholder, replaced by each point
    const std::vector<double> counts =
        Points(ParseNumber(o.from.empty() ? "1000" : o.from, "--from"),
               ParseNumber(o.to.empty() ? "1000000" : o.to, "--to"), o.points);
    return SweepCount(ParseTrainingInputs(flags, gpu), ParseReliability(flags), gpu, counts, mc);
  }
  const double from = In(ParseDuration(o.from.empty() ? "1m" : o.from, "--from"), units::s);
  const double to = In(ParseDuration(o.to.empty() ? "24h" : o.to, "--to"), units::s);
  std::vector<Duration<>> intervals;
  for (double s : Points(from, to, o.points)) intervals.push_back(s * units::s);
  return SweepInterval(ParseTrainingInputs(flags, gpu), ParseReliability(flags), gpu, intervals,
                       mc);
}

int RunSweep(const Options& o) {
  o.train.given.CheckAll();
  const GpuFigures gpu = LookUpGpu(o.train);
  McOptions mc = MonteCarloOptions(o.train);
  mc.progress = nullptr;  // many short runs: no bar
  if (o.scale_out) {
    // Same replicas as the default report's section unless asked otherwise; every other training
    // flag as given (the count is the section's).
    if (!o.train.given.Has("replicas")) mc.replicas = 1000;
    const std::vector<SweepRow> rows =
        ScaleOutRows(ParseTrainingInputs(o.train, gpu), ParseReliability(o.train), gpu, mc);
    if (o.format == "json")
      Emit(o.output, SweepJson(rows, "count").dump(2) + "\n");
    else
      Emit(o.output, ScaleOutMarkdown(rows));
    return 0;
  }
  const std::vector<SweepRow> rows = Rows(o, gpu, mc);
  if (o.format == "json")
    Emit(o.output, SweepJson(rows, o.over).dump(2) + "\n");
  else if (o.format == "csv")
    Emit(o.output, SweepCsv(rows));
  else
    Emit(o.output, SweepTable(rows, o.format == "md"));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  o->train.given.SetDefault("replicas", "200");
  AddTrainFlags(app, o->train);
  app.get_option("--replicas")->default_str("200");
  app.add_option("--over", o->over, "What to vary: count (GPUs in the job) or checkpoint-interval")
      ->check(CLI::IsMember({"count", "checkpoint-interval"}))
      ->capture_default_str();
  app.add_option("--from", o->from, "First point (count: 1000; interval: 1m)");
  app.add_option("--to", o->to, "Last point (count: 1000000; interval: 24h)");
  app.add_option("--points", o->points, "Points, log-spaced")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  app.add_option("--format", o->format, "Output format: text, md, json or csv")
      ->check(CLI::IsMember({"text", "md", "json", "csv"}))
      ->capture_default_str();
  app.add_flag("--scale-out", o->scale_out,
               "The job (default: Llama 3 405B) on 16,384, 350,000 and 600,000 GPUs (the README's "
               "section); every other training flag applies");
  AddOutputOption(app, o->output);
  return [o] { return RunSweep(*o); };
}

Registration reg{"sweep", "Goodput of one training job against GPU count or checkpoint interval",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli

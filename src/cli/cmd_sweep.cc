// gpufleet sweep: goodput against the number of GPUs in one job (1k to 1M by default) or against
// the checkpoint interval, as a table (text, md) or as data for charts (json, csv).
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/train_flags.h"
#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"
#include "gpufleet/sweep.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_sweep {
namespace {

struct Options {
  TrainFlags train{inputs::kSweep};
  std::string over = "count", from, to, format = "text", output;  // from, to: as given
  bool scale_out = false;
};

// The sweep's --from or --to: GPUs (the input table's `from` and `to`) or, over the checkpoint
// interval, a value of --checkpoint-interval (the input table's checkpoint_interval_h: a bare
// number in hours, 1 s to 1e9 s), in seconds. It was read as a bare duration in seconds with
// no bounds, so "--from 1 --to 3" swept 1-3 s where --checkpoint-interval 1 means an hour.
double AxisPoint(const Options& o, const char* name, const char* interval_default) {
  const std::string& text = std::string_view(name) == "from" ? o.from : o.to;
  if (o.over == "count") {
    const inputs::Input& in = inputs::Get(name, inputs::kSweep);
    return inputs::Parse(in, text.empty() ? in.default_text : text).value;
  }
  const inputs::Input& interval = inputs::Get("checkpoint_interval_h", inputs::kTrain);
  try {
    return inputs::Parse(interval, text.empty() ? interval_default : text).value;
  } catch (const InputError& e) {
    throw InputError(Where{"", 0, name},
                     e.detail() +
                         " (over checkpoint-interval, a checkpoint interval: a bare "
                         "number is in h)");
  }
}

std::vector<SweepRow> Rows(const Options& o, const GpuFigures& gpu, const McOptions& mc) {
  TrainFlags flags = o.train;
  const double from = AxisPoint(o, "from", "1m"), to = AxisPoint(o, "to", "24h");
  CheckSweepAxis(from, to, static_cast<int>(o.train.given.Point("points")), o.over == "count",
                 o.to.empty());
  const std::vector<double> points =
      LogSpaced(from, to, static_cast<int>(o.train.given.Point("points")));
  if (o.over == "count") {
    flags.given.SetText("count", "1");  // placeholder, replaced by each point
    const std::vector<Interval> rates = o.train.given.List("failure_rates");
    const std::vector<Interval> writes = o.train.given.List("checkpoint_writes");
    if (rates.empty() && writes.empty()) {
      return SweepCount(ParseTrainingInputs(flags, gpu), ParseReliability(flags), gpu, points, mc);
    }
    std::vector<double> r;
    std::vector<Duration<>> w;
    for (const Interval& v : rates) r.push_back(v.value);
    for (const Interval& v : writes) w.push_back(v.value * units::s);
    return SweepFamily(ParseTrainingInputs(flags, gpu), ParseReliability(flags), gpu, points, r, w,
                       mc);
  }
  for (const char* list : {"failure_rates", "checkpoint_writes"}) {
    if (o.train.given.Has(list)) {
      throw InputError(Where{"", 0, list},
                       "a goodput family is a sweep over the GPU count "
                       "(--over count)");
    }
  }
  std::vector<Duration<>> intervals;
  for (double s : points) intervals.push_back(s * units::s);
  return SweepInterval(ParseTrainingInputs(flags, gpu), ParseReliability(flags), gpu, intervals,
                       mc);
}

int RunSweep(const Options& o) {
  o.train.given.CheckAll();
  const GpuFigures gpu = LookUpGpu(o.train);
  McOptions mc = MonteCarloOptions(o.train);
  mc.progress = nullptr;  // many short runs: no bar
  // A flag the chosen sweep does not use is refused, not ignored: --scale-out ran its three rows
  // whatever --count, --points, --from, --to or the family lists said, and a sweep over the
  // count ignored --count (found by adversarial testers).
  const auto unused = [](const char* flag, const std::string& why) {
    throw InputError(Where{"", 0, flag}, "not used " + why);
  };
  if (o.scale_out) {
    const std::string why = "with --scale-out: its counts are 16,384, 350,000 and 600,000 GPUs";
    for (const char* name : {"count", "points", "failure_rates", "checkpoint_writes"}) {
      if (o.train.given.Has(name)) unused(name, why);
    }
    if (!o.from.empty()) unused("from", why);
    if (!o.to.empty()) unused("to", why);
    if (o.over != "count") unused("--over", why);  // not an input of the table: the flag
  } else if (o.over == "count" && o.train.given.Has("count")) {
    unused("count", "in a sweep over the GPU count: give --from and --to");
  } else if (o.over == "checkpoint-interval" && o.train.given.Has("checkpoint_interval_h")) {
    // It ran its default intervals whatever --checkpoint-interval said (found by an adversarial
    // tester).
    unused("checkpoint_interval_h",
           "in a sweep over the checkpoint interval: give --from and --to");
  } else if (o.over == "checkpoint-interval" && o.train.given.Has("peer_checkpoint_interval_h") &&
             o.train.given.Has("peer_checkpoint_write_s")) {
    unused("peer_checkpoint_interval_h",
           "in a sweep over the checkpoint interval: with --peer-checkpoint-write the sweep varies "
           "the in-memory copies' interval; give --from and --to");
  }
  if (o.over == "checkpoint-interval" && o.train.given.Has("peer_checkpoint_write_s")) {
    // The swept interval is the in-memory copies' (SweepInterval), where train says
    // --checkpoint-interval "is not used" with them: said, not silent (found by an adversarial
    // tester).
    std::cerr << "gpufleet: warning: with --peer-checkpoint-write the sweep varies the in-memory "
                 "copies' interval (--peer-checkpoint-interval), not the storage checkpoints'; "
                 "the interval column is theirs\n";
  }
  // train's warnings for flags that do nothing without another, once (sweep gave none).
  for (const std::string& w : ParseReliability(o.train).unused) {
    std::cerr << "gpufleet: warning: " << inputs::Respell(w, inputs::Spelling::kCli) << "\n";
  }
  if (o.scale_out) {
    // Same replicas as the default report's section unless asked otherwise; every other training
    // flag as given (the count is the section's).
    if (!o.train.given.Has("replicas")) mc.replicas = 1000;
    const TrainingInputs in = ParseTrainingInputs(o.train, gpu);
    const ReliabilityOptions rel = ParseReliability(o.train);
    const std::vector<SweepRow> rows = ScaleOutRows(in, rel, gpu, mc);
    if (o.format == "json")
      Emit(o.output, SweepJson(rows, "count").dump(2) + "\n");
    else if (o.format == "csv")
      Emit(o.output, SweepCsv(rows));
    else
      Emit(o.output, ScaleOutMarkdown(rows, in, rel, o.format == "md"));
    return 0;
  }
  const std::vector<SweepRow> rows = Rows(o, gpu, mc);
  // Whole GPU counts: points closer than one GPU fall together (50 points from 1 to 10 gave 10
  // rows without a word; found by an adversarial tester).
  if (const auto asked = static_cast<size_t>(o.train.given.Point("points"));
      o.over == "count" && rows.size() < asked) {
    std::cerr << fmt::format(
        "gpufleet: warning: {} points asked, {} distinct whole GPU counts between --from and "
        "--to\n",
        asked, rows.size());
  }
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
  const char* replicas =
      inputs::DefaultFor(inputs::Get("replicas", inputs::kSweep), inputs::kSweep);
  o->train.given.SetDefault("replicas", replicas);
  AddTrainFlags(app, o->train);
  app.get_option("--replicas")->default_str(replicas);
  app.add_option("--over", o->over, "What to vary: count (GPUs in the job) or checkpoint-interval")
      ->check(CLI::IsMember({"count", "checkpoint-interval"}))
      ->capture_default_str();
  for (auto [name, target] : {std::pair{"from", &o->from}, std::pair{"to", &o->to}}) {
    const inputs::Input& in = inputs::Get(name, inputs::kSweep);
    app.add_option(inputs::FlagName(in), *target, inputs::Help(in))
        ->type_name("X")
        ->check(NonEmpty());
  }
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
}  // namespace gpufleet::cli::cmd_sweep

// gpufleet measure [options] -- CMD ARGS...: runs a command while sampling every GPU (NVML) and
// CPU package (RAPL), then reports its energy, cost, CO2e and water, and a fleet projection.
// Exit status: the command's own (128 + signal when it was killed).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/launch.h"
#include "gpufleet/ledger.h"
#include "gpufleet/measure_report.h"
#include "gpufleet/monitor.h"
#include "gpufleet/report.h"
#include "measure/child.h"
#include "util/atomic_file.h"
#include "util/escape.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_measure {
namespace {

struct Flags {
  SourceFlags sources;
  SiteFlags site;
  std::string interval = "100ms", stall = "5s", project_to = "350k", output;
  Format format = Format::kText;
  std::vector<std::string> command;
  RecordFlags records;
  bool every_rank = false;
};

// User + system CPU seconds of this process, all threads (not the measured command).
double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string Render(const MeasureReport& r, Format f) {
  if (f == Format::kJson) return ToJson(r).dump(2) + "\n";
  return report::Render(MeasureDocument(r), f);
}

int RunMeasure(const Flags& f) {
  MeterOptions mo;
  mo.interval = ParseSamplingInterval(f.interval);
  mo.stall_timeout = ParseMeasureDuration(f.stall, "--stall-timeout");
  ParseInterval(f.project_to, "--project-to");  // malformed text: the grammar's own message
  // The fleet model's GPU count, read as fleet's --count reads it (a range lo..hi centred on its
  // midpoint rounded down: 1..1000 was refused for its midpoint 500.5; found by an adversarial
  // tester) and refused before the command runs: 0.5 ran the command and then said the measured
  // power was outside the model's domain. One domain, one message: 0 and -1 said "must be > 0",
  // 0.5 "must be >= 1", and 1.5 GPUs was taken.
  Interval gpus;
  try {
    gpus = inputs::Parse(*inputs::Find("count", inputs::kFleet), f.project_to);
  } catch (const InputError&) {
    throw InputError(Where{"<flag>", 0, "--project-to"},
                     fmt::format("must be a whole number of GPUs from 1 to 1e9 (a value, lo..hi "
                                 "centred on its midpoint rounded down, or lo..x..hi; k and M "
                                 "allowed), got '{}'",
                                 EscapeControls(f.project_to)));
  }
  MeasureReport r;
  r.site = ResolveSite(f.site);
  r.launch = DetectLaunch();
  // The record's text, held to the Monitor's rule (a NUL went into the CSV and the ledger;
  // found by an adversarial tester).
  CheckRecordText(f.records.project, Where{"<flag>", 0, "--project"}, "a project name");
  CheckRecordText(f.records.run_id, Where{"<flag>", 0, "--run-id"}, "a run id");
  CheckRecordText(f.records.experiment_id, Where{"<flag>", 0, "--experiment-id"},
                  "an experiment id");
  // Records: opened (and a bad ledger refused) before the command runs, so nothing is lost.
  const auto sinks = OpenRecordSinks(f.records, f.output);
  // One reader per node (launch.h): other local ranks run the command and measure nothing.
  const bool reads = f.every_rank || EveryRankReads() || r.launch.ReadsDevices();
  std::shared_ptr<PowerSource> source;
  if (reads) {
    source = OpenSources(f.sources);
  } else {
    auto none = std::make_shared<FakeSource>();
    none->AddNote(fmt::format(
        "{} local rank {} on node {}: local rank 0 measures this node's devices (one reader per "
        "node, so no GPU is counted twice); this run has no devices",
        r.launch.launcher, r.launch.local_rank, r.launch.node));
    source = none;
  }
  const sigset_t child_mask = BlockForwardedSignals();  // before any thread starts
  Meter meter(source, mo);
  r.command = f.command;
  r.interval = mo.interval;
  r.started_unix_s =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double cpu0 = SelfCpuSeconds();
  meter.Start();
  const ChildStatus st = RunChild(f.command, child_mask);
  r.meter = meter.Stop();
  r.self_cpu = (SelfCpuSeconds() - cpu0) * units::s;
  r.exit_status = st.exit_status;
  r.signal = st.signal;
  r.error = st.error;
  r.detached = st.detached;
  if (!st.detached.empty()) {
    r.meter.notes.push_back(fmt::format(
        "{} process(es) started by the command were still running when it exited (pid {}; "
        "detached, e.g. with setsid): what they use after that is not measured",
        st.detached.size(), fmt::join(st.detached, ", ")));
  }
  if (!st.error.empty()) std::cerr << "gpufleet measure: " << EscapeControls(st.error) << "\n";
  r.run = AtSite(TotalEnergy(r.meter), r.site);
  // A projection the fleet model cannot take (a power per GPU outside its domain, from
  // implausible readings) is left out with a note: the command has run, its report is written.
  try {
    r.projection = Project(r.meter, gpus, r.site);
  } catch (const InputError& e) {
    r.meter.notes.push_back(
        "no fleet projection: the measured power per GPU is outside what the "
        "fleet model takes (" +
        e.detail() + ")");
  }
  int status = r.exit_status;
  if (!sinks.empty()) {
    const std::string run_id =
        f.records.run_id.empty() ? NewRunId(r.launch.node) : f.records.run_id;
    const Record rec = RecordOf(r, f.records.project, run_id, f.records.experiment_id);
    for (const auto& sink : sinks) {
      try {
        sink->Append(rec);
      } catch (const InputError& e) {
        std::cerr << "gpufleet measure: the record was not stored: " << e.what() << "\n";
        if (status == 0) status = kExitBadInput;
      }
    }
  }
  const std::string text = EscapeControlsKeepingLines(Render(r, f.format));
  try {
    if (f.output.empty()) {
      // A report cut short on stderr (a full disk, a closed descriptor, a size limit) is a
      // failed write, exit status 2 as with -o (it exited 0; found by an adversarial tester).
      std::cerr << text << std::flush;
      if (!std::cerr) {
        std::cerr.clear();
        return status ? status : kExitBadInput;
      }
    } else {
      Emit(f.output, text);
    }
  } catch (const InputError& e) {
    // As a record that was not stored: exit status 2 when the command succeeded (it was 1), the
    // command's own status otherwise; the message and the report go to stderr either way.
    std::cerr << "gpufleet measure: " << e.what() << "\n" << text;
    return status ? status : kExitBadInput;
  }
  return status;
}

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  AddSourceOptions(app, f->sources);
  AddSiteOptions(app, f->site);
  AddFormatOption(app, f->format, /*document=*/true);
  app.add_option("-o,--output", f->output,
                 "Write the report to FILE (atomically); '-' for stdout; default stderr")
      ->check(OutputPathValidator("stderr"));
  app.add_option("--interval", f->interval, "Sampling interval (default 100ms)");
  app.add_option("--stall-timeout", f->stall,
                 "Give up on a sampler stuck in a driver read after this long (default 5s)");
  app.add_option(
      "--project-to", f->project_to,
      "Project one hour of the job onto this many GPUs (default 350k; a whole number, or "
      "lo..hi centred on its midpoint rounded down)");
  AddRecordOptions(app, f->records);
  app.add_flag("--every-rank", f->every_rank,
               "Under torchrun, mpirun or srun, measure in every process (default: only local "
               "rank 0 of each node reads the node's devices; also GPUFLEET_RANKS=all)");
  app.add_option("command", f->command, "The command to run, after --")->required();
  app.footer(
      "Example: gpufleet measure --format json -o run.json -- python train.py\n"
      "Energy is whole-device: everything running on a measured GPU or CPU package counts.");
  return [f] { return RunMeasure(*f); };
}

Registration reg{"measure", "Run a command and measure its GPU and CPU energy", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_measure

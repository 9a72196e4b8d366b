// gpufleet measure [options] -- CMD ARGS...: runs a command while sampling every GPU (NVML) and
// CPU package (RAPL), then reports its energy, cost, CO2e and water, and a fleet projection.
// Exit status: the command's own (128 + signal when it was killed).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/error.h"
#include "gpufleet/measure_report.h"
#include "gpufleet/report.h"
#include "measure/child.h"
#include "util/atomic_file.h"
#include "util/escape.h"

namespace gpufleet::cli {
namespace {

struct Flags {
  SourceFlags sources;
  SiteFlags site;
  std::string interval = "100ms", stall = "5s", project_to = "350k", output;
  Format format = Format::kText;
  std::vector<std::string> command;
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
  const Interval gpus = ParseInterval(f.project_to, "--project-to");
  if (!(gpus.low > 0)) throw InputError(Where{"<flag>", 0, "--project-to"}, "must be > 0");
  if (gpus.high > 1e9) {
    throw InputError(Where{"<flag>", 0, "--project-to"}, "more than 1e9 GPUs is not a fleet");
  }
  MeasureReport r;
  r.site = ResolveSite(f.site);
  const sigset_t child_mask = BlockForwardedSignals();  // before any thread starts
  Meter meter(OpenSources(f.sources), mo);
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
  r.projection = Project(r.meter, gpus, r.site);
  const std::string text = EscapeControlsKeepingLines(Render(r, f.format));
  try {
    if (f.output.empty())
      std::cerr << text;
    else
      Emit(f.output, text);
  } catch (const InputError& e) {
    std::cerr << "gpufleet measure: " << e.what() << "\n" << text;
    return r.exit_status ? r.exit_status : 1;
  }
  return r.exit_status;
}

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  AddSourceOptions(app, f->sources);
  AddSiteOptions(app, f->site);
  AddFormatOption(app, f->format, /*document=*/true);
  app.add_option("-o,--output", f->output,
                 "Write the report to FILE (atomically); '-' for stdout; default stderr")
      ->check(OutputPathValidator());
  app.add_option("--interval", f->interval, "Sampling interval (default 100ms)");
  app.add_option("--stall-timeout", f->stall,
                 "Give up on a sampler stuck in a driver read after this long (default 5s)");
  app.add_option("--project-to", f->project_to,
                 "Project one hour of the job onto this many GPUs (default 350k)");
  app.add_option("command", f->command, "The command to run, after --")->required();
  app.footer(
      "Example: gpufleet measure --format json -o run.json -- python train.py\n"
      "Energy is whole-device: everything running on a measured GPU or CPU package counts.");
  return [f] { return RunMeasure(*f); };
}

Registration reg{"measure", "Run a command and measure its GPU and CPU energy", &Setup};

}  // namespace
}  // namespace gpufleet::cli

// "One training job on 350,000 GPUs": the README's and the default report's reliability section.
#include <fmt/format.h>

#include "gpufleet/duration_text.h"
#include "gpufleet/inputs.h"
#include "gpufleet/sweep.h"
#include "gpufleet/training_run.h"

namespace gpufleet {

std::vector<SweepRow> ScaleOutRows(const TrainingInputs& in, const ReliabilityOptions& opt,
                                   const GpuFigures& gpu, const McOptions& mc) {
  return SweepCount(in, opt, gpu, {16384, 350000, 600000}, mc);
}

std::vector<SweepRow> ScaleOutRows(const GpuFigures& h100, uint64_t replicas, uint64_t seed) {
  const inputs::Given defaults(inputs::kSweep);  // Llama 3 405B: the table's defaults
  McOptions mc;
  mc.replicas = replicas;
  mc.seed = seed;
  return ScaleOutRows(TrainingInputsFrom(defaults, h100), ReliabilityFrom(defaults), h100, mc);
}

std::string ScaleOutMarkdown(const std::vector<SweepRow>& rows) {
  std::string out =
      "## One training job on 350,000 GPUs\n\n"
      "Llama 3 405B (3.8e25 FLOPs) trained as one synchronous job, with the failure rates Meta "
      "observed on 16,384 H100 (Llama 3 paper, Table 5: 419 unexpected interruptions in 54 days) "
      "scaled to the job's size, 5-minute automated restarts, checkpoints of 14 bytes per "
      "parameter written at 2 TB/s, and Daly's checkpoint interval. Goodput is useful compute "
      "time over wall time (p50, with p5-p95 over the Monte Carlo replicas).\n\n"
      "| GPUs | mean time between interruptions | checkpoint write | best interval | goodput | "
      "days to train (ideal -> simulated p50) |\n|---|---|---|---|---|---|\n";
  for (const SweepRow& r : rows) {
    if (!r.feasible) {
      out += fmt::format("| {:.0f} | - | - | - | {} | - |\n", r.gpus, r.note);
      continue;
    }
    out += fmt::format("| {:.0f} | {} | {} | {} | {:.1f}% ({:.1f}-{:.1f}) | {:.1f} -> {:.1f} |\n",
                       r.gpus, FormatDuration(r.mtbi_h * units::h),
                       FormatDuration(r.write_s * units::s), FormatDuration(r.best_s * units::s),
                       100 * r.goodput.p50, 100 * r.goodput.p5, 100 * r.goodput.p95, r.ideal_h / 24,
                       r.wall_h.p50 / 24);
  }
  out +=
      "\nThe interruption rate grows with the number of GPUs while a restart takes the same "
      "time, so the share of time spent restarting grows too: at 600,000 GPUs the job is "
      "interrupted every few minutes. See docs/training.md and docs/validation.md.\n";
  return out;
}

}  // namespace gpufleet

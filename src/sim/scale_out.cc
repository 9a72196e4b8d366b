// "One training job on 350,000 GPUs": the README's and the default report's reliability section
// (its rows, cells and columns), and `sweep --scale-out`'s Markdown.
#include <fmt/format.h>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"
#include "gpufleet/sweep.h"
#include "gpufleet/text_table.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

// True when `in` and `opt` are the input table's defaults (Llama 3 405B), the count aside.
bool AreTheDefaults(const TrainingInputs& in, const ReliabilityOptions& opt) {
  const inputs::Given defaults(inputs::kSweep);
  const TrainingInputs din = TrainingInputsFrom(defaults, GpuFigures{});
  ReliabilityOptions dopt = ReliabilityFrom(defaults);
  dopt.explicit_checkpoints = opt.explicit_checkpoints;  // same results either way
  return in.work == din.work && in.mfu == din.mfu && opt == dopt;
}

std::string Bandwidth(double gb_per_s) {
  return gb_per_s >= 1000 ? FormatNumber(gb_per_s / 1000) + " TB/s"
                          : FormatNumber(gb_per_s) + " GB/s";
}

// The job in words, from its inputs: "A job of 3.8e25 FLOP at MFU ...".
std::string Describe(const TrainingInputs& in, const ReliabilityOptions& opt) {
  std::string work;
  try {
    work = FormatSi(In(TrainingFlops(in.work), units::flop), "FLOP");
  } catch (const InputError&) {  // GPU-hours alone: no FLOPs without a fleet
    work = in.work.gpu_hours ? FormatQuantity(*in.work.gpu_hours, "GPU-hours") : "the given work";
  }
  // Every input that changes the run is named: --failure-rate was described as the model's
  // rates scaled to the job, and --detect, --rollback-rate, --elastic-min-share and the
  // in-memory copies were left out (found by an adversarial tester).
  std::string out = fmt::format("A training job of {} at MFU {} run as one synchronous job, ", work,
                                FormatPercent(in.mfu));
  out += opt.failure_rate
             ? fmt::format(
                   "with {} unplanned interruptions per 1,000 node-days at every size "
                   "(the rate given; the `{}` failure model's mix of causes)",
                   FormatNumber(*opt.failure_rate), opt.failure_model)
             : fmt::format(
                   "with the failure rates of the `{}` failure model scaled to the job's "
                   "size",
                   opt.failure_model);
  if (opt.gpus_per_node) out += fmt::format(" on nodes of {} GPUs", *opt.gpus_per_node);
  out += ", ";
  out += opt.restart ? FormatDuration(*opt.restart) + " restarts"
                     : std::string("the failure model's restart times");
  if (opt.detect.si() > 0)
    out += fmt::format(", failures noticed {} after they happen", FormatDuration(opt.detect));
  if (opt.restore.si() > 0)
    out += fmt::format(", {} to load the last checkpoint after each stop",
                       FormatDuration(opt.restore));
  if (opt.peer_write) {
    // The in-memory copies are the checkpoints on the critical path (the storage write, its
    // size and bandwidth stall nothing): "checkpoints of 14 bytes per parameter written at 2
    // TB/s" was printed beside a column of 2 s copies.
    out += fmt::format(
        ", in-memory (peer) checkpoints: the state copied to a peer's memory in {}, {} (storage "
        "checkpoints are written from memory off the critical path)",
        FormatDuration(*opt.peer_write),
        opt.peer_interval ? "every " + FormatDuration(*opt.peer_interval) + " of compute"
                          : std::string("at Daly's interval for that copy"));
  } else {
    if (opt.checkpoint_write)
      out += fmt::format(", checkpoints written in {}", FormatDuration(*opt.checkpoint_write));
    else if (opt.checkpoint_gb_per_gpu)
      out += fmt::format(", checkpoints of {} GB per GPU written at {}",
                         FormatNumber(*opt.checkpoint_gb_per_gpu), Bandwidth(opt.storage_gb_per_s));
    else
      out += fmt::format(", checkpoints of 14 bytes per parameter written at {}",
                         Bandwidth(opt.storage_gb_per_s));
    out += opt.interval ? fmt::format(", a checkpoint every {}", FormatDuration(*opt.interval))
                        : std::string(", Daly's checkpoint interval");
  }
  if (opt.rollback_per_day > 0) {
    out += fmt::format(", {} loss spikes a day, each losing {} of committed work",
                       FormatNumber(opt.rollback_per_day), FormatDuration(opt.rollback_lost));
  }
  if (opt.spares >= 0) {
    out += fmt::format(", {} hot spare nodes (repairs take {}{})", opt.spares,
                       FormatDuration(opt.repair),
                       opt.repair_crews > 0 ? fmt::format(", {} at once", opt.repair_crews) : "");
  }
  if (opt.elastic_min_share > 0) {
    out += fmt::format(", elastic recovery on at least {} of the nodes (groups of {} node{})",
                       FormatPercent(opt.elastic_min_share), opt.elastic_group_nodes,
                       opt.elastic_group_nodes == 1 ? "" : "s");
  }
  if (opt.maintenance_every) {
    out += opt.maintenance_every->si() == 0
               ? std::string(", no planned stops")
               : fmt::format(", planned stops every {}", FormatDuration(*opt.maintenance_every));
  }
  if (opt.horizon.si() > 0)
    out += fmt::format(", stopped after {} of wall time", FormatDuration(opt.horizon));
  return out + ".";
}

}  // namespace

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

std::vector<std::string> ScaleOutColumns() {
  return {"GPUs",
          "mean time between interruptions",
          "checkpoint write",
          "best interval",
          "goodput p50 (p5-p95)",
          "days to train (ideal -> simulated p50)"};
}

std::vector<std::string> ScaleOutCells(const SweepRow& r) {
  const std::string gpus = fmt::format("{:.0f}", r.gpus);
  if (!r.feasible) {
    return {gpus,
            FormatDuration(r.mtbi_h * units::h),
            FormatDuration(r.write_s * units::s),
            "-",
            r.note,
            "-"};
  }
  const char* upper = r.capped ? "<= " : "";  // capped replicas: goodput an upper bound
  const char* lower = r.capped ? ">= " : "";  // and wall time a lower bound (as SweepTable)
  // With a horizon the replicas run for it, not to the end of the work: "66.0 -> 3.0" read as
  // a job finished in 3 days (found by an adversarial tester). The share of the work done says.
  const double done = r.ideal_h > 0 ? r.useful_h.p50 / r.ideal_h : 0;
  const std::string days =
      r.horizon_h <= 0 ? fmt::format("{:.1f} -> {}{:.1f}", r.ideal_h / 24, lower, r.wall_h.p50 / 24)
      : done < 1 ? fmt::format("{:.1f} -> not done in the {:.1f}-day horizon ({} of the work)",
                               r.ideal_h / 24, r.horizon_h / 24, FormatPercent(done))
                 : fmt::format("{:.1f} -> done within the {:.1f}-day horizon", r.ideal_h / 24,
                               r.horizon_h / 24);
  return {gpus,
          FormatDuration(r.mtbi_h * units::h),
          FormatDuration(r.write_s * units::s),
          FormatDuration(r.best_s * units::s),
          upper + fmt::format("{:.1f}% ({:.1f}-{:.1f})", 100 * r.goodput.p50, 100 * r.goodput.p5,
                              100 * r.goodput.p95),
          days};
}

std::string ScaleOutMarkdown(const std::vector<SweepRow>& rows, const TrainingInputs& in,
                             const ReliabilityOptions& opt, bool md) {
  // Plain text unless Markdown is asked for (`sweep --scale-out --format text` printed Markdown;
  // found by an adversarial tester).
  std::string out = md ? "## One training job on 350,000 GPUs\n\n"
                       : "One training job on 350,000 GPUs\n================================\n\n";
  if (AreTheDefaults(in, opt)) out += "Llama 3 405B defaults. ";
  out += Describe(in, opt) +
         " Goodput is useful compute time over wall time (p50, with p5-p95 over the Monte Carlo "
         "replicas).\n\n";
  TextTable t;
  t.header = {ScaleOutColumns()};
  for (const SweepRow& r : rows) t.rows.push_back(ScaleOutCells(r));
  t.right = std::vector<bool>(t.header[0].size(), true);
  out += md ? t.Markdown() : t.Text();
  out +=
      "\nThe interruption rate grows with the number of GPUs while a restart takes the same "
      "time, so the share of time spent restarting grows too";
  if (!rows.empty() && rows.back().feasible) {
    out +=
        fmt::format(": at {} GPUs the job is interrupted every {}", FormatCount(rows.back().gpus),
                    FormatDuration(rows.back().mtbi_h * units::h));
  }
  out += ". See docs/training.md and docs/validation.md.\n";
  return out;
}

}  // namespace gpufleet

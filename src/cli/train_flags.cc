#include "cli/train_flags.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"

namespace gpufleet::cli {
namespace {

std::optional<Interval> Opt(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  return ParseInterval(text, flag);
}

std::optional<Duration<>> OptDuration(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  return ParseDuration(text, flag);
}

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

void AddTrainFlags(CLI::App& app, TrainFlags& f, bool with_count) {
  app.add_option("--params", f.params, "Model parameters (405e9, 405G; a range lo..hi)");
  app.add_option("--active-params", f.active_params,
                 "Parameters active per token (mixture of experts)");
  app.add_option("--tokens", f.tokens, "Training tokens (15.6T)");
  app.add_option("--flops", f.flops,
                 "Total training FLOPs instead of 6 x params x tokens (3.8e25)");
  app.add_option("--gpu-hours", f.gpu_hours, "GPU-hours of compute instead of FLOPs");
  app.add_option("--gpu", f.gpu, "GPU id from the catalog")->capture_default_str();
  app.add_option("--site", f.site, "Site id from the catalog (PUE, grid, price, water)");
  app.add_option("--catalog", f.catalog,
                 "Directory of catalog *.toml files replacing the built-in one");
  if (with_count) app.add_option("--count", f.count, "GPUs in the job")->capture_default_str();
  app.add_option("--mfu", f.mfu, "Model FLOPs utilisation, 0 < MFU <= 1 (a range lo..x..hi)")
      ->capture_default_str();
  app.add_option("--failure-model", f.failure_model, "Failure model id or a .toml file")
      ->capture_default_str();
  app.add_option("--checkpoint-interval", f.interval,
                 "Compute between checkpoints: auto (Daly) or a duration (30m, 2h)")
      ->capture_default_str();
  app.add_option("--checkpoint-write", f.checkpoint_write,
                 "Time to write one checkpoint (e.g. 30s)");
  app.add_option("--checkpoint-size-gb", f.checkpoint_size_gb,
                 "Checkpoint size per GPU in GB (default: 14 bytes per parameter over all GPUs)");
  app.add_option("--storage-gb-per-s", f.storage_gb_per_s,
                 "Aggregate checkpoint write bandwidth, GB/s (Llama 3: 2 TB/s)")
      ->capture_default_str();
  app.add_option("--restart", f.restart,
                 "Detection + restart time after an interruption (default: the failure model's)");
  app.add_option("--spares", f.spares, "Hot spare nodes (-1: unlimited)")->capture_default_str();
  app.add_option("--repair", f.repair, "Time to repair a failed node (with --spares)")
      ->capture_default_str();
  app.add_option("--maintenance", f.maintenance,
                 "Mean time between planned stops (default: the failure model's; 0: none)");
  app.add_option("--horizon", f.horizon,
                 "Simulate this much wall time instead of finishing the work (54d)");
  app.add_flag("--explicit-checkpoints", f.explicit_checkpoints,
               "One event per segment and checkpoint (slower, same results)");
  // At most 1,000,000: every replica's result is kept for exact percentiles (208 bytes
  // each, 208 MB at the top); 100,000,000 (21 GB) ran out of memory (issue 12, class 2).
  app.add_option("--replicas", f.replicas, "Monte Carlo replicas (1 to 1,000,000)")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1000000}));
  app.add_option("--seed", f.seed, "Random seed")->capture_default_str();
  app.add_option("--threads", f.threads, "Worker threads (0: all cores)")->capture_default_str();
}

TrainingInputs ParseTrainingInputs(const TrainFlags& f, const GpuFigures& gpu) {
  TrainingInputs in;
  in.work.params = Opt(f.params, "--params");
  in.work.active_params = Opt(f.active_params, "--active-params");
  in.work.tokens = Opt(f.tokens, "--tokens");
  in.work.flops = Opt(f.flops, "--flops");
  in.work.gpu_hours = Opt(f.gpu_hours, "--gpu-hours");
  if (!in.work.params && !in.work.tokens && !in.work.flops && !in.work.gpu_hours) {
    in.work.params = 405e9;  // Llama 3 405B (Dubey et al. 2024)
    in.work.tokens = 15.6e12;
  }
  in.gpus = ParseInterval(f.count, "--count");
  if (in.gpus.value < 1 || in.gpus.value != std::floor(in.gpus.value) || !in.gpus.is_point()) {
    throw InputError(Where{"", 0, "--count"},
                     "must be a whole number of GPUs >= 1, got " + f.count);
  }
  in.mfu = ParseInterval(f.mfu, "--mfu");
  in.peak_per_gpu = gpu.peak;
  return in;
}

ReliabilityOptions ParseReliability(const TrainFlags& f) {
  ReliabilityOptions o;
  o.failure_model = f.failure_model;
  if (f.interval != "auto") o.interval = ParseDuration(f.interval, "--checkpoint-interval");
  o.checkpoint_write = OptDuration(f.checkpoint_write, "--checkpoint-write");
  if (!f.checkpoint_size_gb.empty())
    o.checkpoint_gb_per_gpu = ParseNumber(f.checkpoint_size_gb, "--checkpoint-size-gb");
  o.storage_gb_per_s = ParseNumber(f.storage_gb_per_s, "--storage-gb-per-s");
  o.restart = OptDuration(f.restart, "--restart");
  if (f.spares < -1)
    throw InputError(Where{"", 0, "--spares"}, "must be >= 0 (or -1 for unlimited)");
  o.spares = f.spares;
  o.repair = ParseDuration(f.repair, "--repair");
  o.maintenance_every = OptDuration(f.maintenance, "--maintenance");
  if (auto h = OptDuration(f.horizon, "--horizon")) o.horizon = *h;
  o.explicit_checkpoints = f.explicit_checkpoints;
  return o;
}

McOptions MonteCarloOptions(const TrainFlags& f) {
  McOptions o;
  o.replicas = f.replicas;
  o.seed = f.seed;
  o.threads = f.threads;
  if (isatty(STDERR_FILENO)) o.progress = Progress;
  return o;
}

}  // namespace gpufleet::cli

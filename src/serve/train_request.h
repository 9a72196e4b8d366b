// Internal to the API: a training request (JSON object or query) turned into the simulator's
// inputs, with limits that keep one request cheap (replicas <= 2000, GPUs <= 1,000,000, only the
// embedded failure models: a client never names a file).
#pragma once

#include <cstdint>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/training_run.h"
#include "serve/handlers.h"

namespace gpufleet::serve {

struct TrainRequest {
  std::string gpu, site;
  TrainingInputs inputs;
  ReliabilityOptions reliability;
  GpuFigures figures;
  TrainingPlan plan;
  uint64_t replicas = 200;
  uint64_t seed = 1;
};

// Fields (all optional; defaults: Llama 3 405B on 16,384 H100 SXM, docs/dashboard.md): gpu, site,
// count, params, tokens, flops, mfu, failure_model, interval_h, checkpoint_write_s,
// storage_gb_per_s, restart_s, spares, replicas, seed. Throws InputError naming the field.
TrainRequest ParseTrainRequest(const Catalog& catalog, const Json& request);

// Per-GPU peak and facility power (busy at full load, down at idle) from the catalog and the
// fleet model.
GpuFigures FiguresFor(const Catalog& catalog, const std::string& gpu, const std::string& site);

// One sampled sequence of interruption arrivals (each class at its rate, plus planned stops)
// over `wall_h` hours, as {"duration", "events": [{"t" (days), "category"}], ...}; at most
// `max_events` events are listed.
Json TimelineJson(const TrainingPlan& plan, double wall_h, uint64_t seed, size_t max_events);

}  // namespace gpufleet::serve

// The training model: how much compute a training run needs and how long it takes on a fleet
// when nothing fails. Pure functions, no I/O. Ranges propagate by interval corners.
//
//   FLOPs     = 6 * N_active * D          (Kaplan et al. 2020; N_active = all parameters for a
//                                           dense model, the parameters one token uses for MoE)
//   ideal time = FLOPs / (GPUs * peak * MFU)
//   GPU-hours  = GPUs * ideal time
//
// Failures, restarts and checkpoints come on top: see sim.h.
#pragma once

#include <optional>

#include "gpufleet/interval.h"
#include "gpufleet/units.h"

namespace gpufleet {

// What to train. Give exactly one of: parameters and tokens, total FLOPs, or GPU-hours (params
// may come with the last two: it then only sizes checkpoints).
struct TrainingWork {
  std::optional<Interval> params;         // total parameters, > 0
  std::optional<Interval> active_params;  // per token (mixture of experts), 0 < active <= params
  std::optional<Interval> tokens;         // training tokens, > 0
  std::optional<Interval> flops;          // total training FLOPs, > 0
  std::optional<Interval> gpu_hours;      // GPU-hours at the given MFU, > 0
  friend bool operator==(const TrainingWork&, const TrainingWork&) = default;
};

struct TrainingInputs {
  TrainingWork work;
  Interval gpus = 1;                                          // > 0
  FlopRate<Interval> peak_per_gpu = 0.0 * units::flop_per_s;  // dense, in the training precision
  Interval mfu = 0.4;  // model FLOPs utilisation, 0 < MFU <= 1
};

struct TrainingEstimate {
  Flops<Interval> flops;                 // total model FLOPs
  FlopRate<Interval> delivered_per_gpu;  // peak * MFU
  Duration<Interval> ideal_time;         // wall time with no interruption and no checkpoint
  Interval gpu_hours;                    // GPUs * ideal time, in hours
};

// 6 * N_active * D, or the given FLOPs. Throws InputError (field params, tokens, ...: the input
// table's names, inputs.h) when
// the work is missing, ambiguous or out of range. Needs no fleet, so GPU-hours alone is an error.
Flops<Interval> TrainingFlops(const TrainingWork& work);

// Throws InputError on MFU outside (0, 1] (field mfu), GPUs <= 0 (count), peak <= 0 and on
// anything TrainingFlops rejects.
TrainingEstimate EstimateTraining(const TrainingInputs& in);

// Bytes of a full checkpoint of a model with `params` parameters trained with mixed-precision
// Adam: bf16 weights (2 B) plus fp32 master weights, momentum and variance (12 B) = 14 B per
// parameter (Rajbhandari et al., ZeRO, SC 2020, section 3.1; gradients are not saved).
Interval CheckpointBytes(const Interval& params);

}  // namespace gpufleet

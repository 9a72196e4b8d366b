#include "gpufleet/training.h"

#include <fmt/format.h>

#include <cmath>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

void Positive(const Interval& x, const char* field) {
  if (!(x.low > 0) || !std::isfinite(x.high)) {
    throw InputError(Where{"", 0, field},
                     fmt::format("must be > 0 and finite, got {}", ToString(x)));
  }
}

}  // namespace

Flops<Interval> TrainingFlops(const TrainingWork& w) {
  // params may come with flops or gpu_hours (it then only sizes checkpoints).
  const int given = (w.tokens ? 1 : 0) + (w.flops ? 1 : 0) + (w.gpu_hours ? 1 : 0);
  // Parameters alone name themselves: "--params 405G" blamed --tokens, never given (found by an
  // adversarial tester); --tokens alone says "needs params" below.
  if (given == 0 && w.params) {
    throw InputError(Where{"", 0, "params"},
                     "must come with `tokens` (or give `flops` or `gpu_hours` instead)");
  }
  if (given != 1) {
    throw InputError(Where{"", 0, given == 0 || w.tokens ? "tokens" : "flops"},
                     "give exactly one of: `params` with `tokens`, `flops`, or `gpu_hours`");
  }
  if (w.flops) {
    Positive(*w.flops, "flops");
    return *w.flops * units::flop;
  }
  if (w.gpu_hours)
    throw InputError(Where{"", 0, "gpu_hours"}, "GPU-hours need a fleet to become FLOPs");
  // Named after the input given: "'--params': --tokens needs --params" blamed the one missing
  // (found by an adversarial tester).
  if (!w.params) throw InputError(Where{"", 0, "tokens"}, "`tokens` needs `params`");
  Positive(*w.params, "params");
  Positive(*w.tokens, "tokens");
  const Interval active = w.active_params.value_or(*w.params);
  Positive(active, "active_params");
  if (active.high > w.params->high) {
    throw InputError(Where{"", 0, "active_params"},
                     "active parameters cannot exceed the parameters");
  }
  return 6.0 * (active * *w.tokens) * units::flop;
}

TrainingEstimate EstimateTraining(const TrainingInputs& in) {
  Positive(in.gpus, "count");
  if (!(in.mfu.low > 0) || in.mfu.high > 1) {
    throw InputError(Where{"", 0, "mfu"},
                     fmt::format("must be in (0, 1], got {}", ToString(in.mfu)));
  }
  Positive(In(in.peak_per_gpu, units::flop_per_s), "peak FLOP/s");
  TrainingEstimate e;
  e.delivered_per_gpu = in.peak_per_gpu * in.mfu;
  const FlopRate<Interval> fleet = e.delivered_per_gpu * in.gpus;
  if (in.work.gpu_hours && !in.work.tokens && !in.work.flops) {
    Positive(*in.work.gpu_hours, "gpu_hours");
    e.gpu_hours = *in.work.gpu_hours;
    e.ideal_time = (*in.work.gpu_hours / in.gpus) * units::h;
    e.flops = e.delivered_per_gpu * (*in.work.gpu_hours * units::h);
    return e;
  }
  e.flops = TrainingFlops(in.work);
  e.ideal_time = e.flops / fleet;
  e.gpu_hours = In(e.ideal_time, units::h) * in.gpus;
  return e;
}

Interval CheckpointBytes(const Interval& params) { return params * 14.0; }

}  // namespace gpufleet

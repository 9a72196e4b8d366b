// Check(StepCost): the contract of include/gpufleet/serving_step.h, field by field.
#include "gpufleet/serving_step.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

void Positive(const std::string& field, double v) {
  if (!std::isfinite(v) || v <= 0)
    ThrowFieldError(field, fmt::format("must be a finite number > 0, got {}", v));
}

void NonNegative(const std::string& field, double v) {
  if (!std::isfinite(v) || v < 0) {
    ThrowFieldError(field, fmt::format("must be a finite number >= 0, got {}", v));
  }
}

}  // namespace

double StepCost::PrefillSeconds(double tokens, double squares) const {
  const double read =
      prefill_read_s + (prefill_read_s_experts > 0
                            ? prefill_read_s_experts * (1 - std::pow(prefill_expert_miss, tokens))
                            : 0.0);
  const double flops = prefill_s_per_token * tokens + prefill_s_per_token2 * squares;
  return prefill_s_fixed + std::max(read, flops) + prefill_s_comm_per_token * tokens;
}

void Check(const StepCost& c) {
  const size_t n = c.decode_s_by_batch.size();
  if (n < 2)
    ThrowFieldError("decode_s_by_batch", "needs entries for batch 1 and up (index 0 unused)");
  if (c.power_w_by_batch.size() != n) {
    ThrowFieldError("power_w_by_batch",
                    fmt::format("must have as many entries as decode_s_by_batch ({}), got {}", n,
                                c.power_w_by_batch.size()));
  }
  for (size_t b = 1; b < n; ++b) {
    const std::string at = fmt::format("decode_s_by_batch[{}]", b);
    Positive(at, c.decode_s_by_batch[b]);
    if (b > 1 && c.decode_s_by_batch[b] < c.decode_s_by_batch[b - 1]) {
      ThrowFieldError(
          at, fmt::format("must not be below batch {}'s ({} < {}): a larger batch reads at least "
                          "the same bytes",
                          b - 1, c.decode_s_by_batch[b], c.decode_s_by_batch[b - 1]));
    }
    NonNegative(fmt::format("power_w_by_batch[{}]", b), c.power_w_by_batch[b]);
  }
  NonNegative("decode_s_per_ctx_token", c.decode_s_per_ctx_token);
  NonNegative("prefill_s_fixed", c.prefill_s_fixed);  // 0 with no step overhead: per-token > 0
  Positive("prefill_s_per_token", c.prefill_s_per_token);
  NonNegative("prefill_s_per_token2", c.prefill_s_per_token2);
  NonNegative("prefill_s_comm_per_token", c.prefill_s_comm_per_token);
  NonNegative("prefill_read_s", c.prefill_read_s);
  NonNegative("prefill_read_s_experts", c.prefill_read_s_experts);
  if (!(c.prefill_expert_miss >= 0 && c.prefill_expert_miss <= 1)) {
    ThrowFieldError("prefill_expert_miss",
                    fmt::format("must be a probability in [0, 1], got {}", c.prefill_expert_miss));
  }
  NonNegative("power_w_prefill", c.power_w_prefill);
  NonNegative("power_w_idle", c.power_w_idle);
  Positive("max_kv_tokens", c.max_kv_tokens);
  if (c.gpus < 1) ThrowFieldError("gpus", fmt::format("must be >= 1, got {}", c.gpus));
}

}  // namespace gpufleet

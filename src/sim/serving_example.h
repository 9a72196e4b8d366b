// A hand-built StepCost for tests, benchmarks and the fuzz seed: Llama-3.1-70B in BF16 on one
// 8 x H100-SXM replica (tensor parallel 8). Not the analytical model (StepCostFor, issue 13's
// `gpufleet infer`): round numbers derived here, so the simulator can be tested on its own.
//
// - Decode: weights 70.6e9 params x 2 B = 141 GB read per step over 8 x 3.35 TB/s at ~70%
//   effective (18.8 TB/s) = 7.5 ms; FLOPs 2 x 70.6e9 per sequence over 8 x 989 TFLOP/s at ~50%
//   = 35 us per sequence (compute overtakes memory above batch ~214); plus 3 ms per step for
//   tensor-parallel all-reduces and launches. decode_s_by_batch[b] = 3 ms + max(7.5 ms, 35 us b).
// - KV cache: 80 layers x 8 KV heads x 128 dims x 2 (K and V) x 2 B = 327,680 B per token, read
//   once per step at 18.8 TB/s = 17.4 ns per cached token. Capacity: 8 x 80 GB - 141 GB weights
//   - ~60 GB activations and fragmentation = ~440 GB = 1.34 M tokens.
// - Prefill: 35 us per prompt token (the decode FLOPs, compute-bound), attention's quadratic
//   part 2 x n^2 x 8192 x 80 FLOP (causal) at the same rate = 0.33 ns per token^2, 5 ms fixed.
// - Power (whole replica, GPU boundary): idle 8 x 80 W; decoding 8 x (350 W + 250 W x min(1,
//   b / 256)); prefill 8 x 650 W. Orders of magnitude of H100 measurements, not calibrated.
#pragma once

#include <algorithm>

#include "gpufleet/serving_step.h"

namespace gpufleet::example {

inline StepCost Llama70bH100x8(int max_batch = 256) {
  StepCost c;
  c.decode_s_by_batch.assign(max_batch + 1, 0.0);
  c.power_w_by_batch.assign(max_batch + 1, 0.0);
  for (int b = 1; b <= max_batch; ++b) {
    c.decode_s_by_batch[b] = 3e-3 + std::max(7.5e-3, 35e-6 * b);
    c.power_w_by_batch[b] = 8 * (350 + 250 * std::min(1.0, b / 256.0));
  }
  c.decode_s_per_ctx_token = 17.4e-9;
  c.prefill_s_fixed = 5e-3;
  c.prefill_s_per_token = 35e-6;
  c.prefill_s_per_token2 = 0.33e-9;
  c.prefill_read_s = 6.5e-3;  // 141 GB over 8 x 3.35 TB/s at 80%: a short prompt's floor
  c.power_w_prefill = 8 * 650;
  c.power_w_idle = 8 * 80;
  c.max_kv_tokens = 1.34e6;
  c.gpus = 8;
  return c;
}

}  // namespace gpufleet::example

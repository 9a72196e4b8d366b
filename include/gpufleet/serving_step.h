// The seam between the serving model (issue 13's analytical roofline, `gpufleet infer`) and the
// serving simulator: what one engine step of one replica costs, in a form the simulator can
// evaluate in a few nanoseconds. The analytical model fills a StepCost from a model, a GPU, a
// precision and a tensor-parallel degree; the simulator only reads it.
//
// Contract:
// - A decode step over a batch of b sequences (1 <= b <= max_batch) that hold ctx cached tokens
//   in all takes  decode_s_by_batch[b] + decode_s_per_ctx_token * ctx  seconds. Index 0 is
//   unused (0). The table is non-decreasing in b (a larger batch reads at least the same bytes).
//   A table, not a line, because a mixture of experts touches more experts as the batch grows.
// - Prefilling a prompt of n tokens (n >= 1) takes
//   prefill_s_fixed + prefill_s_per_token * n + prefill_s_per_token2 * n * n  seconds
//   (the last term is attention's quadratic part).
// - The replica's GPUs together draw power_w_by_batch[b] while decoding a batch of b,
//   power_w_prefill while prefilling and power_w_idle with nothing to do (watts, all GPUs of
//   the replica, GPU boundary only: host and facility are added by the caller).
// - max_kv_tokens: cached tokens (prompt + generated, all sequences) the replica's memory holds
//   after the weights; a sequence is admitted only if its full length fits.
// - decode_s_by_batch[b], prefill_s_per_token and max_kv_tokens are > 0; prefill_s_fixed,
//   decode_s_per_ctx_token, prefill_s_per_token2 and every power are >= 0 (a term that may be
//   absent); every value is finite; gpus >= 1. Check() names the first field that is not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gpufleet {

struct StepCost {
  std::vector<double> decode_s_by_batch;  // seconds, index = batch size, [0] unused
  double decode_s_per_ctx_token = 0;      // seconds per cached token read in a decode step
  double prefill_s_fixed = 0;             // seconds per prefill (launch, synchronisation)
  double prefill_s_per_token = 0;         // seconds per prompt token (linear FLOPs)
  double prefill_s_per_token2 = 0;        // seconds per prompt token squared (attention)
  std::vector<double> power_w_by_batch;   // watts while decoding a batch of b, [0] unused
  double power_w_prefill = 0;             // watts while prefilling
  double power_w_idle = 0;                // watts with nothing to run
  double max_kv_tokens = 0;               // tokens of KV cache the replica holds
  int gpus = 1;                           // GPUs in the replica (for per-GPU figures)

  // The largest batch the tables cover.
  int max_batch() const { return static_cast<int>(decode_s_by_batch.size()) - 1; }
};

// Throws InputError naming the first field that breaks the contract above.
void Check(const StepCost& cost);

}  // namespace gpufleet

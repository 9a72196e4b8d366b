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
// - Prefilling prompts of n_1..n_k tokens (each >= 1; n = sum n_i, q = sum n_i^2) in one
//   forward pass takes PrefillSeconds(n, q) =
//     prefill_s_fixed + max(read(n), prefill_s_per_token * n + prefill_s_per_token2 * q)
//     + prefill_s_comm_per_token * n  seconds,
//   read(n) = prefill_read_s + prefill_read_s_experts * (1 - prefill_expert_miss^n):
//   the FLOPs (linear, and attention's quadratic part) or the weights' read, whichever takes
//   longer, plus tensor-parallel traffic. A pass reads every weight it uses once: a dense model's
//   all (prefill_read_s); a mixture of experts' shared weights, and of its routed experts those
//   its n tokens touch, each token missing a given expert with probability prefill_expert_miss.
// - The replica's GPUs together draw power_w_by_batch[b] while decoding a batch of b,
//   power_w_prefill while prefilling and power_w_idle with nothing to do (watts, all GPUs of
//   the replica, GPU boundary only: host and facility are added by the caller).
// - max_kv_tokens: cached tokens (prompt + generated, all sequences) the replica's memory holds
//   after the weights; a sequence is admitted only if its full length fits.
// - decode_s_by_batch[b], prefill_s_per_token and max_kv_tokens are > 0; prefill_s_fixed,
//   decode_s_per_ctx_token, prefill_s_per_token2, prefill_s_comm_per_token, prefill_read_s,
//   prefill_read_s_experts and every power are >= 0 (a term that may be absent);
//   prefill_expert_miss is in [0, 1]; every value is finite; gpus >= 1. Check() names the first
//   field that is not.
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
  double prefill_s_comm_per_token = 0;    // seconds per prompt token of tensor-parallel traffic
  double prefill_read_s = 0;              // seconds to read the weights every pass reads
  double prefill_read_s_experts = 0;      // seconds to read every routed expert (0: dense)
  double prefill_expert_miss = 0;         // chance one token leaves a given expert untouched
  std::vector<double> power_w_by_batch;   // watts while decoding a batch of b, [0] unused
  double power_w_prefill = 0;             // watts while prefilling
  double power_w_idle = 0;                // watts with nothing to run
  double max_kv_tokens = 0;               // tokens of KV cache the replica holds
  int gpus = 1;                           // GPUs in the replica (for per-GPU figures)

  // The largest batch the tables cover.
  int max_batch() const { return static_cast<int>(decode_s_by_batch.size()) - 1; }
  // Seconds for one decode step over `batch` sequences (1..max_batch()) holding
  // `cached_tokens` tokens of KV cache in all.
  double DecodeSeconds(int batch, double cached_tokens) const {
    return decode_s_by_batch[batch] + decode_s_per_ctx_token * cached_tokens;
  }
  // Seconds for one prefill pass over prompts of `tokens` tokens in all, `squares` the sum of
  // their squares (the contract above).
  double PrefillSeconds(double tokens, double squares) const;
};

// Throws InputError naming the first field that breaks the contract above.
void Check(const StepCost& cost);

}  // namespace gpufleet

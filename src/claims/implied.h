// The implied assumption: the value of one input that makes a claim's quantity equal the
// claimed value, and whether that value is plausible. Internal to src/claims.
#pragma once

#include "claims/evaluate.h"

namespace gpufleet::claims {

// Solves for `spec.variable` so that `q` evaluated in `env` equals `target_si` (SI, USD): the
// claimed value held to its hedge's band (check.cc).
Implied SolveImplied(const QuantityExpr& q, const Env& env, const Catalog& catalog,
                     const SolveSpec& spec, double target_si);

}  // namespace gpufleet::claims

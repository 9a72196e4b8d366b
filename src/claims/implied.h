// The implied assumption: the value of one input that makes a claim's quantity equal the
// claimed value, and whether that value is plausible. Internal to src/claims.
#pragma once

#include "claims/evaluate.h"

namespace gpufleet::claims {

// Solves for `spec.variable` so that `q` evaluated in `env` equals `target_si` (SI, USD): the
// claimed value held to its hedge's band (check.cc). `holds_by`, when the claim holds, says how
// ("within its hedge's band", "within the computed range ..."): where no value of the variable
// gives the target at the other inputs' central values, the text says both, not "no value makes
// it true" beside a claim that holds.
Implied SolveImplied(const QuantityExpr& q, const Env& env, const Catalog& catalog,
                     const SolveSpec& spec, double target_si, const std::string& holds_by = "");

}  // namespace gpufleet::claims

// Evaluating a claim's quantity in a scenario. Internal to src/claims.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "claims/rt_unit.h"
#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"

namespace gpufleet::claims {

// A scenario: fleet inputs plus values that override catalog facts (for the solver).
struct Env {
  FleetInputs inputs;
  std::map<std::string, Interval> overrides;  // "catalog:kind/id/key" -> value in its unit
  // Serving inputs set by the solver ("infer:load" -> load = x): they replace the arguments of
  // every infer(...) term.
  std::map<std::string, Interval> infer_overrides;
  std::vector<std::string> settings;  // the scenario in words: "count = 350,000"
};

// The claims file's [scenario], then the claim's, then the reading's (later ones win). Throws
// InputError at the setting's line when a value is outside its input's domain.
Env BuildEnv(const Catalog& catalog, const ClaimsFile& file, const Claim& claim,
             const Reading* reading);

struct Evaluated {
  bool available = true;
  std::string missing;  // why not available
  Interval si;          // SI units, money in USD
  RtUnit unit;          // the dimension (factor 1)
  std::vector<std::string> sources;
  std::string assumption;
};

// The work budget of the current thread's Check (claims.h, CheckOptions::max_work): set for its
// scope, restored after. EvaluateQuantity charges each term it evaluates and throws
// WorkBudgetError once the budget is spent.
class WorkMeter {
 public:
  explicit WorkMeter(uint64_t max_work);
  ~WorkMeter();
  WorkMeter(const WorkMeter&) = delete;
  WorkMeter& operator=(const WorkMeter&) = delete;

 private:
  uint64_t saved_used_, saved_max_;
};

// Evaluates `q` in `env`. Throws InputError only for a scenario the model rejects, and
// WorkBudgetError past the thread's WorkMeter budget.
Evaluated EvaluateQuantity(const QuantityExpr& q, const Env& env, const Catalog& catalog,
                           bool with_sources);

// The serving model's result `t.name` for an infer(...) term (Term::Kind::kInfer), its arguments
// replaced by `overrides` (canonical input name -> value; whole-number inputs are rounded);
// nullopt when the model has no result of that name. Throws InputError as InferInputsFrom and
// Evaluate(InferInputs) do (field = the input's canonical name).
std::optional<NamedResult> InferResultOf(const Catalog& catalog, const Term& t,
                                         const std::map<std::string, Interval>& overrides);
std::string InferResultNamesList();

// "infer:load": a solve variable that is a serving input (inputs::kInfer, a number); nullptr
// for any other text. The input's row.
const inputs::Input* InferVariable(const std::string& variable);

// The catalog's USD per EUR (reference usd-per-eur-2024), and its source line.
Interval UsdPerEur(const Catalog& catalog);
std::string UsdPerEurSource(const Catalog& catalog);

// Sets a solve variable (a fleet input or a catalog reference) to `x` in `env`.
void SetVariable(Env& env, const Catalog& catalog, const std::string& variable, double x);
// The variable's current value and unit.
// An infer: variable's current value is its override, else the first infer(...) term of `q`
// that sets it, else the input's default (0 when it has none).
Interval GetVariable(const Env& env, const Catalog& catalog, const std::string& variable,
                     std::string& unit, const QuantityExpr* q = nullptr);

}  // namespace gpufleet::claims

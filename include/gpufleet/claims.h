// Checking published claims against the fleet model and the sourced catalog.
//
// A claims file (TOML, docs/claims.md) lists claims: the original words (any language) and where
// they come from, the quantity spoken of (a fleet output, a catalog fact, a fleet input, or a
// product/quotient of them), the scenario assumed (fleet inputs, partly given by the claim
// itself), the claimed value with its unit, and the hedge ("about", "more than" ...). Check()
// gives each claim a verdict with the computed value and its range, the factor by which the
// claim is off, the sources used, and the implied assumption: the single input value that would
// make the claim true, with whether it is plausible. Claims that follow from other claims are
// also checked for internal consistency, separately from truth.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/interval.h"

namespace gpufleet::claims {

// ---- hedges ---------------------------------------------------------------------------------

// How a number was said. Each hedge accepts the claim when computed / claimed lies in
// [low, high] (see docs/claims.md for the table and the words in Italian and English).
struct Hedge {
  std::string name;                // "about"
  double low = 1, high = 1;        // accepted ratio computed / claimed
  std::vector<std::string> words;  // "about", "circa", "roughly", ...
  std::string meaning;             // "within -20%/+25% of the claimed value"
};

// Every hedge, in documentation order; the first is "exactly", "as stated" is the default.
const std::vector<Hedge>& Hedges();
// The hedge whose name or one of whose words equals `word` (ignoring case), or nullptr.
const Hedge* FindHedge(std::string_view word);

// ---- the claims file ------------------------------------------------------------------------

// One factor of a quantity expression.
struct Term {
  enum class Kind { kOutput, kCatalog, kInput, kInfer };
  Kind kind = Kind::kOutput;
  std::string name;                 // output or input name ("energy_gpus_kwh", "count")
  std::string entry_kind, id, key;  // catalog:<entry_kind>/<id>/<key>
  // infer(model="llama-3.1-70b", gpus_per_replica=4, load=0.5).energy_facility_wh_per_request:
  // the serving model's inputs (canonical names of inputs::kInfer -> text as written, quotes
  // removed) and, in `name`, one of its results (TabulateInfer's names).
  std::vector<std::pair<std::string, std::string>> args;
  bool divide = false;       // this term divides the product
  std::string Text() const;  // as written in the file
};

// A product/quotient of terms, e.g. "energy_gpus_kwh / catalog:reference/lombardy-.../energy_kwh";
// at most kMaxQuantityTerms terms (more is an input error when the file is read).
inline constexpr size_t kMaxQuantityTerms = 64;
struct QuantityExpr {
  std::vector<Term> terms;
  std::string text;
};

// One scenario setting: a fleet input (Interval) or gpu/site/system (text).
struct Setting {
  std::string key;
  Interval value;
  std::string text;  // for gpu, site, system
  int line = 0;
};

// An alternative reading of a claim: its own label, scenario additions and/or quantity.
struct Reading {
  std::string label;
  std::vector<Setting> scenario;
  std::optional<QuantityExpr> quantity;
  int line = 0;
};

// A variable to solve for: a fleet input name or a catalog reference.
struct SolveSpec {
  std::string variable;
  std::optional<Interval> plausible;  // overrides the catalog's range
  std::optional<Interval> domain;     // where to search; default: around its current value
};

struct Claim {
  std::string id;
  std::string words;        // original words, verbatim
  std::string translation;  // optional, English
  std::string file;         // source text, from the claim or the file's [source]
  int sentence = 0;         // 1-based sentence number in the source (as `check --extract` counts)
  std::string note;
  QuantityExpr quantity;   // no terms when quantity = "unmodelled"
  std::string missing;     // for an unmodelled claim: what a check would need
  double value = 0;        // claimed value, in `unit` (scale words applied)
  std::string unit;        // claimed unit as written ("GWh", "EUR/km", "")
  std::string value_text;  // value as written in the claims file ("10 bn")
  const Hedge* hedge = nullptr;
  std::vector<Setting> scenario;
  std::vector<Reading> readings;  // empty: one reading, the claim's own
  std::vector<std::string> follows;
  std::vector<SolveSpec> solve;
  int line = 0;       // line of the [[claim]] in the claims file
  int unit_line = 0;  // line of its `unit` (its [[claim]]'s when none is written)
};

struct ClaimsFile {
  std::string path;  // for messages
  std::string title, source_file, language;
  std::vector<Setting> defaults;  // [scenario] shared by every claim
  std::vector<Claim> claims;
};

// Parses a claims file. Throws InputError naming `path`, the line and the field on malformed
// TOML, a missing or unknown field, an unknown hedge, an unparsable value or unit, a
// malformed quantity, an unknown output/input name or catalog entry, an unknown or cyclic
// `follows`, duplicate ids. Units and dimensions are checked by Check().
ClaimsFile ParseClaimsFile(std::string_view text, const std::string& path, const Catalog& catalog);

// ---- verdicts ------------------------------------------------------------------------------

enum class Verdict { kHolds, kOff, kPartly, kUnverifiable };
std::string_view ToString(Verdict v);  // "holds", "off", "partly", "unverifiable"
std::string_view Mark(Verdict v);      // "✓", "✗", "◐", "?"

struct Implied {
  std::string variable, unit;
  bool solved = false;
  double value = 0;                   // the solution, in `unit`
  double current = 0;                 // the scenario's value, in `unit`
  std::optional<Interval> plausible;  // the range it is judged against
  std::string plausible_source;       // "catalog gpu h100-sxm tdp_w..idle_w", "claim file"
  bool is_plausible = false;
  // The solution is where a step function (nodes, racks) jumps across the claimed value: no
  // value of the variable gives it, and `value` only marks the step.
  bool jump = false;
  std::string text;  // "gpu_power_w = 427 W (scenario 700 W): plausible, within 120..700 W"
};

struct ReadingResult {
  std::string label;
  Verdict verdict = Verdict::kUnverifiable;  // holds, off or unverifiable
  Interval computed;                         // in the claim's unit
  Interval accepted;       // the hedge's band around the claimed value, in the claim's unit
  double factor = 0;       // claimed / computed (central values); 0 when unverifiable
  std::string direction;   // "overstated", "understated", "" when it holds exactly
  std::string missing;     // for unverifiable: what is missing
  std::string assumption;  // the scenario in words
  std::vector<std::string> sources;
  std::vector<Implied> implied;
};

struct Consistency {
  bool checked = false;  // false: no `follows`, or the followed claim gives no assumption
  bool consistent = false;
  double factor = 0;  // claimed / value derived from the followed claims
  Interval derived;   // in the claim's unit
  std::string text;
};

struct ClaimResult {
  const Claim* claim = nullptr;
  Verdict verdict = Verdict::kUnverifiable;
  std::vector<ReadingResult> readings;
  Consistency consistency;
  std::string explanation;  // one or two sentences in plain English
};

struct Report {
  std::string title, source_file, claims_path;
  std::vector<ClaimResult> results;
};

// Work limits of Check, for a server: `max_work` caps the evaluations of quantity terms over the
// whole file (a fleet output, input or catalog term counts 1, a serving term kServingTermWork,
// about its cost relative to a fleet term; the solver evaluates a quantity tens of times per
// variable). 0: no cap.
struct CheckOptions {
  uint64_t max_work = 0;
};
inline constexpr uint64_t kServingTermWork = 5;

// Checks every claim. Pure: reads only `file` and `catalog`. Throws InputError (file, claim's
// line, field) when a claim's unit does not measure its quantity ("700 W" claimed for an
// energy), or a scenario setting is out of its domain; WorkBudgetError (error.h) when the checks
// would exceed `options.max_work`.
Report Check(const ClaimsFile& file, const Catalog& catalog, const CheckOptions& options = {});

// Renderers. Text is for people (a summary table, then one block per claim); JSON for
// programs; Markdown for documents.
std::string RenderText(const Report& r);
std::string RenderJson(const Report& r);
std::string RenderMarkdown(const Report& r);

// A claim's number for people with its unit after it, as every renderer prints it: "10 bn USD",
// "700 W", "58%" (a percent sign without a space, as written), the number alone without a unit.
std::string NumberWithUnit(const std::string& number, const std::string& unit);

// Numbers in verdicts come from gpufleet/si_format.h (FormatScaled, FormatScaledInterval).

}  // namespace gpufleet::claims

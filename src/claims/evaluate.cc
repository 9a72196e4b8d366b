#include "claims/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "claims/claims_file_internal.h"
#include "gpufleet/error.h"
#include "gpufleet/infer.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

// The current thread's Check budget (WorkMeter): term evaluations used and allowed (0: no cap).
thread_local uint64_t t_work_used = 0;
thread_local uint64_t t_work_max = 0;

void Charge(uint64_t work) {
  t_work_used += work;
  if (t_work_max != 0 && t_work_used > t_work_max) {
    throw WorkBudgetError(Where{"<claims>", 0, "claims"},
                          fmt::format("checking these claims needs more than {} evaluations of "
                                      "their quantities' terms, this server's budget per request "
                                      "(fewer claims, terms or solve_for variables fit)",
                                      t_work_max));
  }
}

uint64_t TermWork(const Term& t) { return t.kind == Term::Kind::kInfer ? kServingTermWork : 1; }

// Catalog GPU facts that the fleet inputs carry: reading them from the inputs lets the solver
// and the scenario change them.
const char* InputOfGpuFact(const std::string& key) {
  if (key == "tdp_w") return "gpu_tdp_w";
  if (key == "idle_w") return "gpu_idle_w";
  if (key == "price_usd") return "gpu_price_usd";
  if (key == "board_length_mm") return "board_length_mm";
  return nullptr;
}

bool IsScenarioGpu(const Env& env, const Catalog& catalog, const Term& t) {
  if (t.entry_kind != "gpu" || !InputOfGpuFact(t.key)) return false;
  const Entry* e = catalog.Find("gpu", env.inputs.gpu_id);
  return e && e->id == t.id;
}

std::string FactSource(const Entry& e, const std::string& key, const Fact& f) {
  return fmt::format("{} {}: {} ({}, {})", e.name.empty() ? e.id : e.name, key, f.source, f.year,
                     ToString(f.confidence));
}

// Why a fact is missing: the entry's "<stem>_note" text when there is one.
std::string MissingFact(const Entry& e, const std::string& key) {
  std::string msg = fmt::format("the catalog has no {} for {} '{}'", key, e.kind, e.id);
  const std::string stem = key.substr(0, key.rfind('_'));
  for (const auto& [k, v] : e.text) {
    if (k == stem + "_note" || k == key + "_note") msg += " (" + v + ")";
  }
  return msg;
}

// The unit of a catalog fact's key; parsing has checked it, so a miss is a caller's bug.
RtUnit KeyUnit(const std::string& key) {
  auto u = UnitOfCatalogKey(key);
  if (!u) throw std::logic_error("catalog key without a unit: " + key);
  return *u;
}

Evaluated Catalogued(const Term& t, const Env& env, const Catalog& catalog, bool with_sources) {
  Evaluated out;
  out.unit = KeyUnit(t.key);
  const Entry& e = catalog.Get(t.entry_kind, t.id);
  const Fact* f = e.Find(t.key);
  Interval v;
  if (auto o = env.overrides.find(t.Text()); o != env.overrides.end()) {
    v = o->second;
  } else if (IsScenarioGpu(env, catalog, t)) {
    const std::string input = InputOfGpuFact(t.key);
    if (input == "board_length_mm" && !env.inputs.board_length) {
      out.available = false;
      out.missing = MissingFact(e, t.key);
      return out;
    }
    v = GetInput(env.inputs, input);
  } else if (f) {
    v = f->value;
  } else {
    out.available = false;
    out.missing = MissingFact(e, t.key);
    return out;
  }
  if (f && with_sources) out.sources.push_back(FactSource(e, t.key, *f));
  out.si = v * out.unit.factor;
  out.assumption = fmt::format("{} {} = {}", e.id, t.key, FormatScaledInterval(v, 4));
  return out;
}

// Inputs whose change moves this output, with their sources.
std::vector<std::string> InputSources(const FleetInputs& in, const std::string& output,
                                      double base) {
  std::vector<std::string> out;
  for (const std::string& name : InputNames()) {
    const Interval v = GetInput(in, name);
    if (v.value == 0 || (name == "gpu_power_w" && !in.gpu_avg_power)) continue;
    FleetInputs moved = in;
    try {
      SetInput(moved, name, v.value * (name == "load" && v.value > 0.5 ? 0.9 : 1.1));
      auto r = FindResult(moved, Evaluate(moved), output);
      if (!r || !r->figure.present() || r->figure.range().value == base) continue;
    } catch (const InputError&) {
      continue;
    }
    const std::string* s = in.sources.Find(name);
    const std::string unit = InputUnit(name);
    out.push_back(fmt::format("{} = {}{}: {}", name, FormatScaledInterval(v, 4),
                              unit.empty() ? "" : " " + unit,
                              s == nullptr ? "set by the claims file" : *s));
  }
  return out;
}

Evaluated Output(const Term& t, const Env& env, bool with_sources) {
  auto r = FindResult(env.inputs, Evaluate(env.inputs), t.name);
  Evaluated out;
  if (!r) {  // the model has no such row for this scenario: never read an empty optional
    out.available = false;
    out.missing = "the fleet model gives no " + t.name + " for this scenario";
    return out;
  }
  out.unit = *ParseUnit(r->figure.unit());
  if (!r->figure.present()) {
    out.available = false;
    out.missing = r->figure.why();
    return out;
  }
  out.si = r->figure.range() * out.unit.factor;
  out.assumption = r->description + ": " + r->figure.basis();
  if (with_sources) out.sources = InputSources(env.inputs, t.name, r->figure.range().value);
  return out;
}

// A serving result: the infer model at the term's arguments (and the solver's overrides).
Evaluated Served(const Term& t, const Env& env, const Catalog& catalog) {
  Evaluated out;
  std::optional<NamedResult> r;
  try {
    r = InferResultOf(catalog, t, env.infer_overrides);
  } catch (const InputError& e) {  // e.g. demand above the fleet at a solver's trial value
    out.available = false;
    out.missing = fmt::format("the serving model rejects {}: {}", t.Text(), e.detail());
    return out;
  }
  if (!r) {
    out.available = false;
    out.missing = "the serving model gives no " + t.name;
    return out;
  }
  auto unit = ParseUnit(r->figure.unit());
  if (!unit) {  // a result in a unit the checker cannot convert: say so, never guess
    out.available = false;
    out.missing =
        fmt::format("{} is in '{}', a unit claims cannot be compared in", t.name, r->figure.unit());
    return out;
  }
  out.unit = *unit;
  if (!r->figure.present()) {
    out.available = false;
    out.missing = r->figure.why();
    return out;
  }
  out.si = r->figure.range() * out.unit.factor;
  std::vector<std::string> args;
  for (const auto& [k, v] : t.args) {
    if (!env.infer_overrides.count(k)) args.push_back(k + " " + v);
  }
  for (const auto& [k, v] : env.infer_overrides) {
    args.push_back(k + " " + FormatScaledInterval(v, 4));
  }
  out.assumption = fmt::format("{} (gpufleet infer: {})", r->description, fmt::join(args, ", "));
  if (!r->figure.basis().empty()) out.assumption += ": " + r->figure.basis();
  return out;
}

Evaluated Input(const Term& t, const Env& env) {
  Evaluated out;
  out.unit = *ParseUnit(InputUnit(t.name));
  out.si = GetInput(env.inputs, t.name) * out.unit.factor;
  out.assumption = t.name;
  return out;
}

// Whether `t` reads the fleet scenario: a fleet output or input, or a fact of the scenario's GPU
// that the scenario sets (its TDP, idle power, price, board length).
bool ReadsScenario(const Term& t, const Env& env, const Catalog& catalog) {
  switch (t.kind) {
    case Term::Kind::kOutput:
    case Term::Kind::kInput:
      return true;
    case Term::Kind::kCatalog:
      return !env.overrides.count(t.Text()) && IsScenarioGpu(env, catalog, t);
    case Term::Kind::kInfer:
      return false;
  }
  return false;
}

// The product/quotient of the scenario-reading terms (`reads`) with the fleet inputs of `env`,
// central values only; NaN when one is not available.
double ScenarioProduct(const QuantityExpr& q, const std::vector<bool>& reads, const Env& env,
                       const Catalog& catalog) {
  double x = 1;
  for (size_t i = 0; i < q.terms.size(); ++i) {
    if (!reads[i]) continue;
    const Term& t = q.terms[i];
    Charge(TermWork(t));
    const Evaluated e = t.kind == Term::Kind::kCatalog ? Catalogued(t, env, catalog, false)
                        : t.kind == Term::Kind::kInput ? Input(t, env)
                                                       : Output(t, env, false);
    if (!e.available) return std::nan("");
    x = t.divide ? x / e.si.value : x * e.si.value;
  }
  return x;
}

// A fleet input narrowed to one of its own values. SetInput forgets the embodied figure's
// boundary (a figure from outside covers what its giver meant); this is the same figure.
void SetPoint(FleetInputs& in, const std::string& name, double x) {
  const std::string boundary = in.embodied_boundary;
  SetInput(in, name, Interval(x));
  in.embodied_boundary = boundary;
}

// The range of the scenario-reading terms taken together. Interval arithmetic takes each term's
// range as independent of the others', so two figures of one scenario (facility over IT energy,
// a figure over itself) got a range far wider than the scenario allows, and false claims held.
// Here each ranged fleet input is moved alone to either end to learn which end lowers the
// product; the product is then evaluated with every input at its lowering end and at its
// raising end. That is the exact range when the product is monotone in each input, as the
// model's figures are; the one-at-a-time points are kept in the hull in case it is not. nullopt
// when the scenario model rejects a combination of ends (the caller keeps interval arithmetic).
std::optional<Interval> ScenarioRange(const QuantityExpr& q, const std::vector<bool>& reads,
                                      const Env& env, const Catalog& catalog) {
  Env point = env;
  std::vector<std::pair<std::string, Interval>> ranged;
  for (const std::string& name : InputNames()) {
    if (name == "gpu_power_w" && !env.inputs.gpu_avg_power) continue;  // derived, not set
    const Interval v = GetInput(env.inputs, name);
    if (v.low == v.high) continue;
    ranged.emplace_back(name, v);
    SetPoint(point.inputs, name, v.value);
  }
  try {
    const double central = ScenarioProduct(q, reads, point, catalog);
    double lo = central, hi = central;
    Env low_corner = point, high_corner = point;
    for (const auto& [name, v] : ranged) {
      Env moved = point;
      SetPoint(moved.inputs, name, v.low);
      const double at_low = ScenarioProduct(q, reads, moved, catalog);
      SetPoint(moved.inputs, name, v.high);
      const double at_high = ScenarioProduct(q, reads, moved, catalog);
      if (!std::isfinite(at_low) || !std::isfinite(at_high)) return std::nullopt;
      lo = std::min({lo, at_low, at_high});
      hi = std::max({hi, at_low, at_high});
      SetPoint(low_corner.inputs, name, at_low <= at_high ? v.low : v.high);
      SetPoint(high_corner.inputs, name, at_low <= at_high ? v.high : v.low);
    }
    const double a = ScenarioProduct(q, reads, low_corner, catalog);
    const double b = ScenarioProduct(q, reads, high_corner, catalog);
    if (!std::isfinite(central) || !std::isfinite(a) || !std::isfinite(b)) return std::nullopt;
    return Interval(central, std::min({lo, a, b}), std::max({hi, a, b}));
  } catch (const WorkBudgetError&) {
    throw;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace

WorkMeter::WorkMeter(uint64_t max_work) : saved_used_(t_work_used), saved_max_(t_work_max) {
  t_work_used = 0;
  t_work_max = max_work;
}

WorkMeter::~WorkMeter() {
  t_work_used = saved_used_;
  t_work_max = saved_max_;
}

std::optional<NamedResult> InferResultOf(const Catalog& catalog, const Term& t,
                                         const std::map<std::string, Interval>& overrides) {
  inputs::Given given(inputs::kInfer);
  for (const auto& [k, v] : t.args) {
    if (!overrides.count(k)) given.SetText(k, v);
  }
  for (const auto& [k, v] : overrides) {
    const inputs::Input& in = inputs::Get(k, inputs::kInfer);
    given.SetValue(k, in.domain.integer
                          ? Interval(std::round(v.value), std::round(v.low), std::round(v.high))
                          : v);
  }
  given.CheckAll();
  const InferInputs in = InferInputsFrom(catalog, given);
  const InferResult r = Evaluate(in);
  for (NamedResult& row : TabulateInfer(in, r)) {
    if (row.name == t.name) return std::move(row);
  }
  return std::nullopt;
}

std::string InferResultNamesList() {
  static const std::string names = [] {
    InferInputs in;  // the struct's own defaults: a valid model is all the names need
    in.model.params = in.model.active_params = 8e9;
    in.model.layers = 32;
    in.model.hidden = 4096;
    in.model.heads = 32;
    in.model.kv_heads = 8;
    in.model.head_dim = 128;
    in.batch = 1;
    std::vector<std::string> out;
    for (const NamedResult& r : TabulateInfer(in, Evaluate(in))) out.push_back(r.name);
    return fmt::format("{}", fmt::join(out, ", "));
  }();
  return names;
}

const inputs::Input* InferVariable(const std::string& variable) {
  if (variable.rfind("infer:", 0) != 0) return nullptr;
  const inputs::Input* in = inputs::Find(variable.substr(6), inputs::kInfer);
  if (in == nullptr || !(in->front_ends & inputs::kApi) || in->kind == inputs::Kind::kId ||
      in->kind == inputs::Kind::kSwitch) {
    return nullptr;
  }
  return in;
}

Interval UsdPerEur(const Catalog& catalog) {
  const Entry* e = catalog.Find("reference", "usd-per-eur-2024");
  const Fact* f = e ? e->Find("rate_usd_per_eur") : nullptr;
  if (!f) throw InputError("the catalog has no reference usd-per-eur-2024 rate_usd_per_eur");
  return f->value;
}

std::string UsdPerEurSource(const Catalog& catalog) {
  const Entry& e = catalog.Get("reference", "usd-per-eur-2024");
  return FactSource(e, "rate_usd_per_eur", e.Get("rate_usd_per_eur"));
}

Evaluated EvaluateQuantity(const QuantityExpr& q, const Env& env, const Catalog& catalog,
                           bool with_sources) {
  Evaluated total;
  total.si = 1.0;
  Interval others = 1.0;  // the product of the terms that do not read the scenario
  std::vector<bool> reads;
  std::vector<std::string> parts;
  for (const Term& t : q.terms) Charge(TermWork(t));
  for (const Term& t : q.terms) {
    reads.push_back(ReadsScenario(t, env, catalog));
    Evaluated e = t.kind == Term::Kind::kCatalog ? Catalogued(t, env, catalog, with_sources)
                  : t.kind == Term::Kind::kInput ? Input(t, env)
                  : t.kind == Term::Kind::kInfer ? Served(t, env, catalog)
                                                 : Output(t, env, with_sources);
    if (!e.available && total.available) {
      total.available = false;
      total.missing = e.missing;
    }
    if (e.unit.eur() != 0) {  // fold EUR into USD at the catalog's rate
      const int n = e.unit.eur();
      for (int i = 0; i < std::abs(n); ++i)
        e.si = n > 0 ? e.si * UsdPerEur(catalog) : e.si / UsdPerEur(catalog);
      e.unit.dim[3] += n;
      e.unit.dim[4] = 0;
      if (with_sources) e.sources.push_back(UsdPerEurSource(catalog));
    }
    if (t.divide && e.available && e.si.low <= 0 && e.si.high >= 0) {
      // A divisor that is or may be 0: no number, and no NaN either (0/0 stopped the whole
      // file with "interval holds NaN" where x/0 was unverifiable).
      if (total.available) {
        total.available = false;
        total.missing = fmt::format("a division by zero: '{}' is {} in this scenario", t.Text(),
                                    e.si.low == e.si.high ? "0" : "0 somewhere in its range");
      }
      e.si = 1.0;
    }
    total.si = t.divide ? total.si / e.si : total.si * e.si;
    if (!reads.back()) others = t.divide ? others / e.si : others * e.si;
    total.unit = t.divide ? Divide(total.unit, e.unit) : Multiply(total.unit, e.unit);
    for (std::string& s : e.sources) {
      if (std::find(total.sources.begin(), total.sources.end(), s) == total.sources.end())
        total.sources.push_back(std::move(s));
    }
    parts.push_back(e.assumption);
  }
  total.unit.factor = 1;
  total.assumption = fmt::format("{}", fmt::join(parts, "; "));
  // Two or more terms of one scenario vary together, not independently.
  if (total.available && std::count(reads.begin(), reads.end(), true) >= 2) {
    if (const std::optional<Interval> together = ScenarioRange(q, reads, env, catalog)) {
      total.si = *together * others;
    }
  }
  // A division by zero or an overflow gives inf or NaN, and inf overlaps every claimed band: such
  // a value must never pass for a computed one (issue 12, class 5).
  const Interval& v = total.si;
  if (total.available &&
      !(std::isfinite(v.value) && std::isfinite(v.low) && std::isfinite(v.high))) {
    total.available = false;
    total.missing = fmt::format(
        "the computation gives no finite number ({} .. {} .. {}: a division by zero or an "
        "overflow in {})",
        v.low, v.value, v.high, q.text);
  }
  return total;
}

void SetVariable(Env& env, const Catalog& catalog, const std::string& variable, double x) {
  if (const inputs::Input* in = InferVariable(variable)) {
    inputs::Check(*in, in->domain.integer ? std::round(x) : x);  // out of domain: InputError
    env.infer_overrides[in->name] = x;
    return;
  }
  if (IsCatalogRef(variable)) {
    Term t;
    SplitCatalogRef(variable, t.entry_kind, t.id, t.key);
    t.id = catalog.Get(t.entry_kind, t.id).id;
    t.kind = Term::Kind::kCatalog;
    if (IsScenarioGpu(env, catalog, t)) {
      SetInput(env.inputs, InputOfGpuFact(t.key), x);
    } else {
      env.overrides[t.Text()] = x;
    }
    return;
  }
  SetInput(env.inputs, variable, x);
  if (variable == "load") env.inputs.gpu_avg_power.reset();
}

Interval GetVariable(const Env& env, const Catalog& catalog, const std::string& variable,
                     std::string& unit, const QuantityExpr* q) {
  if (const inputs::Input* in = InferVariable(variable)) {
    unit = in->unit;
    if (auto o = env.infer_overrides.find(in->name); o != env.infer_overrides.end())
      return o->second;
    for (const Term& t : q ? q->terms : std::vector<Term>{}) {
      for (const auto& [k, v] : t.args) {
        if (k == in->name) return inputs::Parse(*in, v);
      }
    }
    return inputs::Default(*in).value_or(0.0);
  }
  if (!IsCatalogRef(variable)) {
    unit = InputUnit(variable);
    return GetInput(env.inputs, variable);
  }
  Term t;
  t.kind = Term::Kind::kCatalog;
  SplitCatalogRef(variable, t.entry_kind, t.id, t.key);
  t.id = catalog.Get(t.entry_kind, t.id).id;
  const RtUnit key_unit = KeyUnit(t.key);
  unit = key_unit.text;
  Evaluated e = Catalogued(t, env, catalog, false);
  if (!e.available) return 0.0;
  return e.si * (1 / key_unit.factor);
}

}  // namespace gpufleet::claims

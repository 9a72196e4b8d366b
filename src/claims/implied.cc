#include "claims/implied.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "claims/claims_file_internal.h"
#include "gpufleet/error.h"
#include "gpufleet/si_format.h"
#include "gpufleet/solve.h"

namespace gpufleet::claims {
namespace {

std::optional<Interval> FactRange(const Catalog& c, const std::string& kind, const std::string& id,
                                  const std::string& key) {
  const Entry* e = c.Find(kind, id);
  const Fact* f = e ? e->Find(key) : nullptr;
  if (!f) return std::nullopt;
  return f->value;
}

// The range a solved value is judged against, and where it comes from.
std::optional<Interval> Plausible(const Env& env, const Catalog& c, const SolveSpec& spec,
                                  std::string& source) {
  if (spec.plausible) {
    source = "the claims file";
    return spec.plausible;
  }
  const std::string& v = spec.variable;
  const std::string& gpu = env.inputs.gpu_id;
  if (IsCatalogRef(v)) {
    std::string kind, id, key;
    SplitCatalogRef(v, kind, id, key);
    source = "the catalog's range for " + id + " " + key;
    return FactRange(c, kind, id, key);
  }
  if (v == "load" || v == "infer:load") {
    source = "idle (0) to TDP (1)";
    return Interval::Between(0, 1);
  }
  if (v == "gpu_power_w") {
    auto idle = FactRange(c, "gpu", gpu, "idle_w"), tdp = FactRange(c, "gpu", gpu, "tdp_w");
    if (!idle || !tdp) return std::nullopt;
    source = "from " + gpu + "'s idle to its TDP (catalog)";
    return Interval::Between(idle->low, tdp->high);
  }
  static const std::pair<const char*, const char*> gpu_facts[] = {
      {"gpu_tdp_w", "tdp_w"},
      {"gpu_idle_w", "idle_w"},
      {"gpu_price_usd", "price_usd"},
      {"board_length_mm", "board_length_mm"}};
  for (const auto& [input, key] : gpu_facts) {
    if (v != input) continue;
    source = "the catalog's " + std::string(key) + " for " + gpu;
    return FactRange(c, "gpu", gpu, key);
  }
  return std::nullopt;
}

struct Domain {
  double lo, hi;
  bool log;
};

Domain SearchDomain(const SolveSpec& spec, double current, const std::optional<Interval>& p) {
  if (spec.domain)
    return {spec.domain->low, spec.domain->high,
            spec.domain->low > 0 && spec.domain->high / spec.domain->low > 100};
  if (spec.variable == "load" || spec.variable == "infer:load") return {0, 1, false};
  if (spec.variable == "pue") return {1, 10, false};
  const double anchor = current > 0 ? current : (p && p->value > 0 ? p->value : 1);
  return {anchor / 1e4, anchor * 1e4, true};
}

std::string Num(double x, const std::string& unit) {
  return FormatScaled(x, 4) + (unit.empty() ? "" : " " + unit);
}

}  // namespace

Implied SolveImplied(const QuantityExpr& q, const Env& env, const Catalog& catalog,
                     const SolveSpec& spec, double target_si, const std::string& holds_by) {
  Implied out;
  out.variable = spec.variable;
  const Interval current = GetVariable(env, catalog, spec.variable, out.unit, &q);
  out.current = current.value;
  out.plausible = Plausible(env, catalog, spec, out.plausible_source);
  const Domain d = SearchDomain(spec, current.value, out.plausible);
  std::string refused;  // why the last trial value was refused
  auto f = [&](double x) -> std::optional<double> {
    Env e = env;
    try {
      SetVariable(e, catalog, spec.variable, x);
      Evaluated v = EvaluateQuantity(q, e, catalog, false);
      if (!v.available) return std::nullopt;
      return v.si.value;
    } catch (const WorkBudgetError&) {
      throw;  // the request's budget, not a rejected trial value
    } catch (const InputError& err) {
      refused = err.what();
      return std::nullopt;
    }
  };
  const double prefer = current.value > 0 ? current.value : (d.lo + d.hi) / 2;
  if (!(d.lo < d.hi) || !std::isfinite(d.lo) || !std::isfinite(d.hi)) {
    // Only from a current value so extreme that around it overflows: no search, no crash.
    out.text = fmt::format("{} cannot be searched around {}", spec.variable, out.current);
    return out;
  }
  SolveResult r = Solve(f, target_si, d.lo, d.hi, prefer, {.log_scale = d.log});
  const std::string now = out.current > 0 ? " (scenario: " + Num(out.current, out.unit) + ")" : "";
  if (!r.solved) {
    const auto at_lo = f(d.lo), at_hi = f(d.hi), at_now = f(prefer);
    // Every trial refused: the variable cannot be set on this quantity ("the closest, 0
    // requests/day, gives 0", 0 outside the range searched; found by an adversarial tester).
    if (!at_lo && !at_hi && !at_now) {
      out.text = fmt::format("{} cannot be varied here: {}", spec.variable,
                             refused.empty() ? "the quantity is not available at any value tried"
                                             : "every value tried is refused (" + refused + ")");
      return out;
    }
    // Equal to rounding: the quantity does not depend on the variable (docs/claims.md; an
    // infer:count on energy per request was "no count ... the closest gives 0.731").
    const auto same = [](double a, double b) {
      return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
    };
    // Over the values the quantity takes at all (the domain's ends may be refused: a count of
    // 5 billion GPUs is).
    std::vector<double> seen;
    const double mid_lo = d.log ? std::sqrt(d.lo * prefer) : (d.lo + prefer) / 2;
    const double mid_hi = d.log ? std::sqrt(prefer * d.hi) : (prefer + d.hi) / 2;
    for (const auto& v : {at_lo, at_hi, at_now, f(mid_lo), f(mid_hi)}) {
      if (v) seen.push_back(*v);
    }
    if (seen.size() >= 2 &&
        std::all_of(seen.begin(), seen.end(), [&](double v) { return same(v, seen.front()); })) {
      out.text = fmt::format("{} does not change this quantity", spec.variable);
      return out;
    }
    const double closest = target_si != 0 ? r.fx / target_si : 0.0;
    if (!holds_by.empty()) {
      // The verdict reads the computed range against the hedge's band; the solver, the central
      // value against the claimed one: "holds" beside "no infer:load in 0..1 makes it true" read
      // as a contradiction (found by an adversarial tester, eighteenth pass).
      out.text = fmt::format(
          "the claim holds {}; at the other inputs' central values no {} in {}..{} gives the "
          "claimed value exactly{}: the closest, {}, gives {:.3g} of it",
          holds_by, spec.variable, Num(d.lo, out.unit), Num(d.hi, out.unit), now,
          Num(r.x, out.unit), closest);
      return out;
    }
    out.text = fmt::format(
        "no {} in {}..{} makes it true{}; the closest, {}, gives {:.3g} of the "
        "value that would make it hold",
        spec.variable, Num(d.lo, out.unit), Num(d.hi, out.unit), now, Num(r.x, out.unit), closest);
    return out;
  }
  out.solved = true;
  out.value = r.x;
  if (r.jump) {
    // A step (nodes, racks: whole numbers) jumps across the claimed value at r.x: no value of
    // the variable gives the claim, so none is offered as the assumption that would make it hold.
    out.jump = true;
    out.text = fmt::format(
        "no {} gives the claimed value exactly{}: the quantity is a step that jumps across it at "
        "{} = {}",
        spec.variable, now, spec.variable, Num(r.x, out.unit));
    return out;
  }
  std::string judged = "no sourced range to judge it against";
  if (out.plausible && out.plausible->low == out.plausible->high) {
    // A single sourced value: say how far the implied one is from it.
    const double v = out.plausible->value;
    out.is_plausible = v != 0 && std::fabs(r.x / v - 1) <= 0.01;
    judged = fmt::format("{:+.1f}% from {} ({})", v != 0 ? (r.x / v - 1) * 100 : 0.0,
                         Num(v, out.unit), out.plausible_source);
  } else if (out.plausible) {
    const double tol =
        1e-6 * std::max(std::fabs(out.plausible->low), std::fabs(out.plausible->high));
    out.is_plausible = out.plausible->low - tol <= r.x && r.x <= out.plausible->high + tol;
    // Within 1% past an end: what a rounded claim gives ("21.6 GWh" for 21.588 implies 700.4 W
    // against a 700 W TDP, which read "implausible" beside a claim that holds; found by an
    // adversarial tester).
    const double edge =
        0.01 * std::max(std::fabs(out.plausible->low), std::fabs(out.plausible->high));
    const bool at_edge =
        !out.is_plausible && out.plausible->low - edge <= r.x && r.x <= out.plausible->high + edge;
    out.is_plausible = out.is_plausible || at_edge;
    judged = fmt::format("{} against {}..{} ({}){}", out.is_plausible ? "plausible" : "implausible",
                         FormatScaled(out.plausible->low), Num(out.plausible->high, out.unit),
                         out.plausible_source,
                         at_edge ? ": within 1% past its end, as a rounded claim gives" : "");
  }
  out.text =
      fmt::format("{} = {}{}{}, {}", spec.variable, Num(r.x, out.unit), now,
                  r.roots.size() > 1 ? fmt::format(" [{} solutions]", r.roots.size()) : "", judged);
  return out;
}

}  // namespace gpufleet::claims

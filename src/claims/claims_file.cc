// Reading a claims file (TOML, docs/claims.md) into a ClaimsFile, with every error naming the
// file, the line and the field.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "claims/claims_file_internal.h"
#include "claims/evaluate.h"
#include "claims/rt_unit.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"
#include "util/subnormal.h"
#include "util/toml_util.h"

namespace gpufleet::claims {
namespace {

struct Ctx {
  std::string path;
  const Catalog& catalog;
  Where At(const toml::node& n, const std::string& field) const { return WhereOf(path, n, field); }
};

std::string String(const Ctx& c, const toml::node& n, const std::string& field) {
  auto v = n.value<std::string>();
  if (!v) throw InputError(c.At(n, field), "must be a string");
  return *v;
}

// The kit's typed fields (util/toml_util.h), with the claims file's key prefixes.
std::optional<std::string> OptString(const Ctx& c, const toml::table& t, const char* key,
                                     const std::string& prefix) {
  return TomlFields(c.path, t, prefix).OptString(key);
}

void CheckKeys(const Ctx& c, const toml::table& t, std::initializer_list<std::string_view> known,
               const std::string& prefix) {
  TomlFields(c.path, t, prefix)
      .RejectUnknownKeys(known, fmt::format("expected one of: {}", fmt::join(known, ", ")));
}

Interval NumberOrRange(const Ctx& c, const toml::node& n, const std::string& field) {
  return gpufleet::NumberOrRange(c.path, n, field);
}

std::vector<Setting> Scenario(const Ctx& c, const toml::node* node, const std::string& prefix) {
  std::vector<Setting> out;
  if (!node) return out;
  const toml::table* t = node->as_table();
  if (!t) throw InputError(c.At(*node, prefix), "must be a table of fleet inputs");
  static const std::map<std::string, std::string> kinds = {
      {"gpu", "gpu"}, {"site", "site"}, {"system", "system"}};
  for (const auto& [k, v] : *t) {
    Setting s;
    s.key = std::string(k.str());
    s.line = static_cast<int>(v.source().begin.line);
    const std::string field = prefix + "." + s.key;
    if (auto kind = kinds.find(s.key); kind != kinds.end()) {
      s.text = String(c, v, field);
      if (!s.text.empty() && !c.catalog.Find(kind->second, s.text)) {
        try {
          c.catalog.Get(kind->second, s.text);
        } catch (const InputError& e) {
          throw InputError(c.At(v, field), e.detail());
        }
      }
    } else {
      try {
        InputUnit(s.key);
      } catch (const InputError&) {
        throw InputError(c.At(v, field),
                         fmt::format("unknown fleet input; known: gpu, site, system, {}",
                                     fmt::join(InputNames(), ", ")));
      }
      s.value = gpufleet::NumberOrRange(c.path, v, field, inputs::Find(s.key, inputs::kFleet));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> StringList(const Ctx& c, const toml::node* n, const std::string& f) {
  std::vector<std::string> out;
  if (!n) return out;
  if (auto s = n->value<std::string>()) return {*s};
  const toml::array* a = n->as_array();
  if (!a) throw InputError(c.At(*n, f), "must be a string or an array of strings");
  for (const toml::node& x : *a) out.push_back(String(c, x, f));
  return out;
}

SolveSpec Solve(const Ctx& c, const toml::node& n, const std::string& f) {
  SolveSpec s;
  if (auto name = n.value<std::string>()) {
    s.variable = *name;
  } else if (const toml::table* t = n.as_table()) {
    CheckKeys(c, *t, {"variable", "plausible", "domain"}, f + ".");
    auto v = OptString(c, *t, "variable", f + ".");
    if (!v) throw InputError(c.At(n, f + ".variable"), "missing");
    s.variable = *v;
    if (const toml::node* p = t->get("plausible"))
      s.plausible = NumberOrRange(c, *p, f + ".plausible");
    if (const toml::node* d = t->get("domain")) {
      s.domain = NumberOrRange(c, *d, f + ".domain");
      // The solver searches lo..hi: a single number or a zero-width range is no domain.
      if (!(s.domain->low < s.domain->high) || !std::isfinite(s.domain->low) ||
          !std::isfinite(s.domain->high)) {
        throw InputError(c.At(*d, f + ".domain"),
                         fmt::format("must be a range lo..hi with lo < hi, got {}..{}",
                                     s.domain->low, s.domain->high));
      }
    }
  } else {
    throw InputError(c.At(n, f), "must be an input name or a table {variable = ...}");
  }
  if (IsCatalogRef(s.variable)) {
    // The same checks as a quantity's catalog term: well formed, a known entry, a known fact
    // with a known unit.
    ParseQuantity(s.variable, c.catalog, c.At(n, f));
    return s;
  }
  if (InferVariable(s.variable)) return s;  // infer:load, infer:batch ...: a serving input
  try {
    InputUnit(s.variable);
  } catch (const InputError&) {
    throw InputError(c.At(n, f), fmt::format("cannot solve for '{}': not a fleet input ({}), an "
                                             "infer:<serving input> nor a "
                                             "catalog:<kind>/<id>/<key> reference",
                                             s.variable, fmt::join(InputNames(), ", ")));
  }
  return s;
}

void Value(const Ctx& c, const toml::table& t, Claim& claim, const std::string& p) {
  const toml::node* v = t.get("value");
  if (!v) throw InputError(Where{c.path, claim.line, p + "value"}, "missing");
  if (auto d = NumberValue(*v)) {
    claim.value = *d;
    claim.value_text = FormatScaled(*d, 6);
  } else if (auto s = v->value<std::string>()) {
    auto x = ParseScaledValue(*s);
    if (!x) {
      throw InputError(c.At(*v, p + "value"),
                       "cannot read '" + *s + "' as a number" +
                           (s->find(',') != std::string::npos
                                ? " (a comma groups thousands, 1,000,000; a decimal takes a "
                                  "point, 1.5)"
                                : ""));
    }
    claim.value = *x;
    claim.value_text = *s;
  } else {
    throw InputError(c.At(*v, p + "value"), "must be a number or a string like \"10 bn\"");
  }
  if (!(claim.value > 0) || !std::isfinite(claim.value)) {
    throw InputError(c.At(*v, p + "value"), "must be > 0 and finite");
  }
  if (const auto why = SubnormalMessage(claim.value, claim.value_text)) {
    throw InputError(c.At(*v, p + "value"), *why);
  }
  claim.unit = OptString(c, t, "unit", p).value_or("");
  if (const toml::node* u = t.get("unit"))
    claim.unit_line = static_cast<int>(u->source().begin.line);
  if (!ParseUnit(claim.unit)) {
    throw InputError(c.At(t.get("unit") ? *t.get("unit") : *v, p + "unit"),
                     "unknown unit '" + claim.unit + "'");
  }
}

Claim ParseClaim(const Ctx& c, const toml::table& t, const ClaimsFile& file, size_t index) {
  Claim claim;
  claim.line = static_cast<int>(t.source().begin.line);
  auto id = OptString(c, t, "id", "claim.");
  const std::string p = "claim." + (id ? *id : std::to_string(index + 1)) + ".";
  CheckKeys(c, t,
            {"id", "words", "translation", "file", "sentence", "note", "quantity", "value", "unit",
             "hedge", "scenario", "reading", "follows", "solve_for", "missing"},
            p);
  if (!id) throw InputError(Where{c.path, claim.line, "claim.id"}, "missing");
  if (id->empty()) throw InputError(c.At(*t.get("id"), "claim.id"), "must not be empty");
  claim.id = *id;
  claim.words = OptString(c, t, "words", p).value_or("");
  if (claim.words.empty()) throw InputError(Where{c.path, claim.line, p + "words"}, "missing");
  claim.translation = OptString(c, t, "translation", p).value_or("");
  claim.file = OptString(c, t, "file", p).value_or(file.source_file);
  claim.note = OptString(c, t, "note", p).value_or("");
  if (const toml::node* s = t.get("sentence")) {
    // value_exact: 2.5 is not a sentence number; and a count of sentences fits an int (4294967297
    // wrapped to sentence 1).
    auto n = s->value_exact<int64_t>();
    if (!n || *n < 1 || *n > 1'000'000'000) {
      throw InputError(c.At(*s, p + "sentence"),
                       "must be a positive integer (a sentence number, at most 1000000000)");
    }
    claim.sentence = static_cast<int>(*n);
  }
  auto q = OptString(c, t, "quantity", p);
  if (!q) throw InputError(Where{c.path, claim.line, p + "quantity"}, "missing");
  if (*q == "unmodelled") {
    claim.quantity.text = *q;
    claim.missing = OptString(c, t, "missing", p).value_or("");
    if (claim.missing.empty()) {
      throw InputError(c.At(*t.get("quantity"), p + "missing"),
                       "an unmodelled claim needs `missing`: what a check would need");
    }
  } else {
    claim.quantity = ParseQuantity(*q, c.catalog, c.At(*t.get("quantity"), p + "quantity"));
  }
  Value(c, t, claim, p);
  const std::string hedge = OptString(c, t, "hedge", p).value_or("");
  claim.hedge = FindHedge(hedge);
  if (!claim.hedge) {
    std::vector<std::string> names;
    for (const Hedge& h : Hedges()) names.push_back(h.name);
    throw InputError(c.At(*t.get("hedge"), p + "hedge"),
                     fmt::format("unknown hedge '{}'; known: {}", hedge, fmt::join(names, ", ")));
  }
  claim.scenario = Scenario(c, t.get("scenario"), p + "scenario");
  claim.follows = StringList(c, t.get("follows"), p + "follows");
  if (const toml::node* s = t.get("solve_for")) {
    const toml::array* a = s->as_array();
    if (!a) {
      claim.solve.push_back(Solve(c, *s, p + "solve_for"));
    } else {
      for (const toml::node& x : *a) {
        SolveSpec spec = Solve(c, x, p + "solve_for");
        // One variable solved twice gave two implied values for the same question.
        for (const SolveSpec& seen : claim.solve) {
          if (seen.variable == spec.variable) {
            throw InputError(
                c.At(x, p + "solve_for"),
                fmt::format("'{}' is given twice; give each variable once", spec.variable));
          }
        }
        claim.solve.push_back(std::move(spec));
      }
    }
  }
  if (const toml::node* r = t.get("reading")) {
    const toml::array* a = r->as_array();
    if (!a)
      throw InputError(c.At(*r, p + "reading"), "must be an array of tables [[claim.reading]]");
    for (const toml::node& x : *a) {
      const toml::table* rt = x.as_table();
      if (!rt) throw InputError(c.At(x, p + "reading"), "must be a table");
      CheckKeys(c, *rt, {"label", "scenario", "quantity"}, p + "reading.");
      Reading reading;
      reading.line = static_cast<int>(x.source().begin.line);
      reading.label = OptString(c, *rt, "label", p + "reading.").value_or("");
      if (reading.label.empty()) throw InputError(c.At(x, p + "reading.label"), "missing");
      reading.scenario = Scenario(c, rt->get("scenario"), p + "reading.scenario");
      if (auto rq = OptString(c, *rt, "quantity", p + "reading.")) {
        reading.quantity =
            ParseQuantity(*rq, c.catalog, c.At(*rt->get("quantity"), p + "reading.quantity"));
      }
      claim.readings.push_back(std::move(reading));
    }
  }
  return claim;
}

void CheckFollows(const Ctx& c, const ClaimsFile& f) {
  std::map<std::string, const Claim*> by_id;
  for (const Claim& claim : f.claims) {
    if (!by_id.emplace(claim.id, &claim).second) {
      throw InputError(Where{c.path, claim.line, "claim." + claim.id + ".id"}, "duplicate id");
    }
  }
  for (const Claim& claim : f.claims) {
    for (const std::string& id : claim.follows) {
      if (!by_id.count(id)) {
        throw InputError(Where{c.path, claim.line, "claim." + claim.id + ".follows"},
                         "unknown claim id '" + id + "'");
      }
    }
  }
  std::map<std::string, int> state;  // 1 visiting, 2 done
  std::function<void(const Claim&)> visit = [&](const Claim& claim) {
    state[claim.id] = 1;
    for (const std::string& id : claim.follows) {
      if (state[id] == 1) {
        throw InputError(Where{c.path, claim.line, "claim." + claim.id + ".follows"},
                         "claims follow each other in a cycle through '" + id + "'");
      }
      if (state[id] == 0) visit(*by_id[id]);
    }
    state[claim.id] = 2;
  };
  for (const Claim& claim : f.claims) {
    if (state[claim.id] == 0) visit(claim);
  }
}

}  // namespace

ClaimsFile ParseClaimsFile(std::string_view text, const std::string& path, const Catalog& catalog) {
  const toml::table root = ParseTomlFile(text, path);
  Ctx c{path, catalog};
  ClaimsFile f;
  f.path = path;
  CheckKeys(c, root, {"title", "source", "scenario", "claim"}, "");
  f.title = OptString(c, root, "title", "").value_or("");
  if (const toml::node* s = root.get("source")) {
    const toml::table* st = s->as_table();
    if (!st) throw InputError(c.At(*s, "source"), "must be a table");
    CheckKeys(c, *st, {"file", "language", "title", "url", "date"}, "source.");
    f.source_file = OptString(c, *st, "file", "source.").value_or("");
    f.language = OptString(c, *st, "language", "source.").value_or("");
  }
  f.defaults = Scenario(c, root.get("scenario"), "scenario");
  const toml::node* claims = root.get("claim");
  const toml::array* a = claims ? claims->as_array() : nullptr;
  if (!a || a->empty()) {
    throw InputError(
        Where{path, claims ? static_cast<int>(claims->source().begin.line) : 0, "claim"},
        "no claims: add one or more [[claim]] tables");
  }
  for (const toml::node& n : *a) {
    const toml::table* t = n.as_table();
    if (!t) throw InputError(c.At(n, "claim"), "must be a table [[claim]]");
    f.claims.push_back(ParseClaim(c, *t, f, f.claims.size()));
  }
  CheckFollows(c, f);
  return f;
}

}  // namespace gpufleet::claims

// Quantity expressions, catalog references and claimed values as written in claims files.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>
#include <vector>

#include "claims/claims_file_internal.h"
#include "claims/evaluate.h"
#include "claims/extract_lexicon.h"
#include "claims/rt_unit.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "util/ascii.h"

namespace gpufleet::claims {
namespace {

const std::vector<std::string>& OutputNames() {
  static const std::vector<std::string> names = [] {
    FleetInputs in;
    in.board_length = 1.0 * units::mm;
    in.system_price_per_gpu = 1.0 * units::usd;
    std::vector<std::string> out;
    for (const NamedResult& r : Tabulate(in, Evaluate(in))) out.push_back(r.name);
    out.push_back("peak_bf16_flops");  // the old name FindResult still accepts
    return out;
  }();
  return names;
}

bool HasKeyInKind(const Catalog& c, const std::string& kind, const std::string& key) {
  for (const Entry* e : c.All(kind)) {
    if (e->Find(key)) return true;
  }
  return false;
}

// `infer(key=value, key="text", ...).result`: the serving model's inputs by their canonical
// names (inputs::kInfer, as /api/infer takes them) and one of its results. Every argument is
// checked, and the model evaluated once, so a claims file that names a model that does not fit
// or an unknown result fails when it is read.
Term ParseInferTerm(const std::string& s, const Catalog& catalog, const Where& where) {
  const std::string form =
      "write infer(model=\"llama-3.1-70b\", gpu=\"h100-sxm\", gpus_per_replica=4).RESULT";
  Term t;
  t.kind = Term::Kind::kInfer;
  const size_t close = s.rfind(')');
  if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != '.' ||
      close + 2 >= s.size()) {
    throw InputError(where, "malformed serving quantity '" + s + "'; " + form);
  }
  t.name = s.substr(close + 2);
  std::string_view inside = std::string_view(s).substr(6, close - 6);
  std::vector<std::string> seen;
  while (!Trim(inside, kAsciiSpace).empty()) {
    const size_t comma = inside.find(',');
    std::string_view arg = Trim(inside.substr(0, comma), kAsciiSpace);
    inside = comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
    const size_t eq = arg.find('=');
    if (eq == std::string_view::npos) {
      throw InputError(where, fmt::format("malformed argument '{}' in '{}'; {}", arg, s, form));
    }
    const std::string key(Trim(arg.substr(0, eq), kAsciiSpace));
    std::string value(Trim(arg.substr(eq + 1), kAsciiSpace));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    const inputs::Input* in = inputs::Find(key, inputs::kInfer);
    if (in == nullptr || !(in->front_ends & inputs::kApi) || in->kind == inputs::Kind::kSwitch) {
      std::vector<std::string> known;
      for (const inputs::Input* i : inputs::For(inputs::kInfer, inputs::kApi)) {
        if (i->kind != inputs::Kind::kSwitch) known.push_back(i->name);
      }
      throw InputError(where, fmt::format("unknown serving input '{}' in '{}'; known: {}", key, s,
                                          fmt::join(known, ", ")));
    }
    if (value.empty()) throw InputError(where, fmt::format("'{}' has no value in '{}'", key, s));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      throw InputError(where, fmt::format("'{}' is given twice in '{}'", key, s));
    }
    seen.push_back(key);
    t.args.emplace_back(key, value);
  }
  try {
    if (!InferResultOf(catalog, t, {})) {
      throw InputError(where, fmt::format("unknown serving result '{}'; known: {}", t.name,
                                          InferResultNamesList()));
    }
  } catch (const InputError& e) {
    if (!e.where().file.empty()) throw;
    throw InputError(
        where, fmt::format("{}: {}{}", s, e.where().field.empty() ? "" : e.where().field + ": ",
                           e.detail()));
  }
  return t;
}

Term ParseTerm(std::string_view text, const Catalog& catalog, const Where& where) {
  Term t;
  const std::string s(text);
  if (s.rfind("infer(", 0) == 0) return ParseInferTerm(s, catalog, where);
  if (IsCatalogRef(s)) {
    t.kind = Term::Kind::kCatalog;
    if (!SplitCatalogRef(s, t.entry_kind, t.id, t.key)) {
      throw InputError(where, "malformed catalog reference '" + s +
                                  "'; write catalog:<gpu|system|site|reference>/<id>/<key>");
    }
    const Entry& e = catalog.Get(t.entry_kind, t.id);  // throws "unknown reference 'x'; known..."
    t.id = e.id;
    if (!HasKeyInKind(catalog, t.entry_kind, t.key)) {
      throw InputError(where,
                       fmt::format("no {} in the catalog has a fact '{}'", t.entry_kind, t.key));
    }
    if (!UnitOfCatalogKey(t.key)) {  // evaluation reads the fact in this unit
      throw InputError(where, fmt::format("the catalog fact '{}' has no known unit", t.key));
    }
  } else if (s.rfind("input:", 0) == 0) {
    t.kind = Term::Kind::kInput;
    t.name = s.substr(6);
    InputUnit(t.name);  // throws for an unknown input
  } else {
    t.kind = Term::Kind::kOutput;
    t.name = s;
    if (!IsOutputName(s)) {
      throw InputError(where, fmt::format("unknown quantity '{}'; known outputs: {} (or "
                                          "catalog:<kind>/<id>/<key>, input:<name>)",
                                          s, OutputNamesList()));
    }
  }
  return t;
}

}  // namespace

bool IsOutputName(const std::string& name) {
  for (const std::string& n : OutputNames()) {
    if (n == name) return true;
  }
  return false;
}

std::string OutputNamesList() { return fmt::format("{}", fmt::join(OutputNames(), ", ")); }

bool IsCatalogRef(std::string_view s) { return s.rfind("catalog:", 0) == 0; }

bool SplitCatalogRef(std::string_view s, std::string& kind, std::string& id, std::string& key) {
  if (!IsCatalogRef(s)) return false;
  s.remove_prefix(8);
  const size_t a = s.find('/'), b = s.rfind('/');
  if (a == std::string_view::npos || a == b || a == 0 || b + 1 >= s.size() || b == a + 1)
    return false;
  kind = s.substr(0, a);
  id = s.substr(a + 1, b - a - 1);
  key = s.substr(b + 1);
  return true;
}

std::string Term::Text() const {
  if (kind == Kind::kCatalog) return "catalog:" + entry_kind + "/" + id + "/" + key;
  if (kind == Kind::kInfer) {
    std::vector<std::string> parts;
    for (const auto& [k, v] : args) {
      const inputs::Input* in = inputs::Find(k, inputs::kInfer);
      parts.push_back(in && in->kind == inputs::Kind::kId ? k + "=\"" + v + "\"" : k + "=" + v);
    }
    return fmt::format("infer({}).{}", fmt::join(parts, ", "), name);
  }
  if (kind == Kind::kInput) return "input:" + name;
  return name;
}

QuantityExpr ParseQuantity(std::string_view text, const Catalog& catalog, const Where& where) {
  QuantityExpr q;
  q.text = std::string(text);
  // Tokens are separated by white space outside parentheses and quotes (an infer(...) term has
  // spaces after its commas).
  std::vector<std::string> tokens;
  {
    std::string cur;
    int depth = 0;
    bool quoted = false;
    for (char c : q.text) {
      if (c == '"') quoted = !quoted;
      if (!quoted && c == '(') ++depth;
      if (!quoted && c == ')' && depth > 0) --depth;
      if (!quoted && depth == 0 && std::isspace(static_cast<unsigned char>(c))) {
        if (!cur.empty()) tokens.push_back(std::move(cur));
        cur.clear();
        continue;
      }
      cur += c;
    }
    if (!cur.empty()) tokens.push_back(std::move(cur));
  }
  bool divide = false, want_term = true;
  for (const std::string& token : tokens) {
    if (!want_term) {
      if (token != "*" && token != "/") {
        throw InputError(where, "malformed quantity '" + q.text +
                                    "': terms must be separated by ' * ' or ' / ' (with spaces)");
      }
      divide = token == "/";
      want_term = true;
      continue;
    }
    Term t;
    try {
      t = ParseTerm(token, catalog, where);
    } catch (const InputError& e) {
      if (!e.where().file.empty()) throw;
      throw InputError(where, e.detail());
    }
    t.divide = divide;
    q.terms.push_back(std::move(t));
    if (q.terms.size() > kMaxQuantityTerms) {
      throw InputError(where, fmt::format("a quantity of more than {} terms ('{}...'): no claim "
                                          "needs so many; write it as several claims",
                                          kMaxQuantityTerms, q.text.substr(0, 60)));
    }
    want_term = false;
  }
  if (q.terms.empty() || want_term) {
    throw InputError(where, "malformed quantity '" + q.text + "'");
  }
  return q;
}

std::optional<double> ParseScaledValue(std::string_view text) {
  std::string digits;
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' || c == '_') continue;
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          ((c == '-' || c == '+') && !digits.empty() &&
           (digits.back() == 'e' || digits.back() == 'E'))))
      break;
    if ((c == 'e' || c == 'E') &&
        (i + 1 >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
                                   text[i + 1] == '-' || text[i + 1] == '+')))
      break;
    digits += c;
  }
  // A comma groups thousands ("1,000,000") and nothing else: "1,5 mld" (an Italian 1.5) read as
  // 15 bn, with no word (found by an adversarial tester); such a value is refused.
  const std::string_view written = text.substr(0, i);
  if (written.find(',') != std::string_view::npos &&
      !std::regex_match(written.begin(), written.end(),
                        std::regex(R"( *[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?([eE][-+]?[0-9]+)?)"))) {
    return std::nullopt;
  }
  double v = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size())
    return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i == text.size()) return v;
  auto scale = MatchScale(text, i);
  if (!scale) return std::nullopt;
  i += scale->length;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i != text.size()) return std::nullopt;
  return v * scale->scale;
}

}  // namespace gpufleet::claims

// Parsing one catalog entry ([[gpu]], [[system]], [[site]], [[reference]]) and whole files.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>

#include "catalog/parse.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/si_format.h"
#include "util/ascii.h"
#include "util/toml_util.h"
#include "util/utf8.h"

namespace gpufleet::catalog_internal {
namespace {

[[noreturn]] void Fail(const std::string& file, const toml::node& at, const std::string& field,
                       const std::string& msg) {
  throw InputError(WhereOf(file, at, field), msg);
}

// An id or alias a selector can name: `--gpu`, `--site`, the API's and Python's ids are matched
// trimmed of spaces and tabs, so a name padded with white space could never be selected; one
// holding a control character or an invisible character (Unicode white space such as U+00A0, a
// format character such as U+200B: InvisibleCodePoint) cannot be typed or told apart from another
// id when listed ("known: m1" for 'm1\u00a0'); and "none" (in any case) asks for no site or
// system (NamesNone), so a site or system of that id could never be used, nor an alias of that
// name (all were listed; found by adversarial testers).
void CheckSelectable(const std::string& file, const toml::node& at, const std::string& kind,
                     const std::string& field, const std::string& name, bool alias) {
  const std::string shown = "'" + EscapeInvisible(name) + "'";
  if (name.find_first_of(kAsciiSpace) == 0 || name.find_last_of(kAsciiSpace) == name.size() - 1) {
    Fail(file, at, field,
         shown +
             " begins or ends with white space: ids are matched trimmed, so it could never be "
             "selected");
  }
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    Fail(file, at, field, shown + " holds a control character: it could never be selected");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (ControlCharBytes(name, i) == 2) {  // a C1 control, U+0080..U+009F
      Fail(file, at, field, shown + " holds a control character: it could never be selected");
    }
    if (InvisibleCharBytes(name, i) != 0) {
      Fail(file, at, field,
           shown +
               " holds an invisible character (Unicode white space or a format character, "
               "shown escaped): ids and aliases are printable, visible characters");
    }
  }
  if ((kind == "site" || kind == "system") && NamesNone(name)) {
    Fail(file, at, field,
         alias ? shown + " is reserved: 'none' (in any case) selects no " + kind +
                     ", so this alias could never select the entry (its id and other aliases "
                     "still do)"
               : shown + " is reserved: 'none' (in any case) selects no " + kind +
                     ", so this entry could never be used");
  }
}

std::string RequireId(const std::string& file, const std::string& kind, const toml::table& t) {
  const toml::node* id = t.get("id");
  if (!id) Fail(file, t, kind, "entry without 'id'");
  if (!id->is_string() || id->value<std::string>()->empty()) {
    Fail(file, *id, kind + ".id", "'id' must be a non-empty string");
  }
  CheckSelectable(file, *id, kind, kind + ".id", *id->value<std::string>(), false);
  return *id->value<std::string>();
}

std::vector<std::string> ParseAliases(const std::string& file, const std::string& kind,
                                      const std::string& path, const toml::node& n) {
  std::vector<std::string> out;
  const toml::array* a = n.as_array();
  if (!a) Fail(file, n, path, "'aliases' must be an array of strings");
  for (const toml::node& e : *a) {
    if (!e.is_string() || e.value<std::string>()->empty()) {
      Fail(file, e, path, "'aliases' must hold non-empty strings");
    }
    CheckSelectable(file, e, kind, path, *e.value<std::string>(), true);
    out.push_back(*e.value<std::string>());
  }
  return out;
}

// Facts the models divide by or size from, where 0 (which the general rule, no negative number,
// lets through) gave infinite or NaN results with no word of where they came from (a model with
// 0 KV heads: "largest batch inf"; a GPU with 0 bandwidth: "no finite result"): a model's counts
// and a system's GPUs and CPU tiles (a package of 0 tiles gave tiles of infinite area) are at
// least 1, a GPU's rates, memory and TDP above 0. And every count
// (`*_count`) is whole.
void CheckFactRules(const std::string& file, const toml::table& at, const std::string& kind,
                    const std::string& key, const std::string& path, const Fact& f) {
  // (A model's BF16-kept parameters and sliding layers may be 0: none.)
  const bool may_be_zero = key == "bf16_params_count" || key == "sliding_layers_count";
  const bool count = (kind == "model" && key.ends_with("_count") && !may_be_zero) ||
                     (kind == "system" && (key == "gpus_count" || key == "cpu_dies_count"));
  const bool positive =
      kind == "gpu" && (key.ends_with("_flop_per_s") || key.ends_with("_bytes_per_s") ||
                        key == "memory_bytes" || key == "tdp_w");
  // The number that breaks the rule: the low end when one is given, else the value.
  const char* member = at.get("low") != nullptr ? "low" : "value";
  const toml::node* where = at.get(member);
  const toml::node& node = where != nullptr ? *where : at;
  if (count && f.value.low < 1) {
    Fail(file, node, path + "." + member,
         "must be at least 1 at every end, got " + FormatNumber(f.value.low));
  }
  if (positive && !(f.value.low > 0)) {
    Fail(file, node, path + "." + member,
         "must be > 0 at every end, got " + FormatNumber(f.value.low));
  }
  // A count is whole at each end (a range's central value may fall between: an estimate). A
  // system of 8.5 GPUs was accepted (found by an adversarial tester).
  if (key.ends_with("_count")) {
    for (const char* end : {"low", "high", "value"}) {
      const toml::node* n = at.get(end);
      const std::optional<double> x = n != nullptr ? n->value<double>() : std::nullopt;
      const bool central_of_range = std::string_view(end) == "value" && at.get("low") != nullptr;
      if (x && !central_of_range && *x != std::floor(*x)) {
        Fail(file, *n, path + "." + end,
             "a count must be a whole number, got " + FormatNumber(*x, 6));
      }
    }
  }
}

// The fleet model's input that a catalog fact becomes (fleet_inputs.cc; infer and the
// embodied model read the same facts), or nullptr. Its domain (the input table) is checked here,
// at load, so that every command and front end refuses such a catalog alike, naming this file,
// line and key: infer printed "CO2e per request 0.79 g" for a site of 50 kg/kWh that fleet
// refused, and train and report blamed a flag never given (found by an adversarial tester).
const inputs::Input* ModelInputOf(const std::string& kind, const std::string& key) {
  static const std::map<std::pair<std::string, std::string>, const char*> rows = {
      {{"gpu", "tdp_w"}, "gpu_tdp_w"},
      {{"gpu", "idle_w"}, "gpu_idle_w"},
      {{"gpu", "bf16_dense_flop_per_s"}, "gpu_peak_bf16_flop_per_s"},
      {{"gpu", "price_usd"}, "gpu_price_usd"},
      {{"gpu", "board_length_mm"}, "board_length_mm"},
      {{"gpu", "embodied_kg_co2e"}, "embodied_kg_co2e"},
      {{"site", "grid_kg_per_kwh"}, "grid_kg_per_kwh"},
      {{"site", "market_grid_kg_per_kwh"}, "grid_kg_per_kwh"},
      {{"site", "price_usd_per_kwh"}, "price_per_kwh"},
      {{"site", "pue"}, "pue"},
      {{"site", "wue_l_per_kwh"}, "wue_l_per_kwh"},
      {{"site", "offsite_water_l_per_kwh"}, "offsite_water_l_per_kwh"},
      {{"system", "gpus_count"}, "gpus_per_node"},
      {{"system", "host_power_per_gpu_w"}, "host_overhead_w"},
      {{"process_node", "fab_grid_kg_per_kwh"}, "grid_kg_per_kwh"},
  };
  const auto it = rows.find({kind, key});
  return it == rows.end() ? nullptr : inputs::Find(it->second, inputs::kFleet);
}

// Physical domains of facts no input takes, where a value outside gave figures without meaning
// (a defect density of 3/cm2: 6.9e11 kg CO2e a GPU; a yield of 1e-300: "must be finite"; a
// reference of 0 dropped its comparison, one of 1e-300 made 1.6e301 Olympic pools).
struct PhysicalDomain {
  double min;
  double max;
  const char* why;
};
const PhysicalDomain* PhysicalDomainOf(const std::string& kind, const std::string& key) {
  static const PhysicalDomain defects{
      0, 1,
      "defects per cm2: leading nodes in volume production 0.05-0.1, early risk production "
      "about 0.5"};
  static const PhysicalDomain yield{0.01, 1, "a die yield below 1% is no production"};
  static const PhysicalDomain rate{0.1, 10, "US dollars per euro (0.83-1.60 since 1999)"};
  static const PhysicalDomain reference{
      1e-6, inputs::kInf, "a thing compared with is not 0, nor less than a millionth of its unit"};
  if (kind == "process_node" && key == "defect_density_per_cm2") return &defects;
  if (kind == "gpu" && key == "yield_fraction") return &yield;
  if (kind == "reference" && key == "rate_usd_per_eur") return &rate;
  if (kind == "reference") return &reference;
  return nullptr;
}

void CheckDomains(const std::string& file, const toml::table& at, const std::string& kind,
                  const std::string& key, const std::string& path, const Fact& f) {
  if (const inputs::Input* row = ModelInputOf(kind, key)) {
    try {
      inputs::Check(*row, f.value);
    } catch (const InputError& e) {
      Fail(file, at, path, e.detail() + ": a catalog figure outside what the model takes");
    }
  }
  if (const PhysicalDomain* d = PhysicalDomainOf(kind, key)) {
    for (double x : {f.value.low, f.value.value, f.value.high}) {
      if (x >= d->min && x <= d->max) continue;
      Fail(file, at, path,
           fmt::format("must be {} at every end ({}), got {}",
                       std::isinf(d->max) ? fmt::format(">= {}", FormatNumber(d->min, 6))
                                          : fmt::format("{}..{}", FormatNumber(d->min, 6),
                                                        FormatNumber(d->max, 6)),
                       d->why, FormatNumber(x, 6)));
    }
  }
}

// A GPU's `bf16_stand_in`: the precision whose peak its bf16_dense_flop_per_s holds, said in the
// notes ("v100 has no BF16: ... its FP16 tensor-core peak"). Free text printed "its  tensor-core
// peak" for "", "has no BF16 ... its BF16 peak" for "bf16", and put a line break in the report for
// "fp16\n" (found by an adversarial tester): one of the precisions below, in lower case.
void CheckBf16StandIn(const std::string& file, const toml::node& v, const std::string& path) {
  static constexpr std::string_view kKnown[] = {"fp16", "fp32", "tf32"};
  const std::string text = *v.value<std::string>();
  if (std::find(std::begin(kKnown), std::end(kKnown), text) != std::end(kKnown)) return;
  Fail(file, v, path,
       "'" + EscapeInvisible(text) +
           "' is no precision a BF16 peak stands in for: expected fp16, fp32 or tf32 (lower "
           "case), the precision whose tensor-core peak bf16_dense_flop_per_s holds on a GPU "
           "without BF16; leave the field out for a GPU with BF16");
}

void ParseField(const std::string& file, Entry& e, const std::string& key, const toml::node& v) {
  const std::string path = e.kind + "." + e.id + "." + key;
  if (key == "id") return;
  if (key == "aliases") {
    e.aliases = ParseAliases(file, e.kind, path, v);
  } else if (const toml::table* t = v.as_table()) {
    Fact f = ParseFact(file, path, *t);
    CheckFactRules(file, *t, e.kind, key, path, f);
    CheckDomains(file, *t, e.kind, key, path, f);
    e.facts[key] = std::move(f);
  } else if (v.is_string()) {
    if (e.kind == "gpu" && key == "bf16_stand_in") CheckBf16StandIn(file, v, path);
    (key == "name" ? e.name : e.text[key]) = *v.value<std::string>();
  } else if (v.is_number()) {
    Fail(file, v, path,
         "a bare number has no source: write [" + e.kind + "." + key +
             "] with value, source, year, confidence");
  } else {
    Fail(file, v, path, "expected a string or a fact table");
  }
}

}  // namespace

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

Entry ParseEntry(const std::string& file, const std::string& kind, const toml::table& t) {
  Entry e;
  e.kind = kind;
  e.id = RequireId(file, kind, t);
  e.name = e.id;
  e.origin = file + ":" + std::to_string(LineOf(t));
  for (auto&& [k, v] : t) ParseField(file, e, std::string(k.str()), v);
  // The memory made holds the memory usable: a b200 of 100 GB physical beside 180 GB usable was
  // read, and its embodied memory counted 100 GB (found by an adversarial tester).
  if (kind == "gpu") {
    const auto physical = e.facts.find("memory_physical_bytes");
    const auto usable = e.facts.find("memory_bytes");
    if (physical != e.facts.end() && usable != e.facts.end() &&
        physical->second.value.low < usable->second.value.high) {
      const toml::table& at = *t.get("memory_physical_bytes")->as_table();
      const char* member = at.get("low") != nullptr ? "low" : "value";
      Fail(file, at.get(member) != nullptr ? *at.get(member) : static_cast<const toml::node&>(at),
           e.kind + "." + e.id + ".memory_physical_bytes." + member,
           fmt::format("the memory made ({}) is less than the usable memory_bytes ({}): "
                       "physical memory holds at least what is usable, at every end",
                       FormatNumber(physical->second.value.low),
                       FormatNumber(usable->second.value.high)));
    }
  }
  return e;
}

namespace {

// A model's facts hold together (CheckModelFacts), said at the fact's own table where it has one
// (as CheckDomains does), else at the entry's.
void CheckModelEntry(const std::string& file, const toml::table& t, const Entry& e) {
  try {
    CheckModelFacts(e);
  } catch (const InputError& err) {
    const std::string prefix = e.kind + "." + e.id + ".";
    const std::string& field = err.where().field;
    const toml::node* at =
        field.starts_with(prefix) ? t.get(std::string_view(field).substr(prefix.size())) : nullptr;
    if (at == nullptr) throw;
    throw InputError(WhereOf(file, *at, field), err.detail());
  }
}

}  // namespace

std::vector<Entry> ParseEntries(const std::string& file, const toml::table& root,
                                std::optional<InputError>* model_error) {
  std::vector<Entry> out;
  // Entries of an unknown kind ([[spaceship]], [[gpus]]: a typo or a file that is not a catalog)
  // are named rather than ignored (which ended in "no catalog entries"). Plain tables of other
  // modules ([failure_rates]) stay ignored; failure_model: failure_models.toml lives beside the
  // catalog files and is read by its own parser.
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    const auto& kinds = CatalogKinds();
    // Failure models are read from failure_models.toml alone: elsewhere they were ignored
    // without a word (found by an adversarial tester).
    if (key == "failure_model" && v.is_array_of_tables() &&
        std::filesystem::path(file).filename() != "failure_models.toml") {
      Fail(file, v, key,
           "[[failure_model]] entries are read from failure_models.toml only: move them there");
    }
    if (!v.is_array_of_tables() || key == "failure_model" ||
        std::find(kinds.begin(), kinds.end(), key) != kinds.end()) {
      continue;
    }
    std::string expected;
    for (const std::string& kind : kinds) expected += kind + ", ";
    Fail(file, v, key,
         "unknown kind '" + key + "' (expected " + expected.substr(0, expected.size() - 2) +
             " or failure_model)");
  }
  for (const std::string& kind : CatalogKinds()) {
    const toml::node* n = root.get(kind);
    if (!n) continue;
    const toml::array* a = n->as_array();
    if (!a) Fail(file, *n, kind, "expected [[" + kind + "]] entries");
    for (const toml::node& elem : *a) {
      const toml::table* t = elem.as_table();
      if (!t) Fail(file, elem, kind, "expected [[" + kind + "]] entries");
      out.push_back(ParseEntry(file, kind, *t));
      if (kind != "model") continue;
      try {
        CheckModelEntry(file, *t, out.back());
      } catch (const InputError& err) {
        if (model_error == nullptr) throw;
        if (!*model_error) model_error->emplace(err);
      }
    }
  }
  return out;
}

}  // namespace gpufleet::catalog_internal

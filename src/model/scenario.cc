// Scenario files (see scenario.h): TOML parsed with toml++, every error located at file:line.
#include "gpufleet/scenario.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>

#include "gpufleet/assets.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "util/ascii.h"
#include "util/atomic_file.h"
#include "util/toml_util.h"

namespace gpufleet {
namespace {

// A name of spaces alone (or nothing): no name, so the fleet's default ("fleet" for a [fleet]
// table, "fleet[0]" for the first of [[fleet]] tables).
bool ScenarioNameBlank(std::string_view s) { return Trim(s).empty(); }

constexpr std::string_view kFleetKeys[] = {"name",  "description",     "gpu", "site", "system",
                                           "notes", "length_proxy_gpu"};

struct Context {
  const std::string& file;
  const Catalog& catalog;
};

// A key of a fleet, with where it was written (a fleet's own table or [defaults]).
struct Key {
  const toml::node* node;
  std::string field;  // "fleet[1].count", "defaults.gpu"
};
using Keys = std::map<std::string, Key>;

InputError At(const Context& c, const toml::node& n, const std::string& field,
              const std::string& msg) {
  return InputError(WhereOf(c.file, n, field), msg);
}

bool IsKnownKey(std::string_view key) {
  if (std::find(std::begin(kFleetKeys), std::end(kFleetKeys), key) != std::end(kFleetKeys)) {
    return true;
  }
  const auto names = InputNames();
  return std::find(names.begin(), names.end(), key) != names.end();
}

std::string KnownKeys() {
  std::vector<std::string> keys(std::begin(kFleetKeys), std::end(kFleetKeys));
  for (const std::string& n : InputNames()) keys.push_back(n);
  return fmt::format("{}", fmt::join(keys, ", "));
}

void Collect(const Context& c, const toml::table& t, const std::string& prefix, Keys& keys) {
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    if (!IsKnownKey(key)) {
      throw At(c, node, prefix + "." + key, "unknown key; known: " + KnownKeys());
    }
    // A name or description is one fleet's (docs/model.md): in [defaults] a name was given to
    // every fleet, and the error blamed the second fleet's table (found by an adversarial
    // tester).
    if (prefix == "defaults" && (key == "name" || key == "description")) {
      throw At(c, node, prefix + "." + key,
               "a fleet's own: give it in each [[fleet]] (the file's description is a top-level "
               "key)");
    }
    keys[key] = Key{&node, prefix + "." + key};
  }
}

std::string Text(const Context& c, const Keys& keys, const std::string& key) {
  auto it = keys.find(key);
  if (it == keys.end()) return "";
  const auto s = it->second.node->value<std::string>();
  if (!s) throw At(c, *it->second.node, it->second.field, "expected a string");
  return *s;
}

// A catalog id (gpu, site, system): a string, and not empty. As `--site ""` is refused, a key
// that is given says something; "none" or leaving it out is how to ask for none (site = ""
// silently meant none, over a [defaults] site).
std::string IdText(const Context& c, const Keys& keys, const std::string& key) {
  std::string id = Text(c, keys, key);
  if (id.empty() && keys.contains(key)) {
    const Key& k = keys.at(key);
    throw At(c, *k.node, k.field,
             key == "gpu" ? "empty: give a GPU id from `gpufleet catalog gpus`"
                          : "empty: give an id from `gpufleet catalog`, \"none\", or leave the "
                            "key out");
  }
  return id;
}

std::vector<std::string> Notes(const Context& c, const Keys& keys) {
  std::vector<std::string> out;
  auto it = keys.find("notes");
  if (it == keys.end()) return out;
  const toml::array* arr = it->second.node->as_array();
  if (arr == nullptr) throw At(c, *it->second.node, it->second.field, "expected a list of strings");
  for (const toml::node& n : *arr) {
    const auto s = n.value<std::string>();
    if (!s) throw At(c, n, it->second.field, "expected a list of strings");
    out.push_back(*s);
  }
  return out;
}

Interval Value(const Context& c, const Key& k, const std::string& name) {
  return NumberOrRange(c.file, *k.node, k.field, inputs::Find(name, inputs::kFleet));
}

FleetInputs FromCatalog(const Context& c, const Keys& keys, const toml::node& table,
                        const std::string& prefix) {
  const std::string gpu = IdText(c, keys, "gpu");
  if (gpu.empty()) throw At(c, table, prefix + ".gpu", "missing: every fleet needs gpu = \"...\"");
  // Read before the catalog is asked: a wrong type is this key's error, not the catalog's (which
  // the catch below would have put on `gpu`).
  const std::string site = IdText(c, keys, "site");
  const std::string system = IdText(c, keys, "system");
  try {
    return InputsFromCatalog(c.catalog, gpu, site, system);
  } catch (const InputError& e) {
    // The catalog names the kind ("gpu", "site", "system") as the field.
    auto it = keys.find(e.where().field);
    const Key k = it != keys.end() ? it->second : keys.at("gpu");
    throw At(c, *k.node, k.field, e.detail());
  }
}

void ValidateAt(const Context& c, const Keys& keys, const FleetInputs& in, const toml::node& table,
                const std::string& prefix) {
  try {
    Validate(in, true);
  } catch (const InputError& e) {
    auto it = keys.find(e.where().field);
    if (it != keys.end()) {
      // A [defaults] value wrong for one fleet names that fleet too ("idle power 650 W exceeds
      // TDP 400 W" at defaults.gpu_idle_w, with no word of the A100 fleet; found by an
      // adversarial tester).
      const bool from_defaults = it->second.field.starts_with("defaults.");
      throw At(c, *it->second.node, it->second.field,
               from_defaults ? e.detail() + " (in " + prefix + ")" : e.detail());
    }
    throw At(c, table, prefix + "." + e.where().field + " (from the catalog or defaults)",
             e.detail());
  }
}

ScenarioFleet ReadFleet(const Context& c, const toml::table* defaults, const toml::table& t,
                        const std::string& prefix) {
  Keys keys;
  if (defaults != nullptr) Collect(c, *defaults, "defaults", keys);
  Collect(c, t, prefix, keys);
  ScenarioFleet f;
  f.name = Text(c, keys, "name");
  f.description = Text(c, keys, "description");
  f.notes = Notes(c, keys);
  f.length_proxy_gpu = Text(c, keys, "length_proxy_gpu");
  if (keys.contains("length_proxy_gpu")) {
    // Checked as the other ids are: "" was accepted silently, and a proxy without a published
    // length dropped its row without a word (found by an adversarial tester).
    const Key& k = keys.at("length_proxy_gpu");
    const Entry* proxy = c.catalog.Find("gpu", f.length_proxy_gpu);
    if (f.length_proxy_gpu.empty()) {
      throw At(c, *k.node, k.field,
               "empty: give a GPU id with a board length, or leave the key out");
    }
    if (proxy == nullptr) throw At(c, *k.node, k.field, "unknown gpu '" + f.length_proxy_gpu + "'");
    if (proxy->Find("board_length_mm") == nullptr) {
      throw At(c, *k.node, k.field,
               "gpu '" + proxy->id +
                   "' has no published board length to lay the fleet out with; give one that "
                   "has (gpufleet catalog gpus)");
    }
  }
  f.inputs = FromCatalog(c, keys, t, prefix);
  for (const std::string& name : InputNames()) {
    auto it = keys.find(name);
    if (it == keys.end()) continue;
    const int line = static_cast<int>(it->second.node->source().begin.line);
    SetInput(f.inputs, name, Value(c, it->second, name),
             fmt::format("scenario {}:{}", c.file, line));
  }
  // Levels as in claims files (docs/claims.md): a given average power replaces the load
  // formula, and a load set at a later level (the fleet's, over [defaults]' power) brings the
  // formula back; beside the power in one table it does not. The report kept [defaults]' 300 W
  // where `check` computed the fleet's load for the same layers (found by an adversarial tester).
  const auto load = keys.find("load"), power = keys.find("gpu_power_w");
  if (load != keys.end() && power != keys.end() && load->second.field.starts_with(prefix + ".") &&
      power->second.field.starts_with("defaults.")) {
    f.inputs.gpu_avg_power.reset();
    f.inputs.sources.Set("gpu_power_w", "not used: the fleet's load (" + load->second.field +
                                            ") replaces [defaults]' average power");
  }
  ValidateAt(c, keys, f.inputs, t, prefix);
  // A blank name is no name, as "" is: "   " printed an empty heading. Spaces and tabs around
  // a name are dropped, so that "a" and " a " clash (both were accepted, two headings that read
  // alike; found by an adversarial tester).
  if (ScenarioNameBlank(f.name)) {
    f.name = prefix;
  } else {
    f.name = std::string(Trim(f.name));
  }
  return f;
}

void CheckTopLevel(const Context& c, const toml::table& root) {
  for (const auto& [k, node] : root) {
    const std::string_view key = k.str();
    if (key != "title" && key != "description" && key != "defaults" && key != "fleet") {
      throw At(c, node, std::string(key),
               "unknown top-level key; known: title, description, defaults, fleet");
    }
  }
}

// A top-level text (title, description): absent is "", anything but a string is an error.
std::string TopText(const Context& c, const toml::table& root, const std::string& key) {
  const toml::node* n = root.get(key);
  if (n == nullptr) return "";
  const auto s = n->value<std::string>();
  if (!s) throw At(c, *n, key, "expected a string");
  return *s;
}

std::vector<ScenarioFleet> ReadFleets(const Context& c, const toml::table& root) {
  const toml::table* defaults = root["defaults"].as_table();
  if (root.contains("defaults") && defaults == nullptr) {
    throw At(c, *root.get("defaults"), "defaults", "expected a table: [defaults]");
  }
  std::vector<ScenarioFleet> out;
  const toml::node* fleet = root.get("fleet");
  if (fleet == nullptr)
    throw InputError(Where{c.file, 0, "fleet"}, "no [fleet] or [[fleet]] table");
  if (const toml::table* t = fleet->as_table()) {
    out.push_back(ReadFleet(c, defaults, *t, "fleet"));
  } else if (const toml::array* arr = fleet->as_array(); arr && arr->is_array_of_tables()) {
    if (arr->size() > kMaxScenarioFleets) {
      throw At(c, *fleet, "fleet",
               fmt::format("{} [[fleet]] tables; a scenario holds at most {} (split it into "
                           "several files)",
                           arr->size(), kMaxScenarioFleets));
    }
    for (size_t i = 0; i < arr->size(); ++i) {
      out.push_back(ReadFleet(c, defaults, *arr->get(i)->as_table(), fmt::format("fleet[{}]", i)));
    }
  } else {
    throw At(c, *fleet, "fleet", "expected [fleet] or [[fleet]] tables");
  }
  if (out.empty()) throw InputError(Where{c.file, 0, "fleet"}, "no fleet defined");
  // Names key every front end's output (Python's "scenarios.NAME...."): two fleets of one name
  // read as one, the first (found by an adversarial tester).
  // The clash is put on a name that was given: a fleet's default name ("fleet[1]") clashing
  // with another's given name blamed the fleet that gave none, at line 1 (found by an
  // adversarial tester).
  const toml::array* arr = fleet->as_array();
  const auto given_name = [&](size_t i) -> const toml::node* {
    const toml::table* t = arr != nullptr ? arr->get(i)->as_table() : nullptr;
    const toml::node* n = t != nullptr ? t->get("name") : nullptr;
    const auto text = n != nullptr ? n->value<std::string>() : std::nullopt;
    return text && !ScenarioNameBlank(*text) ? n : nullptr;
  };
  for (size_t i = 1; i < out.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out[i].name != out[j].name) continue;
      const toml::node* named_i = given_name(i);
      const toml::node* named_j = given_name(j);
      if (named_i != nullptr && named_j != nullptr) {
        throw At(
            c, *named_i, fmt::format("fleet[{}].name", i),
            fmt::format("'{}' names fleet[{}] too: each fleet needs its own name", out[i].name, j));
      }
      // One name given, the other fleet's default: the given one is the one to change.
      const size_t given = named_i != nullptr ? i : j, other = named_i != nullptr ? j : i;
      const toml::node* at = named_i != nullptr ? named_i : named_j;
      throw At(c, at != nullptr ? *at : *fleet, fmt::format("fleet[{}].name", given),
               fmt::format("'{}' is fleet[{}]'s name by default (it gives none): each fleet "
                           "needs its own name",
                           out[given].name, other));
    }
  }
  return out;
}

}  // namespace

Scenario ParseScenario(std::string_view text, const std::string& file, const Catalog& catalog) {
  const Context c{file, catalog};
  const toml::table root = ParseTomlFile(text, file);
  CheckTopLevel(c, root);
  Scenario s;
  s.file = file;
  s.title = TopText(c, root, "title");
  s.description = TopText(c, root, "description");
  s.fleets = ReadFleets(c, root);
  return s;
}

Scenario LoadScenario(const std::string& path, const Catalog& catalog) {
  return ParseScenario(ReadFile(path, kMaxTextFileBytes), path, catalog);
}

Scenario DefaultScenario(const Catalog& catalog) {
  const auto text = assets::Find(kDefaultScenarioPath);
  if (!text) throw InputError(std::string(kDefaultScenarioPath) + " is not embedded in this build");
  return ParseScenario(*text, std::string(kDefaultScenarioPath), catalog);
}

}  // namespace gpufleet

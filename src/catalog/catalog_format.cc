// Text and Markdown tables of the catalog (see catalog_format.h).
#include "gpufleet/catalog_format.h"

#include <algorithm>
#include <set>

#include "gpufleet/figure.h"
#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"

namespace gpufleet {
namespace {

using Table = TextTable;

// A wide table (one column per key) only when the kind has few distinct keys.
constexpr size_t kMaxWideColumns = 10;

// Preferred column order; other keys follow alphabetically.
const std::vector<std::string>& PreferredKeys() {
  static const std::vector<std::string> keys{"tdp_w",
                                             "idle_w",
                                             "bf16_dense_flop_per_s",
                                             "fp8_dense_flop_per_s",
                                             "memory_bytes",
                                             "memory_bandwidth_bytes_per_s",
                                             "gpus_count",
                                             "max_power_w",
                                             "host_power_per_gpu_w",
                                             "grid_kg_per_kwh",
                                             "price_usd_per_kwh",
                                             "pue",
                                             "wue_l_per_kwh",
                                             "offsite_water_l_per_kwh",
                                             "price_usd",
                                             "board_length_mm",
                                             "embodied_kg_co2e",
                                             "rack_units",
                                             "mass_kg"};
  return keys;
}

std::vector<std::string> KeysOf(const std::vector<const Entry*>& entries) {
  std::set<std::string> all;
  for (const Entry* e : entries) {
    for (const auto& [k, f] : e->facts) all.insert(k);
  }
  std::vector<std::string> out;
  for (const std::string& k : PreferredKeys()) {
    if (all.erase(k)) out.push_back(k);
  }
  out.insert(out.end(), all.begin(), all.end());
  return out;
}

// "bf16_dense_flop_per_s" -> "bf16 dense": the key without its unit suffix, spaced.
std::string Label(const std::string& key) {
  // A part's one fact is its unit alone ("kg_co2e_per_gb"): label it by what it is per.
  if (key == "kg_co2e") return "per unit";
  if (key == "kg_co2e_per_gb") return "per GB";
  if (key == "kg_co2e_per_cm2") return "per cm2";
  std::string base = key;
  for (std::string_view suffix : {"_kg_co2e_per_cm2",
                                  "_kg_co2e_per_gb",
                                  "_kwh_per_cm2",
                                  "_per_cm2",
                                  "_mm2",
                                  "_flop_per_s",
                                  "_bytes_per_s",
                                  "_kg_per_kwh",
                                  "_usd_per_kwh",
                                  "_l_per_kwh",
                                  "_eur_per_km",
                                  "_usd_per_eur",
                                  "_kg_co2e",
                                  "_bytes",
                                  "_hours",
                                  "_kwh",
                                  "_usd",
                                  "_eur",
                                  "_mm",
                                  "_km",
                                  "_m3",
                                  "_kg",
                                  "_w",
                                  "_count",
                                  "_t"}) {
    if (base.ends_with(suffix) && base.size() > suffix.size()) {
      base.erase(base.size() - suffix.size());
      break;
    }
  }
  std::replace(base.begin(), base.end(), '_', ' ');
  return base;
}

// A value's SI prefix joined to a unit that takes one: "3.35 T" and "B/s" read "3.35" and
// "TB/s" ("80 G B" in the sources; found by an adversarial tester). Other units ("kg CO2e",
// "USD", "kWh") keep the prefix with the number.
std::pair<std::string, std::string> JoinPrefix(std::string value, std::string unit) {
  if (!TakesSiPrefix(unit)) return {value, unit};
  const size_t space = value.rfind(' ');
  if (space == std::string::npos || space + 2 != value.size()) return {value, unit};
  const char p = value.back();
  if (std::string_view("kMGTPE").find(p) == std::string_view::npos) return {value, unit};
  return {value.substr(0, space), std::string(1, p) + unit};
}

std::string Cell(const Fact* f) {
  if (!f) return "-";
  return FormatFactValue(f->value) + (f->confidence == Confidence::kUnverified ? "?" : "");
}

Table Wide(const std::vector<const Entry*>& entries, const std::vector<std::string>& keys) {
  Table t;
  t.header = {{"id"}, {""}};
  t.right = {false};
  for (const std::string& k : keys) {
    t.header[0].push_back(Label(k));
    t.header[1].push_back(std::string(UnitOfKey(k)));
    t.right.push_back(true);
  }
  for (const Entry* e : entries) {
    std::vector<std::string> row{e->id};
    for (const std::string& k : keys) row.push_back(Cell(e->Find(k)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string Describe(const Entry& e) {
  for (const char* k : {"label", "description"}) {
    const auto it = e.text.find(k);
    if (it != e.text.end()) return it->second;
  }
  return e.name;
}

Table Long(const std::vector<const Entry*>& entries) {
  Table t;
  t.header = {{"id", "key", "value", "unit", "what"}};
  t.right = {false, false, true, false, false};
  for (const Entry* e : entries) {
    // An entry without facts is still listed (a row a fact was dropped without a word).
    if (e->facts.empty()) t.rows.push_back({e->id, "-", "-", "", Describe(*e)});
    for (const auto& [k, f] : e->facts) {
      auto [value, unit] = JoinPrefix(FormatFactValue(f.value), std::string(UnitOfKey(k)));
      if (f.confidence == Confidence::kUnverified) value += '?';  // as Cell marks it
      t.rows.push_back({e->id, k, value, unit, Describe(*e)});
    }
  }
  return t;
}

bool Shown(const Fact& f, const CatalogView& view) {
  return !view.only || f.confidence == *view.only;
}

Table Sources(const std::vector<const Entry*>& entries, const CatalogView& view) {
  Table t;
  t.header = {{"fact", "value", "confidence", "year", "source"}};
  t.right = {false, true, false, false, false};
  for (const Entry* e : entries) {
    for (const auto& [k, f] : e->facts) {
      if (!Shown(f, view)) continue;
      std::string source = f.source;
      if (!f.url.empty()) source += " <" + f.url + ">";
      if (!f.note.empty()) source += " [" + f.note + "]";
      const auto [value, unit] = JoinPrefix(FormatFactValue(f.value), std::string(UnitOfKey(k)));
      t.rows.push_back({e->id + "." + k, value + (unit.empty() ? "" : " " + unit),
                        std::string(ToString(f.confidence)), std::to_string(f.year), source});
    }
  }
  return t;
}

std::vector<std::string> KindsOf(const CatalogView& view) {
  return view.kinds.empty() ? CatalogKinds() : view.kinds;
}

std::string Render(const Catalog& c, const CatalogView& view, bool md) {
  std::string out;
  for (const std::string& kind : KindsOf(view)) {
    auto entries = c.All(kind);
    // With --confidence, the entries holding a number of that confidence: "models (10)" stood
    // over an empty table (found by an adversarial tester).
    if (view.only) {
      std::erase_if(entries, [&](const Entry* e) {
        return std::none_of(e->facts.begin(), e->facts.end(),
                            [&](const auto& kf) { return Shown(kf.second, view); });
      });
    }
    const auto keys = KeysOf(entries);
    const Table t = keys.size() <= kMaxWideColumns ? Wide(entries, keys) : Long(entries);
    if (!out.empty()) out += "\n";
    out += (md ? "## " : "") + KindTitle(kind) + " (" + std::to_string(entries.size()) + ")\n";
    if (view.only && entries.empty()) {
      out +=
          (md ? "\n" : "") + std::string("no ") + std::string(ToString(*view.only)) + " numbers\n";
      continue;
    }
    if (!view.only) out += (md ? "\n" : "") + (md ? t.Markdown() : t.Text());
    if (view.sources || view.only) {
      const Table s = Sources(entries, view);
      const std::string title = view.only ? std::string(ToString(*view.only)) : "sources";
      out += md ? "\n### " + title + "\n\n" + s.Markdown() : "\n" + title + ":\n" + s.Text();
    }
  }
  out += md ? "\n`?` marks an unverified number (see `--sources`).\n"
            : "\n? = unverified number (see --sources)\n";
  return out;
}

}  // namespace

std::optional<Confidence> ParseConfidence(std::string_view text) {
  for (Confidence c : {Confidence::kVerified, Confidence::kSecondary, Confidence::kUnverified}) {
    if (ToString(c) == text) return c;
  }
  return std::nullopt;
}

std::string KindTitle(const std::string& kind) {
  if (kind == "gpu") return "GPUs";
  if (kind == "process_node") return "process nodes (embodied carbon per cm2 of wafer)";
  if (kind == "part") return "parts (embodied carbon per unit)";
  if (kind == "footprint") return "published embodied footprints";
  return kind + "s";
}

std::string CatalogText(const Catalog& c, const CatalogView& view) {
  return Render(c, view, false);
}

std::string CatalogMarkdown(const Catalog& c, const CatalogView& view) {
  return Render(c, view, true);
}

std::string FactText(const std::string& key, const Fact& f) {
  const auto [value, unit] = JoinPrefix(FormatFactValue(f.value), std::string(UnitOfKey(key)));
  return value + (unit.empty() ? "" : " ") + unit;
}

nlohmann::json FactJson(const std::string& key, const Fact& f) {
  const std::string unit(UnitOfKey(key));
  nlohmann::json j = ToJson(Figure::Of(f.value, unit));
  j["text"] = FactText(key, f);
  j["source"] = f.source;
  j["year"] = f.year;
  j["confidence"] = std::string(ToString(f.confidence));
  j["url"] = f.url;
  j["note"] = f.note;
  return j;
}

nlohmann::json CatalogJson(const Catalog& c, const CatalogView& view) {
  nlohmann::json entries = nlohmann::json::array();
  for (const std::string& kind : KindsOf(view)) {
    for (const Entry* e : c.All(kind)) {
      nlohmann::json facts = nlohmann::json::object();
      for (const auto& [k, f] : e->facts) {
        if (!Shown(f, view)) continue;
        facts[k] = FactJson(k, f);
      }
      if (view.only && facts.empty()) continue;
      entries.push_back({{"kind", e->kind},
                         {"id", e->id},
                         {"name", e->name},
                         {"aliases", e->aliases},
                         {"origin", e->origin},
                         {"text", e->text},
                         {"facts", facts}});
    }
  }
  return {{"entries", entries}};
}

}  // namespace gpufleet

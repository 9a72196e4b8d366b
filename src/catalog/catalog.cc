// Catalog assembly (from texts, a directory or the embedded data/) and lookups.
#include "gpufleet/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "catalog/parse.h"
#include "gpufleet/assets.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "util/ascii.h"
#include "util/atomic_file.h"
#include "util/toml_util.h"
#include "util/utf8.h"

namespace gpufleet {
namespace {

// AsciiLower(a) == AsciiLower(b), without allocating: Find runs on every API request.
bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool Matches(const Entry& e, std::string_view id) {
  if (EqualIgnoringCase(e.id, id)) return true;
  return std::any_of(e.aliases.begin(), e.aliases.end(),
                     [&](const std::string& a) { return EqualIgnoringCase(a, id); });
}

}  // namespace

Where EntryWhere(const Entry& e, std::string field) {
  const auto colon = e.origin.rfind(':');
  return Where{e.origin.substr(0, colon),
               colon == std::string::npos ? 0 : std::atoi(e.origin.c_str() + colon + 1),
               std::move(field)};
}

std::string CiteFact(const Entry& e, const std::string& key, const Fact& f) {
  std::string s = fmt::format("{} {}.{}: {}", e.kind, e.id, key, f.source);
  if (f.year > 0) s += fmt::format(", {}", f.year);
  return s + fmt::format(", {}", ToString(f.confidence));
}

std::string Bf16StandInNote(const Entry& gpu) {
  const auto it = gpu.text.find("bf16_stand_in");
  if (it == gpu.text.end()) return "";
  std::string precision = it->second;
  for (char& c : precision) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return fmt::format(
      "{} has no BF16: its bf16_dense_flop_per_s is its {} tensor-core peak, used as its BF16 rate",
      gpu.id, precision);
}

std::string SystemGpuNote(const Catalog& catalog, const Entry& system, const std::string& gpu_id) {
  const auto it = system.text.find("gpu");
  if (it == system.text.end()) return "";
  const Entry* built = catalog.Find("gpu", it->second);
  const std::string& built_id = built != nullptr ? built->id : it->second;
  if (built_id == gpu_id) return "";
  return fmt::format(
      "system {} is built for {}, not {}: its host power and price per GPU are that server's",
      system.id, built_id, gpu_id);
}

std::string_view ToString(Confidence c) {
  switch (c) {
    case Confidence::kVerified:
      return "verified";
    case Confidence::kSecondary:
      return "secondary";
    case Confidence::kUnverified:
      return "unverified";
  }
  return "unverified";
}

const std::vector<std::string>& CatalogKinds() {
  static const std::vector<std::string> kinds{"gpu",   "system",       "site", "reference",
                                              "model", "process_node", "part", "footprint"};
  return kinds;
}

const Fact* Entry::Find(std::string_view key) const {
  const auto it = facts.find(std::string(key));
  return it == facts.end() ? nullptr : &it->second;
}

const Fact& Entry::Get(std::string_view key) const {
  if (const Fact* f = Find(key)) return *f;
  // The entry's file and line (a catalog whose [gpu.tdp_w] was misspelt named neither; found by
  // an adversarial tester); the built-in catalog's entries have them too.
  throw InputError(origin.empty() ? Where{"", 0, std::string(key)}
                                  : EntryWhere(*this, kind + "." + id + "." + std::string(key)),
                   kind + " '" + id + "' has no fact '" + std::string(key) + "'");
}

// Collects entries and rejects duplicate ids or aliases within a kind (ignoring case).
class CatalogBuilder {
 public:
  void Add(Entry e) {
    for (const std::string& name : Names(e)) {
      const auto [it, fresh] = seen_.emplace(e.kind + "/" + AsciiLower(name), e.origin);
      if (!fresh) {
        throw InputError(
            EntryWhere(e, e.kind + ".id"),
            "duplicate " + e.kind + " id or alias '" + name + "' (first at " + it->second + ")");
      }
    }
    for (const std::string& name : Names(e)) {
      catalog_.index_.emplace(e.kind + "/" + AsciiLower(name), catalog_.entries_.size());
    }
    catalog_.entries_.push_back(std::move(e));
  }
  // A system's `gpu` names a GPU of the catalog (one that named none was accepted, and reports
  // noted "built for nonexistent-gpu"; found by an adversarial tester).
  Catalog Take() {
    for (const Entry& e : catalog_.entries_) {
      if (e.kind != "system") continue;
      const auto gpu = e.text.find("gpu");
      if (gpu != e.text.end() && catalog_.Find("gpu", gpu->second) == nullptr) {
        throw InputError(EntryWhere(e, "system." + e.id + ".gpu"),
                         "names GPU '" + gpu->second + "', which the catalog does not have");
      }
    }
    return std::move(catalog_);
  }

 private:
  static std::vector<std::string> Names(const Entry& e) {
    std::vector<std::string> names{e.id};
    for (const std::string& a : e.aliases) {
      if (AsciiLower(a) != AsciiLower(e.id)) names.push_back(a);
    }
    return names;
  }
  Catalog catalog_;
  std::map<std::string, std::string> seen_;  // "kind/lowercase name" -> origin
};

Catalog Catalog::Build(const std::vector<std::pair<std::string, std::string>>& files,
                       std::optional<InputError>* model_error) {
  CatalogBuilder b;
  for (const auto& [file, text] : files) {
    const toml::table root = ParseTomlFile(text, file);
    for (Entry& e : catalog_internal::ParseEntries(file, root, model_error)) b.Add(std::move(e));
  }
  return b.Take();
}

Catalog Catalog::FromTexts(const std::vector<std::pair<std::string, std::string>>& files) {
  return Build(files, nullptr);
}

namespace {

// The edit distance of two short keys (for "did you mean").
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

// The facts the model reads of a GPU, system, site or model are the embedded catalog's keys of
// that kind: another key there is a misspelling, read as nothing ("[gpu.idel_w]" left the idle
// power at its default without a word, "[gpu.tdp_kw]" was a fact without a unit; found by an
// adversarial tester). Other kinds (references, parts, footprints) may carry keys of their own.
void Catalog::CheckFactKeys(const Catalog& c) {
  static const std::map<std::string, std::set<std::string>> known = [] {
    std::map<std::string, std::set<std::string>> k;
    for (const Entry& e : Embedded().entries_) {
      if (e.kind != "gpu" && e.kind != "system" && e.kind != "site" && e.kind != "model") continue;
      for (const auto& [key, fact] : e.facts) k[e.kind].insert(key);
    }
    // Read by the model though no embedded entry gives them: a GPU's own embodied figure and
    // die yield, a site's market-based grid factor.
    k["gpu"].insert({"embodied_kg_co2e", "yield_fraction"});
    k["site"].insert("market_grid_kg_per_kwh");
    return k;
  }();
  for (const Entry& e : c.entries_) {
    const auto kind = known.find(e.kind);
    if (kind == known.end()) continue;
    for (const auto& [key, fact] : e.facts) {
      if (kind->second.contains(key)) continue;
      std::string best;
      size_t best_d = 4;
      for (const std::string& k : kind->second) {
        const size_t d = Distance(key, k);
        if (d < best_d) best_d = d, best = k;
      }
      std::string list;
      for (const std::string& k : kind->second) list += (list.empty() ? "" : ", ") + k;
      throw InputError(EntryWhere(e, e.kind + "." + e.id + "." + key),
                       "unknown fact '" + key + "' for a " + e.kind +
                           (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                           "; known: " + list);
    }
  }
}

// Errors about the directory or one of its entries name the input (field "catalog", which the
// CLI spells --catalog and the API catalog) and put the path in the message; errors inside a file
// (a bad key) name the file, line and key as usual.
Catalog Catalog::FromDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  const auto fail = [](const std::string& path, const std::string& why) {
    throw InputError(Where{"", 0, "catalog"}, path + ": " + why);
  };
  std::error_code ec;
  // A path that is not there says so ("not a directory" read as "it is something else"; found by
  // an adversarial tester).
  if (!fs::is_directory(dir, ec)) {
    fail(dir, fs::exists(fs::symlink_status(dir, ec)) ? "not a directory" : "no such directory");
  }
  std::vector<std::string> paths;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".toml") continue;
    // Every *.toml entry is meant as a catalog file: one that is not a regular file (a directory,
    // a FIFO, a device, a symlink loop or a dangling symlink) is an error, not skipped silently.
    std::error_code st_ec;
    const fs::file_status st = fs::status(p, st_ec);
    if (st_ec) fail(p.string(), "cannot read: " + st_ec.message());
    if (!fs::is_regular_file(st)) fail(p.string(), "not a regular file");
    paths.push_back(p.string());
  }
  if (ec) fail(dir, "cannot list: " + ec.message());
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) fail(dir, "no *.toml files");
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& p : paths) {
    try {
      files.emplace_back(p, ReadFile(p));
    } catch (const InputError& e) {
      // "path: cannot read: ...", from the reader; still an entry of the directory given.
      throw InputError(Where{"", 0, "catalog"}, e.what());
    }
  }
  // A model's facts that do not hold together are said after a misspelt key, which is the
  // likelier cause (a missing fact).
  std::optional<InputError> model_error;
  Catalog c = Build(files, &model_error);
  if (c.entries_.empty()) {
    fail(dir, "no catalog entries ([[gpu]], [[system]], [[site]] or [[reference]]) in any *.toml");
  }
  CheckFactKeys(c);
  if (model_error) throw *model_error;
  for (const auto& [path, text] : files) {
    if (fs::path(path).filename() == "failure_models.toml") c.failure_models_file_ = {path, text};
  }
  c.directory_ = dir;
  // The failure models are facts of the directory too, checked at load for every command and
  // front end: a malformed failure_models.toml was refused by `catalog` and `train` only, and
  // fleet, infer, check and Python ran on it (found by an adversarial tester). Parsed once, kept
  // for the catalog's life (CatalogFailureModels).
  CatalogFailureModels(c);
  return c;
}

const Catalog& Catalog::Embedded() {
  static const Catalog catalog = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const assets::Asset& a : assets::Under("data/")) {
      if (a.path.ends_with(".toml")) files.emplace_back(std::string(a.path), std::string(a.data));
    }
    return FromTexts(files);
  }();
  return catalog;
}

Catalog Catalog::Load(const std::string& dir) {
  return dir.empty() ? Embedded() : FromDirectory(dir);
}

const Entry* Catalog::Find(std::string_view kind, std::string_view id) const {
  // Trimmed of spaces and tabs, the one rule for ids on every front end: `--gpu ' h100-sxm '`,
  // the API's body and Python were "unknown gpu" where a query string's value was trimmed
  // (found by an adversarial tester). No id begins or ends with white space (parse_entry.cc).
  id = Trim(id);
  char key[128];  // "kind/lower-case id", as the index holds it
  if (kind.size() + 1 + id.size() <= sizeof key) {
    char* k = std::copy(kind.begin(), kind.end(), key);
    *k++ = '/';
    for (char c : id)
      *k++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;  // AsciiLower
    const auto it = index_.find(std::string_view(key, static_cast<size_t>(k - key)));
    return it == index_.end() ? nullptr : &entries_[it->second];
  }
  for (const Entry& e : entries_) {
    if (e.kind == kind && Matches(e, id)) return &e;
  }
  return nullptr;
}

const Entry& Catalog::Get(std::string_view kind, std::string_view id) const {
  if (const Entry* e = Find(kind, id)) return *e;
  std::vector<std::string> ids;
  for (const Entry* e : All(kind)) ids.push_back(e->id);
  std::sort(ids.begin(), ids.end());
  std::string known;
  for (const std::string& i : ids) known += (known.empty() ? "" : ", ") + i;
  // The id given with its invisible characters escaped (control characters are, in every
  // message): 'm1\u00a0' printed as 'm1 ', like the id it was not.
  throw InputError(Where{"", 0, std::string(kind)},
                   "unknown " + std::string(kind) + " '" + EscapeInvisible(id) +
                       "'; known: " + (known.empty() ? "(none)" : known));
}

struct Catalog::DerivedStore {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const void>> values;
};

std::shared_ptr<Catalog::DerivedStore> Catalog::NewDerivedStore() {
  return std::make_shared<DerivedStore>();
}

std::shared_ptr<const void> Catalog::FindDerived(const std::string& key) const {
  if (!derived_) return nullptr;
  const std::lock_guard lock(derived_->mutex);
  const auto it = derived_->values.find(key);
  return it == derived_->values.end() ? nullptr : it->second;
}

std::shared_ptr<const void> Catalog::StoreDerived(const std::string& key,
                                                  std::shared_ptr<const void> value) const {
  if (!derived_) return value;  // a moved-from catalog keeps nothing
  const std::lock_guard lock(derived_->mutex);
  return derived_->values.emplace(key, std::move(value)).first->second;
}

std::vector<const Entry*> Catalog::All(std::string_view kind) const {
  std::vector<const Entry*> out;
  for (const Entry& e : entries_) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

bool NamesNone(std::string_view id) {
  id = Trim(id);  // as Find matches ids
  return id.size() == 4 && AsciiLower(std::string(id)) == "none";
}

// CheckModelFacts: a catalog model's facts hold together as the serving model reads them
// (model/infer.cc, ModelFromCatalog). Run as the catalog is read (catalog_internal::ParseEntries),
// so that every command and front end refuses such a model alike: a model of 2e9 active
// parameters in 1e9 was listed by `catalog` and served by infer at 1e9 active, citing the 2e9
// fact; and infer's refusals of a catalog's own facts named flags nobody gave (found by an
// adversarial tester).
namespace catalog_model_check {

// A count as the messages write it: 8.03e+09, or a range as intervals print.
std::string Text(const Interval& x) {
  return x.is_point() ? fmt::format("{:.4g}", x.value) : ToString(x);
}

}  // namespace catalog_model_check

void CheckModelFacts(const Entry& e) {
  using catalog_model_check::Text;
  const auto where = [&](const char* key) { return EntryWhere(e, "model." + e.id + "." + key); };
  // What the serving model reads of every model (ModelFromCatalog): a [[model]] without them was
  // listed as nothing and refused by infer only.
  for (const char* key : {"params_count", "active_params_count", "layers_count", "hidden_count",
                          "heads_count", "kv_heads_count", "head_dim_count"}) {
    if (e.Find(key) == nullptr) {
      throw InputError(where(key),
                       fmt::format("model '{}' has no {}: a model needs params_count, "
                                   "active_params_count, layers_count, hidden_count, heads_count, "
                                   "kv_heads_count and head_dim_count",
                                   e.id, key));
    }
  }
  const Fact* window = e.Find("sliding_window_tokens_count");
  const Fact* sliding = e.Find("sliding_layers_count");
  if ((window == nullptr) != (sliding == nullptr)) {
    throw InputError(where(window ? "sliding_layers_count" : "sliding_window_tokens_count"),
                     "sliding-window attention needs both sliding_window_tokens_count and "
                     "sliding_layers_count");
  }
  const Fact* experts = e.Find("experts_count");
  const Fact* per_token = e.Find("experts_per_token_count");
  if ((experts == nullptr) != (per_token == nullptr)) {
    throw InputError(where(experts ? "experts_per_token_count" : "experts_count"),
                     "a mixture of experts needs both experts_count (the routed experts in all) "
                     "and experts_per_token_count (those each token is routed to)");
  }
  constexpr const char* kMla[] = {"mla_kv_rank_count", "mla_rope_dim_count", "mla_nope_dim_count",
                                  "mla_v_dim_count"};
  int mla = 0;
  for (const char* key : kMla) mla += e.Find(key) != nullptr;
  if (mla != 0 && mla != 4) {
    for (const char* key : kMla) {
      if (e.Find(key) == nullptr) {
        throw InputError(where(key),
                         "latent attention needs all four of mla_kv_rank_count, "
                         "mla_rope_dim_count, mla_nope_dim_count and mla_v_dim_count");
      }
    }
  }
  // A range of sliding layers appears twice in each equation, and interval arithmetic paired ends
  // no model has: a largest batch of 36-3,218 where 39-894 hold (found by an adversarial tester).
  // The architecture's shape is exact too: the checks below read one number of each.
  for (const char* key :
       {"layers_count", "hidden_count", "heads_count", "kv_heads_count", "head_dim_count",
        "experts_count", "experts_per_token_count", "bf16_params_count",
        "sliding_window_tokens_count", "sliding_layers_count", "mla_kv_rank_count",
        "mla_rope_dim_count", "mla_nope_dim_count", "mla_v_dim_count"}) {
    if (const Fact* f = e.Find(key); f && !f->value.is_point()) {
      throw InputError(where(key), "one number, not a range: an architecture's count is exact");
    }
  }
  const Interval params = e.Get("params_count").value;
  const Interval active = e.Get("active_params_count").value;
  const double layers = e.Get("layers_count").value.value;
  const double hidden = e.Get("hidden_count").value.value;
  const double heads = e.Get("heads_count").value.value;
  const double kv_heads = e.Get("kv_heads_count").value.value;
  const double head_dim = e.Get("head_dim_count").value.value;
  if (sliding != nullptr && sliding->value.value > layers) {
    throw InputError(where("sliding_layers_count"),
                     fmt::format("{} sliding layers exceed the {} layers (layers_count)",
                                 sliding->value.value, layers));
  }
  // The cache the model counts (K and V: 2 x kv_heads x head_dim values per layer and token) is
  // the latent's (rank + rope) on a latent-attention model.
  if (mla == 4) {
    const double cached = 2 * kv_heads * head_dim;
    const double latent =
        e.Find("mla_kv_rank_count")->value.value + e.Find("mla_rope_dim_count")->value.value;
    if (cached != latent) {
      throw InputError(where("head_dim_count"),
                       fmt::format("a latent-attention model caches rank + rope = {} values per "
                                   "layer and token, where 2 x kv_heads x head_dim = {}",
                                   latent, cached));
    }
  }
  if (const Fact* f = e.Find("bf16_params_count"); f != nullptr && f->value.high > params.low) {
    throw InputError(where("bf16_params_count"),
                     fmt::format("{:.4g} parameters kept in BF16 exceed the {:.4g} in all "
                                 "(params_count)",
                                 f->value.high, params.low));
  }
  // The parameters: a token uses at most all of them, and all of them in a dense model (the
  // serving model reads a dense model's active count as its count).
  if (active.value > params.value) {
    throw InputError(where("active_params_count"),
                     fmt::format("{:.4g} active parameters exceed the {:.4g} in all (params_count)",
                                 active.value, params.value));
  }
  const bool moe = experts != nullptr && per_token->value.value < experts->value.value;
  if (experts != nullptr && per_token->value.value > experts->value.value) {
    throw InputError(where("experts_per_token_count"),
                     fmt::format("{} routed per token exceed the {} routed in all (experts_count)",
                                 per_token->value.value, experts->value.value));
  }
  if (!moe && active != params) {
    throw InputError(
        where("active_params_count"),
        fmt::format("{} has every parameter active: active_params_count ({}) must equal "
                    "params_count ({}) (give experts_count and experts_per_token_count for a "
                    "mixture of experts)",
                    experts == nullptr ? "a dense model (no experts_count)"
                                       : "a model routing every token to every expert",
                    Text(active), Text(params)));
  }
  if (moe) {
    for (const char* key : {"params_count", "active_params_count"}) {
      if (!e.Get(key).value.is_point()) {
        throw InputError(where(key),
                         "one number for a mixture of experts, not a range: the experts' share "
                         "of the parameters is derived from it");
      }
    }
    // A token uses the shared weights and k of the E experts: A = S + k e and P = S + E e (e one
    // expert's parameters), so e > 0 needs A < P, and S >= 0 needs A >= P k / E.
    const double k = per_token->value.value, n = experts->value.value;
    if (active.value == params.value) {
      throw InputError(where("active_params_count"),
                       fmt::format("a mixture routing {} of {} experts per token uses fewer "
                                   "parameters than the {:.4g} in all (params_count)",
                                   k, n, params.value));
    }
    const double least = params.value * k / n;
    if (active.value < least * (1 - 1e-12)) {
      throw InputError(where("active_params_count"),
                       fmt::format("{:.4g} active parameters are fewer than {} of {} experts' "
                                   "share of the {:.4g} in all ({:.4g}): the experts would hold "
                                   "more than every parameter",
                                   active.value, k, n, params.value, least));
    }
  }
  if (kv_heads > heads) {
    throw InputError(where("kv_heads_count"),
                     fmt::format("{} KV heads exceed the {} query heads (heads_count): attention "
                                 "shares a KV head among query heads, never the reverse",
                                 kv_heads, heads));
  }
  if (std::fmod(heads, kv_heads) != 0) {
    throw InputError(where("kv_heads_count"),
                     fmt::format("{} query heads (heads_count) are not a multiple of {} KV heads: "
                                 "grouped-query attention shares each KV head among the same "
                                 "number of query heads",
                                 heads, kv_heads));
  }
  // Every token passes every layer's attention: its weights (Q and O: hidden x heads x head_dim
  // each; K and V: hidden x kv_heads x head_dim each) are a floor on the parameters it uses.
  const double attention = layers * hidden * head_dim * (2 * heads + 2 * kv_heads);
  if (active.low < attention) {
    throw InputError(
        where("active_params_count"),
        fmt::format("{:.4g} parameters a token uses are fewer than the attention weights alone: "
                    "{:.4g} ({} layers x hidden {} x ({} + {} heads) x 2 x head_dim {}); the "
                    "parameter count and the architecture disagree",
                    active.low, attention, layers, hidden, heads, kv_heads, head_dim));
  }
}

}  // namespace gpufleet

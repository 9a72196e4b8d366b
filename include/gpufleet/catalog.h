// The sourced catalog: GPUs, systems, sites and reference quantities, each number with its
// source, year and confidence. Loaded from data/*.toml (embedded in the binary) or from a
// directory given by the user (--catalog DIR).
//
// TOML layout (see docs/catalog.md):
//
//   [[gpu]]                       # kinds: gpu, system, site, reference
//   id = "h100-sxm"               # unique within its kind; lookups ignore case
//   name = "NVIDIA H100 SXM5 80GB"
//   aliases = ["h100", "h100-sxm5"]
//   form_factor = "SXM5"          # any other string field: kept in `text`
//                                 # (a bare number is an error: every number needs a source)
//
//   [gpu.tdp_w]                   # a sourced number (a Fact): the key names its unit
//   value = 700                   # or low/high (value defaults to the midpoint), or all three
//   source = "NVIDIA H100 Tensor Core GPU datasheet"
//   url = "https://..."           # optional
//   year = 2023
//   confidence = "verified"       # verified | secondary | unverified
//   note = "configurable 300-700 W"   # optional
//
// Top-level keys other than the four kinds are ignored here (other modules read their own
// tables, e.g. data/failure_models.toml).
//
// Validation (each failure is an InputError naming file, line and key, e.g.
// "data/gpus.toml:14: 'gpu.h100-sxm.tdp_w': missing 'source'"): an entry needs a string `id`;
// ids and aliases are unique within a kind (ignoring case); a fact needs `source`, `year`
// (1900..2100), `confidence` (one of the three) and `value` and/or `low`+`high`, all finite,
// non-negative, with low <= value <= high; unknown keys inside a fact are rejected (typos).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/interval.h"

namespace gpufleet {

enum class Confidence { kVerified, kSecondary, kUnverified };
std::string_view ToString(Confidence c);

// The kinds, in display order: "gpu", "system", "site", "reference", "model" (LLM architectures
// for `gpufleet infer`, data/models.toml).
const std::vector<std::string>& CatalogKinds();

// The unit a fact key's suffix names, for display: "tdp_w" -> "W", "memory_bytes" -> "B",
// "bf16_dense_flop_per_s" -> "FLOP/s", "grid_kg_per_kwh" -> "kg/kWh", "gpus_count" -> "".
// Unknown suffixes give "" (a plain number). See docs/catalog.md for the table.
std::string_view UnitOfKey(std::string_view key);

// One sourced number. `value` is in the unit that the key's suffix names (see docs/catalog.md:
// _w, _usd, _kg_co2e, _kg_per_kwh, _usd_per_kwh, _l_per_kwh, _flop_per_s, _bytes, _bytes_per_s,
// _mm, _km, _kwh, _m3, _count, _hours, _t (tonnes CO2e), _kg, _eur, _eur_per_km,
// _rate_usd_per_eur).
struct Fact {
  Interval value;
  std::string source;
  std::string url;
  int year = 0;
  Confidence confidence = Confidence::kUnverified;
  std::string note;
};

struct Entry {
  std::string kind;  // "gpu", "system", "site", "reference"
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::map<std::string, Fact> facts;        // key -> sourced number
  std::map<std::string, std::string> text;  // other fields (form_factor, vendor, description ...)
  std::string origin;                       // "data/gpus.toml:12" where it was defined

  // The fact under `key`, or nullptr.
  const Fact* Find(std::string_view key) const;
  // The fact under `key`; throws InputError "gpu 'v100' has no fact 'fp8_dense_flop_per_s'".
  const Fact& Get(std::string_view key) const;
};

// Where `e` was defined (its origin's file and line), naming `field`: for an error about it.
Where EntryWhere(const Entry& e, std::string field);

// Where fact `key` of `e` comes from, for an input's provenance:
// "gpu h100-sxm.tdp_w: NVIDIA H100 datasheet, 2023, verified" (the year only when known).
std::string CiteFact(const Entry& e, const std::string& key, const Fact& f);
// A GPU without BF16 whose `bf16_dense_flop_per_s` holds another precision's peak (its text field
// `bf16_stand_in`, "fp16" for the V100): "v100 has no BF16: its bf16_dense_flop_per_s is its FP16
// tensor-core peak, used as its BF16 rate"; "" for a GPU with BF16. Said wherever that peak is.
std::string Bf16StandInNote(const Entry& gpu);

class Catalog {
 public:
  // The catalog embedded at build time (data/*.toml). Throws only if the build embedded a
  // broken catalog, which the tests rule out.
  static const Catalog& Embedded();
  // Every *.toml file in `dir`. Throws InputError naming file, line and field on any malformed
  // entry (missing source/year/confidence, low > high, unknown confidence, duplicate id, NaN),
  // and on a malformed failure_models.toml (parsed here, once: CatalogFailureModels).
  static Catalog FromDirectory(const std::string& dir);
  // From (file name, TOML text) pairs; names are used in error messages only.
  static Catalog FromTexts(const std::vector<std::pair<std::string, std::string>>& files);
  // Embedded() when `dir` is empty, else FromDirectory(dir).
  static Catalog Load(const std::string& dir);

  // The entry of `kind` whose id or alias equals `id` (ignoring case), or nullptr.
  const Entry* Find(std::string_view kind, std::string_view id) const;
  // Same, but throws InputError "unknown gpu 'h300'; known: a100-pcie, a100-sxm, ..." .
  const Entry& Get(std::string_view kind, std::string_view id) const;
  // Every entry of `kind`, in file order.
  std::vector<const Entry*> All(std::string_view kind) const;
  // Every entry, kinds in file order.
  const std::vector<Entry>& entries() const { return entries_; }
  // The failure_models.toml FromDirectory read with the entries, as (path, text), or nullptr:
  // the failure models a simulation on this catalog uses (CatalogFailureModels in
  // failure_model.h), read once with the catalog, never per run or request.
  const std::pair<std::string, std::string>* failure_models_file() const {
    return failure_models_file_.first.empty() ? nullptr : &failure_models_file_;
  }
  // The directory FromDirectory read ("" for the embedded catalog and FromTexts). Such a catalog
  // replaces the embedded one whole: without a failure_models.toml it has no failure models.
  const std::string& directory() const { return directory_; }

  // A value derived from this catalog alone (a GPU's bottom-up embodied carbon, say), computed by
  // `compute` the first time `key` is asked for and kept for the catalog's life: a catalog never
  // changes once built, and its copies share what was derived. Thread-safe; `compute` runs
  // without a lock (two threads may both run it; the first value stored is kept). An exception
  // from `compute` propagates and nothing is stored. A key names what it holds and is always
  // used with the same T.
  template <typename T, typename F>
  std::shared_ptr<const T> Derived(const std::string& key, F&& compute) const {
    if (std::shared_ptr<const void> v = FindDerived(key))
      return std::static_pointer_cast<const T>(v);
    return std::static_pointer_cast<const T>(
        StoreDerived(key, std::make_shared<const T>(std::forward<F>(compute)())));
  }

 private:
  // Refuses a GPU, system, site or model fact whose key the embedded catalog's entries of that
  // kind do not use (a misspelling, read as nothing), naming the closest known key.
  static void CheckFactKeys(const Catalog& c);
  // FromTexts; with `model_error`, a model whose facts do not hold together is stored there (the
  // first) rather than thrown, for FromDirectory to throw after CheckFactKeys.
  static Catalog Build(const std::vector<std::pair<std::string, std::string>>& files,
                       std::optional<InputError>* model_error);
  struct DerivedStore;
  static std::shared_ptr<DerivedStore> NewDerivedStore();
  std::shared_ptr<const void> FindDerived(const std::string& key) const;
  // Stores `value` under `key` unless a value is there already; returns the one stored.
  std::shared_ptr<const void> StoreDerived(const std::string& key,
                                           std::shared_ptr<const void> value) const;

  // Hashes a std::string key by its view, so that Find looks up without building a string.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<Entry> entries_;
  std::pair<std::string, std::string> failure_models_file_;  // ("", "") when none
  std::string directory_;
  // "kind/lower-case id or alias" -> index in entries_, built with them: Find in O(1), as every
  // API request looks up its GPU, site, system, the references and the embodied parts.
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> index_;
  std::shared_ptr<DerivedStore> derived_ = NewDerivedStore();  // null only once moved from
  friend class CatalogBuilder;
};

// The note to print when `system` (a catalog system entry) was built for another GPU than the
// one modelled (`gpu_id`, a catalog id; the system's `gpu` may be an alias): its host power and
// price per GPU are then another server's. "" when the system holds that GPU or names none.
std::string SystemGpuNote(const Catalog& catalog, const Entry& system, const std::string& gpu_id);

// Throws InputError (naming the entry's file and fact) when a model's facts (kind "model",
// data/models.toml) do not hold together, as the serving model reads them: a fact it needs
// missing (params, active params, layers, hidden, heads, KV heads, head_dim); more active
// parameters than parameters, or a dense model (no experts) whose active count is not its count;
// one of experts_count and experts_per_token_count without the other, more routed per token than
// in all, or a mixture's active count outside what its experts allow; more KV heads than query
// heads, or query heads not a multiple of them; fewer parameters a token uses than the attention
// weights; one of the two sliding-window facts without the other, more sliding layers than
// layers; more BF16-kept parameters than parameters; some of the four latent-attention facts
// without the others or a cache (2 x kv_heads x head_dim) other than their rank + rope; a range
// for an architecture's count. Run on every model entry as the catalog is read (ParseEntry), so
// that `catalog`, infer, the API and Python refuse such a catalog alike, naming its file, line
// and key.
void CheckModelFacts(const Entry& model);

// Whether a site or system id asks for none: "none" in any case, as ids are matched ("NONE" was
// an unknown site where "ITALY" was Italy; found by an adversarial tester).
bool NamesNone(std::string_view id);

}  // namespace gpufleet

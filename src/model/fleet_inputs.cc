// InputsFromCatalog: a GPU, a site and a system from the catalog turned into model inputs, each
// with the source it came from.
#include <fmt/format.h>

#include <map>

#include "gpufleet/embodied.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

// Sets input `name` from fact `key` of `e` when present; returns whether it was.
bool FromFact(FleetInputs& in, const Entry& e, const std::string& key, const std::string& name,
              double scale = 1) {
  const Fact* f = e.Find(key);
  if (f == nullptr) return false;
  SetInput(in, name, f->value * scale, CiteFact(e, key, *f));
  return true;
}

void FromGpu(FleetInputs& in, const Entry& gpu) {
  in.gpu_id = gpu.id;
  SetInput(in, "gpu_tdp_w", gpu.Get("tdp_w").value, CiteFact(gpu, "tdp_w", gpu.Get("tdp_w")));
  if (!FromFact(in, gpu, "idle_w", "gpu_idle_w")) {
    // No published idle figure: 10% of TDP (5-20%), in line with measured H100 idle draw.
    SetInput(in, "gpu_idle_w", Interval(0.1, 0.05, 0.2) * GetInput(in, "gpu_tdp_w"),
             "no sourced figure; assumed 10% (5-20%) of TDP");
  }
  // A fact the entry lacks is unknown, not 0: the figures built on it are absent (a custom
  // catalog's GPU without a price printed "USD 0" and "the cost of 0 km of motorway"; found by
  // an adversarial tester). GpuFactUnknown reads these sources.
  if (!FromFact(in, gpu, "bf16_dense_flop_per_s", "gpu_peak_bf16_flop_per_s")) {
    in.sources.Set("gpu_peak_bf16_flop_per_s", "no sourced BF16 peak for " + gpu.id);
  } else if (in.peak_note = Bf16StandInNote(gpu); !in.peak_note.empty()) {
    // A GPU without BF16 (the V100) was reported at "dense BF16" with no word (found by an
    // adversarial tester): its source and its row say what the peak is.
    const Fact& f = gpu.Get("bf16_dense_flop_per_s");
    SetInput(in, "gpu_peak_bf16_flop_per_s", f.value,
             CiteFact(gpu, "bf16_dense_flop_per_s", f) + "; " + in.peak_note);
  }
  if (!FromFact(in, gpu, "price_usd", "gpu_price_usd")) {
    in.sources.Set("gpu_price_usd", "no sourced price for " + gpu.id);
  }
  if (!FromFact(in, gpu, "board_length_mm", "board_length_mm")) {
    in.sources.Set("board_length_mm", "no published board length for " + gpu.id);
  }
  if (!FromFact(in, gpu, "embodied_kg_co2e", "embodied_kg_co2e")) {
    in.sources.Set("embodied_kg_co2e", "no sourced figure for " + gpu.id);
  }
}

// Embodied carbon per GPU from the bottom-up model (embodied.h) when the GPU has no figure of
// its own: boundary "server" when the system lists its host parts, else "GPU".
void FromEmbodied(FleetInputs& in, const Catalog& c, const Entry& gpu, const Entry* sys) {
  if (gpu.Find("embodied_kg_co2e") != nullptr || !HasBottomUp(gpu)) return;
  const EmbodiedEstimate est = FleetEmbodied(c, gpu, sys, DefaultBoundary(sys));
  const std::string boundary(ToString(est.boundary));
  std::string parts;
  for (const EmbodiedPart& p : est.parts) {
    parts +=
        fmt::format("{}{} {}", parts.empty() ? "" : ", ", p.name, FormatQuantity(p.kg.value, "kg"));
  }
  SetInput(
      in, "embodied_kg_co2e", est.per_gpu_kg,
      fmt::format("bottom-up estimate (data/embodied.toml), boundary {}: {}", boundary, parts));
  in.embodied_boundary = boundary;
}

// The source of a site factor the site given lacks: unknown as with no site, but saying so ("no
// site given" was printed for a site that lacks the fact; found by an adversarial tester).
std::string SiteLacks(const std::string& site, const std::string& fact) {
  return fmt::format("unknown: site {} has no {}", site, fact);
}

void FromSite(FleetInputs& in, const Entry& site) {
  in.site_id = site.id;
  for (const auto& [key, name] : {std::pair{"grid_kg_per_kwh", "grid_kg_per_kwh"},
                                  {"price_usd_per_kwh", "price_per_kwh"},
                                  {"pue", "pue"},
                                  {"wue_l_per_kwh", "wue_l_per_kwh"},
                                  {"offsite_water_l_per_kwh", "offsite_water_l_per_kwh"}}) {
    if (!FromFact(in, site, key, name)) in.sources.Set(name, SiteLacks(site.id, key));
  }
}

void FromSystem(FleetInputs& in, const Entry& sys) {
  in.system_id = sys.id;
  if (FromFact(in, sys, "gpus_count", "gpus_per_node")) {
    in.system_gpus_count = sys.Get("gpus_count").value.value;
  }
  if (!FromFact(in, sys, "host_power_per_gpu_w", "host_overhead_w")) {
    in.sources.Set("host_overhead_w",
                   "system " + sys.id + " has no host_power_per_gpu_w: 0 W of host power");
  }
  const Fact* price = sys.Find("price_usd");
  const Fact* gpus = sys.Find("gpus_count");
  if (price != nullptr && gpus != nullptr) {
    SetInput(in, "system_price_per_gpu_usd", price->value / gpus->value,
             CiteFact(sys, "price_usd", *price) + fmt::format(", / {} GPUs", gpus->value.value));
  }
}

// What each input is when neither the catalog nor the user sets it (FleetInputs' defaults).
const InputSources::Map& DefaultSources() {
  static const InputSources::Map d = {
      {"count", "default: 1 GPU"},
      {"hours", "default: 8,760 h (one year)"},
      {"load", "default: 1 (every GPU at TDP all the time: an upper bound)"},
      {"host_overhead_w", "default: 0 W (no system given)"},
      {"pue", "default: 1 (no site given)"},
      {"grid_kg_per_kwh", "default: 0 (no site given)"},
      {"price_per_kwh", "default: 0 (no site given)"},
      {"wue_l_per_kwh", "default: 0 (no site given)"},
      {"offsite_water_l_per_kwh", "default: 0 (no site given)"},
      {"lifetime_years", "default: 4 years, straight-line amortisation"},
      {"mfu", "default: 0.4 (Llama 3 405B pre-training: 38-43%, Llama 3 paper, Table 4)"},
      {"gpus_per_node", "default: 8 GPUs per node (no system given)"},
      {"nodes_per_rack", "default: 4 nodes per rack (assumed: 8U nodes of about 10 kW)"},
  };
  return d;
}

}  // namespace

InputSources::InputSources(Map all) : shared_(std::make_shared<const Map>(std::move(all))) {}

const std::string* InputSources::Find(std::string_view name) const {
  if (auto it = own_.find(name); it != own_.end()) return &it->second;
  if (shared_ == nullptr) return nullptr;
  auto it = shared_->find(name);
  return it != shared_->end() ? &it->second : nullptr;
}

const std::string& InputSources::at(std::string_view name) const {
  const std::string* s = Find(name);
  if (s == nullptr) throw std::out_of_range("no source recorded for " + std::string(name));
  return *s;
}

void InputSources::Set(std::string_view name, std::string source) {
  auto it = own_.find(name);
  if (it == own_.end()) {
    own_.emplace(std::string(name), std::move(source));
  } else {
    it->second = std::move(source);
  }
}

bool InputSources::SameSource(const InputSources& o, std::string_view name) const {
  if (shared_ == o.shared_ && !own_.contains(name) && !o.own_.contains(name)) return true;
  const std::string* a = Find(name);
  const std::string* b = o.Find(name);
  return a == b || (a != nullptr && b != nullptr && *a == *b);
}

InputSources::Map InputSources::All() const {
  Map all = shared_ != nullptr ? *shared_ : Map{};
  for (const auto& [name, source] : own_) all.insert_or_assign(name, source);
  return all;
}

void InputSources::Share() {
  if (own_.empty()) return;
  shared_ = std::make_shared<const Map>(All());
  own_.clear();
}

bool SiteFactorUnknown(const FleetInputs& in, const std::string& name) {
  const std::string* source = in.sources.Find(name);
  if (source == nullptr) return false;
  if (source->starts_with("unknown: site ")) return true;
  // The default of a factor only a site sets, left as it is.
  if (!source->ends_with("(no site given)")) return false;
  const auto d = DefaultSources().find(name);
  return d != DefaultSources().end() && *source == d->second;
}

bool GpuFactUnknown(const FleetInputs& in, const std::string& name) {
  const std::string* source = in.sources.Find(name);
  return source != nullptr && source->starts_with("no sourced ");
}

std::string SiteFactorUnknownWhy(const FleetInputs& in, const std::string& name) {
  if (!SiteFactorUnknown(in, name)) return "";
  return UnknownFactorWhy(in.site_id, name);
}

FleetInputs InputsFromCatalog(const Catalog& catalog, const std::string& gpu_id,
                              const std::string& site_given, const std::string& system_given) {
  // "none" is no entry, on every command and front end (it was `gpufleet fleet`'s alone: found
  // by an adversarial tester).
  const std::string site_id = NamesNone(site_given) ? "" : site_given;
  const std::string system_id = NamesNone(system_given) ? "" : system_given;
  const Entry& gpu = catalog.Get("gpu", gpu_id);
  const Entry* site = site_id.empty() ? nullptr : &catalog.Get("site", site_id);
  const Entry* sys = system_id.empty() ? nullptr : &catalog.Get("system", system_id);
  // Catalog data alone: worked out once per catalog and combination of entries (by their ids, not
  // by how a request spelt them, so that the kept values stay as few as the combinations).
  const std::string key =
      "InputsFromCatalog/" + gpu.id + "/" + (site ? site->id : "") + "/" + (sys ? sys->id : "");
  return *catalog.Derived<FleetInputs>(key, [&] {
    FleetInputs in;
    in.sources = InputSources(DefaultSources());
    FromGpu(in, gpu);
    if (site != nullptr) FromSite(in, *site);
    if (sys != nullptr) FromSystem(in, *sys);
    FromEmbodied(in, catalog, gpu, sys);
    in.sources.Share();  // each copy of the kept inputs then shares the sources
    return in;
  });
}

}  // namespace gpufleet

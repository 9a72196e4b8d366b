// gpufleet fleet: one fleet from flags. --gpu/--site/--system pick catalog entries; every model
// input has a flag named after it (--count, --gpu-power-w, --pue ...) taking a value or lo..hi,
// and an explicit flag overrides what the site, system and catalog say.
#include <fmt/format.h>

#include <map>

#include "cli/command.h"
#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "gpufleet/si_format.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_fleet {
namespace {

struct Options {
  std::string gpu = "h100-sxm";
  std::string site;    // none: grid, price and water 0, PUE 1
  std::string system;  // none: no host power, no system price, 8 GPUs per node
  std::map<std::string, std::string> values;  // input name -> text given on the command line
  Format format = Format::kText;
  std::string output;
  std::string catalog;
};

std::string FlagName(const std::string& input) {
  return inputs::FlagName(inputs::Get(input, inputs::kFleet));
}

// Applies the flags that were given, parsed and checked by the input table; errors name the
// input (main() spells it as the flag).
void ApplyFlags(const Options& o, FleetInputs& in) {
  for (const auto& [name, text] : o.values) {
    SetInput(in, name, inputs::Parse(inputs::Get(name, inputs::kFleet), text),
             "flag " + FlagName(name));
  }
}

// Validates, renaming the field of an error to the flag when the user gave that input.
// The fleet's catalog entry (its GPU, system or site) that the source of `field` cites
// (CiteFact: "gpu h100-sxm.idle_w: ..."), or nullptr.
const Entry* CitingEntry(const Catalog& catalog, const FleetInputs& in, const std::string& field) {
  const std::string* source = in.sources.Find(field);
  if (source == nullptr) return nullptr;
  for (const auto& [kind, id] : {std::pair<const char*, const std::string*>{"gpu", &in.gpu_id},
                                 {"system", &in.system_id},
                                 {"site", &in.site_id}}) {
    const Entry* e = id->empty() ? nullptr : catalog.Find(kind, *id);
    if (e != nullptr && source->starts_with(e->kind + " " + e->id + ".")) return e;
  }
  return nullptr;
}

void ValidateNamingFlags(const Options& o, const FleetInputs& in, const Catalog& catalog) {
  try {
    Validate(in);
  } catch (const InputError& e) {
    const std::string& field = e.where().field;
    if (o.values.count(field) != 0) throw InputError(Where{"", 0, FlagName(field)}, e.detail());
    // A catalog figure: the entry's file and line, where it was blamed on a flag with neither.
    if (const Entry* entry = CitingEntry(catalog, in, field)) {
      // The fact's key, from its source ("site odd.grid_kg_per_kwh: ..."), and what is wrong:
      // one figure outside the model's domain is no disagreement (both were "the catalog's
      // figures disagree" naming no key; found by an adversarial tester).
      const std::string& source = *in.sources.Find(field);
      const size_t dot = entry->kind.size() + 1 + entry->id.size();
      const std::string key = source.substr(dot + 1, source.find(':', dot) - dot - 1);
      const bool domain = e.detail().starts_with("must be");
      throw InputError(EntryWhere(*entry, entry->kind + "." + entry->id + "." + key),
                       e.detail() + (domain ? ": a catalog figure outside what the model takes"
                                            : ": the catalog's figures disagree"));
    }
    // Spelt as the flag that would set it ("gpu_idle_w (from ...)" named no flag).
    const std::string name =
        inputs::Find(field, inputs::kFleet) != nullptr ? FlagName(field) : field;
    throw InputError(Where{"", 0, name + " (from the catalog or defaults)"}, e.detail());
  }
}

// Catalog lookups: InputsFromCatalog takes "none" as no site or system, and its errors name the
// kind (gpu, site, system), which main() spells as the flag.
FleetInputs FromCatalog(const Options& o, const Catalog& catalog) {
  return InputsFromCatalog(catalog, o.gpu, o.site, o.system);
}

int RunFleet(const Options& o) {
  const Catalog catalog = Catalog::Load(o.catalog);
  FleetInputs in = FromCatalog(o, catalog);
  ApplyFlags(o, in);
  ValidateNamingFlags(o, in, catalog);
  report::Report r;
  const Entry& gpu = catalog.Get("gpu", o.gpu);
  const std::string name = FormatCount(in.count) + " " + (gpu.name.empty() ? gpu.id : gpu.name);
  r.fleets.push_back(report::BuildFleetReport(name, in, catalog));
  Emit(o.output, RenderForCli(r, o.format));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  for (auto [id, target] : {std::pair<const char*, std::string*>{"gpu", &o->gpu},
                            {"site", &o->site},
                            {"system", &o->system}}) {
    const inputs::Input& in = inputs::Get(id, inputs::kFleet);
    CLI::Option* opt = app.add_option(inputs::FlagName(in), *target, in.help);
    opt->check(NonEmpty());  // --site "" read as not given (the default site), without a word
    if (in.default_text != nullptr) opt->default_str(in.default_text);
  }
  for (const std::string& name : InputNames()) {
    app.add_option_function<std::string>(
           FlagName(name), [o, name](const std::string& v) { o->values[name] = v; },
           inputs::Help(inputs::Get(name, inputs::kFleet)) + "; a value or lo..hi")
        ->type_name("X");
  }
  AddFormatOption(app, o->format, /*document=*/true);
  AddOutputOption(app, o->output);
  AddCatalogOption(app, o->catalog);
  return [o] { return RunFleet(*o); };
}

Registration reg{"fleet", "Model one fleet: cost, power, energy, carbon, water, space, FLOPs",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_fleet

// Building a claim's scenario from the claims file's defaults, the claim and its reading.
#include <fmt/format.h>

#include "claims/evaluate.h"
#include "gpufleet/error.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

void Collect(const std::vector<Setting>& settings, std::vector<const Setting*>& out) {
  for (const Setting& s : settings) out.push_back(&s);
}

// Replays the settings on a fresh copy to find the first one after which the inputs are invalid.
Where FirstInvalid(const Catalog& catalog, const FleetInputs& final_inputs,
                   const std::vector<const Setting*>& all, const ClaimsFile& file,
                   const Claim& claim) {
  FleetInputs in =
      InputsFromCatalog(catalog, final_inputs.gpu_id, final_inputs.site_id, final_inputs.system_id);
  for (const Setting* s : all) {
    if (s->key == "gpu" || s->key == "site" || s->key == "system") continue;
    SetInput(in, s->key, s->value);
    if (s->key == "load") in.gpu_avg_power.reset();
    try {
      Validate(in);
    } catch (const InputError&) {
      return Where{file.path, s->line, "claim." + claim.id + ".scenario." + s->key};
    }
  }
  return Where{file.path, claim.line, "claim." + claim.id + ".scenario"};
}

}  // namespace

Env BuildEnv(const Catalog& catalog, const ClaimsFile& file, const Claim& claim,
             const Reading* reading) {
  std::vector<const Setting*> all;
  Collect(file.defaults, all);
  Collect(claim.scenario, all);
  if (reading) Collect(reading->scenario, all);
  std::string gpu = "h100-sxm", site, system;
  for (const Setting* s : all) {
    if (s->key == "gpu") gpu = s->text;
    if (s->key == "site") site = s->text;
    if (s->key == "system") system = s->text;
  }
  Env env;
  env.inputs = InputsFromCatalog(catalog, gpu, site, system);
  env.settings.push_back("gpu " + env.inputs.gpu_id);
  if (!site.empty()) env.settings.push_back("site " + site);
  if (!system.empty()) env.settings.push_back("system " + system);
  for (const Setting* s : all) {
    if (s->key == "gpu" || s->key == "site" || s->key == "system") continue;
    const Where where{file.path, s->line, "claim." + claim.id + ".scenario." + s->key};
    try {
      SetInput(env.inputs, s->key, s->value, fmt::format("{}:{}", file.path, s->line));
      if (s->key == "load") env.inputs.gpu_avg_power.reset();
    } catch (const InputError& e) {
      throw InputError(where, e.detail());
    }
    const std::string unit = InputUnit(s->key);
    const std::string text = fmt::format("{} = {}{}", s->key, FormatScaledInterval(s->value, 4),
                                         unit.empty() ? "" : " " + unit);
    std::erase_if(env.settings,
                  [&](const std::string& x) { return x.starts_with(s->key + " = "); });
    env.settings.push_back(text);
  }
  try {
    Validate(env.inputs);
  } catch (const InputError& e) {
    throw InputError(FirstInvalid(catalog, env.inputs, all, file, claim), e.detail());
  }
  return env;
}

}  // namespace gpufleet::claims

// Building a claim's scenario from the claims file's defaults, the claim and its reading.
#include <fmt/format.h>

#include <algorithm>

#include "claims/evaluate.h"
#include "gpufleet/error.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

// A setting and whether its level ([scenario], the claim's or the reading's) also gives
// gpu_power_w: a load then does not bring the load formula back. A given average power replaces
// the load formula (docs/model.md), as in `gpufleet fleet --gpu-power-w 300 --load 1`; within
// one level the check used the formula whenever "load" came after "gpu_power_w" (as it does in
// key order), and got 700 W for a given 300 W. A load at a later level still wins.
struct Placed {
  const Setting* s;
  bool power_beside;
};

void Collect(const std::vector<Setting>& settings, std::vector<Placed>& out) {
  const bool power = std::any_of(settings.begin(), settings.end(),
                                 [](const Setting& s) { return s.key == "gpu_power_w"; });
  for (const Setting& s : settings) out.push_back({&s, power});
}

void Apply(FleetInputs& in, const Placed& p, const std::string& source) {
  SetInput(in, p.s->key, p.s->value, source);
  if (p.s->key == "load" && !p.power_beside) in.gpu_avg_power.reset();
}

// Replays the settings on a fresh copy to find the first one after which the inputs are invalid.
Where FirstInvalid(const Catalog& catalog, const FleetInputs& final_inputs,
                   const std::vector<Placed>& all, const ClaimsFile& file, const Claim& claim) {
  FleetInputs in =
      InputsFromCatalog(catalog, final_inputs.gpu_id, final_inputs.site_id, final_inputs.system_id);
  for (const Placed& p : all) {
    const Setting* s = p.s;
    if (s->key == "gpu" || s->key == "site" || s->key == "system") continue;
    Apply(in, p, "");
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
  std::vector<Placed> all;
  Collect(file.defaults, all);
  Collect(claim.scenario, all);
  if (reading) Collect(reading->scenario, all);
  std::string gpu = "h100-sxm", site, system;
  for (const Placed& p : all) {
    const Setting* s = p.s;
    if (s->key == "gpu") gpu = s->text;
    if (s->key == "site") site = s->text;
    if (s->key == "system") system = s->text;
  }
  Env env;
  env.inputs = InputsFromCatalog(catalog, gpu, site, system);
  env.settings.push_back("gpu " + env.inputs.gpu_id);
  if (!site.empty()) env.settings.push_back("site " + site);
  if (!system.empty()) env.settings.push_back("system " + system);
  for (const Placed& p : all) {
    const Setting* s = p.s;
    if (s->key == "gpu" || s->key == "site" || s->key == "system") continue;
    const Where where{file.path, s->line, "claim." + claim.id + ".scenario." + s->key};
    try {
      Apply(env.inputs, p, fmt::format("{}:{}", file.path, s->line));
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

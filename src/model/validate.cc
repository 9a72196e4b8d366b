// Validate: every input checked against its domain (the input table, inputs.h), with the input's
// name in the error.
#include <fmt/format.h>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "model/input_table.h"

namespace gpufleet {
namespace {

InputError Bad(const std::string& name, const std::string& msg) {
  return InputError(Where{"", 0, name}, msg);
}

// Whether `name`'s value is the catalog's (CiteFact: "gpu h100-sxm.idle_w: ..."), or the
// catalog's default for it, rather than given.
bool FromCatalog(const FleetInputs& in, std::string_view name) {
  const std::string* source = in.sources.Find(name);
  return source == nullptr || source->starts_with("gpu ") || source->starts_with("no sourced");
}

void CheckIdleBelowTdp(const FleetInputs& in) {
  const Interval idle = In(in.gpu_idle, units::W), tdp = In(in.gpu_tdp, units::W);
  if (idle.low > tdp.low || idle.value > tdp.value || idle.high > tdp.high) {
    const std::string msg =
        fmt::format("idle power {} W exceeds TDP {} W", ToString(idle), ToString(tdp));
    // The input given is the one to blame: a TDP given under the catalog's idle blamed the idle
    // power, an input never given (found by an adversarial tester).
    if (FromCatalog(in, "gpu_idle_w") && !FromCatalog(in, "gpu_tdp_w")) {
      throw Bad("gpu_tdp_w", msg + " (the idle power is the catalog's: give " +
                                 inputs::Mention("gpu_idle_w") + " too)");
    }
    throw Bad("gpu_idle_w", msg);
  }
}

// A named system is servers of its own size: its price, host power and host embodied carbon are
// per GPU of that server. Other GPUs per node counted the servers at one size and priced them at
// another ("servers 2" beside one DGX's price; found by an adversarial tester).
void CheckSystemServerSize(const FleetInputs& in) {
  if (in.system_gpus_count <= 0 || in.system_id.empty()) return;
  const Interval g = in.gpus_per_node;
  if (g.low == in.system_gpus_count && g.high == in.system_gpus_count) return;
  throw Bad("gpus_per_node",
            fmt::format("system {} holds {} GPUs a server, got {}: its price, host power and "
                        "embodied carbon are that server's; give {} or leave it out, or give no "
                        "system ({} none) with {} and {} for servers of another size",
                        in.system_id, in.system_gpus_count, ToString(g), in.system_gpus_count,
                        inputs::Mention("system"), inputs::Mention("system_price_per_gpu_usd"),
                        inputs::Mention("host_overhead_w")));
}

}  // namespace

void Validate(const FleetInputs& in, bool given) {
  for (const model::InputSpec& s : model::InputSpecs()) {
    if (s.present && !s.present(in)) continue;
    if (s.row->domain.integer && !given) {
      inputs::Input fractions = *s.row;
      fractions.domain.integer = false;
      inputs::Check(fractions, s.get(in));
      continue;
    }
    inputs::Check(*s.row, s.get(in));
  }
  CheckIdleBelowTdp(in);
  CheckSystemServerSize(in);
}

}  // namespace gpufleet

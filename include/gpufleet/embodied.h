// Embodied carbon: what making a GPU, a server and their share of the network and building
// emitted, by two methods side by side (docs/model.md, "Embodied carbon"):
//   - bottom-up, in the style of ACT (Gupta et al., ISCA 2022): logic dies from their area, process
//     node and yield; memory and storage per GB; one package per IC; a GPU module's board and
//     thermal parts; a server's CPUs, DRAM, SSDs, NICs and chassis; optional network and
//     building shares. Parameters come from the catalog (data/embodied.toml, the GPU's and the
//     system's facts), each an Interval, so every estimate carries a range.
//   - published footprints (kind "footprint" in the catalog), each with its boundary and method.
// All masses are kg CO2e. Pure functions, no I/O; errors are InputError naming the catalog entry
// and key (e.g. "gpu 'x1': unknown process_node 'n1'; known: intel-7, tsmc-12ffn, ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/interval.h"
#include "gpufleet/units.h"

namespace gpufleet {

// What an estimate covers, each boundary including the one before it.
enum class EmbodiedBoundary {
  kGpu,       // the GPU module: dies, memory, packages, board, thermal parts
  kServer,    // + its share of the server: CPUs, DRAM, SSDs, NICs, chassis (1 / GPUs per system)
  kNetwork,   // + a share of the cluster network per GPU
  kBuilding,  // + a share of the data-center building and plant per GPU
};
// "GPU", "server", "server + network", "server + network + building".
std::string_view ToString(EmbodiedBoundary b);
// "gpu", "server", "network", "building" (as typed by a user); nullopt otherwise.
std::optional<EmbodiedBoundary> ParseEmbodiedBoundary(std::string_view text);

// One process node's fab parameters (a [[process_node]] entry), per cm2 of processed wafer.
struct FabParams {
  std::string node;                 // catalog id, e.g. "tsmc-n5"
  Interval energy_kwh_per_cm2;      // fab electricity
  Interval grid_kg_per_kwh;         // carbon intensity of the fab's electricity
  Interval gas_kg_per_cm2;          // process gases after abatement
  Interval materials_kg_per_cm2;    // raw materials
  Interval defect_density_per_cm2;  // sets the Poisson yield
};
// The node's parameters. Throws InputError "unknown process_node 'x'; known: ..." (field
// `field`, e.g. "gpu.x1.process_node") or naming a missing fact.
FabParams FabOf(const Catalog& c, std::string_view node, std::string_view field = "process_node");

// Carbon per cm2 of good die before yield: energy x grid + gases + materials (ACT's CPA).
Interval CarbonPerArea(const FabParams& fab);
// Poisson die yield exp(-area x defect density), in (0, 1]. Throws InputError when the area
// is <= 0 or not finite.
Interval PoissonYield(Interval area_cm2, Interval defect_density_per_cm2);
// Carbon of one die: area x CarbonPerArea / yield. `yield` overrides the Poisson yield and must
// lie in (0, 1]; `area_mm2` must be > 0. Throws InputError naming `field` otherwise.
Interval DieCarbon(const FabParams& fab, Interval area_mm2, std::optional<Interval> yield = {},
                   std::string_view field = "die_area_mm2");

// One line of an estimate: "GH100 die (tsmc-n5, 814 mm2, yield 57%)", 35 kg.
struct EmbodiedPart {
  std::string name;
  Interval kg;
  std::string basis;  // the inputs in words
};

struct EmbodiedEstimate {
  std::string subject;  // "h100-sxm", "dgx-h100"
  EmbodiedBoundary boundary = EmbodiedBoundary::kGpu;
  Interval per_gpu_kg;  // per GPU within the boundary (the system's parts divided by its GPUs)
  Interval total_kg;    // the subject as a whole: one GPU, or one system with all its GPUs
  std::vector<EmbodiedPart> parts;  // sum(parts) == total_kg
  std::string method;               // "bottom-up (ACT-style) ..."
};

// Whether the GPU has what the bottom-up model needs (process_node and die_area_mm2).
bool HasBottomUp(const Entry& gpu);
// Bottom-up estimate for one GPU module (boundary kGpu). Reads the GPU's process_node,
// die_area_mm2, dies_count (default 1), optional io_process_node/io_die_area_mm2/io_dies_count,
// yield_fraction (optional override, (0, 1]), memory_bytes, memory_stacks_count (default 0),
// and the parts hbm, ic-package, gpu-board, gpu-thermal. Throws InputError when a piece is
// missing or out of its domain.
EmbodiedEstimate GpuEmbodied(const Catalog& c, const Entry& gpu);
// Bottom-up estimate per GPU within `boundary`: the GPU; with kServer and beyond, the system's
// host (cpus_count x cpu_die_area_mm2 on cpu_process_node, host_memory_bytes of ddr5,
// ssd_bytes of ssd, nics_count NICs, one server-chassis) divided by its gpus_count; then the
// network-share and building-share parts. `system` may be null only for kGpu.
EmbodiedEstimate FleetEmbodied(const Catalog& c, const Entry& gpu, const Entry* system,
                               EmbodiedBoundary boundary);

// The boundary the fleet and serving models use by default: kServer when `system` lists its host
// parts (cpus_count), else kGpu. `system` may be null.
EmbodiedBoundary DefaultBoundary(const Entry* system);

// A published footprint ([[footprint]] entry), per GPU.
struct PublishedFootprint {
  std::string id, name, subject, boundary, method, source;
  int year = 0;
  Confidence confidence = Confidence::kUnverified;
  Interval per_gpu_kg;  // total_kg_co2e / gpus_count, or gpu_kg_co2e + host_kg_co2e / gpus_count
};
// Every published footprint whose subject is `subject` (a GPU or system id), in file order.
std::vector<PublishedFootprint> PublishedFootprints(const Catalog& c, std::string_view subject);

// Embodied carbon allocated to a use of the hardware by time share: total x used / lifetime.
// `total_kg_co2e` is what the hardware's making emitted (any boundary); `used` is how long the
// use held it (a GPU-hour, a fleet period, a training run, one request's share of a server).
// Throws InputError (field "lifetime_years") when lifetime <= 0 or not finite, and (field
// "used") when used < 0 or not finite. Used beyond the lifetime is allowed (the share exceeds 1).
Interval AmortisedEmbodied(Interval total_kg_co2e, Duration<> lifetime, Duration<> used);
// The same over a ranged lifetime and time used (kg CO2e): the share grows with the time used and
// falls with the lifetime, so its extremes lie at the corners. Same errors.
Interval AmortisedEmbodied(Interval total_kg_co2e, const Duration<Interval>& lifetime,
                           const Duration<Interval>& used);

}  // namespace gpufleet

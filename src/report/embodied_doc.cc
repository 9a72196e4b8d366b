// EmbodiedSection: the fleet's embodied carbon by boundary, beside the published footprints.
#include <fmt/format.h>

#include "gpufleet/embodied.h"
#include "gpufleet/report.h"
#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"

namespace gpufleet::report {
namespace {

// The parts in words, from `first` on ("logic dies 35 kg (1 x 814 mm2 on tsmc-n5 ...); ...").
std::string Parts(const EmbodiedEstimate& est, size_t first = 0) {
  std::string s;
  for (size_t i = first; i < est.parts.size(); ++i) {
    const EmbodiedPart& p = est.parts[i];
    s += fmt::format("{}{} {} ({})", s.empty() ? "" : "; ", p.name,
                     FormatQuantity(p.kg.value, "kg"), p.basis);
  }
  return s;
}

// "embodied_server_network_kg" from "server + network".
std::string RowName(EmbodiedBoundary b) {
  switch (b) {
    case EmbodiedBoundary::kGpu:
      return "embodied_gpu_kg";
    case EmbodiedBoundary::kServer:
      return "embodied_server_kg";
    case EmbodiedBoundary::kNetwork:
      return "embodied_server_network_kg";
    case EmbodiedBoundary::kBuilding:
      return "embodied_server_network_building_kg";
  }
  return "embodied_gpu_kg";
}

// A wider boundary's row names only what it adds to the narrower one before it.
NamedResult Estimate(const EmbodiedEstimate& est, const EmbodiedEstimate* narrower) {
  std::string basis = Parts(est, narrower ? narrower->parts.size() : 0);
  if (narrower) {
    basis = fmt::format("{} boundary {} kg + {}", ToString(narrower->boundary),
                        FormatSi(narrower->per_gpu_kg.value, ""), basis);
  }
  return {RowName(est.boundary), fmt::format("bottom-up: {}", ToString(est.boundary)),
          Figure::Of(est.per_gpu_kg, "kg CO2e", basis)};
}

// "+29% vs GPU": how far a published figure lies from the model's, per GPU.
std::string Gap(const Interval& published, const Interval& model, EmbodiedBoundary b) {
  return fmt::format("{:+.0f}% vs {}", (published.value / model.value - 1) * 100, ToString(b));
}

NamedResult Published(const PublishedFootprint& p, const std::string& gap) {
  return {"published_" + p.id + "_kg", fmt::format("{} ({})", p.id, gap),
          Figure::Of(p.per_gpu_kg, "kg CO2e",
                     fmt::format("boundary: {}; method: {}; {}, {}, {}", p.boundary, p.method,
                                 p.source, p.year, ToString(p.confidence)))};
}

// One GPU-hour's share (AmortisedEmbodied) over a ranged lifetime: a longer life, a smaller share.
Interval OneGpuHour(const Interval& kg, const Interval& life_s) {
  auto at = [&](double l) { return AmortisedEmbodied(kg, l * units::s, 1.0 * units::h); };
  return Interval{at(life_s.value).value, at(life_s.high).low, at(life_s.low).high};
}

// The section's rows that depend on the catalog alone: the bottom-up figures by boundary and the
// published footprints of the GPU and the system.
std::vector<NamedResult> CatalogRows(const Catalog& c, const Entry* gpu, const Entry* sys) {
  const bool host = sys != nullptr && sys->Find("cpus_count") != nullptr;
  Section s;
  std::vector<EmbodiedEstimate> ests{FleetEmbodied(c, *gpu, nullptr, EmbodiedBoundary::kGpu)};
  if (host) {
    for (EmbodiedBoundary b :
         {EmbodiedBoundary::kServer, EmbodiedBoundary::kNetwork, EmbodiedBoundary::kBuilding}) {
      ests.push_back(FleetEmbodied(c, *gpu, sys, b));
    }
  }
  for (size_t i = 0; i < ests.size(); ++i) {
    s.rows.push_back(Estimate(ests[i], i == 0 ? nullptr : &ests[i - 1]));
  }
  for (const PublishedFootprint& p : PublishedFootprints(c, gpu->id)) {
    // Like with like: a die-only figure with the model's dies, a figure with a host share with
    // the server boundary when there is one, any other with the GPU boundary.
    if (p.boundary.starts_with("one GPU die")) {
      const EmbodiedPart& dies = ests[0].parts.front();
      s.rows.push_back(
          Published(p, fmt::format("{:+.0f}% vs {}", (p.per_gpu_kg.value / dies.kg.value - 1) * 100,
                                   dies.name)));
      continue;
    }
    const bool server = p.boundary.starts_with("server");
    if (server && !host) {
      // A server's footprint beside the GPU alone read "+590% vs GPU" (found by an adversarial
      // tester): without a system there is no bottom-up figure of its boundary.
      s.rows.push_back(Published(p, "no system to compare"));
      continue;
    }
    const EmbodiedEstimate& m = ests[server ? 1 : 0];
    s.rows.push_back(Published(p, Gap(p.per_gpu_kg, m.per_gpu_kg, m.boundary)));
  }
  if (sys != nullptr) {
    for (const PublishedFootprint& p : PublishedFootprints(c, sys->id)) {
      s.rows.push_back(
          Published(p, host ? Gap(p.per_gpu_kg, ests[1].per_gpu_kg, EmbodiedBoundary::kServer)
                            : "no bottom-up host figure"));
    }
  }
  return std::move(s.rows);
}

}  // namespace

std::optional<Section> EmbodiedSection(const FleetInputs& in, const Catalog& c) {
  const Entry* gpu = c.Find("gpu", in.gpu_id);
  if (gpu == nullptr || !HasBottomUp(*gpu)) return std::nullopt;
  const Entry* sys = in.system_id.empty() ? nullptr : c.Find("system", in.system_id);
  Section s{"embodied", "Embodied carbon per GPU"};
  // Worked out once per catalog, GPU and system (the API builds this section on every request).
  s.rows = *c.Derived<std::vector<NamedResult>>(
      "EmbodiedSection/" + gpu->id + "/" + (sys ? sys->id : ""),
      [&] { return CatalogRows(c, gpu, sys); });
  const Interval per_gpu = In(in.embodied_per_gpu, units::kg_co2e);
  s.rows.push_back({"embodied_per_gpu_hour_g", "embodied CO2e of one GPU-hour",
                    Figure::Of(OneGpuHour(per_gpu, In(in.lifetime, units::s)) * 1000.0, "g CO2e",
                               fmt::format("{} per GPU x 1 h / {} lifetime (time share); "
                                           "boundary: {}",
                                           FormatQuantity(per_gpu, "kg"),
                                           FormatSi(In(in.lifetime, units::year), "years"),
                                           in.embodied_boundary.empty() ? std::string("as given")
                                                                        : in.embodied_boundary))});
  s.notes.push_back(
      "Bottom-up figures follow ACT (Gupta et al., ISCA 2022) with the parameters of "
      "data/embodied.toml; published figures each cover their own boundary, so compare like "
      "with like. `gpufleet catalog footprints --sources` lists them.");
  return s;
}

}  // namespace gpufleet::report

namespace gpufleet::report {
namespace {

std::string Confidence(const PublishedFootprint& p) {
  return fmt::format("{}, {}, {}", p.source, p.year, ToString(p.confidence));
}

void AddSubject(const Catalog& c, const Entry& e, TextTable& t) {
  const bool gpu = e.kind == "gpu";
  if (gpu && HasBottomUp(e)) {
    const EmbodiedEstimate est = GpuEmbodied(c, e);
    t.rows.push_back({e.id, "bottom-up", FormatSi(est.per_gpu_kg, ""), "GPU",
                      "ACT-style: dies by area, node and yield; HBM per GB; packages; board; "
                      "thermal (data/embodied.toml)"});
  } else if (!gpu && e.Find("cpus_count") != nullptr) {
    const Entry* g = c.Find("gpu", e.text.count("gpu") ? e.text.at("gpu") : "");
    if (g != nullptr && HasBottomUp(*g)) {
      const EmbodiedEstimate est = FleetEmbodied(c, *g, &e, EmbodiedBoundary::kServer);
      t.rows.push_back({e.id, "bottom-up", FormatSi(est.per_gpu_kg, ""), "server",
                        "the GPU's bottom-up figure + host CPUs, DRAM, SSDs, NICs and chassis / " +
                            FormatCount(e.Get("gpus_count").value) + " GPUs"});
    }
  }
  for (const PublishedFootprint& p : PublishedFootprints(c, e.id)) {
    t.rows.push_back(
        {e.id, p.id, FormatSi(p.per_gpu_kg, ""), p.boundary, p.method + "; " + Confidence(p)});
  }
}

TextTable EmbodiedTable(const Catalog& c, const std::vector<std::string>& kinds) {
  TextTable t;
  t.header = {{"id", "method", "per GPU", "boundary", "how, source"}, {"", "", "kg CO2e"}};
  t.right = {false, false, true, false, false};
  for (const std::string& kind : kinds) {
    if (kind != "gpu" && kind != "system") continue;
    for (const Entry* e : c.All(kind)) AddSubject(c, *e, t);
  }
  return t;
}

}  // namespace

std::string EmbodiedCatalogText(const Catalog& c, const std::vector<std::string>& kinds,
                                bool markdown) {
  const TextTable t = EmbodiedTable(c, kinds);
  if (t.rows.empty()) return "";
  const std::string title = "Embodied carbon per GPU (bottom-up and published; docs/model.md)";
  return markdown ? "## " + title + "\n\n" + t.Markdown() : title + "\n" + t.Text();
}

nlohmann::json EmbodiedCatalogJson(const Catalog& c, const std::vector<std::string>& kinds) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::vector<std::string>& row : EmbodiedTable(c, kinds).rows) {
    out.push_back({{"id", row[0]}, {"method", row[1]}, {"boundary", row[3]}, {"how", row[4]}});
  }
  // The figure itself in the one Figure shape, computed again rather than parsed from text.
  size_t i = 0;
  for (const std::string& kind : kinds) {
    if (kind != "gpu" && kind != "system") continue;
    for (const Entry* e : c.All(kind)) {
      std::vector<Interval> values;
      if (kind == "gpu" && HasBottomUp(*e)) values.push_back(GpuEmbodied(c, *e).per_gpu_kg);
      if (kind == "system" && e->Find("cpus_count") != nullptr) {
        const Entry* g = c.Find("gpu", e->text.count("gpu") ? e->text.at("gpu") : "");
        if (g != nullptr && HasBottomUp(*g)) {
          values.push_back(FleetEmbodied(c, *g, e, EmbodiedBoundary::kServer).per_gpu_kg);
        }
      }
      for (const PublishedFootprint& p : PublishedFootprints(c, e->id)) {
        values.push_back(p.per_gpu_kg);
      }
      for (const Interval& v : values)
        out[i++]["per_gpu_kg_co2e"] = ToJson(Figure::Of(v, "kg CO2e"));
    }
  }
  return out;
}

}  // namespace gpufleet::report

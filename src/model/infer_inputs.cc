// InferInputsFrom: the serving model's inputs from the catalog (model, GPU, system, site) and the
// inputs given to `infer` (the input table's rows for inputs::kInfer), each with its source.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>

#include "gpufleet/embodied.h"
#include "gpufleet/error.h"
#include "gpufleet/infer.h"
#include "gpufleet/si_format.h"
#include "util/ascii.h"

namespace gpufleet {
namespace {

// The GPU the serving model's power calibration was measured on (data/gpus.toml).
constexpr const char* kCalibratedGpu = "h100-sxm";

using inputs::Given;
using inputs::Mention;

const Entry& Lookup(const Catalog& c, const char* kind, const char* input, const std::string& id) {
  try {
    return c.Get(kind, id);
  } catch (const InputError& e) {
    throw InputError(Where{"", 0, input}, e.detail());
  }
}

// The model: the catalog's, with any architecture input given overriding it; or a custom one
// from the inputs alone (every one of params, layers, kv_heads, head_dim, hidden needed).
ModelArch ModelFrom(const Catalog& c, const Given& g, InferInputs& in) {
  ModelArch m;
  const std::string id = g.Text("model");
  if (!id.empty()) {
    const Entry& e = Lookup(c, "model", "model", id);
    m = ModelFromCatalog(e);
    CheckModelFacts(e);
    in.sources["model"] = CiteFact(e, "params_count", e.Get("params_count"));
    // Each architecture input cites its own fact (all cited params_count: "3.3e9 active |
    // params_count: ... (30.5B total)"; found by an adversarial tester).
    for (const auto& [input, key] : {std::pair{"params", "params_count"},
                                     {"active_params", "active_params_count"},
                                     {"layers", "layers_count"},
                                     {"hidden", "hidden_count"},
                                     {"heads", "heads_count"},
                                     {"kv_heads", "kv_heads_count"},
                                     {"head_dim", "head_dim_count"},
                                     {"experts", "experts_count"},
                                     {"experts_per_token", "experts_per_token_count"}}) {
      if (const Fact* f = e.Find(key)) in.sources[input] = CiteFact(e, key, *f);
    }
  }
  struct Field {
    const char* name;
    Interval ModelArch::*member;
  };
  const Field fields[] = {{"params", &ModelArch::params},
                          {"active_params", &ModelArch::active_params},
                          {"layers", &ModelArch::layers},
                          {"hidden", &ModelArch::hidden},
                          {"heads", &ModelArch::heads},
                          {"kv_heads", &ModelArch::kv_heads},
                          {"head_dim", &ModelArch::head_dim},
                          {"experts", &ModelArch::experts},
                          {"experts_per_token", &ModelArch::experts_per_token}};
  bool any = false;
  for (const Field& f : fields) {
    if (auto v = g.Value(f.name)) {
      // An architecture's counts are whole numbers (Kind::kCount: a range of experts made the
      // routing interval hold NaN, an error naming no input; found by an adversarial tester).
      m.*(f.member) = *v;  // its source: "given", with every input given (InferInputsFrom)
      any = true;
    }
  }
  if (id.empty()) {
    if (!any) {
      throw InputError(
          Where{"", 0, "model"},
          "give a catalog id (gpufleet catalog models) or the architecture: " + Mention("params") +
              ", " + Mention("layers") + ", " + Mention("kv_heads") + ", " + Mention("head_dim") +
              ", " + Mention("hidden"));
    }
    for (const char* need : {"params", "layers", "kv_heads", "head_dim", "hidden"}) {
      if (!g.Has(need)) {
        throw InputError(Where{"", 0, need},
                         "required for a custom architecture (no " + Mention("model") + " given)");
      }
    }
    m.id = "custom";
    if (!g.Has("active_params")) m.active_params = m.params;
    if (!g.Has("heads")) {
      m.heads = m.hidden / m.head_dim;
      // "8 KV heads exceed the 0.0078125 query heads" said this for --hidden 1.
      // The two inputs that clash are named, and the one that settles it (it named --heads,
      // never given; found by an adversarial tester).
      if (m.heads.value != std::floor(m.heads.value)) {
        throw InputError(Where{"", 0, "hidden"},
                         fmt::format("{} is not a whole number of heads of {} {} ({} heads): "
                                     "give {} (the query heads) to settle it",
                                     m.hidden.value, Mention("head_dim"), m.head_dim.value,
                                     m.heads.value, Mention("heads")));
      }
    }
  } else if (any) {
    m.id += " (modified)";
    // Other layer counts keep the catalog's share of sliding-window layers: 18 sliding of 12
    // layers made every layer slide without a word (found by an adversarial tester).
    if (g.Has("layers") && m.sliding_layers.value > 0) {
      const ModelArch base = ModelFromCatalog(Lookup(c, "model", "model", id));
      m.sliding_layers = std::floor(m.layers.value * base.sliding_layers.value / base.layers.value);
      in.notes.push_back(
          fmt::format("{} of the {} layers attend over a {}-token window, {}'s share ({} of {})",
                      m.sliding_layers.value, m.layers.value, m.sliding_window.value, base.id,
                      base.sliding_layers.value, base.layers.value));
    }
    // A latent-attention model given its own cache shape is an ordinary attention model: its
    // heads attend with head_dim (the latent's dimensions describe the catalog's cache only).
    if (m.mla() && (g.Has("kv_heads") || g.Has("head_dim"))) {
      m.mla_kv_rank = m.mla_rope_dim = m.mla_nope_dim = m.mla_v_dim = 0;
      in.notes.push_back(fmt::format(
          "{} with {} given: ordinary attention (heads x head_dim), not {}'s latent attention",
          m.id,
          // Both when both were given (only `kv_heads` was named; found by an adversarial
          // tester).
          g.Has("kv_heads") && g.Has("head_dim")
              ? Mention("kv_heads") + " and " + Mention("head_dim")
              : (g.Has("kv_heads") ? Mention("kv_heads") : Mention("head_dim")),
          id));
    }
    // A catalog mixture routed differently (--experts-per-token, --experts) without its counts
    // given: the counts follow from the catalog's shared weights S and one expert's e (A = S + k
    // e, P = S + E e). 64 of 128 experts on qwen3-30b-a3b kept 3.3 G active and was refused
    // naming --params, never given (found by an adversarial tester).
    const ModelArch base = ModelFromCatalog(Lookup(c, "model", "model", id));
    if (base.moe() && (g.Has("experts") || g.Has("experts_per_token")) && !g.Has("active_params") &&
        m.experts.value > 0) {
      const double e = (base.params.value - base.active_params.value) /
                       (base.experts.value - base.experts_per_token.value);
      const double shared = base.params.value - base.experts.value * e;
      if (!g.Has("params")) m.params = shared + m.experts.value * e;
      m.active_params = std::min(m.params.value, shared + m.experts_per_token.value * e);
      const std::string derived =
          "derived: the catalog's shared weights and expert size, "
          "routed as given";
      if (!g.Has("params") && g.Has("experts")) in.sources["params"] = derived;
      in.sources["active_params"] = derived;
      in.notes.push_back(fmt::format(
          "{} routed: {:.4g} parameters in all, {:.4g} active ({:.4g} shared + {} x {:.4g} per "
          "expert, from the catalog's counts)",
          base.id, m.params.value, m.active_params.value, shared, m.experts_per_token.value, e));
    }
  }
  // A dense model (no routed experts) uses every parameter for every token: its active count is
  // its count. `--model llama-3.1-8b --params 16e9` kept the catalog's 8 G active (found by an
  // adversarial tester), and a mixture made dense with --experts 0 kept its active share.
  if (!m.moe() && !g.Has("active_params")) {
    m.active_params = m.params;
    if (g.Has("params")) in.sources["active_params"] = "dense: every parameter active (= params)";
  }
  // A count the user did not give is the catalog model's: a message names the input given and
  // says whose the other number is (`--params 3G` on qwen3-30b-a3b blamed --active-params, never
  // given, for the catalog's 3.3 G active; found by an adversarial tester).
  const auto catalog_count = [&](const char* input, double v) -> std::string {
    if (g.Has(input)) return fmt::format("{} {}", Mention(input), v);
    if (id.empty()) return fmt::format("{} (derived)", v);
    if (in.sources[input].starts_with("derived")) {
      return fmt::format("{} (derived from {}'s counts)", v, id);
    }
    return fmt::format("{}'s {} (the catalog's)", id, v);
  };
  if (m.active_params.value > m.params.value) {
    if (g.Has("params") && !g.Has("active_params") && !id.empty()) {
      throw InputError(
          Where{"", 0, "params"},
          fmt::format("{} parameters in all are fewer than {} active: give {} "
                      "too (the parameters one token uses)",
                      m.params.value, catalog_count("active_params", m.active_params.value),
                      Mention("active_params")));
    }
    throw InputError(Where{"", 0, "active_params"},
                     fmt::format("{} active parameters exceed {} in all", m.active_params.value,
                                 catalog_count("params", m.params.value)));
  }
  if (!m.moe() && g.Has("active_params") && m.active_params != m.params) {
    throw InputError(
        Where{"", 0, "active_params"},
        "a dense model (no routed experts) has every parameter active: " +
            Mention("active_params") + " must equal " +
            (g.Has("params") ? Mention("params")
                             : fmt::format("the {} parameters in all, {}'s (the catalog's; {} "
                                           "sets another)",
                                           m.params.value, id, Mention("params"))) +
            " (give " + Mention("experts") + " and " + Mention("experts_per_token") +
            " for a mixture of experts)");
  }
  if (m.moe() && ((g.Has("params") && !m.params.is_point()) ||
                  (g.Has("active_params") && !m.active_params.is_point()))) {
    // The experts' share of a mixture is derived from both counts; interval arithmetic on it
    // paired opposite ends and read negative weights ("interval holds NaN", naming no input).
    throw InputError(
        Where{"", 0, g.Has("params") && !m.params.is_point() ? "params" : "active_params"},
        "one number for a mixture of experts, not a range: the experts' share of "
        "the parameters is derived from it");
  }
  // The input that was given is named (--experts 4 on a catalog mixture named
  // --experts-per-token, never given; found by an adversarial tester).
  // The count not given is said to be the catalog's, and a dense model is said to have no
  // routed experts ("exceed the 0 routed in all"; found by an adversarial tester).
  if (m.experts_per_token.value > m.experts.value) {
    const bool per_token = g.Has("experts_per_token") || !g.Has("experts");
    const std::string other =
        per_token ? (g.Has("experts") || id.empty() ? fmt::format("the {}", m.experts.value)
                                                    : catalog_count("experts", m.experts.value))
                  : (g.Has("experts_per_token")
                         ? fmt::format("{}", m.experts_per_token.value)
                         : catalog_count("experts_per_token", m.experts_per_token.value));
    if (per_token && m.experts.value == 0 && !g.Has("experts")) {
      throw InputError(
          Where{"", 0, "experts_per_token"},
          fmt::format("{} has no routed experts (a dense model): give {} too, the routed experts "
                      "in all, for a mixture of experts",
                      id.empty() ? std::string("the model given") : id, Mention("experts")));
    }
    throw InputError(
        Where{"", 0, per_token ? "experts_per_token" : "experts"},
        per_token ? fmt::format("{} routed per token exceed {} routed in all",
                                m.experts_per_token.value, other)
                  : fmt::format("{} routed per token exceed the {} routed in all: give {} too",
                                other, m.experts.value, Mention("experts_per_token")));
  }
  if (m.moe() && m.experts_per_token.value < 1) {
    // `--experts 8` on a dense model named --experts-per-token, not given.
    const bool per_token = g.Has("experts_per_token") || !g.Has("experts");
    throw InputError(Where{"", 0, per_token ? "experts_per_token" : "experts"},
                     per_token
                         ? std::string("a sparse mixture routes each token to at least one "
                                       "expert")
                         : "a sparse mixture routes each token to at least one expert: give " +
                               Mention("experts_per_token") + " too");
  }
  if (m.moe() && m.experts_per_token.value == m.experts.value) {
    // Every expert is active: dense for serving, every parameter read for every token (the
    // catalog's active share was kept: qwen3-30b-a3b with --experts 1 stayed at 3.3 G of 30.5 G).
    if (g.Has("active_params") && m.active_params.value != m.params.value) {
      throw InputError(Where{"", 0, "active_params"},
                       "with every expert routed per token every parameter is active: " +
                           Mention("active_params") + " must equal " +
                           catalog_count("params", m.params.value) + " in all");
    }
    in.notes.push_back(fmt::format(
        "every expert routed per token ({} of {}): served as a dense model of {:.4g} parameters "
        "(experts and experts_per_token read as 0)",
        m.experts_per_token.value, m.experts.value, m.params.value));
    m.experts = 0;
    m.experts_per_token = 0;
    m.active_params = m.params;
  }
  // The count given is named: `--heads 4` on llama-3.1-8b named --kv-heads, never given.
  if (m.heads.value > 0 && m.kv_heads.value > m.heads.value) {
    const bool kv = g.Has("kv_heads") || !g.Has("heads");
    throw InputError(
        Where{"", 0, kv ? "kv_heads" : "heads"},
        fmt::format(
            "{} KV heads exceed {} query heads (attention shares a KV "
            "head among query heads, never the reverse)",
            kv ? fmt::format("{}", m.kv_heads.value) : catalog_count("kv_heads", m.kv_heads.value),
            // "exceed the llama-3.1-8b's 32" read badly: "the" before a plain number only.
            kv && !g.Has("heads")
                ? (id.empty() ? "the " : "") + catalog_count("heads", m.heads.value)
                : fmt::format("the {}", m.heads.value)));
  }
  // Grouped-query attention shares each KV head among the same number of query heads: the query
  // heads are a multiple of the KV heads (33 query heads over llama-3.1-8b's 8 ran without a
  // word; found by an adversarial tester). Latent attention's one cached "head" divides any.
  if (m.heads.value >= 1 && m.kv_heads.value >= 1 &&
      std::fmod(m.heads.value, m.kv_heads.value) != 0) {
    const bool heads = g.Has("heads") || !g.Has("kv_heads");
    const double h = m.heads.value, kv = m.kv_heads.value;
    const double below = std::floor(h / kv) * kv, above = std::ceil(h / kv) * kv;
    // For KV heads given: the nearest counts that divide the query heads, below and above.
    double kv_below = kv, kv_above = kv;
    while (kv_below > 1 && std::fmod(h, kv_below) != 0) --kv_below;
    while (kv_above < h && std::fmod(h, kv_above) != 0) ++kv_above;
    throw InputError(
        Where{"", 0, heads ? "heads" : "kv_heads"},
        fmt::format("{} query heads are not a multiple of {} KV heads: grouped-query attention "
                    "shares each KV head among the same number of query heads ({})",
                    heads ? fmt::format("{}", h) : catalog_count("heads", h),
                    heads ? catalog_count("kv_heads", kv) : fmt::format("{}", kv),
                    heads
                        ? (below >= kv ? fmt::format("{} or {} query heads would be", below, above)
                                       : fmt::format("{} query heads would be", above))
                        : (kv_above <= h && kv_above != kv_below
                               ? fmt::format("{} or {} KV heads would be", kv_below, kv_above)
                               : fmt::format("{} KV heads would be", kv_below))));
  }
  // Attention projects the hidden width to heads x head_dim and back; most models make the two
  // equal, some do not (Qwen3's and gpt-oss's are wider or narrower), so a difference is said,
  // not refused, where the inputs given made it (`--hidden 1` on llama-3.1-8b passed in
  // silence; found by an adversarial tester). Latent attention has its own dimensions.
  if (!m.mla() && (g.Has("heads") || g.Has("head_dim") || g.Has("hidden")) &&
      m.heads.value * m.head_dim.value != m.hidden.value) {
    const double ratio = m.heads.value * m.head_dim.value / m.hidden.value;
    double base_ratio = 1;
    if (!id.empty()) {
      const ModelArch base = ModelFromCatalog(Lookup(c, "model", "model", id));
      base_ratio = base.heads.value * base.head_dim.value / base.hidden.value;
    }
    if (std::abs(ratio / base_ratio - 1) > 1e-9) {
      in.notes.push_back(fmt::format(
          "heads x head_dim ({} x {} = {}) is not the hidden width ({}){}: unusual (most models "
          "make them equal; Qwen3's and gpt-oss's differ by up to 2x); the model takes heads x "
          "head_dim for attention's FLOPs and hidden for the all-reduces, as given",
          m.heads.value, m.head_dim.value, m.heads.value * m.head_dim.value, m.hidden.value,
          id.empty() || base_ratio == 1
              ? std::string()
              : fmt::format(", and their ratio, {:.3g}, is not {}'s {:.3g}", ratio, id,
                            base_ratio)));
    }
  }
  // Every token passes every layer's attention: its weights (Q and O: hidden x heads x
  // head_dim each; K and V: hidden x kv_heads x head_dim each) are a floor on the parameters a
  // token uses. `--params 1 --layers 80 --hidden 8192` answered 0.1 J a token for a model of
  // 2 bytes (found by an adversarial tester). Multi-head latent attention has fewer (low-rank)
  // weights than this bound counts only where heads x head_dim exceeds the latent ranks; no
  // catalog model comes near it.
  const double attention = m.layers.value * m.hidden.value * m.head_dim.value *
                           (2 * m.heads.value + 2 * m.kv_heads.value);
  // Every end of a range: `--params 0.5G..8G..8.1G` passed at its central 8 G and served a
  // model of 0.5 G at its low end (found by an adversarial tester). The architecture's counts
  // are whole numbers, never ranges, so the floor is one number.
  if (m.active_params.low < attention) {
    // The input that was given: the parameter count, else the architecture input that changed
    // a catalog model (`--model llama-3.1-8b --layers 200`).
    const char* field = g.Has("active_params") ? "active_params" : "params";
    if (!g.Has("active_params") && !g.Has("params")) {
      for (const char* arch : {"layers", "hidden", "heads", "kv_heads", "head_dim"}) {
        if (g.Has(arch)) {
          field = arch;
          break;
        }
      }
    }
    throw InputError(
        Where{"", 0, field},
        fmt::format("{:.4g} parameters a token uses{} are fewer than the attention weights "
                    "alone: {:.4g} ({} layers x hidden {} x ({} + {} heads) x 2 x head_dim {}); "
                    "the parameter count and the architecture disagree",
                    m.active_params.low,
                    m.active_params.is_point()
                        ? std::string()
                        : fmt::format(" (the low end of {})", ToString(m.active_params)),
                    attention, m.layers.value, m.hidden.value, m.heads.value, m.kv_heads.value,
                    m.head_dim.value));
  }
  if (m.moe() && m.active_params.value == m.params.value) {
    // Named: the count given (`--params` equal to a catalog mixture's active count), else the
    // routing that made a dense model a mixture (`--model llama-3.1-8b --experts 8
    // --experts-per-token 2` blamed --active-params, never given; found by an adversarial
    // tester).
    if (g.Has("active_params")) {
      throw InputError(Where{"", 0, "active_params"},
                       "a sparse mixture needs " + Mention("active_params") + " below " +
                           catalog_count("params", m.params.value) + " in all");
    }
    if (g.Has("params") && !id.empty() && !g.Has("experts") && !g.Has("experts_per_token")) {
      throw InputError(Where{"", 0, "params"},
                       fmt::format("a sparse mixture has more parameters in all than {} "
                                   "one token uses: give more, or {} too",
                                   catalog_count("active_params", m.active_params.value),
                                   Mention("active_params")));
    }
    const char* routing = g.Has("experts") ? "experts" : "experts_per_token";
    throw InputError(
        Where{"", 0, g.Has(routing) ? routing : "active_params"},
        fmt::format("routed experts make a sparse mixture, which uses fewer parameters per token "
                    "than {} in all: give {} (the parameters one token uses){}",
                    catalog_count("params", m.params.value), Mention("active_params"),
                    id.empty() || g.Has("params") ? "" : fmt::format(" ({} is dense)", id)));
  }
  // A token uses the shared weights and k of the E experts: A = S + k e and P = S + E e (e one
  // expert's parameters), so S = P - E (P - A) / (E - k) >= 0 needs A >= P k / E. Below it the
  // shared weights were negative: figures printed anyway, and --simulate failed on an internal
  // name (found by an adversarial tester).
  if (m.moe()) {
    const double least = m.params.value * m.experts_per_token.value / m.experts.value;
    if (m.active_params.value < least * (1 - 1e-12)) {
      const bool active = g.Has("active_params") || !g.Has("params");
      throw InputError(
          Where{"", 0, active ? "active_params" : "params"},
          fmt::format("{} active parameters are fewer than {} of {} experts' share of the "
                      "{} in all ({:.4g}): the experts would hold more than every parameter",
                      active ? fmt::format("{:.4g}", m.active_params.value)
                             : catalog_count("active_params", m.active_params.value),
                      m.experts_per_token.value, m.experts.value,
                      active ? catalog_count("params", m.params.value)
                             : fmt::format("{:.4g}", m.params.value),
                      least));
    }
  }
  return m;
}

// The central TDP - idle of a catalog GPU, in W (idle assumed 10% of TDP when not given, as
// GpuFrom does).
double CentralSpanW(const Entry& gpu) {
  const double tdp = gpu.Get("tdp_w").value.value;
  const Fact* idle = gpu.Find("idle_w");
  return tdp - (idle != nullptr ? idle->value.value : 0.1 * tdp);
}

// A dynamic power share (`key`: power_per_bandwidth or power_per_compute): the GPU's own
// calibration, else the calibrated GPU's (the project's H100), carried over:
//  - at peak bandwidth, as an energy per byte moved: the H100's share x its TDP - idle / its
//    peak bandwidth, so the share scales with this GPU's bandwidth over its TDP - idle (a B200
//    moves 1.6x the H100's bytes per watt of its span); HBM generations differ, so the range is
//    the H100's widened by a third each way;
//  - at peak compute, as a share of TDP - idle (a GPU is built to reach its TDP near its peak
//    rate), as it is.
// docs/model.md ("Serving": power) and docs/validation.md say why.
Interval PowerShare(const Catalog& catalog, const Entry& gpu, const char* key,
                    std::map<std::string, std::string>& sources) {
  if (const Fact* f = gpu.Find(key)) {
    sources[key] = CiteFact(gpu, key, *f);
    return f->value;
  }
  const bool bandwidth = std::string_view(key) == "power_per_bandwidth";
  // A catalog given with --catalog may lack the calibrated GPU: InferInputs' defaults, which
  // are its values, stand in, unscaled.
  const Entry* calibrated = catalog.Find("gpu", kCalibratedGpu);
  const Fact* f = calibrated != nullptr ? calibrated->Find(key) : nullptr;
  const InferInputs defaults;
  if (f == nullptr) {
    const Interval h = bandwidth ? defaults.power_per_bandwidth : defaults.power_per_compute;
    sources[key] = fmt::format(
        "no calibration for {} nor {} in the catalog: {} (gpufleet's "
        "defaults), assumed",
        gpu.id, kCalibratedGpu, ToString(h));
    return h;
  }
  const Interval h = f->value;
  if (bandwidth) {
    const double per_byte =
        (gpu.Get("memory_bandwidth_bytes_per_s").value.value / CentralSpanW(gpu)) /
        (calibrated->Get("memory_bandwidth_bytes_per_s").value.value / CentralSpanW(*calibrated));
    constexpr double kSpread = 4.0 / 3.0;
    const Interval share(h.value * per_byte, h.low * per_byte / kSpread,
                         h.high * per_byte * kSpread);
    sources[key] = fmt::format(
        "no calibration for {}: {}'s energy per byte carried over ({} x {:.3g}, the ratio of "
        "bandwidth per W of TDP - idle), range widened by a third each way for the memory "
        "generation: {:.3g} ({:.3g}-{:.3g})",
        gpu.id, kCalibratedGpu, h.value, per_byte, share.value, share.low, share.high);
    return share;
  }
  sources[key] = fmt::format(
      "no calibration for {}: {}'s {} ({}-{}), carried over as a share of TDP - idle at peak "
      "FLOP/s",
      gpu.id, kCalibratedGpu, h.value, h.low, h.high);
  return h;
}

// The GPU's rate at the precision: its own tensor-core rate, else the next wider one.
void GpuFrom(const Catalog& catalog, const Entry& gpu, InferInputs& in) {
  in.gpu_id = gpu.id;
  in.tdp = gpu.Get("tdp_w").value * units::W;
  in.sources["gpu_tdp_w"] = CiteFact(gpu, "tdp_w", gpu.Get("tdp_w"));
  in.power_per_bandwidth = PowerShare(catalog, gpu, "power_per_bandwidth", in.sources);
  in.power_per_compute = PowerShare(catalog, gpu, "power_per_compute", in.sources);
  if (const Fact* f = gpu.Find("idle_w")) {
    in.idle = f->value * units::W;
    in.sources["gpu_idle_w"] = CiteFact(gpu, "idle_w", *f);
  } else {
    in.idle = Interval(0.1, 0.05, 0.2) * gpu.Get("tdp_w").value * units::W;
    in.sources["gpu_idle_w"] = "no sourced figure; assumed 10% (5-20%) of TDP";
  }
  // As the fleet model checks (validate.cc): a catalog GPU idling above its TDP gave negative
  // dynamic power, and so negative energies per token.
  const Interval idle = In(in.idle, units::W), tdp = In(in.tdp, units::W);
  if (idle.low > tdp.low || idle.value > tdp.value || idle.high > tdp.high) {
    throw InputError(Where{"", 0, "gpu"},
                     fmt::format("{}: idle power {} W exceeds TDP {} W (catalog)", gpu.id,
                                 ToString(idle), ToString(tdp)));
  }
  for (auto [key, member] :
       {std::pair<const char*, Interval InferInputs::*>{"memory_bytes", &InferInputs::memory_bytes},
        {"memory_bandwidth_bytes_per_s", &InferInputs::bandwidth_bytes_per_s}}) {
    in.*member = gpu.Get(key).value;
    in.sources[key] = CiteFact(gpu, key, gpu.Get(key));
  }
  if (const Fact* f = gpu.Find("interconnect_bytes_per_s")) {
    in.interconnect_bytes_per_s = f->value;
    in.sources["interconnect_bytes_per_s"] = CiteFact(gpu, "interconnect_bytes_per_s", *f);
  } else {
    in.interconnect_bytes_per_s = Interval(64e9);
    in.sources["interconnect_bytes_per_s"] =
        "no sourced GPU-to-GPU bandwidth: PCIe 5.0 x16, 64 GB/s, assumed";
  }
  const char* keys[] = {"bf16_dense_flop_per_s", "fp8_dense_flop_per_s", "fp4_dense_flop_per_s"};
  int want = in.precision == Precision::kFp4 ? 2 : in.precision == Precision::kFp8 ? 1 : 0;
  // FP4 weights on a GPU without an FP4 rate: vLLM and SGLang dequantise them to BF16 in the
  // kernel (W4A16: Marlin, Triton's MXFP4 MoE on Hopper); TensorRT-LLM runs W4A8 at the FP8 rate.
  const bool fp4_to_bf16 =
      want == 2 && gpu.Find(keys[2]) == nullptr && in.engine != ServingEngine::kTrtllm;
  for (int k = want; k >= 0; --k) {
    if (k == 1 && fp4_to_bf16) continue;
    if (const Fact* f = gpu.Find(keys[k])) {
      in.peak_flop_per_s = f->value;
      in.sources["peak_flop_per_s"] = CiteFact(gpu, keys[k], *f);
      // A GPU without BF16 (the V100) was served "at bf16" with no word (found by an adversarial
      // tester): its 16-bit rate is said to be what it is.
      if (const std::string note = Bf16StandInNote(gpu); k == 0 && !note.empty()) {
        in.sources["peak_flop_per_s"] += "; " + note;
        in.notes.push_back(note);
      }
      in.weight_only = k != want;
      if (k != want) {
        in.notes.push_back(fmt::format(
            "{} has no {} tensor-core rate in the catalog: {} weights are computed at the {} "
            "rate (weight-only quantisation{}), and stored at {:.4g} byte{} per value",
            gpu.id, ToString(in.precision), ToString(in.precision), k == 0 ? "BF16" : "FP8",
            want == 2 ? (k == 0 ? ", as vLLM and SGLang run it; TensorRT-LLM at the FP8 rate"
                                : ", W4A8 as TensorRT-LLM runs it")
                      : "",
            BytesPerValue(in.precision), BytesPerValue(in.precision) == 1 ? "" : "s"));
      }
      return;
    }
  }
  throw InputError(Where{"", 0, "gpu"}, "gpu '" + gpu.id + "' has no dense tensor FLOP/s");
}

// The KV cache's precision and the rate attention runs at. The weights' precision where the
// engine can store it: vLLM and SGLang store BF16 or FP8 (kv_cache_dtype), so FP4 weights keep
// their default BF16 cache there; an FP4 cache (NVFP4) is TensorRT-LLM's, on a GPU with FP4
// tensor cores (Blackwell), and FP4 weights keep an FP8 cache on TensorRT-LLM elsewhere.
// Attention reads the cache at its precision and computes at that rate (FP8 for an FP4 cache).
void KvCacheFrom(const Given& g, const Entry& gpu, InferInputs& in) {
  const bool gpu_fp4 = gpu.Find("fp4_dense_flop_per_s") != nullptr;
  const bool trtllm = in.engine == ServingEngine::kTrtllm;
  if (g.Has("kv_precision")) {
    in.kv_precision = ParsePrecision(g.Text("kv_precision"), "kv_precision");
    if (in.kv_precision == Precision::kFp4 && !trtllm) {
      throw InputError(Where{"", 0, "kv_precision"},
                       fmt::format("{} stores the KV cache at bf16 or fp8 (kv_cache_dtype); an FP4 "
                                   "cache is TensorRT-LLM's (give {} trtllm)",
                                   ToString(in.engine), Mention("engine")));
    }
    if (in.kv_precision == Precision::kFp4 && !gpu_fp4) {
      throw InputError(Where{"", 0, "kv_precision"},
                       fmt::format("an FP4 KV cache (NVFP4) needs FP4 tensor cores (Blackwell); "
                                   "{} has no FP4 rate in the catalog: give bf16 or fp8",
                                   gpu.id));
    }
  } else if (in.precision == Precision::kFp4 && (!trtllm || !gpu_fp4)) {
    in.kv_precision = trtllm ? Precision::kFp8 : Precision::kBf16;
    in.notes.push_back(
        trtllm ? fmt::format("an FP4 KV cache needs FP4 tensor cores, which {} lacks: the cache "
                             "is kept at fp8 (give {} to choose)",
                             gpu.id, Mention("kv_precision"))
               : fmt::format("{} stores no FP4 KV cache: it is kept at bf16, the engine's default "
                             "(for its kv_cache_dtype=fp8 give {} fp8)",
                             ToString(in.engine), Mention("kv_precision")));
  } else {
    in.kv_precision = in.precision;
  }
  // The rate of attention's FLOPs: the cache's precision's (an FP4 cache is read into FP8), else
  // the next wider the GPU has.
  const char* keys[] = {"bf16_dense_flop_per_s", "fp8_dense_flop_per_s"};
  for (int k = in.kv_precision == Precision::kBf16 ? 0 : 1; k >= 0; --k) {
    if (const Fact* f = gpu.Find(keys[k])) {
      in.attention_flop_per_s = f->value;
      in.sources["attention_flop_per_s"] = fmt::format(
          "the KV cache's {}: {}", ToString(in.kv_precision), CiteFact(gpu, keys[k], *f));
      break;
    }
  }
}

// What a serving engine spends that the roofline does not count: its host work per sequence and
// its FP8 path per layer. vLLM's are the input table's defaults, fitted (docs/validation.md).
constexpr const char* kVllmPerSeqSource =
    "vllm: fitted to the median time between tokens of 21 ML.ENERGY v3 configurations (Llama 3.1 "
    "8B and 70B on H100, vLLM 0.11.1; 91 held out, docs/validation.md); the low end for engines "
    "with little per-sequence host work";
constexpr const char* kVllmFp8Source =
    "vllm: fitted to the median ITL of 104 ML.ENERGY v3 configurations of Qwen3-30B-A3B and "
    "Qwen3-235B-A22B (vLLM 0.11.1), with the MoE engine inputs; checked on Llama 3.1 405B FP8, "
    "DeepSeek-V3.1 and gpt-oss-120b held out; the low end for engines whose FP8 kernels are fused";

// Another engine's defaults, chosen, not fitted: TensorRT-LLM's C++ runtime and fused FP8 GEMMs
// spend little of either (its and NIM's rows in the validation table are within 3-14% without
// them); SGLang's FP8 MoE uses fused block-scaled GEMMs, its host work is taken as vLLM's.
// nullptr for vLLM.
struct EngineTimes {
  Interval per_seq_s;
  const char* per_seq_source;
  Interval fp8_layer_s;
  const char* fp8_source;
};

const EngineTimes* OtherEngineTimes(ServingEngine engine) {
  static const EngineTimes trtllm{
      Interval(0, 0, 20e-6),
      "trtllm: none assumed (a C++ runtime; the TensorRT-LLM and NIM rows of the validation table "
      "are within 3-14% without it), up to 20 us",
      Interval(0, 0, 50e-6),
      "trtllm: none assumed (fused FP8 GEMMs; the TensorRT-LLM and NIM FP8 rows of the validation "
      "table), up to 50 us"};
  static const EngineTimes sglang{
      Interval(20e-6, 0, 50e-6), "sglang: vLLM's, not measured for SGLang", Interval(0, 0, 100e-6),
      "sglang: none assumed (fused block-scaled FP8 GEMMs), up to 100 us; unverified"};
  switch (engine) {
    case ServingEngine::kTrtllm:
      return &trtllm;
    case ServingEngine::kSglang:
      return &sglang;
    case ServingEngine::kVllm:
      break;
  }
  return nullptr;
}

double Point(const Given& g, const char* name) { return g.Value(name)->value; }

}  // namespace

InferInputs InferInputsFrom(const Catalog& catalog, const Given& g) {
  InferInputs in;
  in.precision = ParsePrecision(g.Text("precision"));
  in.engine = ParseEngine(g.Text("engine"));
  {
    const std::string split = AsciiLower(g.Text("moe_parallel"));
    if (split != "ep" && split != "tp") {
      throw InputError(Where{"", 0, "moe_parallel"},
                       "unknown split '" + std::string(g.Text("moe_parallel")) +
                           "'; known: ep (expert parallel), tp (tensor parallel)");
    }
    in.expert_parallel = split == "ep";
  }
  in.model = ModelFrom(catalog, g, in);
  const Entry& gpu_entry = Lookup(catalog, "gpu", "gpu", g.Text("gpu"));
  GpuFrom(catalog, gpu_entry, in);
  KvCacheFrom(g, gpu_entry, in);
  in.gpus_per_replica = static_cast<int>(g.Point("gpus_per_replica"));
  if (auto b = g.Value("batch")) in.batch = static_cast<int>(b->value);
  in.input_tokens = *g.Value("input_tokens");
  in.output_tokens = *g.Value("output_tokens");
  // A sequence longer than the model's context window cannot be served (the engine refuses
  // it): refused here with the limit, where the model ran it as if the window were unbounded.
  if (const double context = in.model.context_tokens.value;
      context > 0 && in.input_tokens.high + in.output_tokens.high > context) {
    const bool ranged = !in.input_tokens.is_point() || !in.output_tokens.is_point();
    // The count the user gave is named (a long prompt with the default output named
    // --output-tokens, never given; found by an adversarial tester); with both or neither given,
    // the one past the window alone, else the output.
    const bool in_given = g.Has("input_tokens"), out_given = g.Has("output_tokens");
    const char* field = in_given != out_given ? (in_given ? "input_tokens" : "output_tokens")
                        : in.input_tokens.high > context ? "input_tokens"
                                                         : "output_tokens";
    throw InputError(
        Where{"", 0, field},
        fmt::format("{}{} prompt + {} output tokens = {} exceed {}'s context window of {} "
                    "tokens",
                    ranged ? "at the top of the ranges, " : "", FormatCount(in.input_tokens.high),
                    FormatCount(in.output_tokens.high),
                    FormatCount(in.input_tokens.high + in.output_tokens.high), in.model.id,
                    FormatCount(context)));
  }
  if (g.Has("ttft_slo_s")) in.ttft_slo_s = Point(g, "ttft_slo_s");
  if (g.Has("tpot_slo_s")) in.tpot_slo_s = Point(g, "tpot_slo_s");
  if (g.Has("power_cap_w")) {
    in.power_cap_w = Point(g, "power_cap_w");
    // The cap must clear the top of the idle range: the message names the range and its top
    // ("above the GPU's idle power (130 W)" was said of a catalog idle of 120 W (73-130); found
    // by an adversarial tester).
    if (const Interval idle_w = In(in.idle, units::W); *in.power_cap_w <= idle_w.high) {
      throw InputError(
          Where{"", 0, "power_cap_w"},
          idle_w.is_point()
              ? fmt::format("must be above the GPU's idle power, {} W ({}), got {} W",
                            FormatNumber(idle_w.value, 6), in.gpu_id,
                            FormatNumber(*in.power_cap_w, 6))
              : fmt::format("must be above the GPU's idle power, {} W ({}-{}, {}): the cap must "
                            "clear its top, {} W; got {} W",
                            FormatNumber(idle_w.value, 6), FormatNumber(idle_w.low, 6),
                            FormatNumber(idle_w.high, 6), in.gpu_id, FormatNumber(idle_w.high, 6),
                            FormatNumber(*in.power_cap_w, 6)));
    }
    // At or above the TDP a cap changes nothing (NVML refuses limits above the board's
    // maximum): said, not echoed silently as 100,000 W (found by an adversarial tester).
    if (*in.power_cap_w >= In(in.tdp, units::W).high) {
      in.notes.push_back(
          fmt::format("the power cap ({} W) is at or above the GPU's TDP ({} W): it limits nothing",
                      *in.power_cap_w, In(in.tdp, units::W).high));
    }
  }
  in.bandwidth_efficiency = *g.Value("bandwidth_efficiency");
  in.compute_efficiency = *g.Value("compute_efficiency");
  in.step_overhead_s = *g.Value("step_overhead_s");
  // The engine's own times: as given, else the engine's (vLLM's: the table's defaults).
  const EngineTimes* engine = OtherEngineTimes(in.engine);
  in.step_overhead_per_seq_s = *g.Value("step_overhead_per_seq_s");
  in.fp8_layer_s = *g.Value("fp8_layer_s");
  in.fp8_layer_given = g.Has("fp8_layer_s");
  if (!g.Has("step_overhead_per_seq_s")) {
    if (engine != nullptr) in.step_overhead_per_seq_s = engine->per_seq_s;
    in.sources["step_overhead_per_seq_s"] =
        engine != nullptr ? engine->per_seq_source : kVllmPerSeqSource;
  }
  if (!in.fp8_layer_given && engine != nullptr) in.fp8_layer_s = engine->fp8_layer_s;
  const bool fp8_applies = in.precision == Precision::kFp8 && !in.weight_only;
  if (fp8_applies) {
    in.sources["fp8_layer_s"] = in.fp8_layer_given  ? "given"
                                : engine != nullptr ? engine->fp8_source
                                                    : kVllmFp8Source;
  } else if (in.precision == Precision::kFp8 && in.weight_only) {
    in.sources["fp8_layer_s"] = "not used: weight-only FP8 (the GPU has no FP8 tensor rate)";
  }
  in.moe_layer_s = *g.Value("moe_layer_s");
  in.moe_layer_ep_s = *g.Value("moe_layer_ep_s");
  in.moe_layer_per_seq_s = *g.Value("moe_layer_per_seq_s");
  in.moe_engine_power = *g.Value("moe_engine_power");
  // Where each MoE engine input comes from (docs/validation.md, "The decode step and the power
  // calibration, refitted").
  const char* fitted =
      "fitted to the median ITL of 104 ML.ENERGY v3 configurations of Qwen3-30B-A3B and "
      "Qwen3-235B-A22B (vLLM 0.11.1); checked on DeepSeek-V3.1 and gpt-oss-120b held out "
      "(docs/validation.md); other engines and releases differ, unverified";
  const char* not_fitted =
      "not fitted: ML.ENERGY's steady-state powers imply 0.7-0.8, InferenceX's whole-run "
      "averages on B200 under 0.1; the midpoint, unverified";
  bool moe_given = false;
  for (const auto& [k, source] :
       {std::pair{"moe_layer_s", fitted}, std::pair{"moe_layer_ep_s", fitted},
        std::pair{"moe_layer_per_seq_s", fitted}, std::pair{"moe_engine_power", not_fitted}}) {
    moe_given = moe_given || g.Has(k);
    if (in.model.moe()) in.sources[k] = g.Has(k) ? "given" : source;
  }
  // Engine inputs given where they do not apply are said to be unused (the results are as if
  // they were not given).
  if (!in.model.moe() && moe_given) {
    in.notes.push_back(
        "a dense model: the MoE engine inputs given are not used (they apply to a mixture of "
        "experts, a model with routed experts)");
  }
  if (in.model.moe() && in.gpus_per_replica == 1 && g.Has("moe_layer_ep_s")) {
    in.notes.push_back(
        "one GPU per replica: moe_layer_ep_s (experts spread over GPUs) is not used");
  }
  if (!in.model.moe() && g.Has("moe_parallel")) {
    in.notes.push_back("a dense model: moe_parallel (how experts are split) is not used");
  } else if (in.model.moe() && in.gpus_per_replica == 1 && g.Has("moe_parallel")) {
    in.notes.push_back("one GPU per replica: moe_parallel (how experts are split) is not used");
  } else if (in.model.moe() && !in.expert_parallel && g.Has("moe_layer_ep_s")) {
    in.notes.push_back(
        "experts sliced over the GPUs (moe_parallel tp): moe_layer_ep_s (whole experts spread "
        "over GPUs) is not used");
  }
  if (in.fp8_layer_given && !fp8_applies) {
    in.notes.push_back(in.precision == Precision::kFp8
                           ? "fp8_layer_s is not used: FP8 here is weight-only (the GPU has no "
                             "FP8 tensor rate), without activation quantisation"
                           : "fp8_layer_s is not used: it applies to FP8 weights only");
  }
  in.memory_usable = *g.Value("memory_usable");
  in.load = *g.Value("load");
  in.lifetime = *g.Value("lifetime_years") * units::year;
  if (auto v = g.Value("gpu_hour_usd")) in.gpu_hour_usd = *v;
  if (auto v = g.Value("count")) in.count = *v;
  if (g.Has("requests_per_s") && g.Has("queries_per_day")) {
    throw InputError(
        Where{"", 0, "queries_per_day"},
        "give " + Mention("requests_per_s") + " or " + Mention("queries_per_day") + ", not both");
  }
  if (auto v = g.Value("requests_per_s")) in.requests_per_s = *v;
  if (auto v = g.Value("queries_per_day")) {
    in.requests_per_s = *v / 86400.0;
    in.demand_input = "queries_per_day";
  }
  if (in.requests_per_s && !in.count) {
    throw InputError(Where{"", 0, g.Has("requests_per_s") ? "requests_per_s" : "queries_per_day"},
                     "needs " + Mention("count") + " (the GPUs that serve it)");
  }
  if (in.requests_per_s && g.Has("load")) {
    throw InputError(Where{"", 0, "load"},
                     "give " + Mention("load") + " or a demand, not both (the demand sets it)");
  }
  // Price of a GPU for capex: the system's share when a system is given, else the GPU's.
  const Entry& gpu = catalog.Get("gpu", in.gpu_id);
  if (const Fact* f = gpu.Find("price_usd")) {
    in.price_per_gpu = f->value * units::usd;
    in.sources["price_per_gpu_usd"] = CiteFact(gpu, "price_usd", *f);
  } else {
    in.sources["price_per_gpu_usd"] = "no sourced figure; 0 assumed";
  }
  if (const std::string sys = g.Text("system"); !sys.empty() && !NamesNone(sys)) {
    const Entry& s = Lookup(catalog, "system", "system", sys);
    in.system_id = s.id;
    if (const std::string note = SystemGpuNote(catalog, s, in.gpu_id); !note.empty()) {
      in.notes.push_back(note);
    }
    if (const Fact* f = s.Find("host_power_per_gpu_w")) {
      in.host_overhead_per_gpu = f->value * units::W;
      in.sources["host_overhead_w"] = CiteFact(s, "host_power_per_gpu_w", *f);
    } else {
      in.sources["host_overhead_w"] = "system " + s.id + " has no host power figure: 0 W";
    }
    const Fact* price = s.Find("price_usd");
    const Fact* gpus = s.Find("gpus_count");
    if (price && gpus) {
      in.price_per_gpu = price->value / gpus->value * units::usd;
      in.sources["price_per_gpu_usd"] = CiteFact(s, "price_usd", *price) + " / GPUs";
    }
  } else {
    in.sources["host_overhead_w"] = "no system given: 0 W of host power";
  }
  // Embodied carbon per GPU: the same rule as the fleet model (fleet_inputs.cc).
  if (const Fact* f = gpu.Find("embodied_kg_co2e")) {
    in.embodied_kg_per_gpu = f->value;
    in.embodied_boundary = "as published";
    in.sources["embodied_kg_co2e"] = CiteFact(gpu, "embodied_kg_co2e", *f);
  } else if (HasBottomUp(gpu)) {
    const Entry* sys = in.system_id.empty() ? nullptr : &catalog.Get("system", in.system_id);
    const EmbodiedEstimate est = FleetEmbodied(catalog, gpu, sys, DefaultBoundary(sys));
    in.embodied_kg_per_gpu = est.per_gpu_kg;
    in.embodied_boundary = std::string(ToString(est.boundary));
    in.sources["embodied_kg_co2e"] =
        "bottom-up estimate (data/embodied.toml), boundary " + in.embodied_boundary;
  }
  if (const std::string site = g.Text("site"); !site.empty() && !NamesNone(site)) {
    const Entry& s = Lookup(catalog, "site", "site", site);
    in.site.id = s.id;
    if (const Fact* f = s.Find("pue")) in.site.pue = f->value;
    if (const Fact* f = s.Find("grid_kg_per_kwh")) in.site.grid = f->value * units::kg_per_kwh;
    if (const Fact* f = s.Find("price_usd_per_kwh")) in.site.price = f->value * units::usd_per_kwh;
    if (const Fact* f = s.Find("wue_l_per_kwh")) in.site.wue_onsite = f->value * units::l_per_kwh;
    if (const Fact* f = s.Find("offsite_water_l_per_kwh")) {
      in.site.water_offsite = f->value * units::l_per_kwh;
    }
    if (const Fact* f = s.Find("market_grid_kg_per_kwh")) {
      in.grid_market = f->value * units::kg_per_kwh;
    }
    in.sources["site"] = s.id;
  }
  // What the model splits evenly and engines do not (found by an adversarial tester; each a
  // note, since engines differ: docs/model.md, "Serving").
  const int gpus = in.gpus_per_replica;
  if (gpus > 1 && in.model.heads.value >= 1 && std::fmod(in.model.heads.value, gpus) != 0) {
    // The nearest counts that split the heads evenly, below and above: "33 GPUs would give one"
    // was suggested for 33 GPUs and 32 heads (found by an adversarial tester).
    const double heads = in.model.heads.value;
    int below = gpus, above = gpus;
    while (below > 1 && std::fmod(heads, below) != 0) --below;
    while (above < heads && std::fmod(heads, above) != 0) ++above;
    const std::string even =
        gpus < heads
            ? fmt::format("{} or {} GPUs would give one", below, above)
            : fmt::format("{} GPUs would give one; more GPUs than heads split none", below);
    in.notes.push_back(fmt::format(
        "{} GPUs do not divide {}'s {} attention heads: tensor-parallel engines (vLLM, SGLang) "
        "need an even split ({}); the model splits the work evenly anyway",
        gpus, in.model.id, heads, even));
  }
  if (const double kv = in.model.kv_heads.value;
      gpus > 1 && gpus > kv && std::fmod(gpus, kv) != 0) {
    // "a copy of each KV head on 1.5 GPUs" was said for 12 GPUs and 8 heads (found by an
    // adversarial tester): vLLM needs one count to divide the other.
    in.notes.push_back(fmt::format(
        "{} GPUs per replica for {} KV heads: engines that split attention by heads (vLLM's "
        "tensor parallelism) need the GPU count to be a multiple of the KV heads when it exceeds "
        "them ({} or {} would be) and refuse {}; engines with data-parallel attention split the "
        "cache as modelled",
        gpus, kv, std::floor(gpus / kv) * kv, std::ceil(gpus / kv) * kv, gpus));
  } else if (gpus > 1 && gpus > in.model.kv_heads.value) {
    in.notes.push_back(fmt::format(
        "{} GPUs per replica for {} KV head{}: engines that split attention by heads (vLLM's "
        "tensor parallelism) keep a copy of each KV head on {:.3g} GPUs, so the cache holds "
        "{:.3g}x fewer tokens and a decode step reads {:.3g}x the KV bytes the model counts; "
        "engines with data-parallel attention (SGLang's for DeepSeek) split it as modelled",
        gpus, in.model.kv_heads.value, in.model.kv_heads.value == 1 ? "" : "s",
        gpus / in.model.kv_heads.value, gpus / in.model.kv_heads.value,
        gpus / in.model.kv_heads.value));
  }
  {
    double node = 8;  // an HGX or DGX board; an NVL72 rack is one NVLink domain of 72
    if (!in.system_id.empty()) {
      if (const Fact* f = catalog.Get("system", in.system_id).Find("gpus_count"))
        node = f->value.value;
    }
    if (gpus > node) {
      in.notes.push_back(fmt::format(
          "{} GPUs per replica span more than one NVLink domain of {}: the model's all-reduces "
          "run at NVLink's bandwidth, where the links between nodes are 10x or more slower (not "
          "modelled: the latency and time per token are low)",
          gpus, node));
    }
  }
  // A number given on any front end is "given" in the sources (the JSON inputs said "default"
  // for a given --input-tokens; found by an adversarial tester); ids and switches say
  // themselves.
  for (const inputs::Input* input : inputs::For(inputs::kInfer, inputs::kCli)) {
    if (input->kind == inputs::Kind::kId || input->kind == inputs::Kind::kSwitch) continue;
    if (!g.Has(input->name)) continue;
    std::string& source = in.sources[input->name];
    if (!source.starts_with("not used")) source = "given";  // a given FP8 time on weight-only FP8
  }
  const int fit_min = MinGpusPerReplica(in);
  if (fit_min > in.gpus_per_replica) {
    throw InputError(
        Where{"", 0, "gpus_per_replica"},
        fmt::format("{} at {} ({:.4g} GB of weights) and one {}-token sequence do not fit on "
                    "{} x {} ({:.4g} GB usable each){}",
                    in.model.id, ToString(in.precision), MemoryOf(in).weights_bytes.value / 1e9,
                    in.input_tokens.value + in.output_tokens.value, in.gpus_per_replica, in.gpu_id,
                    in.memory_bytes.value * in.memory_usable.value / 1e9,
                    GpusNeededText(fit_min, MinGpusPerReplica(in, true))));
  }
  return in;
}

}  // namespace gpufleet

// The embedded catalog: it loads, holds every id and key other modules rely on, and every
// number is sourced and ordered.
#include "gpufleet/catalog.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"

namespace gpufleet {
namespace {

const Catalog& C() { return Catalog::Embedded(); }

// The ids and keys that the fleet model, claims checker and reports code against.
const std::map<std::string, std::map<std::string, std::vector<std::string>>>& Required() {
  static const std::vector<std::string> gpu_keys{
      "tdp_w",    "idle_w", "bf16_dense_flop_per_s", "memory_bytes", "memory_bandwidth_bytes_per_s",
      "price_usd"};
  static const std::vector<std::string> site_keys{"grid_kg_per_kwh", "price_usd_per_kwh", "pue",
                                                  "wue_l_per_kwh", "offsite_water_l_per_kwh"};
  static const std::map<std::string, std::map<std::string, std::vector<std::string>>> r{
      {"gpu",
       {{"h100-sxm", gpu_keys},
        {"h100-pcie", gpu_keys},
        {"h100-nvl", gpu_keys},
        {"h200", gpu_keys},
        {"b200", gpu_keys},
        {"gb200", gpu_keys},
        {"a100-sxm", gpu_keys},
        {"a100-pcie", gpu_keys},
        {"v100", gpu_keys},
        {"mi300x", gpu_keys}}},
      {"system",
       {{"dgx-h100",
         {"gpus_count", "max_power_w", "host_power_per_gpu_w", "price_usd", "rack_units",
          "mass_kg"}},
        {"dgx-b200", {"gpus_count", "max_power_w", "host_power_per_gpu_w", "price_usd"}},
        {"generic-8gpu", {"gpus_count", "host_power_per_gpu_w"}}}},
      {"site",
       {{"us-average", site_keys},
        {"italy", site_keys},
        {"france", site_keys},
        {"eu-average", site_keys},
        {"meta-fleet", site_keys}}},
      {"reference",
       {{"lombardy-electricity-2023", {"energy_kwh"}},
        {"lombardy-electricity-2022", {"energy_kwh"}},
        {"italy-electricity-2023", {"energy_kwh"}},
        {"italy-electricity-2024", {"energy_kwh"}},
        {"leonardo", {"gpus_count", "power_w", "rmax_flop_per_s"}},
        {"motorway-a4-turin-milan", {"length_km"}},
        {"milan-turin-distance", {"length_km"}},
        {"motorway-cost-per-km-italy", {"cost_eur_per_km"}},
        {"italian-household-electricity", {"energy_kwh"}},
        {"olympic-pool", {"volume_m3"}},
        {"usd-per-eur-2024", {"rate_usd_per_eur"}},
        {"italy-budget-law-2024", {"amount_eur"}},
        {"meta-datacenter-electricity-2023", {"energy_kwh"}},
        {"meta-h100-2024", {"gpus_count"}},
        {"meta-h100-equivalents-2024", {"gpus_count"}},
        {"llama3-405b-training", {"gpu_hours", "co2e_t", "power_w"}}}}};
  return r;
}

TEST(CatalogEmbedded, HasEveryRequiredIdAndKey) {
  for (const auto& [kind, ids] : Required()) {
    for (const auto& [id, keys] : ids) {
      const Entry* e = C().Find(kind, id);
      ASSERT_NE(e, nullptr) << kind << " " << id;
      for (const std::string& key : keys) EXPECT_NE(e->Find(key), nullptr) << id << "." << key;
    }
  }
}

TEST(CatalogEmbedded, EveryFactIsSourcedAndOrdered) {
  size_t facts = 0;
  for (const Entry& e : C().entries()) {
    EXPECT_FALSE(e.origin.empty());
    for (const auto& [key, f] : e.facts) {
      const std::string where = e.id + "." + key + " (" + e.origin + ")";
      EXPECT_FALSE(f.source.empty()) << where;
      EXPECT_GE(f.year, 1900) << where;
      EXPECT_LE(f.value.low, f.value.value) << where;
      EXPECT_LE(f.value.value, f.value.high) << where;
      EXPECT_TRUE(std::isfinite(f.value.low) && std::isfinite(f.value.high)) << where;
      if (f.confidence == Confidence::kUnverified) {
        EXPECT_FALSE(f.note.empty()) << where;
      }
      ++facts;
    }
  }
  EXPECT_GT(facts, 100u);
}

TEST(CatalogEmbedded, GpusNameTheirShapeAndFp8OnlyWhereItExists) {
  for (const Entry* g : C().All("gpu")) {
    for (const char* k : {"vendor", "form_factor", "memory_type"}) {
      EXPECT_TRUE(g->text.count(k)) << g->id << " " << k;
    }
    EXPECT_TRUE(g->Find("board_length_mm") || g->text.count("board_length_note")) << g->id;
    // What the bottom-up embodied model needs (src/model/embodied.cc).
    EXPECT_TRUE(g->text.count("process_node")) << g->id;
    EXPECT_NE(g->Find("die_area_mm2"), nullptr) << g->id;
    EXPECT_NE(g->Find("memory_stacks_count"), nullptr) << g->id;
  }
  for (const char* no_fp8 : {"a100-sxm", "a100-pcie", "v100"}) {
    EXPECT_EQ(C().Get("gpu", no_fp8).Find("fp8_dense_flop_per_s"), nullptr) << no_fp8;
  }
  EXPECT_DOUBLE_EQ(C().Get("gpu", "h100-pcie").Get("board_length_mm").value.value, 267.7);
}

TEST(CatalogEmbedded, EmbodiedEntriesAreComplete) {
  const std::vector<std::string> fab{"fab_energy_kwh_per_cm2", "fab_grid_kg_per_kwh",
                                     "fab_gas_kg_co2e_per_cm2", "fab_materials_kg_co2e_per_cm2",
                                     "defect_density_per_cm2"};
  ASSERT_GE(C().All("process_node").size(), 4u);
  for (const Entry* n : C().All("process_node")) {
    for (const std::string& k : fab) EXPECT_NE(n->Find(k), nullptr) << n->id << "." << k;
    EXPECT_TRUE(n->text.count("act_row")) << n->id;
  }
  for (const char* id : {"hbm", "ddr5", "ssd", "ic-package", "gpu-board", "gpu-thermal", "nic",
                         "server-chassis", "network-share", "building-share"}) {
    const Entry* p = C().Find("part", id);
    ASSERT_NE(p, nullptr) << id;
    EXPECT_TRUE(p->Find("kg_co2e") || p->Find("kg_co2e_per_gb")) << id;
    EXPECT_TRUE(p->text.count("per")) << id;
  }
  for (const Entry* f : C().All("footprint")) {
    for (const char* k : {"subject", "boundary", "method"}) {
      EXPECT_TRUE(f->text.count(k)) << f->id << " " << k;
    }
    const std::string& subject = f->text.at("subject");
    EXPECT_TRUE(C().Find("gpu", subject) || C().Find("system", subject)) << f->id;
    EXPECT_NE(f->Find("gpus_count"), nullptr) << f->id;
    EXPECT_TRUE(f->Find("total_kg_co2e") || f->Find("gpu_kg_co2e")) << f->id;
  }
  for (const char* id : {"nvidia-hgx-h100-pcf", "nvidia-hgx-b200-pcf", "ecologits-h100-server",
                         "boavizta-h100", "llmcarbon-h100-die"}) {
    EXPECT_NE(C().Find("footprint", id), nullptr) << id;
  }
  EXPECT_DOUBLE_EQ(C().Get("footprint", "nvidia-hgx-h100-pcf").Get("total_kg_co2e").value.value,
                   1312);
  for (const Entry* s : C().All("system")) {
    for (const char* k :
         {"cpus_count", "cpu_die_area_mm2", "host_memory_bytes", "ssd_bytes", "nics_count"}) {
      EXPECT_NE(s->Find(k), nullptr) << s->id << "." << k;
    }
    EXPECT_NE(C().Find("process_node", s->text.at("cpu_process_node")), nullptr) << s->id;
  }
  for (const Entry* g : C().All("gpu")) {
    EXPECT_NE(C().Find("process_node", g->text.at("process_node")), nullptr) << g->id;
  }
}

TEST(CatalogEmbedded, DerivedHostPowerMatchesItsInputs) {
  for (const char* id : {"dgx-h100", "dgx-b200"}) {
    const Entry& s = C().Get("system", id);
    const Entry& g = C().Get("gpu", s.text.at("gpu"));
    const double n = s.Get("gpus_count").value.value;
    const double host = (s.Get("max_power_w").value.value - n * g.Get("tdp_w").value.value) / n;
    EXPECT_NEAR(s.Get("host_power_per_gpu_w").value.value, host, 1e-9) << id;
  }
}

// Site prices are stored in USD, converted from EUR when written: every note that says so names
// the reference rate's value, and so does the file's header (it said the prices were converted
// at the catalog's rate, at load; a catalog with another rate kept them; found by an adversarial
// tester).
TEST(CatalogEmbedded, EurSitePricesNameTheRateTheyWereConvertedAt) {
  const double rate = C().Get("reference", "usd-per-eur-2024").Get("rate_usd_per_eur").value.value;
  const std::string at = fmt::format("at {} USD/EUR", rate);
  int converted = 0;
  for (const Entry* site : C().All("site")) {
    const Fact* price = site->Find("price_usd_per_kwh");
    if (price == nullptr || price->note.find("usd-per-eur-2024") == std::string::npos) continue;
    ++converted;
    EXPECT_NE(price->note.find(at), std::string::npos) << site->id << ": " << price->note;
  }
  EXPECT_GE(converted, 3);
  std::ifstream file(std::string(GPUFLEET_SOURCE_DIR) + "/data/sites.toml");
  const std::string text((std::istreambuf_iterator<char>(file)), {});
  const std::string header = text.substr(0, text.find("[[site]]"));
  EXPECT_NE(header.find(at), std::string::npos) << header;
  EXPECT_NE(header.find("Nothing converts it at load"), std::string::npos) << header;
}

// A note that tells users which flag overrides its fact names that fact's own flag (the H100
// PCIe's idle power said --gpu-power-w, the average power's; found by an adversarial tester).
TEST(CatalogEmbedded, OverrideNotesNameTheFactsOwnFlag) {
  const std::map<std::pair<std::string, std::string>, std::string> input_of = {
      {{"gpu", "idle_w"}, "gpu_idle_w"},
      {{"gpu", "tdp_w"}, "gpu_tdp_w"},
      {{"gpu", "price_usd"}, "gpu_price_usd"},
      {{"gpu", "board_length_mm"}, "board_length_mm"},
      {{"gpu", "embodied_kg_co2e"}, "embodied_kg_co2e"},
      {{"site", "pue"}, "pue"},
      {{"site", "price_usd_per_kwh"}, "price_per_kwh"},
      {{"site", "grid_kg_per_kwh"}, "grid_kg_per_kwh"},
  };
  int notes = 0;
  for (const std::string kind : {"gpu", "site", "system"}) {
    for (const Entry* e : C().All(kind)) {
      for (const auto& [key, fact] : e->facts) {
        const size_t at = fact.note.find("override with --");
        if (at == std::string::npos) continue;
        ++notes;
        const auto it = input_of.find({kind, key});
        ASSERT_NE(it, input_of.end()) << e->id << "." << key << ": " << fact.note;
        const std::string flag = inputs::FlagName(inputs::Get(it->second, inputs::kFleet));
        size_t end = at + 14;  // the flag: "--" and lower-case letters, digits and dashes
        while (end < fact.note.size() &&
               (std::islower(static_cast<unsigned char>(fact.note[end])) ||
                std::isdigit(static_cast<unsigned char>(fact.note[end])) ||
                fact.note[end] == '-')) {
          ++end;
        }
        EXPECT_EQ(fact.note.substr(at + 14, end - at - 14), flag)
            << e->id << "." << key << ": " << fact.note;
      }
    }
  }
  EXPECT_GE(notes, 1);
}

TEST(CatalogEmbedded, SystemsNameAKnownGpu) {
  for (const Entry* s : C().All("system")) {
    EXPECT_NE(C().Find("gpu", s->text.at("gpu")), nullptr) << s->id;
  }
}

TEST(CatalogLookup, AliasesAndCaseAreIgnored) {
  const Entry* a = C().Find("gpu", "H100");
  const Entry* b = C().Find("gpu", "h100-SXM5");
  const Entry* c = C().Find("gpu", "H100 SXM");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(a->id, "h100-sxm");
  EXPECT_EQ(C().Find("system", "HGX-8GPU")->id, "generic-8gpu");
  EXPECT_EQ(C().Find("gpu", "dgx-h100"), nullptr);  // kinds do not mix
}

// Find through its index agrees with a scan of every entry: each id and alias, in upper case
// too, finds its own entry and no other kind's; unknown and over-long ids find nothing; a copy of
// the catalog finds its own entries.
TEST(CatalogLookup, IndexAgreesWithEveryEntry) {
  const Catalog copy = C();
  for (const Entry& e : C().entries()) {
    std::vector<std::string> names = e.aliases;
    names.push_back(e.id);
    for (std::string name : names) {
      EXPECT_EQ(C().Find(e.kind, name), &e) << e.kind << " " << name;
      for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      EXPECT_EQ(C().Find(e.kind, name), &e) << e.kind << " " << name;
      EXPECT_EQ(copy.Find(e.kind, name)->id, e.id);
      EXPECT_NE(copy.Find(e.kind, name), &e);
      for (const std::string& other : CatalogKinds()) {
        if (other != e.kind && C().Find(other, name) != nullptr) {
          EXPECT_NE(C().Find(other, name)->kind, e.kind);
        }
      }
    }
  }
  EXPECT_EQ(C().Find("gpu", "no-such-gpu"), nullptr);
  EXPECT_EQ(C().Find("gpu", ""), nullptr);
  EXPECT_EQ(C().Find("gpu", std::string(300, 'h')), nullptr);
  EXPECT_EQ(C().Find("nokind", "h100-sxm"), nullptr);
  EXPECT_EQ(C().Find("gpu/h100-sxm", ""), nullptr);
}

// Derived values: computed once per key and catalog, shared by copies, not kept when the
// computation throws, one value for every thread that asks at once.
TEST(CatalogDerived, ComputesOnceKeepsAndShares) {
  const auto tiny = [] { return Catalog::FromTexts({{"t.toml", "[[gpu]]\nid = \"x1\"\n"}}); };
  const Catalog c = tiny();
  int runs = 0;
  const auto compute = [&] { return ++runs * 10; };
  EXPECT_EQ(*c.Derived<int>("k", compute), 10);
  EXPECT_EQ(*c.Derived<int>("k", compute), 10);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(*c.Derived<int>("other", compute), 20);
  const Catalog copy = c;
  EXPECT_EQ(*copy.Derived<int>("k", compute), 10);
  EXPECT_EQ(runs, 2);
  const Catalog fresh = tiny();
  EXPECT_EQ(*fresh.Derived<int>("k", compute), 30);
  EXPECT_THROW(c.Derived<int>("bad", []() -> int { throw std::runtime_error("no"); }),
               std::runtime_error);
  EXPECT_EQ(*c.Derived<int>("bad", [] { return 7; }), 7);

  std::atomic<int> racers{0};
  std::vector<std::thread> threads;
  std::vector<int> seen(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back(
        [&, t] { seen[t] = *c.Derived<int>("race", [&] { return 100 + racers++; }); });
  }
  for (std::thread& t : threads) t.join();
  for (int v : seen) EXPECT_EQ(v, seen[0]);
}

TEST(CatalogLookup, UnknownIdListsTheKnownOnes) {
  try {
    C().Get("gpu", "h300");
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown gpu 'h300'"), std::string::npos) << m;
    EXPECT_NE(m.find("a100-pcie"), std::string::npos) << m;
    EXPECT_NE(m.find("mi300x"), std::string::npos) << m;
  }
  try {
    C().Get("gpu", "v100").Get("fp8_dense_flop_per_s");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("v100"), std::string::npos);
  }
}

TEST(CatalogLookup, LoadWithEmptyDirIsTheEmbeddedCatalog) {
  const Catalog c = Catalog::Load("");
  EXPECT_EQ(c.entries().size(), C().entries().size());
}

TEST(CatalogUnits, KeySuffixesNameUnits) {
  EXPECT_EQ(UnitOfKey("tdp_w"), "W");
  EXPECT_EQ(UnitOfKey("bf16_dense_flop_per_s"), "FLOP/s");
  EXPECT_EQ(UnitOfKey("memory_bandwidth_bytes_per_s"), "B/s");
  EXPECT_EQ(UnitOfKey("memory_bytes"), "B");
  EXPECT_EQ(UnitOfKey("grid_kg_per_kwh"), "kg/kWh");
  EXPECT_EQ(UnitOfKey("price_usd_per_kwh"), "USD/kWh");
  EXPECT_EQ(UnitOfKey("price_usd"), "USD");
  EXPECT_EQ(UnitOfKey("co2e_t"), "t CO2e");
  EXPECT_EQ(UnitOfKey("gpus_count"), "");
  EXPECT_EQ(UnitOfKey("pue"), "");
}

// Kind "model" (data/models.toml, `gpufleet infer`): every architecture the serving model reads,
// consistent with itself.
TEST(CatalogEmbedded, ModelsHaveTheirArchitecture) {
  const auto models = Catalog::Embedded().All("model");
  ASSERT_GE(models.size(), 8u);
  int moe = 0;
  for (const Entry* m : models) {
    SCOPED_TRACE(m->id);
    for (const char* key : {"params_count", "active_params_count", "layers_count", "hidden_count",
                            "heads_count", "kv_heads_count", "head_dim_count"}) {
      ASSERT_NE(m->Find(key), nullptr) << key;
      EXPECT_GT(m->Get(key).value.low, 0) << key;
    }
    EXPECT_LE(m->Get("active_params_count").value.value, m->Get("params_count").value.value);
    EXPECT_LE(m->Get("kv_heads_count").value.value, m->Get("heads_count").value.value);
    const Fact* e = m->Find("experts_count");
    const Fact* k = m->Find("experts_per_token_count");
    EXPECT_EQ(e == nullptr, k == nullptr);
    if (e && k) {
      ++moe;
      EXPECT_LT(k->value.value, e->value.value);
      EXPECT_LT(m->Get("active_params_count").value.value, m->Get("params_count").value.value);
    }
  }
  EXPECT_GE(moe, 4);  // Qwen3-235B-A22B, Qwen3-30B-A3B, DeepSeek-V3, gpt-oss-120b
}

}  // namespace
}  // namespace gpufleet

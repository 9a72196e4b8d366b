// The fleet model against hand-computed cases (docs/model.md's equations done on paper).
#include "gpufleet/fleet.h"

#include <gtest/gtest.h>

#include "gpufleet/error.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

using namespace units;

// 1000 test GPUs (700 W TDP, 100 W idle) at load 0.5, 200 W host, PUE 1.5, for 1000 h.
FleetInputs HandCase() {
  FleetInputs in =
      InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site", "test-system");
  in.count = 1000;
  in.period = 1000.0 * h;
  in.load = 0.5;
  in.gpu_price = 25000.0 * usd;
  return in;
}

// A GPU without BF16 (the V100, whose catalog BF16 peak is its FP16 one) says so beside its
// peak and in its source ("peak dense BF16 compute ... dense BF16" with no word before).
TEST(FleetModel, AGpuWithoutBf16SaysItsPeakIsAnotherPrecisions) {
  FleetInputs in = InputsFromCatalog(Catalog::Embedded(), "v100");
  in.count = 1000;
  const auto peak_basis = [](const FleetInputs& in) {
    for (const NamedResult& row : Tabulate(in, Evaluate(in))) {
      if (row.name == "peak_bf16_flop_per_s") return row.figure.basis();
    }
    return std::string("no row");
  };
  EXPECT_NE(peak_basis(in).find("v100 has no BF16"), std::string::npos) << peak_basis(in);
  EXPECT_NE(in.sources.at("gpu_peak_bf16_flop_per_s").find("FP16 tensor-core peak"),
            std::string::npos);
  FleetInputs h100 = InputsFromCatalog(Catalog::Embedded(), "h100-sxm");
  h100.count = 1000;
  EXPECT_EQ(peak_basis(h100).find("no BF16"), std::string::npos) << peak_basis(h100);
}

TEST(FleetModel, HandComputedPowerAndEnergy) {
  const FleetResult r = Evaluate(HandCase());
  EXPECT_DOUBLE_EQ(In(r.gpu_avg_power, W).value, 400);  // 100 + 0.5 * 600
  EXPECT_DOUBLE_EQ(In(r.power_gpus_tdp, kW).value, 700);
  EXPECT_DOUBLE_EQ(In(r.power_it, kW).value, 900);
  EXPECT_DOUBLE_EQ(In(r.power_facility, kW).value, 1350);
  EXPECT_DOUBLE_EQ(In(r.energy_gpus, kWh).value, 400'000);
  EXPECT_DOUBLE_EQ(In(r.energy_it, kWh).value, 600'000);
  EXPECT_DOUBLE_EQ(In(r.energy_facility, kWh).value, 900'000);
}

TEST(FleetModel, HandComputedMoneyCarbonWater) {
  const FleetResult r = Evaluate(HandCase());
  EXPECT_DOUBLE_EQ(In(r.electricity_cost, usd).value, 90'000);
  EXPECT_DOUBLE_EQ(In(r.co2e_operational, kg_co2e).value, 450'000);
  EXPECT_DOUBLE_EQ(In(r.water_onsite, L).value, 1'200'000);
  EXPECT_DOUBLE_EQ(In(r.water_offsite, L).value, 2'700'000);
  EXPECT_DOUBLE_EQ(In(r.capex_gpus, usd).value, 25e6);
  ASSERT_TRUE(r.capex_systems.has_value());
  EXPECT_DOUBLE_EQ(In(*r.capex_systems, usd).value, 40e6);  // 320k / 8 per GPU
  // 100 kg per GPU over a 4-year (35,040 h) lifetime, 1000 h of it.
  EXPECT_NEAR(In(r.co2e_embodied, kg_co2e).value, 1000 * 100 * 1000 / 35040.0, 1e-9);
  EXPECT_NEAR(In(r.capex_amortised, usd).value, 40e6 * 1000 / 35040.0, 1e-6);
  EXPECT_NEAR(In(r.cost_of_ownership, usd).value, 40e6 * 1000 / 35040.0 + 90'000, 1e-6);
}

TEST(FleetModel, HandComputedSpaceAndCompute) {
  const FleetResult r = Evaluate(HandCase());
  EXPECT_EQ(r.nodes.value, 125);
  EXPECT_EQ(r.racks.value, 32);  // ceil(125 / 4)
  ASSERT_TRUE(r.length.has_value());
  EXPECT_NEAR(In(*r.length, m).value, 267.7, 1e-9);
  EXPECT_DOUBLE_EQ(In(r.peak_bf16, flop_per_s).value, 1e18);
  EXPECT_DOUBLE_EQ(In(r.delivered_flops, flop).value, 1e18 * 0.4 * 3.6e6);
}

TEST(FleetModel, NodesAndRacksRoundUp) {
  FleetInputs in = HandCase();
  in.count = 9;
  const FleetResult r = Evaluate(in);
  EXPECT_EQ(r.nodes.value, 2);
  EXPECT_EQ(r.racks.value, 1);
}

TEST(FleetModel, ExplicitAveragePowerReplacesLoad) {
  FleetInputs in = HandCase();
  in.gpu_avg_power = 550.0 * W;
  in.load = 0.0;
  const FleetResult r = Evaluate(in);
  EXPECT_DOUBLE_EQ(In(r.energy_gpus, kWh).value, 550'000);
}

TEST(FleetModel, AveragePowerRangeComesFromCorners) {
  FleetInputs in = HandCase();
  in.load = Interval::Between(0.2, 0.8);
  in.gpu_idle = Interval::Between(50, 150) * W;
  const Interval p = In(GpuAveragePower(in), W);
  EXPECT_DOUBLE_EQ(p.low, 50 + 0.2 * 650);
  EXPECT_DOUBLE_EQ(p.high, 150 + 0.8 * 550);
  EXPECT_DOUBLE_EQ(p.value, 100 + 0.5 * 600);
}

TEST(FleetModel, AbsentBoardLengthAndEmbodiedAreSaidSo) {
  const FleetInputs in = InputsFromCatalog(testing::TestCatalog(), "bare-gpu");
  const FleetResult r = Evaluate(in);
  EXPECT_FALSE(r.length.has_value());
  const auto length = FindResult(in, r, "length_m");
  ASSERT_TRUE(length.has_value());
  EXPECT_FALSE(length->figure.present());
  EXPECT_NE(length->figure.why().find("no published board length"), std::string::npos);
  const auto embodied = FindResult(in, r, "co2e_embodied_kg");
  ASSERT_TRUE(embodied.has_value());
  EXPECT_FALSE(embodied->figure.present());
  EXPECT_NE(embodied->figure.why().find("no sourced figure"), std::string::npos);
  EXPECT_NE(in.sources.at("gpu_idle_w").find("no sourced figure"), std::string::npos);
}

// A GPU the catalog has no price or BF16 peak for: the purchase price, amortised capex, cost of
// ownership, peak and delivered FLOPs are absent, and no comparison is built on the price (they
// were USD 0, "the cost of 0 km of motorway"; found by an adversarial tester).
TEST(FleetModel, AGpuWithoutAPriceOrPeakLeavesItsFiguresAbsent) {
  FleetInputs in = InputsFromCatalog(testing::TestCatalog(), "bare-gpu");
  SetInput(in, "count", 10);
  const FleetResult r = Evaluate(in);
  for (const char* name :
       {"capex_gpus_usd", "capex_amortised_usd", "peak_bf16_flop_per_s", "delivered_flops"}) {
    const auto row = FindResult(in, r, name);
    ASSERT_TRUE(row.has_value()) << name;
    EXPECT_FALSE(row->figure.present()) << name;
    EXPECT_NE(row->figure.why().find("bare-gpu"), std::string::npos) << row->figure.why();
  }
  // A price given brings them back.
  SetInput(in, "gpu_price_usd", 1000, "flag --gpu-price-usd");
  EXPECT_TRUE(FindResult(in, Evaluate(in), "capex_gpus_usd")->figure.present());
}

// A site given that lacks a fact: its figures are absent, saying the site lacks it ("no site
// given" was printed for a site that was given; found by an adversarial tester).
TEST(FleetModel, ASiteWithoutAFactSaysSo) {
  const Catalog c = Catalog::FromTexts(
      {{"test.toml", std::string(testing::kTestCatalogToml) +
                         "\n[[site]]\nid = \"dry-site\"\nname = \"No water factor\"\n"
                         "[site.grid_kg_per_kwh]\nvalue = 0.5\nsource = \"test\"\nyear = 2024\n"
                         "confidence = \"verified\"\n"}});
  const FleetInputs in = InputsFromCatalog(c, "test-gpu", "dry-site");
  EXPECT_FALSE(SiteFactorUnknown(in, "grid_kg_per_kwh"));
  EXPECT_TRUE(SiteFactorUnknown(in, "offsite_water_l_per_kwh"));
  EXPECT_EQ(SiteFactorUnknownWhy(in, "offsite_water_l_per_kwh"),
            "site dry-site has no off-site water factor");
  const auto water = FindResult(in, Evaluate(in), "water_offsite_l");
  ASSERT_TRUE(water.has_value());
  EXPECT_FALSE(water->figure.present());
}

// With no site, what depends on a site factor is unknown, not 0 (issue 11: absent is never 0):
// operational CO2e, the total and the embodied share, water, electricity and the cost of
// ownership are absent with the reason; a factor given without a site brings its figures back,
// and comparisons with unknown figures are left out.
TEST(FleetModel, NoSiteMakesSiteFiguresAbsentNotZero) {
  FleetInputs in = InputsFromCatalog(testing::TestCatalog(), "test-gpu");
  in.count = 1000;
  const FleetResult r = Evaluate(in);
  for (const char* name :
       {"co2e_operational_kg", "co2e_total_kg", "embodied_share", "water_onsite_l",
        "water_offsite_l", "electricity_cost_usd", "cost_of_ownership_usd"}) {
    const auto row = FindResult(in, r, name);
    ASSERT_TRUE(row.has_value()) << name;
    EXPECT_FALSE(row->figure.present()) << name;
    EXPECT_NE(row->figure.why().find("no site given"), std::string::npos) << name;
  }
  EXPECT_TRUE(FindResult(in, r, "energy_facility_kwh")->figure.present());
  EXPECT_TRUE(FindResult(in, r, "capex_amortised_usd")->figure.present());

  SetInput(in, "grid_kg_per_kwh", 0.4, "flag --grid");
  const FleetResult g = Evaluate(in);
  const auto co2e = FindResult(in, g, "co2e_operational_kg");
  ASSERT_TRUE(co2e->figure.present());
  EXPECT_GT(co2e->figure.range().value, 0);
  EXPECT_TRUE(FindResult(in, g, "co2e_total_kg")->figure.present());
  EXPECT_FALSE(FindResult(in, g, "water_onsite_l")->figure.present());
  EXPECT_FALSE(SiteFactorUnknown(in, "grid_kg_per_kwh"));
  EXPECT_TRUE(SiteFactorUnknown(in, "wue_l_per_kwh"));

  const FleetInputs sited = InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site");
  EXPECT_FALSE(SiteFactorUnknown(sited, "grid_kg_per_kwh"));
  EXPECT_TRUE(FindResult(sited, Evaluate(sited), "water_onsite_l")->figure.present());
}

TEST(FleetModel, TabulateHasEveryContractName) {
  const FleetInputs in = HandCase();
  const FleetResult r = Evaluate(in);
  for (const char* name : {"capex_gpus_usd",
                           "capex_systems_usd",
                           "power_gpus_tdp_w",
                           "power_it_w",
                           "power_facility_w",
                           "gpu_avg_power_w",
                           "energy_gpus_kwh",
                           "energy_it_kwh",
                           "energy_facility_kwh",
                           "electricity_cost_usd",
                           "co2e_operational_kg",
                           "co2e_embodied_kg",
                           "water_onsite_l",
                           "water_offsite_l",
                           "nodes",
                           "racks",
                           "length_m",
                           "peak_bf16_flop_per_s",
                           "peak_bf16_flops",
                           "delivered_flops"}) {
    const auto row = FindResult(in, r, name);
    ASSERT_TRUE(row.has_value()) << name;
    EXPECT_TRUE(row->figure.present()) << name;
    EXPECT_FALSE(row->figure.basis().empty()) << name;
  }
  EXPECT_FALSE(FindResult(in, r, "no_such_output").has_value());
  EXPECT_DOUBLE_EQ(FindResult(in, r, "energy_facility_kwh")->figure.range().value, 900'000);
  // The old name of the peak is still found, but Tabulate lists each figure once.
  EXPECT_EQ(FindResult(in, r, "peak_bf16_flops")->name, "peak_bf16_flop_per_s");
  for (const NamedResult& row : Tabulate(in, r)) EXPECT_NE(row.name, "peak_bf16_flops");
}

TEST(FleetModel, CatalogValuesAndSources) {
  const FleetInputs in = HandCase();
  EXPECT_DOUBLE_EQ(GetInput(in, "pue").value, 1.5);
  EXPECT_DOUBLE_EQ(GetInput(in, "host_overhead_w").value, 200);
  EXPECT_DOUBLE_EQ(GetInput(in, "gpus_per_node").value, 8);
  EXPECT_NE(in.sources.at("pue").find("site test-site.pue"), std::string::npos);
  const Interval price = GetInput(InputsFromCatalog(testing::TestCatalog(), "tg"), "gpu_price_usd");
  EXPECT_DOUBLE_EQ(price.low, 20000);
  EXPECT_DOUBLE_EQ(price.high, 30000);
}

TEST(FleetModel, UnknownCatalogIdsThrow) {
  EXPECT_THROW(InputsFromCatalog(testing::TestCatalog(), "h300"), InputError);
  EXPECT_THROW(InputsFromCatalog(testing::TestCatalog(), "test-gpu", "mars"), InputError);
  EXPECT_THROW(InputsFromCatalog(testing::TestCatalog(), "test-gpu", "", "cray"), InputError);
}

TEST(FleetModel, InputsByNameRoundTrip) {
  FleetInputs in = HandCase();
  for (const std::string& name : InputNames()) {
    const Interval v = Interval::Between(2, 3);
    SetInput(in, name, v, "test");
    EXPECT_DOUBLE_EQ(GetInput(in, name).low, 2) << name;
    EXPECT_DOUBLE_EQ(GetInput(in, name).high, 3) << name;
    EXPECT_EQ(in.sources.at(name), "test");
    EXPECT_NO_THROW(InputUnit(name));
    EXPECT_NE(InputDescription(name), name);
  }
  EXPECT_THROW(GetInput(in, "colour"), InputError);
  EXPECT_THROW(SetInput(in, "colour", 1), InputError);
}

TEST(FleetModel, ComparesWithReferences) {
  FleetInputs in = HandCase();
  in.count = 13824 * 2;
  in.period = 1.0 * year;
  const FleetResult r = Evaluate(in);
  const auto cmp = Compare(in, r, testing::TestCatalog());
  ASSERT_EQ(cmp.size(), 2u);  // only the references the catalog holds
  EXPECT_EQ(cmp[0].reference, "lombardy-electricity-2023");
  EXPECT_NEAR(cmp[0].ratio.value, In(r.energy_facility, kWh).value / 63123.9e6, 1e-12);
  EXPECT_NE(cmp[0].text.find("facility energy per year = "), std::string::npos);
  EXPECT_NE(cmp[0].text.find("% of Lombardy's 2023 electricity consumption"), std::string::npos);
  EXPECT_EQ(cmp[1].reference, "leonardo");
  EXPECT_DOUBLE_EQ(cmp[1].ratio.value, 2);
  EXPECT_EQ(cmp[1].text, "GPU count = 2 Leonardos");
}

}  // namespace
}  // namespace gpufleet

namespace gpufleet {
namespace {

// A figure in which the count or the period cancels (a year's energy, the embodied share) spans,
// for a ranged count or period, exactly the ranges at its two ends: the input does not enter
// twice (100..8,760 h gave 0.028-279 households where each end gives 2.45-3.18 k; a count of
// 1..1,000 gave an embodied share of 0.000968-93.3% where each end gives 0.958-1.37%).
TEST(FleetModel, ARangedCountOrPeriodDoesNotWidenWhatItCancelsFrom) {
  for (const char* name : {"count", "hours"}) {
    const auto run = [&](const Interval& x) {
      FleetInputs in = HandCase();
      SetInput(in, "load", Interval(0.6, 0.5, 0.7));
      SetInput(in, "embodied_kg_co2e", Interval(150, 100, 200));
      SetInput(in, name, x);
      const FleetResult r = Evaluate(in);
      const auto rows = Tabulate(in, r);
      const auto share = std::find_if(rows.begin(), rows.end(), [](const NamedResult& n) {
        return n.name == "embodied_share";
      });
      EXPECT_NE(share, rows.end());
      const Interval cmp = Compare(in, r, testing::TestCatalog()).at(0).ratio;
      return std::pair{cmp, share->figure.range()};
    };
    const auto lo = run(100), hi = run(8760), both = run(Interval(100, 100, 8760));
    SCOPED_TRACE(name);
    EXPECT_DOUBLE_EQ(both.first.low, std::min(lo.first.low, hi.first.low));
    EXPECT_DOUBLE_EQ(both.first.high, std::max(lo.first.high, hi.first.high));
    EXPECT_DOUBLE_EQ(both.second.low, std::min(lo.second.low, hi.second.low));
    EXPECT_DOUBLE_EQ(both.second.high, std::max(lo.second.high, hi.second.high));
  }
}

// Where operational and embodied CO2e can both be 0 at one corner (grid 0..0.5, embodied 0..200),
// the share there is undefined: present, its range to 0 and 1 (it was n/a, "no CO2e at all",
// while the central total was 2.45 t); n/a only when the central values are both 0.
TEST(FleetModel, AnEmbodiedShareWhosePartsCanBothBeZeroSpansZeroToOne) {
  const auto share = [](const Interval& grid, const Interval& embodied) {
    FleetInputs in = HandCase();
    SetInput(in, "grid_kg_per_kwh", grid);
    SetInput(in, "embodied_kg_co2e", embodied);
    return FindResult(in, Evaluate(in), "embodied_share")->figure;
  };
  const Figure corner = share(Interval(0.25, 0, 0.5), Interval(100, 0, 200));
  ASSERT_TRUE(corner.present());
  EXPECT_EQ(corner.range().low, 0);
  EXPECT_EQ(corner.range().high, 1);
  EXPECT_GT(corner.range().value, 0);
  EXPECT_FALSE(share(Interval(0), Interval(0)).present());
}

// SameSource's shortcut (copies sharing their sources) against comparing the texts: a source
// set on either copy, to the same text or another, and one never recorded.
TEST(InputSources, SameSourceAgreesWithTheTexts) {
  const FleetInputs base =
      InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site", "test-system");
  const auto texts_equal = [](const InputSources& a, const InputSources& b, const char* name) {
    const std::string* x = a.Find(name);
    const std::string* y = b.Find(name);
    return (x == nullptr && y == nullptr) || (x != nullptr && y != nullptr && *x == *y);
  };
  FleetInputs copy = base;
  for (const char* name : {"count", "pue", "gpu_tdp_w", "no_such_input"}) {
    EXPECT_TRUE(copy.sources.SameSource(base.sources, name)) << name;
  }
  copy.sources.Set("count", "request field count");
  copy.sources.Set("pue", base.sources.at("pue"));  // set again, to the same text
  FleetInputs other = base;
  other.sources.Set("load", "given");
  for (const char* name : {"count", "pue", "load", "gpu_tdp_w", "no_such_input"}) {
    EXPECT_EQ(copy.sources.SameSource(base.sources, name),
              texts_equal(copy.sources, base.sources, name))
        << name;
    EXPECT_EQ(base.sources.SameSource(copy.sources, name),
              texts_equal(base.sources, copy.sources, name))
        << name;
    EXPECT_EQ(copy.sources.SameSource(other.sources, name),
              texts_equal(copy.sources, other.sources, name))
        << name;
  }
  EXPECT_FALSE(copy.sources.SameSource(base.sources, "count"));
  EXPECT_TRUE(copy.sources.SameSource(base.sources, "pue"));
  EXPECT_FALSE(copy.sources.SameSource(other.sources, "load"));
  // Sources built apart (no sharing) are compared by their texts.
  InputSources a(InputSources::Map{{"x", "one"}, {"y", "two"}});
  InputSources b(InputSources::Map{{"x", "one"}, {"y", "three"}});
  EXPECT_TRUE(a.SameSource(b, "x"));
  EXPECT_FALSE(a.SameSource(b, "y"));
  EXPECT_TRUE(a.SameSource(b, "z"));
}

}  // namespace
}  // namespace gpufleet

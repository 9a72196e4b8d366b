// RunFigures (training_fleet.h): a run's energy, cost, carbon and water through the fleet model;
// with no site, what depends on a site factor is absent with the reason, never 0.
#include "gpufleet/training_fleet.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gpufleet/error.h"
#include "gpufleet/fleet.h"
#include "gpufleet/training_report.h"
#include "model/test_catalog.h"

namespace gpufleet {
namespace {

McSummary TenHourRun() {
  McSummary mc;
  mc.wall_h = Spread{10, 9, 10, 11};
  mc.down_h = Spread{1, 0.5, 1, 1.5};
  return mc;
}

const ReportFigure& Named(const std::vector<ReportFigure>& figures, const std::string& name) {
  for (const ReportFigure& f : figures) {
    if (f.name == name) return f;
  }
  throw std::logic_error("no figure " + name);
}

// A GPU without a BF16 peak is refused naming the GPU and the catalog fact ("'peak FLOP/s':
// must be > 0 and finite, got 0" named no flag there is); a GPU whose BF16 peak is another
// precision's (the V100's FP16) carries the note to the run.
TEST(GpuFiguresFrom, APeakMissingOrStoodInForIsSaid) {
  const Catalog toy = Catalog::FromTexts(
      {{"gpus.toml",
        "[[gpu]]\nid = \"toy\"\nname = \"Toy\"\n[gpu.tdp_w]\nvalue = 1000\nsource = \"s\"\n"
        "year = 2024\nconfidence = \"verified\"\n"}});
  try {
    GpuFiguresFrom(InputsFromCatalog(toy, "toy"));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "gpu");
    EXPECT_NE(e.detail().find("toy has no BF16 peak in the catalog (bf16_dense_flop_per_s)"),
              std::string::npos)
        << e.detail();
  }
  const GpuFigures v100 = GpuFiguresFrom(InputsFromCatalog(Catalog::Embedded(), "v100"));
  EXPECT_NE(v100.peak_note.find("v100 has no BF16"), std::string::npos) << v100.peak_note;
  EXPECT_EQ(GpuFiguresFrom(InputsFromCatalog(Catalog::Embedded(), "h100-sxm")).peak_note, "");
}

TEST(RunFigures, NoSiteLeavesCostCarbonAndWaterAbsentNotZero) {
  const auto bare =
      RunFigures(InputsFromCatalog(testing::TestCatalog(), "test-gpu"), 64, TenHourRun());
  EXPECT_TRUE(Named(bare, "energy_facility_kwh").absent_why.empty());
  EXPECT_GT(Named(bare, "energy_facility_kwh").value.value, 0);
  for (const char* name : {"electricity_cost_usd", "co2e_operational_kg", "water_l"}) {
    EXPECT_EQ(Named(bare, name).absent_why.rfind("no site given and no ", 0), 0u) << name;
  }
  const auto sited = RunFigures(InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site"),
                                64, TenHourRun());
  for (const char* name : {"electricity_cost_usd", "co2e_operational_kg", "water_l"}) {
    EXPECT_TRUE(Named(sited, name).absent_why.empty()) << name;
    EXPECT_GT(Named(sited, name).value.value, 0) << name;
  }
}

// The run's facility energy is the simulated one (each replica's busy and down hours together)
// with the fleet model's ranges on top: the wall time's p5..p95 with the mean busy share gave
// 57 MWh where the simulation gave 328 (replicas at the wall-time cap), and low ends below what
// the work alone needs (found by an adversarial tester).
TEST(RunFigures, TheFacilityEnergyIsTheSimulatedOneWithTheModelsRanges) {
  McSummary mc = TenHourRun();
  mc.energy_mwh = Spread{5, 4, 5, 9};       // mean, p5, p50, p95
  mc.wall_h = Spread{1000, 9, 10, 100000};  // a long tail of capped replicas
  mc.down_h = Spread{990, 0.5, 1, 99990};
  const FleetInputs in = InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site");
  const auto figures = RunFigures(in, 64, mc);
  const Interval e = Named(figures, "energy_facility_kwh").value;
  EXPECT_NEAR(e.value, 5000, 1e-6);  // the simulated median
  EXPECT_LE(e.low, 4000 + 1e-6);     // the simulated p5, or lower with the model's low ends
  EXPECT_GE(e.high, 9000 - 1e-6);
  // Cost follows the same energy: its value over the energy's is the site's price.
  const Interval cost = Named(figures, "electricity_cost_usd").value;
  EXPECT_GT(cost.value, 0);
  EXPECT_NEAR(cost.value / e.value, In(in.electricity_price, units::usd_per_kwh).value, 1e-9);
}

// Replicas stopped at the wall-time cap did not finish: every figure of the run grows with the
// wall time or the energy, so each says it is a lower bound (the facility energy and embodied
// CO2e of a 13-million-day job read as its own; found by an adversarial tester).
TEST(RunFigures, ReplicasAtTheWallTimeCapMakeEveryFigureALowerBound) {
  const FleetInputs in = InputsFromCatalog(testing::TestCatalog(), "test-gpu", "test-site");
  McSummary mc = TenHourRun();
  for (const ReportFigure& f : RunFigures(in, 64, mc)) {
    EXPECT_EQ(f.description.find("at least"), std::string::npos) << f.description;
  }
  mc.capped = 1;
  mc.replicas = 2;
  const auto capped = RunFigures(in, 64, mc);
  ASSERT_GE(capped.size(), 4u);
  for (const ReportFigure& f : capped) {
    EXPECT_NE(f.description.find("(at least: replicas stopped at the wall-time cap)"),
              std::string::npos)
        << f.description;
  }
  TrainingReport r;
  r.mc = mc;
  r.fleet = capped;
  const nlohmann::json j = TrainingJson(r);
  EXPECT_EQ(j["simulation"]["energy_mwh_is_lower_bound"], true);
  EXPECT_EQ(j["fleet"]["energy_facility_kwh"]["is_lower_bound"], true);
  EXPECT_EQ(j["fleet"]["electricity_cost_usd"]["is_lower_bound"], true);
  r.mc.capped = 0;
  EXPECT_EQ(TrainingJson(r)["fleet"]["energy_facility_kwh"]["is_lower_bound"], false);
}

// The default report's scale-out table reads a --catalog directory's failure_models.toml, as
// `sweep --scale-out --catalog` does (it used the embedded models whatever the directory held).
TEST(ScaleOutSection, UsesTheCatalogsFailureModels) {
  namespace fs = std::filesystem;
  const fs::path dir = testing::CopyOfDataDir("gpufleet-scale-out");
  // Ten times the GPU failures of the Llama 3 model.
  std::ifstream in(dir / "failure_models.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const size_t at = text.find("count = 148");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "count = 1480");
  std::ofstream(dir / "failure_models.toml") << text;
  const report::Section embedded = ScaleOutSection(Catalog::Embedded(), ScaleOutOptions(20));
  const report::Section custom = ScaleOutSection(Catalog::Load(dir.string()), ScaleOutOptions(20));
  ASSERT_TRUE(embedded.table && custom.table);
  ASSERT_EQ(embedded.table->cells.size(), custom.table->cells.size());
  // The MTBI column (second) is shorter with more failures.
  EXPECT_NE(embedded.table->cells[0][1], custom.table->cells[0][1]);
  EXPECT_NE(custom.notes.front().find("failure_models.toml"), std::string::npos);
  EXPECT_EQ(embedded.notes.front().find("failure_models.toml"), std::string::npos);
  fs::remove_all(dir);
}

// The default report's simulation runs under a local program's work budget, as `sweep
// --scale-out` does: with none, a catalog of 6,000 s restarts ran the report for 14 minutes where
// the sweep refused it in 12 s (found by an adversarial tester).
TEST(ScaleOutSection, RunsUnderTheLocalWorkBudget) {
  const McOptions mc = ScaleOutOptions();
  EXPECT_EQ(mc.replicas, 1000u);
  EXPECT_EQ(mc.max_events, kLocalMaxEventsPerReplica);
  EXPECT_EQ(mc.max_total_events, kLocalMaxEventsPerCommand);
  EXPECT_NE(mc.spent, nullptr);
  // A budget the rows pass is refused with the simulator's error, not run to the end.
  McOptions small = ScaleOutOptions(20);
  small.max_total_events = 1000;
  try {
    ScaleOutSection(Catalog::Embedded(), small);
    ADD_FAILURE() << "no WorkBudgetError";
  } catch (const WorkBudgetError& e) {
    EXPECT_NE(std::string(e.what()).find("over the work budget"), std::string::npos) << e.what();
  }
}

// The default report's story is built in: what a --catalog directory lacks for it is blamed on
// the story, not on a flag the report does not take ("'--model': unknown model", or here
// "'--failure-model'"; found by an adversarial tester).
TEST(AddDefaultStory, NamesTheBuiltInStoryForWhatTheCatalogLacks) {
  namespace fs = std::filesystem;
  const fs::path dir = testing::CopyOfDataDir("gpufleet-story");
  fs::remove(dir / "failure_models.toml");
  report::Report r;
  try {
    AddDefaultStory(r, Catalog::Load(dir.string()));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field.rfind("the default report's built-in story", 0), 0u)
        << e.where().field;
    EXPECT_NE(e.detail().find("failure_models.toml"), std::string::npos) << e.detail();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gpufleet

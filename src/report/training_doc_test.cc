// The training run's document (TrainingDocument, TrainingJson): its labels and bases say what
// was simulated (seventeenth pass: the failure rate given, in-memory copies, the energy's basis).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/report.h"
#include "gpufleet/training_fleet.h"
#include "gpufleet/training_run.h"

namespace gpufleet::report {
namespace {

TrainingReport TrainingDocReport(const ReliabilityOptions& o, double gpus = 16384,
                                 const std::string& site = "") {
  TrainingReport r;
  const GpuFigures gpu = GpuFiguresFrom(InputsFromCatalog(Catalog::Embedded(), "h100-sxm", site));
  r.inputs.work.params = 405e9;
  r.inputs.work.tokens = 15.6e12;
  r.inputs.gpus = gpus;
  r.inputs.peak_per_gpu = gpu.peak;
  r.plan = PlanTraining(r.inputs, o, gpu);
  return r;
}

const NamedResult* TrainingDocRow(const Report& doc, const std::string& name) {
  for (const Section& s : doc.extra) {
    for (const NamedResult& row : s.rows) {
      if (row.name == name) return &row;
    }
  }
  return nullptr;
}

// The MTBI's basis names the rate given: "failure model llama3-2024, scaled to the job" was said
// for --failure-rate 2 (found by an adversarial tester).
TEST(TrainingDoc, TheMtbiSaysTheRateGiven) {
  ReliabilityOptions o;
  const Report plain = TrainingDocument(TrainingDocReport(o));
  const NamedResult* row = TrainingDocRow(plain, "mtbi_s");
  ASSERT_NE(row, nullptr);
  EXPECT_NE(row->figure.basis().find("scaled to the job"), std::string::npos);
  o.failure_rate = 2;
  const Report given = TrainingDocument(TrainingDocReport(o));
  row = TrainingDocRow(given, "mtbi_s");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->figure.basis().find("scaled to the job"), std::string::npos)
      << row->figure.basis();
  EXPECT_NE(row->figure.basis().find("the failure rate given, 2 per 1,000 node-days"),
            std::string::npos)
      << row->figure.basis();
}

// With in-memory (peer) copies the write and interval rows are the copies', said so, and the
// storage checkpoint's write (2.83 s for 405e9 parameters at 2 TB/s) is there beside them: it
// disappeared and the copies read as storage checkpoints (found by an adversarial tester).
TEST(TrainingDoc, PeerCopiesAreNamedAndTheStorageWriteStays) {
  ReliabilityOptions o;
  o.peer_write = 2.0 * units::s;
  const TrainingReport r = TrainingDocReport(o, 4096);
  const Report doc = TrainingDocument(r);
  const NamedResult* write = TrainingDocRow(doc, "checkpoint_write_s");
  const NamedResult* interval = TrainingDocRow(doc, "checkpoint_interval_s");
  const NamedResult* storage = TrainingDocRow(doc, "storage_checkpoint_write_s");
  ASSERT_NE(write, nullptr);
  ASSERT_NE(interval, nullptr);
  ASSERT_NE(storage, nullptr);
  EXPECT_NE(write->description.find("in-memory"), std::string::npos) << write->description;
  EXPECT_NE(interval->description.find("in-memory"), std::string::npos);
  ASSERT_TRUE(storage->figure.present());
  EXPECT_NEAR(storage->figure.range().value, 405e9 * 14 / 2000e9, 1e-9);
  const nlohmann::json j = TrainingJson(r);
  EXPECT_EQ(j["reliability"]["peer_checkpoints"], true);
  EXPECT_NEAR(j["reliability"]["storage_checkpoint_write_s"].get<double>(), 2.835, 1e-9);
  // Without peer copies: no such row, and the labels are the storage checkpoint's.
  const Report plain = TrainingDocument(TrainingDocReport(ReliabilityOptions{}, 4096));
  EXPECT_EQ(TrainingDocRow(plain, "storage_checkpoint_write_s"), nullptr);
  EXPECT_EQ(TrainingDocRow(plain, "checkpoint_write_s")->description, "checkpoint write");
}

// The simulated energy's label says what was applied: the site's PUE when a site is given, and
// no hosts (train takes no system). It was fixed text naming hosts and "none given: PUE 1"
// beside meta-fleet's PUE 1.08 (found by an adversarial tester).
TEST(TrainingDoc, TheEnergyLabelSaysWhatWasApplied) {
  const auto label = [](const std::string& site) {
    const Report doc = TrainingDocument(TrainingDocReport(ReliabilityOptions{}, 16384, site));
    const NamedResult* row = TrainingDocRow(doc, "energy_mwh");
    return row ? row->description : std::string("(none)");
  };
  const std::string none = label(""), meta = label("meta-fleet");
  EXPECT_NE(none.find("PUE 1 (no site PUE given)"), std::string::npos) << none;
  EXPECT_NE(none.find("no hosts"), std::string::npos) << none;
  EXPECT_NE(meta.find("PUE 1.08 (site meta-fleet)"), std::string::npos) << meta;
  EXPECT_EQ(meta.find("none given"), std::string::npos) << meta;
}

}  // namespace
}  // namespace gpufleet::report

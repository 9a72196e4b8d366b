// Monitor: windows over FakeSource devices whose counters the test sets (deterministic: every
// window edge is a round taken on demand, so it reads exactly what the test set), and over the
// fake NVML library with its clock driven by the test.
#include "gpufleet/monitor.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "gpufleet/error.h"
#include "gpufleet/ledger.h"

namespace gpufleet {
namespace {

// A device whose counter (mJ) and power (W) the test sets.
struct Dial {
  std::atomic<uint64_t> mj{0};
  std::atomic<double> w{100};
  std::atomic<bool> lost{false};
};

std::shared_ptr<FakeSource> Source(std::vector<Dial>& dials, const std::string& kind = "gpu",
                                   bool power = true) {
  auto s = std::make_shared<FakeSource>();
  for (size_t i = 0; i < dials.size(); ++i) {
    DeviceInfo d;
    d.id = kind + std::to_string(i);
    d.kind = kind;
    d.index = static_cast<int>(i);
    d.name = "Fake GPU";
    d.uuid = kind == "gpu" ? "GPU-" + std::to_string(i) : "";
    d.has_counter = true;
    d.has_power = power;
    Dial* dial = &dials[i];
    s->Add(d, [dial, power] {
      Reading r;
      if (dial->lost) {
        r.status = Reading::Status::kLost;
        r.error = "fell off the bus";
        return r;
      }
      r.counter = dial->mj.load();
      if (power) r.power = dial->w.load() * units::W;
      return r;
    });
  }
  return s;
}

MonitorOptions Options(std::shared_ptr<PowerSource> source) {
  MonitorOptions o;
  o.source = std::move(source);
  o.launch = Launch{};  // a single process, whatever the test's environment says
  o.launch->node = "test-node";
  o.interval = 10.0 * units::s;  // regular rounds out of the way: edges only
  return o;
}

TEST(Monitor, WindowEnergyIsTheCounterDifferenceWithTheSourcesRange) {
  std::vector<Dial> dials(2);
  Monitor m(Options(Source(dials)));
  dials[0].mj = 1000;
  dials[1].mj = 500;
  m.BeginWindow("epoch");
  dials[0].mj = 6000;  // +5 J
  dials[1].mj = 2500;  // +2 J
  const Window w = m.EndWindow("epoch");
  EXPECT_EQ(w.name, "epoch");
  ASSERT_EQ(w.devices.size(), 2u);
  EXPECT_EQ(w.devices[0].method, "counter");
  EXPECT_DOUBLE_EQ(w.devices[0].energy.range().value, 5.0);
  EXPECT_DOUBLE_EQ(w.devices[0].energy.range().low, 5.0 * 0.95);
  EXPECT_DOUBLE_EQ(w.devices[0].energy.range().high, 5.0 * 1.05);
  EXPECT_DOUBLE_EQ(w.devices[1].energy.range().value, 2.0);
  EXPECT_DOUBLE_EQ(w.gpu_energy.range().value, 7.0);
  EXPECT_DOUBLE_EQ(w.energy.range().value, 7.0);
  EXPECT_FALSE(w.cpu_energy.present());  // no CPU measured: absent, never 0
  EXPECT_GE(w.duration.si(), 0.0);
  EXPECT_FALSE(w.partial);
  EXPECT_EQ(w.launch.node, "test-node");
}

TEST(Monitor, NestedAndOverlappingWindowsByName) {
  std::vector<Dial> dials(1);
  Monitor m(Options(Source(dials)));
  m.BeginWindow("a");
  dials[0].mj = 1000;
  m.BeginWindow("b");  // b opens inside a
  dials[0].mj = 3000;
  m.BeginWindow("c");  // c inside b
  dials[0].mj = 4000;
  const Window c = m.EndWindow("c");
  EXPECT_EQ(m.OpenWindows(), (std::vector<std::string>{"a", "b"}));
  dials[0].mj = 7000;
  const Window a = m.EndWindow("a");  // a ends before b: overlapping, not nested
  dials[0].mj = 10000;
  const Window b = m.EndWindow("b");
  EXPECT_DOUBLE_EQ(c.energy.range().value, 1.0);
  EXPECT_DOUBLE_EQ(a.energy.range().value, 7.0);
  EXPECT_DOUBLE_EQ(b.energy.range().value, 9.0);
  EXPECT_TRUE(m.OpenWindows().empty());
  // A name may be used again once its window ended.
  m.BeginWindow("a");
  dials[0].mj = 10500;
  EXPECT_DOUBLE_EQ(m.EndWindow("a").energy.range().value, 0.5);
}

TEST(Monitor, EndingAWindowNeverBegunOrBeginningOneTwiceIsAnError) {
  std::vector<Dial> dials(1);
  Monitor m(Options(Source(dials)));
  try {
    m.EndWindow("epoch");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'epoch' was never begun"), std::string::npos) << e.what();
  }
  m.BeginWindow("epoch");
  EXPECT_THROW(m.BeginWindow("epoch"), InputError);
  try {
    m.EndWindow("step");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("open: epoch"), std::string::npos) << e.what();
  }
  EXPECT_THROW(m.BeginWindow(""), InputError);
  // The failed calls left the open window alone.
  dials[0].mj = 2000;
  EXPECT_DOUBLE_EQ(m.EndWindow("epoch").energy.range().value, 2.0);
}

TEST(Monitor, AnUnbridgedResetWidensTheHighEndAndMarksThePartialWindow) {
  std::vector<Dial> dials(1);
  Monitor m(Options(Source(dials, "gpu", /*power=*/false)));
  dials[0].mj = 50000;
  m.BeginWindow("w");
  dials[0].mj = 1000;  // went backwards, no power reading: a reset that cannot be bridged
  const Window w = m.EndWindow("w");
  ASSERT_EQ(w.devices.size(), 1u);
  EXPECT_EQ(w.devices[0].resets, 1);
  EXPECT_EQ(w.devices[0].unbridged_resets, 1);
  EXPECT_TRUE(w.partial);
  const Interval e = w.devices[0].energy.range();
  EXPECT_DOUBLE_EQ(e.value, 1.0);  // counted from the restart
  EXPECT_GT(e.high, 1.05);         // what the lost interval may have held
  EXPECT_FALSE(w.notes.empty());
}

TEST(Monitor, ABridgedResetIsCountedFromPower) {
  std::vector<Dial> dials(1);
  Monitor m(Options(Source(dials)));
  dials[0].mj = 50000;
  m.BeginWindow("w");
  dials[0].mj = 1000;
  const Window w = m.EndWindow("w");
  EXPECT_EQ(w.devices[0].resets, 1);
  EXPECT_EQ(w.devices[0].unbridged_resets, 0);
  EXPECT_FALSE(w.partial);
}

TEST(Monitor, CostCo2eAndWaterComeFromTheSiteModel) {
  std::vector<Dial> dials(1);
  MonitorOptions o = Options(Source(dials));
  o.site.id = "test-site";
  o.site.pue = 1.5;
  o.site.grid = 0.4 * units::kg_per_kwh;
  o.site.price = 0.1 * units::usd_per_kwh;
  o.site.wue_onsite = 2.0 * units::l_per_kwh;
  Monitor m(o);
  m.BeginWindow("w");
  dials[0].mj = 3'600'000'000ull;  // 3.6 MJ = 1 kWh
  const Window w = m.EndWindow("w");
  EXPECT_DOUBLE_EQ(w.facility_energy.range().value, 1.5);
  EXPECT_DOUBLE_EQ(w.cost.range().value, 0.15);
  EXPECT_DOUBLE_EQ(w.co2e.range().value, 0.6);
  EXPECT_DOUBLE_EQ(w.water.range().value, 2.0);
  EXPECT_DOUBLE_EQ(w.co2e.range().high, 0.6 * 1.05);  // the energy's range flows through
}

TEST(Monitor, ADeviceLostInTheWindowIsPartial) {
  std::vector<Dial> dials(2);
  Monitor m(Options(Source(dials)));
  m.BeginWindow("w");
  dials[0].mj = 1000;
  dials[1].lost = true;
  const Window w = m.EndWindow("w");
  EXPECT_TRUE(w.partial);
  EXPECT_TRUE(w.devices[1].lost);
  EXPECT_DOUBLE_EQ(w.devices[0].energy.range().value, 1.0);
}

TEST(Monitor, OnlyLocalRankZeroReadsTheNodesDevices) {
  std::vector<Dial> dials(4);
  MonitorOptions o = Options(Source(dials));
  o.launch->launcher = "openmpi";
  o.launch->local_rank = 1;
  o.launch->local_size = 4;
  o.launch->rank = 1;
  o.launch->world_size = 4;
  Monitor m(o);
  EXPECT_TRUE(m.Devices().empty());
  m.BeginWindow("w");
  dials[0].mj = 1000;
  const Window w = m.EndWindow("w");
  EXPECT_TRUE(w.devices.empty());
  EXPECT_FALSE(w.energy.present());
  EXPECT_FALSE(w.co2e.present());
  ASSERT_FALSE(w.notes.empty());
  EXPECT_NE(w.notes[0].find("local rank 0 reads"), std::string::npos);

  o.every_rank_reads = true;  // the rule turned off
  Monitor all(o);
  EXPECT_EQ(all.Devices().size(), 4u);
}

TEST(Monitor, EachEndedWindowIsRecordedInEverySink) {
  std::vector<Dial> dials(1);
  const std::string dir = testing::TempDir();
  const std::string csv = dir + "/monitor_sinks.csv", db = dir + "/monitor_sinks.db";
  std::remove(csv.c_str());
  std::remove(db.c_str());
  MonitorOptions o = Options(Source(dials));
  o.project = "proj";
  o.run_id = "run-1";
  o.sinks = {OpenCsv(csv), OpenLedger(db)};
  {
    Monitor m(o);
    m.BeginWindow("epoch");
    dials[0].mj = 3'600'000;  // 1 Wh
    const Window w = m.EndWindow("epoch");
    EXPECT_TRUE(w.record_errors.empty());
    m.BeginWindow("open-at-exit");  // never ended: not recorded
  }
  const auto records = OpenLedger(db)->Query({});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].window, "epoch");
  EXPECT_EQ(records[0].project, "proj");
  EXPECT_EQ(records[0].run_id, "run-1");
  ASSERT_TRUE(records[0].energy_kwh);
  EXPECT_DOUBLE_EQ(records[0].energy_kwh->value, 0.001);
  ASSERT_EQ(records[0].devices.size(), 1u);
  EXPECT_EQ(records[0].devices[0].uuid, "GPU-0");
  std::ifstream in(csv);
  std::string header, line, extra;
  std::getline(in, header);
  std::getline(in, line);
  EXPECT_EQ(header.rfind("timestamp,project_name,run_id,", 0), 0u);
  EXPECT_NE(line.find(",proj,run-1,"), std::string::npos) << line;
  EXPECT_FALSE(std::getline(in, extra));
}

TEST(Monitor, ConcurrentWindowsFromSeveralThreads) {
  std::vector<Dial> dials(8);
  Monitor m(Options(Source(dials)));
  std::vector<std::thread> threads;
  std::atomic<int> ended{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 25; ++k) {
        const std::string name = "t" + std::to_string(t);
        m.BeginWindow(name);
        dials[t].mj += 10;
        const Window w = m.EndWindow(name);
        if (w.devices.size() == 8 && w.energy.present()) ++ended;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ended.load(), 100);
  EXPECT_TRUE(m.OpenWindows().empty());
}

TEST(Monitor, RefusesAnIntervalUnder10ms) {
  std::vector<Dial> dials(1);
  MonitorOptions o = Options(Source(dials));
  o.interval = 1.0 * units::ms;
  EXPECT_THROW(Monitor{o}, InputError);
}

// The fake NVML library, its clock set by the test: 4 GPUs at 100, 200, 300 and 400 W.
TEST(Monitor, FakeNvmlWindowsCountTheExactIntegral) {
  const std::string script = testing::TempDir() + "/monitor_fake_nvml.txt";
  std::ofstream(script) << "clock manual\n"
                        << "device uuid=GPU-a\ndevice uuid=GPU-b\ndevice uuid=GPU-c\n"
                        << "device uuid=GPU-d\n"
                        << "power gpu=0 t=0 w=100\npower gpu=1 t=0 w=200\n"
                        << "power gpu=2 t=0 w=300\npower gpu=3 t=0 w=400\n";
  setenv("FAKE_NVML_SCRIPT", script.c_str(), 1);
  void* lib = dlopen(GPUFLEET_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(lib, nullptr);
  auto set_time = reinterpret_cast<void (*)(double)>(dlsym(lib, "fakeNvmlSetTime"));
  ASSERT_NE(set_time, nullptr);
  set_time(0);
  {
    MonitorOptions o;
    o.nvml_library = GPUFLEET_FAKE_NVML;
    o.cpu = false;
    o.launch = Launch{};
    o.launch->node = "n";
    o.interval = 10.0 * units::s;
    Monitor m(o);
    ASSERT_EQ(m.Devices().size(), 4u);
    set_time(1);
    m.BeginWindow("epoch");
    set_time(11);
    const Window w = m.EndWindow("epoch");
    ASSERT_EQ(w.devices.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
      EXPECT_NEAR(w.devices[i].energy.range().value, 1000.0 * (i + 1), 1e-6) << i;
    }
    EXPECT_NEAR(w.gpu_energy.range().value, 10000.0, 1e-6);
  }
  dlclose(lib);
}

}  // namespace
}  // namespace gpufleet

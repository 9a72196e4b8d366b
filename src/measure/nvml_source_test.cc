// NvmlSource against the fake libnvidia-ml (tests/fake_nvml/), with the fake's clock driven by
// the test through its fakeNvmlSetTime() entry point: deterministic traces, no sleeping.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "gpufleet/error.h"
#include "gpufleet/measure.h"

namespace gpufleet {
namespace {

class FakeNvml : public ::testing::Test {
 protected:
  // Writes the script, opens the source; returns it.
  std::unique_ptr<PowerSource> Open(const std::string& script, std::vector<int> gpus = {}) {
    path_ = testing::TempDir() + "/fake_nvml_" +
            testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt";
    std::ofstream(path_) << script;
    setenv("FAKE_NVML_SCRIPT", path_.c_str(), 1);
    lib_ = dlopen(GPUFLEET_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
    set_time_ = reinterpret_cast<void (*)(double)>(dlsym(lib_, "fakeNvmlSetTime"));
    set_time_(0);
    return OpenNvml(NvmlOptions{GPUFLEET_FAKE_NVML, std::move(gpus)});
  }
  void TearDown() override {
    if (lib_) dlclose(lib_);
  }
  // Reads every device every `dt` from 0 to `end` (inclusive) into tracks.
  std::vector<DeviceResult> Run(PowerSource& s, double end, double dt = 0.1) {
    std::vector<EnergyTrack> tracks;
    for (const auto& d : s.Devices()) tracks.emplace_back(d);
    for (int k = 0; k * dt <= end + 1e-9; ++k) {
      set_time_(k * dt);
      for (size_t i = 0; i < tracks.size(); ++i) tracks[i].Add(k * dt, s.Read(i));
    }
    std::vector<DeviceResult> out;
    for (const auto& t : tracks) out.push_back(t.Result(0));
    return out;
  }
  std::string path_;
  void* lib_ = nullptr;
  void (*set_time_)(double) = nullptr;
};

const char* kTrace = R"(clock manual
device name="NVIDIA H100 80GB HBM3" uuid=GPU-with-counter
device name="Old GPU" uuid=GPU-no-counter energy=0
power gpu=0 t=0 w=120
power gpu=0 t=2.02 w=700
power gpu=0 t=5.55 w=390
power gpu=1 t=0 w=120
power gpu=1 t=2.02 w=700
power gpu=1 t=5.55 w=390
)";

TEST_F(FakeNvml, CounterAndIntegrationAgreeOnAScriptedTrace) {
  auto s = Open(kTrace);
  ASSERT_EQ(s->Devices().size(), 2u);
  EXPECT_EQ(s->Devices()[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(s->Devices()[0].uuid, "GPU-with-counter");
  EXPECT_TRUE(s->Devices()[0].has_counter);
  EXPECT_FALSE(s->Devices()[1].has_counter);
  const auto r = Run(*s, 8.0);
  const double exact = 120 * 2.02 + 700 * (5.55 - 2.02) + 390 * (8 - 5.55);
  EXPECT_EQ(r[0].method, "counter");
  EXPECT_NEAR(r[0].energy.si().value, exact, 1e-3);  // the counter is exact
  EXPECT_EQ(r[1].method, "power-integration");
  EXPECT_NEAR(r[1].energy.si().value, exact, exact * 0.01);
  EXPECT_NE(r[1].energy.si().value, exact);  // the trapezoid misses the steps a little
  EXPECT_NEAR(r[0].from_power.si(), r[1].from_power.si(), 1e-9);
  EXPECT_DOUBLE_EQ(r[0].peak.si(), 700);
  bool noted = false;
  for (const auto& n : s->Notes()) noted |= n.find("no total-energy counter") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(FakeNvml, CounterWrapAt2To64) {
  auto s =
      Open("clock manual\ndevice name=G offset_mj=18446744073709550616\npower gpu=0 t=0 w=300\n");
  const auto r = Run(*s, 2.0);
  EXPECT_EQ(r[0].wraps, 1);
  EXPECT_EQ(r[0].resets, 0);
  EXPECT_NEAR(r[0].from_counter.si(), 600, 1e-3);
}

TEST_F(FakeNvml, CounterResetIsBridgedByPower) {
  auto s = Open(
      "clock manual\ndevice name=G offset_mj=5000000000\npower gpu=0 t=0 w=200\n"
      "reset gpu=0 t=1.05\n");
  const auto r = Run(*s, 3.0);
  EXPECT_EQ(r[0].resets, 1);
  EXPECT_NEAR(r[0].energy.si().value, 600, 1e-3);
}

TEST_F(FakeNvml, VanishedGpuKeepsItsEnergyUntilThen) {
  auto s = Open(
      "clock manual\ndevice name=A\ndevice name=B\npower gpu=0 t=0 w=100\n"
      "power gpu=1 t=0 w=100\nvanish gpu=1 t=1.5\n");
  const auto r = Run(*s, 3.0);
  EXPECT_FALSE(r[0].lost_at.has_value());
  EXPECT_NEAR(r[0].energy.si().value, 300, 1e-3);
  ASSERT_TRUE(r[1].lost_at.has_value());
  EXPECT_NEAR(r[1].lost_at->si(), 1.5, 1e-9);
  EXPECT_NEAR(r[1].energy.si().value, 140, 1e-3);  // up to the last good read at 1.4 s
}

TEST_F(FakeNvml, NotSupportedEverywhereIsMeasuredAsNone) {
  auto s = Open("clock manual\ndevice name=Mystery energy=0 power=0\n");
  EXPECT_FALSE(s->Devices()[0].has_counter);
  EXPECT_FALSE(s->Devices()[0].has_power);
  EXPECT_EQ(Run(*s, 1.0)[0].method, "none");
}

// A power reading no GPU can draw (a negative value read as unsigned) is a failed read, said in
// a note, not a sample: it stopped `measure` after the command had run (found by an adversarial
// tester).
TEST_F(FakeNvml, AnImplausiblePowerReadingIsAFailedReadWithANote) {
  auto s = Open("clock manual\ndevice name=Broken energy=none\npower gpu=0 t=0 w=-100\n");
  const Reading r = s->Read(0);
  EXPECT_EQ(r.status, Reading::Status::kError);
  EXPECT_NE(r.error.find("implausible power reading"), std::string::npos) << r.error;
  const DeviceResult d = Run(*s, 0.5)[0];
  EXPECT_EQ(d.method, "none");
  ASSERT_FALSE(d.notes.empty());
  EXPECT_NE(d.notes.back().find("reads failed"), std::string::npos) << d.notes.back();
}

// A name or UUID that is not valid UTF-8 is made valid where it is read (each bad byte U+FFFD):
// it stopped every JSON output with an internal error and broke the exporter's page (found by an
// adversarial tester).
TEST_F(FakeNvml, NamesThatAreNotUtf8AreMadeValidWhereRead) {
  auto s = Open(
      "clock manual\ndevice name=\"a\xff"
      "b \xc3\xa9\" uuid=GPU-\xfe"
      "1\n");
  ASSERT_EQ(s->Devices().size(), 1u);
  EXPECT_EQ(s->Devices()[0].name,
            "a\xef\xbf\xbd"
            "b \xc3\xa9");  // the valid é kept
  EXPECT_EQ(s->Devices()[0].uuid,
            "GPU-\xef\xbf\xbd"
            "1");
}

// Two GPUs that give one UUID: the report `measure` wrote was refused by `merge` as one GPU
// listed twice, and nothing was said (found by an adversarial tester). The second keeps its
// readings under its id, without the UUID, and a note says so; the first keeps it.
TEST_F(FakeNvml, ASecondGpuWithTheSameUuidLosesItWithANote) {
  auto s = Open(
      "clock manual\ndevice name=A uuid=GPU-X\ndevice name=B uuid=GPU-X\n"
      "device name=C uuid=GPU-Y\n");
  ASSERT_EQ(s->Devices().size(), 3u);
  EXPECT_EQ(s->Devices()[0].uuid, "GPU-X");
  EXPECT_EQ(s->Devices()[1].uuid, "");
  EXPECT_EQ(s->Devices()[2].uuid, "GPU-Y");
  const auto notes = s->Notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("gpu1 (B) gives the UUID GPU-X of gpu0 as well"), std::string::npos)
      << notes[0];
}

TEST(DeviceText, ReplacesEachInvalidByteAndKeepsValidSequences) {
  EXPECT_EQ(DeviceText("plain"), "plain");
  EXPECT_EQ(DeviceText("\xe2\x82\xac\xf0\x9f\x98\x80"), "\xe2\x82\xac\xf0\x9f\x98\x80");
  const std::string r = "\xef\xbf\xbd";
  EXPECT_EQ(DeviceText("\xc0\xaf"), r + r);                  // overlong '/'
  EXPECT_EQ(DeviceText("\xed\xa0\x80"), r + r + r);          // a surrogate
  EXPECT_EQ(DeviceText("\xf4\x90\x80\x80"), r + r + r + r);  // above U+10FFFF
  EXPECT_EQ(DeviceText("ab\xe2\x82"), "ab" + r + r);         // cut short
  EXPECT_EQ(DeviceText(std::string_view("ab\0cd", 5)), "ab");
}

// The real NVML counts nvmlInit/nvmlShutdown pairs, and so does the fake: a second source closed
// leaves the first one's GPUs readable (one Monitor destroyed made another's GPUs "vanish").
TEST_F(FakeNvml, ClosingOneSourceLeavesAnotherReadable) {
  auto s = Open("clock manual\ndevice name=G\npower gpu=0 t=0 w=100\n");
  OpenNvml(NvmlOptions{GPUFLEET_FAKE_NVML, {}}).reset();  // init, then shutdown
  EXPECT_EQ(s->Read(0).status, Reading::Status::kOk);
}

// A read answering UNINITIALIZED (this process's NVML shut down under it) is a failed read, not
// a lost GPU.
TEST_F(FakeNvml, UninitializedIsAFailedReadNotALostGpu) {
  auto s = Open("clock manual\ndevice name=G\npower gpu=0 t=0 w=100\n");
  auto shutdown = reinterpret_cast<int (*)()>(dlsym(lib_, "nvmlShutdown"));
  auto init = reinterpret_cast<int (*)()>(dlsym(lib_, "nvmlInit_v2"));
  ASSERT_EQ(shutdown(), 0);  // the source's own init undone behind its back
  const Reading r = s->Read(0);
  EXPECT_EQ(r.status, Reading::Status::kError);
  EXPECT_NE(r.error.find("Uninitialized"), std::string::npos) << r.error;
  ASSERT_EQ(init(), 0);  // for the source's own shutdown
}

TEST_F(FakeNvml, MigIsReportedAsWholeGpu) {
  auto s = Open("clock manual\ndevice name=H100 mig=1\n");
  EXPECT_TRUE(s->Devices()[0].mig_enabled);
  ASSERT_FALSE(s->Notes().empty());
  EXPECT_NE(s->Notes()[0].find("whole GPU"), std::string::npos);
}

TEST_F(FakeNvml, SelectsGpusAndRejectsUnknownIndex) {
  auto s = Open(kTrace, {1});
  ASSERT_EQ(s->Devices().size(), 1u);
  EXPECT_EQ(s->Devices()[0].id, "gpu1");
  EXPECT_THROW(Open(kTrace, {2}), InputError);
}

TEST_F(FakeNvml, InitFailureAndMissingLibraryAreNotes) {
  auto s = Open("init error=9\n");
  EXPECT_TRUE(s->Devices().empty());
  ASSERT_EQ(s->Notes().size(), 1u);
  EXPECT_NE(s->Notes()[0].find("Driver Not Loaded"), std::string::npos);
  auto none = OpenNvml(NvmlOptions{"/nonexistent/libnvidia-ml.so.1", {}});
  EXPECT_TRUE(none->Devices().empty());
  EXPECT_NE(none->Notes().at(0).find("no GPU measured"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet

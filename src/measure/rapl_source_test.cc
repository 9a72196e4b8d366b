// RaplSource over a fake powercap tree in a temporary directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gpufleet/measure.h"

namespace gpufleet {
namespace {

namespace fs = std::filesystem;

class FakePowercap : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::path(testing::TempDir()) /
        ("powercap_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    Zone("intel-rapl:0", "package-0", 262143328850, 1000);
    Zone("intel-rapl:0/intel-rapl:0:0", "core", 262143328850, 10);
    Zone("intel-rapl:0/intel-rapl:0:1", "dram", 65712999613, 2000);
    Zone("intel-rapl:1", "package-1", 262143328850, 5000);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Zone(const std::string& dir, const std::string& name, uint64_t range, uint64_t uj) {
    fs::create_directories(root_ / dir);
    std::ofstream(root_ / dir / "name") << name << "\n";
    std::ofstream(root_ / dir / "max_energy_range_uj") << range << "\n";
    Set(dir, uj);
  }
  void Set(const std::string& dir, uint64_t uj) {
    std::ofstream(root_ / dir / "energy_uj") << uj << "\n";
  }
  fs::path root_;
};

TEST_F(FakePowercap, FindsPackagesAndDramButNotCore) {
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  ASSERT_EQ(s->Devices().size(), 3u);
  EXPECT_EQ(s->Devices()[0].id, "cpu-package-0");
  EXPECT_EQ(s->Devices()[1].kind, "dram");
  EXPECT_EQ(s->Devices()[2].id, "cpu-package-1");
  EXPECT_EQ(s->Devices()[0].counter_range, 262143328850u);
  EXPECT_EQ(*s->Read(0).counter, 1000u);
  EXPECT_TRUE(s->Notes().empty());
}

// psys (the whole platform, on client CPUs) holds the packages: it is left out, with a note (it was
// counted as a CPU package, 130 W for 50 W of CPU). Each socket's DRAM is named by its package.
TEST_F(FakePowercap, PsysIsLeftOutAndEachDramIsNamedByItsPackage) {
  Zone("intel-rapl:1/intel-rapl:1:0", "dram", 65712999613, 3000);
  Zone("intel-rapl:2", "psys", 262143328850, 9000);
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  std::vector<std::string> ids;
  for (const DeviceInfo& d : s->Devices()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"cpu-package-0", "dram-package-0", "cpu-package-1",
                                           "dram-package-1"}));
  ASSERT_EQ(s->Notes().size(), 1u);
  EXPECT_NE(s->Notes()[0].find("psys"), std::string::npos);
}

// The real class directory (/sys/class/powercap) links every zone at its top, subzones too:
// intel-rapl:0:0 beside intel-rapl:0, both into the control type's directory. A subzone link was
// counted as a CPU package (DRAM twice, a core on top of its package; found by an adversarial
// tester). Zones are the ones named intel-rapl:<n>, each real directory once.
TEST_F(FakePowercap, TopLevelSubzoneLinksAreNotPackages) {
  fs::remove_all(root_);
  Zone("intel-rapl/intel-rapl:0", "package-0", 262143328850, 1000);
  Zone("intel-rapl/intel-rapl:0/intel-rapl:0:0", "dram", 262143328850, 2000);
  Zone("intel-rapl/intel-rapl:0/intel-rapl:0:1", "core", 262143328850, 10);
  fs::create_directory_symlink("intel-rapl/intel-rapl:0", root_ / "intel-rapl:0");
  fs::create_directory_symlink("intel-rapl/intel-rapl:0/intel-rapl:0:0", root_ / "intel-rapl:0:0");
  fs::create_directory_symlink("intel-rapl/intel-rapl:0/intel-rapl:0:1", root_ / "intel-rapl:0:1");
  // The same package linked a second time under another zone name counts once.
  fs::create_directory_symlink("intel-rapl/intel-rapl:0", root_ / "intel-rapl:7");
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  std::vector<std::string> ids;
  for (const DeviceInfo& d : s->Devices()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"cpu-package-0", "dram-package-0"}));
  EXPECT_TRUE(s->Notes().empty());
}

// A FIFO planted where a powercap attribute should be would block open() and read() forever:
// refused as not a regular file, with a note, and the other zones are still measured.
TEST_F(FakePowercap, FifoInTheTreeIsRefusedNotWaitedFor) {
  fs::remove(root_ / "intel-rapl:0" / "energy_uj");
  ASSERT_EQ(mkfifo((root_ / "intel-rapl:0" / "energy_uj").c_str(), 0644), 0);
  fs::remove(root_ / "intel-rapl:1" / "name");
  ASSERT_EQ(mkfifo((root_ / "intel-rapl:1" / "name").c_str(), 0644), 0);
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  ASSERT_EQ(s->Devices().size(), 2u);  // dram of package 0, and package 1 (named by its dir)
  EXPECT_EQ(s->Devices()[0].id, "dram-intel-rapl:0");  // its package unreadable: by directory
  EXPECT_EQ(s->Devices()[1].id, "cpu-intel-rapl:1");
  ASSERT_EQ(s->Notes().size(), 2u);
  EXPECT_NE(s->Notes()[0].find("Invalid argument"), std::string::npos) << s->Notes()[0];
  EXPECT_NE(s->Notes()[1].find("intel-rapl:1 has no name (its name file cannot be read: Invalid "
                               "argument): named by its directory"),
            std::string::npos)
      << s->Notes()[1];
}

// A package whose name file is empty (or holds only bytes that are no text) became device "cpu-"
// with an empty name and no note: it is named by its directory, as an unreadable one is, with a
// note, and its DRAM by that name.
TEST_F(FakePowercap, AZoneWithAnEmptyNameIsNamedByItsDirectoryWithANote) {
  std::ofstream(root_ / "intel-rapl:0" / "name") << "\n";
  std::ofstream(root_ / "intel-rapl:1" / "name") << std::string(1, '\0') << "x\n";
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  std::vector<std::string> ids, names;
  for (const DeviceInfo& d : s->Devices()) {
    ids.push_back(d.id);
    names.push_back(d.name);
  }
  EXPECT_EQ(
      ids, (std::vector<std::string>{"cpu-intel-rapl:0", "dram-intel-rapl:0", "cpu-intel-rapl:1"}));
  EXPECT_EQ(names, (std::vector<std::string>{"intel-rapl:0", "dram", "intel-rapl:1"}));
  ASSERT_EQ(s->Notes().size(), 2u);
  EXPECT_EQ(s->Notes()[0],
            "intel-rapl:0 has no name (its name file is empty): named by its directory");
  EXPECT_EQ(s->Notes()[1],
            "intel-rapl:1 has no name (its name file is empty): named by its directory");
}

TEST_F(FakePowercap, WrapAroundThroughMaxEnergyRange) {
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  EnergyTrack t(s->Devices()[0]);
  Set("intel-rapl:0", 262143000000);
  t.Add(0.0, s->Read(0));
  Set("intel-rapl:0", 500000);  // wrapped: 328850 uJ to the top, then 500000
  t.Add(0.1, s->Read(0));
  Set("intel-rapl:0", 1500000);
  t.Add(0.2, s->Read(0));
  const DeviceResult r = t.Result(0);
  EXPECT_EQ(r.wraps, 1);
  EXPECT_NEAR(r.energy.si().value, 0.328850 + 0.5 + 1.0, 1e-9);
}

// A negative counter is malformed (std::stoull read "-5" as 2^64 - 5), and a wrap range that is
// missing, 0 or under the counter is said (found by an adversarial tester).
TEST_F(FakePowercap, NegativeCountersAndBadRangesAreSaid) {
  std::ofstream(root_ / "intel-rapl:0" / "energy_uj") << "-5\n";
  std::ofstream(root_ / "intel-rapl:1" / "max_energy_range_uj") << "1000\n";  // counter 5000
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  ASSERT_EQ(s->Devices().size(), 2u);  // package-0 refused; its DRAM and package-1 kept
  EXPECT_EQ(s->Devices()[1].id, "cpu-package-1");
  EXPECT_EQ(s->Devices()[1].counter_range, 0u);
  std::string notes;
  for (const std::string& n : s->Notes()) notes += n + "\n";
  EXPECT_NE(notes.find("package-0 not measured"), std::string::npos) << notes;
  EXPECT_NE(notes.find("below the counter's value"), std::string::npos) << notes;
}

TEST_F(FakePowercap, PermissionDeniedIsANoteNotAFailure) {
  RaplOptions o{root_.string(), {}};
  const std::string denied = (root_ / "intel-rapl:1" / "energy_uj").string();
  o.read_file = [denied](const std::string& p) -> std::optional<std::string> {
    if (p == denied) {
      errno = EACCES;
      return std::nullopt;
    }
    std::ifstream in(p);
    std::string s((std::istreambuf_iterator<char>(in)), {});
    return s;
  };
  auto s = OpenRapl(o);
  EXPECT_EQ(s->Devices().size(), 2u);  // package-0 and its dram still measured
  ASSERT_EQ(s->Notes().size(), 1u);
  EXPECT_NE(s->Notes()[0].find("Permission denied"), std::string::npos) << s->Notes()[0];
  EXPECT_NE(s->Notes()[0].find("package-1"), std::string::npos);
}

TEST_F(FakePowercap, UnreadableFileForNonRoot) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file; covered by the injected reader";
  fs::permissions(root_ / "intel-rapl:1" / "energy_uj", fs::perms::none);
  auto s = OpenRapl(RaplOptions{root_.string(), {}});
  EXPECT_EQ(s->Devices().size(), 2u);
  EXPECT_NE(s->Notes().at(0).find("Permission denied"), std::string::npos);
}

TEST_F(FakePowercap, MissingRootIsANote) {
  auto s = OpenRapl(RaplOptions{(root_ / "absent").string(), {}});
  EXPECT_TRUE(s->Devices().empty());
  EXPECT_NE(s->Notes().at(0).find("no CPU measured"), std::string::npos);
}

TEST_F(FakePowercap, CombineConcatenatesDevicesAndNotes) {
  std::vector<std::unique_ptr<PowerSource>> v;
  v.push_back(OpenRapl(RaplOptions{(root_ / "absent").string(), {}}));
  v.push_back(OpenRapl(RaplOptions{root_.string(), {}}));
  auto c = Combine(std::move(v));
  EXPECT_EQ(c->Devices().size(), 3u);
  EXPECT_EQ(c->Notes().size(), 1u);
  EXPECT_EQ(*c->Read(2).counter, 5000u);
}

}  // namespace
}  // namespace gpufleet

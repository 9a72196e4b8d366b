// The smallest and largest accepted value of each input this round's review touched, and the
// first refused one past each end, through the CLI and (where the input is an API field) through
// the API's handlers: lifetime_years, measure's durations, burn's flags, empty values.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"
#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"

namespace {

int Status(const std::string& args) {
  int status = -1;
  gpufleet::testing::RunShell(std::string(GPUFLEET_CLI) + " " + args + " >/dev/null 2>&1", status);
  return status;
}

int ApiFleet(const nlohmann::json& body) {
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded());
  return api.Handle({"POST", "/api/fleet", {}, body.dump()}).status;
}

TEST(InputEdges, LifetimeYearsFromOneHundredthToOneHundred) {
  for (const auto& [value, ok] : {std::pair{"0.01", true},
                                  {"0.0099", false},
                                  {"100", true},
                                  {"100.1", false},
                                  {"0", false}}) {
    EXPECT_EQ(Status(std::string("fleet --lifetime-years ") + value), ok ? 0 : 2) << value;
    EXPECT_EQ(ApiFleet({{"gpu", "h100"}, {"lifetime_years", value}}), ok ? 200 : 400) << value;
  }
}

// --stall-timeout: 1 ms to 1 day; --interval: 10 ms (an NVML energy read takes about 4 ms) to
// 1 day.
TEST(InputEdges, MeasureDurationsUpToOneDay) {
  for (const auto& [flag, lowest, below] :
       {std::tuple{"--stall-timeout", "1ms", "0.999ms"}, {"--interval", "10ms", "9.999ms"}}) {
    for (const auto& [value, ok] :
         {std::pair{lowest, true}, {below, false}, {"1d", true}, {"86401s", false}, {"0", false}}) {
      EXPECT_EQ(Status(std::string("measure --no-gpu --no-cpu ") + flag + " " + value + " -- true"),
                ok ? 0 : 2)
          << flag << " " << value;
    }
  }
}

TEST(InputEdges, EmptyValuesAreRefusedNotTakenAsDefaults) {
  for (const char* args :
       {"measure --gpus '' -- true", "nvml-probe --gpus ''", "sweep --from '' --replicas 2",
        "sweep --to '' --replicas 2", "fleet -o ''"}) {
    EXPECT_EQ(Status(args), 2) << args;
  }
}

// burn's flags are checked before it looks for the CUDA load: the edges of each domain are exit
// 2 past them, and not exit 2 at them (0 with a GPU build and a GPU, 1 without one).
TEST(InputEdges, BurnFlagsAtAndPastTheirBounds) {
  for (const auto& [args, ok] : {std::pair{"--size 256", true},
                                 {"--size 255", false},
                                 {"--size 32768", true},
                                 {"--size 32769", false},
                                 {"--size 300.5", false},
                                 {"--seconds 0.1", true},
                                 {"--seconds 0.09", false},
                                 {"--warmup 0", true},
                                 {"--warmup -0.1", false},
                                 {"--device 1023", true},
                                 {"--device 1024", false},
                                 {"--dtype fp16", true},
                                 {"--dtype fp8", false},
                                 {"--format json", true},
                                 {"--format csv", false}}) {
    // Short runs where a GPU is at hand: the case's own --seconds/--warmup, else 0.1 s and none.
    const std::string a = args;
    const std::string seconds = a.starts_with("--seconds") ? "" : " --seconds 0.1";
    const std::string warmup = a.starts_with("--warmup") ? "" : " --warmup 0";
    const int status = Status("burn " + a + seconds + warmup);
    if (ok) {
      EXPECT_NE(status, 2) << args;
    } else {
      EXPECT_EQ(status, 2) << args;
    }
  }
}

// A scenario reached through a symlink is read; a FIFO given as --nvml-lib is a note, not a hang.
TEST(InputEdges, SymlinkedInputIsReadAndAFifoLibraryIsANote) {
  const auto dir = std::filesystem::path(GPUFLEET_BINARY_DIR) / "test-input-edges";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::create_symlink(
      std::filesystem::path(GPUFLEET_SOURCE_DIR) / "examples" / "meta-2024.toml",
      dir / "link.toml");
  EXPECT_EQ(Status("report " + (dir / "link.toml").string()), 0);
  const auto fifo = dir / "libnvidia-ml.so.1";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  int status = -1;
  const std::string out =
      gpufleet::testing::RunShell("timeout 20 " + std::string(GPUFLEET_CLI) +
                                      " measure -o - --no-cpu --format json --nvml-lib " +
                                      fifo.string() + " -- true 2>/dev/null",
                                  status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("not a regular file"), std::string::npos) << out;
}

}  // namespace

// Golden outputs: the CLI's text and JSON compared byte for byte with tests/golden/, so no
// figure of the default report can drift silently. After an intended change (model, catalog
// data, renderer), regenerate with scripts/update-golden.sh and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "cli_run.h"

namespace {

struct Golden {
  const char* file;  // under tests/golden/
  const char* args;
};

constexpr Golden kGoldens[] = {
    {"report.txt", "report"},
    {"report.json", "report --format json"},
    {"report.md", "report --format md"},
    {"fleet-h100-1000.txt", "fleet --gpu h100 --count 1000"},
    {"fleet-h100-ranges.json",
     "fleet --gpu h100 --count 1000..2000 --load 0.4..0.8 --site italy --system generic-8gpu "
     "--format json"},
};

std::string RunGoldenCli(const std::string& args) {
  const std::string cmd = std::string(GPUFLEET_CLI) + " " + args;
  int status = -1;
  std::string out = gpufleet::testing::RunShell(cmd, status);
  EXPECT_EQ(status, 0) << cmd;
  return out;
}

std::string SlurpGolden(const std::filesystem::path& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Names the case in gtest's messages instead of dumping its bytes.
void PrintTo(const Golden& g, std::ostream* os) { *os << g.file; }

class FleetGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(FleetGolden, MatchesTheCheckedInOutput) {
  const Golden g = GetParam();
  const auto path = std::filesystem::path(GPUFLEET_SOURCE_DIR) / "tests/golden" / g.file;
  const std::string actual = RunGoldenCli(g.args);
  if (const char* update = std::getenv("GPUFLEET_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " missing: run scripts/update-golden.sh";
  EXPECT_EQ(actual, SlurpGolden(path))
      << "gpufleet " << g.args << " differs from " << path
      << "; if the change is intended run scripts/update-golden.sh";
}

INSTANTIATE_TEST_SUITE_P(Cli, FleetGolden, ::testing::ValuesIn(kGoldens), [](const auto& info) {
  std::string name = info.param.file;
  for (char& ch : name) ch = std::isalnum(ch) ? ch : '_';
  return name;
});

}  // namespace

// End to end: the real `gpufleet fleet` and `gpufleet report` binaries: bad input gets one clear
// message and exit status 2, output files are written whole or not at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_run.h"

namespace {

using Result = gpufleet::testing::CliResult;
using gpufleet::testing::RunCliSplit;

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Writes `text` to a file under the build tree and returns its path.
std::string TempFile(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(GPUFLEET_BINARY_DIR) / "test-fleet-cli" / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path.string();
}

TEST(FleetCli, JsonResultsForAFleetGivenByFlags) {
  const Result r =
      RunCliSplit("fleet --gpu h100 --count 1000 --load 0.3..0.9 --site us-average --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& e = j.at("results").at("energy_it_kwh");
  EXPECT_LT(e.at("low").get<double>(), e.at("high").get<double>());
  EXPECT_EQ(j.at("inputs").at("gpu"), "h100-sxm");
  EXPECT_EQ(j.at("inputs").at("load").at("source"), "flag --load");
  EXPECT_DOUBLE_EQ(j.at("results").at("power_gpus_tdp_w").at("value").get<double>(), 700e3);
}

// The header says what no site leaves: the PUE in use and the factors still unknown (it said
// "PUE 1; no grid carbon ..." even with --pue 1.2 --grid-kg-per-kwh 0.4 given).
TEST(FleetCli, TheNoSiteHeaderNamesWhatIsGivenAndWhatIsUnknown) {
  const Result bare = RunCliSplit("fleet --count 1000");
  ASSERT_EQ(bare.status, 0) << bare.err;
  EXPECT_NE(bare.out.find("no site (PUE 1; unknown: grid carbon, price, on-site water, off-site "
                          "water)"),
            std::string::npos)
      << bare.out.substr(0, 200);
  const Result given = RunCliSplit("fleet --count 1000 --pue 1.2 --grid-kg-per-kwh 0.4");
  ASSERT_EQ(given.status, 0) << given.err;
  EXPECT_NE(given.out.find("no site (PUE 1.2; unknown: price, on-site water, off-site water)"),
            std::string::npos)
      << given.out.substr(0, 200);
  // "GPUs alone" only without host power (it was said beside 400 W a GPU of host power).
  EXPECT_NE(bare.out.find("no system (GPUs alone)"), std::string::npos);
  const Result host = RunCliSplit("fleet --count 10 --host-overhead-w 400");
  ASSERT_EQ(host.status, 0) << host.err;
  EXPECT_EQ(host.out.find("GPUs alone"), std::string::npos) << host.out.substr(0, 200);
  EXPECT_NE(host.out.find("no system (host power 400 W a GPU given)"), std::string::npos)
      << host.out.substr(0, 200);
}

TEST(FleetCli, ExplicitFlagOverridesTheSite) {
  const Result r = RunCliSplit("fleet --gpu h100 --count 10 --site italy --pue 1.25 --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j.at("inputs").at("pue").at("value").get<double>(), 1.25);
  EXPECT_EQ(j.at("inputs").at("pue").at("source"), "flag --pue");
}

// The Llama 3.1 405B row of the model card, typed as a user would (docs/validation.md).
TEST(FleetCli, ReproducesLlama405bFromGpuHours) {
  const Result r = RunCliSplit(
      "fleet --gpu h100 --count 1 --hours 30.84M --gpu-power-w 700 --grid-kg-per-kwh 0.414 "
      "--format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const double kg = nlohmann::json::parse(r.out)
                        .at("results")
                        .at("co2e_operational_kg")
                        .at("value")
                        .get<double>();
  EXPECT_NEAR(kg / 8930e3, 1, 0.01);
}

TEST(FleetCli, BadInputExitsTwoNamingTheFlag) {
  const struct {
    const char* args;
    const char* expect;
  } cases[] = {
      {"fleet --gpu h300", "--gpu"},
      {"fleet --count=-3", "--count"},
      {"fleet --count 0", "--count"},
      {"fleet --count nan", "--count"},
      {"fleet --count 5..2", "--count"},
      {"fleet --load 1.5", "--load"},
      {"fleet --pue 0.5", "--pue"},
      {"fleet --count 1e12", "--count"},
      {"fleet --site mars", "--site"},
      {"fleet --frobnicate 3", "--frobnicate"},
      {"fleet --gpu-idle-w 900", "--gpu-idle-w"},
      {"fleet --format xml", "--format"},
  };
  for (const auto& c : cases) {
    const Result r = RunCliSplit(c.args);
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args;
  }
}

TEST(FleetCli, MalformedScenarioNamesFileAndLine) {
  const std::string bad = TempFile("bad.toml", "[fleet]\ngpu = \"h100\"\ncount = \"5..2\"\n");
  const Result r = RunCliSplit("report " + bad);
  EXPECT_EQ(r.status, 2);
  // file:line:column, then the key path.
  EXPECT_NE(r.err.find("bad.toml:3:9: 'fleet.count'"), std::string::npos) << r.err;
  const std::string syntax = TempFile("syntax.toml", "[fleet\ngpu = 1\n");
  EXPECT_NE(RunCliSplit("report " + syntax).err.find("syntax.toml:1"), std::string::npos);
  EXPECT_EQ(RunCliSplit("report /nonexistent.toml").status, 2);
}

TEST(FleetCli, OutputFileIsWrittenWholeOrNotAtAll) {
  const auto dir = std::filesystem::path(GPUFLEET_BINARY_DIR) / "test-fleet-cli";
  const std::string ok = (dir / "ok.json").string(), bad = (dir / "bad.json").string();
  // Its own directory: with the suite in shards, the tests that make it may run elsewhere.
  std::filesystem::create_directories(dir);
  std::filesystem::remove(ok);
  std::filesystem::remove(bad);
  ASSERT_EQ(RunCliSplit("fleet --count 8 --format json --output " + ok).status, 0);
  EXPECT_TRUE(nlohmann::json::accept(Slurp(ok)));
  EXPECT_EQ(RunCliSplit("fleet --count 0 --format json --output " + bad).status, 2);
  EXPECT_FALSE(std::filesystem::exists(bad));
}

// An average GPU power above the GPU's TDP is kept but said, in the text and in the JSON (the
// notes the text prints under "Assumptions"); one within the TDP adds no note.
TEST(FleetCli, AveragePowerAboveTdpIsANote) {
  const Result text = RunCliSplit("fleet --gpu h100-sxm --count 1000 --gpu-power-w 900");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("above the GPU's TDP (700 W)"), std::string::npos) << text.out;
  const Result json =
      RunCliSplit("fleet --gpu h100-sxm --count 1000 --gpu-power-w 600..900 --format json");
  ASSERT_EQ(json.status, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_TRUE(j.contains("notes")) << json.out.substr(0, 300);
  ASSERT_EQ(j.at("notes").size(), 1u);
  EXPECT_NE(j.at("notes").at(0).get<std::string>().find("(top of the range: 900 W)"),
            std::string::npos);
  const auto within = nlohmann::json::parse(
      RunCliSplit("fleet --gpu h100-sxm --count 1000 --gpu-power-w 650 --format json").out);
  EXPECT_FALSE(within.contains("notes"));
  // 700.001 W is 700 W as printed: not "above" a 700 W TDP (an excess the figures show only).
  EXPECT_EQ(RunCliSplit("fleet --gpu h100-sxm --count 10 --gpu-power-w 700.001").out.find("TDP ("),
            std::string::npos);
}

TEST(FleetCli, DefaultReportHasBothMetaFleetsInEveryFormat) {
  const Result text = RunCliSplit("report");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("350,000 H100"), std::string::npos);
  EXPECT_NE(text.out.find("600,000 H100-equivalents"), std::string::npos);
  const auto j = nlohmann::json::parse(RunCliSplit("report --format json").out);
  ASSERT_EQ(j.at("scenarios").size(), 2u);
  EXPECT_DOUBLE_EQ(j.at("scenarios").at(1).at("inputs").at("count").at("value").get<double>(),
                   600000);
  EXPECT_NE(RunCliSplit("report --format md").out.find("| Figure |"), std::string::npos);
}

// `report` and `report examples/meta-2024.toml` differ by exactly the two sections the help
// names, and the file's comment says so (the help called the default that file, and the file said
// `report` runs it; found by an adversarial tester).
TEST(FleetCli, TheDefaultReportIsTheFilePlusTheSectionsItsHelpNames) {
  const Result help = RunCliSplit("report --help");
  ASSERT_EQ(help.status, 0) << help.err;
  const std::string file = std::string(GPUFLEET_SOURCE_DIR) + "/examples/meta-2024.toml";
  // The file's opening comment, its lines joined.
  std::string comment = Slurp(file).substr(0, Slurp(file).find("\ntitle"));
  for (size_t at = comment.find("\n# "); at != std::string::npos; at = comment.find("\n# ")) {
    comment.replace(at, 3, " ");
  }
  const Result bare = RunCliSplit("report");
  const Result given = RunCliSplit("report " + file);
  ASSERT_EQ(bare.status, 0) << bare.err;
  ASSERT_EQ(given.status, 0) << given.err;
  for (const std::string section : {"One training job on 350,000 GPUs (simulated)",
                                    "Serving: the 350,000 H100 answering prompts"}) {
    EXPECT_NE(help.out.find(section), std::string::npos) << section << "\n" << help.out;
    EXPECT_NE(comment.find(section), std::string::npos) << section;
    EXPECT_NE(bare.out.find(section), std::string::npos) << section;
    EXPECT_EQ(given.out.find(section), std::string::npos) << section;
  }
  // Everything else is the same: the file's report is the default's beginning (its sources
  // cite the file by the path given).
  std::string head = given.out;
  for (size_t at = head.find(file); at != std::string::npos; at = head.find(file)) {
    head.replace(at, file.size(), "examples/meta-2024.toml");
  }
  while (!head.empty() && head.back() == '\n') head.pop_back();
  EXPECT_TRUE(bare.out.starts_with(head));
}

}  // namespace

namespace {

// Every command whose output is a result document renders it in every format, CSV included:
// one line per figure, an absent figure with an empty value and its reason.
TEST(DocumentFormats, CsvHasOneLinePerFigureAndAbsentFiguresSayWhy) {
  const Result r = RunCliSplit("fleet --gpu h100-sxm --count 1000 --format csv");
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "block,section,name,label,value,low,high,unit,basis,why");
  int rows = 0;
  bool length_absent = false;
  while (std::getline(lines, line)) {
    ++rows;
    if (line.find(",length_m,") != std::string::npos) {
      length_absent = line.find(",,,m,,no published board length") != std::string::npos;
    }
  }
  EXPECT_GE(rows, 20);
  EXPECT_TRUE(length_absent) << r.out;
  // Notes (assumptions, caveats) are rows too, named "note", the words as their label: a
  // spreadsheet keeps what the text says beside the figures.
  const Result fp8 =
      RunCliSplit("infer --model llama-3.1-70b --gpus-per-replica 4 --precision fp8 --format csv");
  ASSERT_EQ(fp8.status, 0) << fp8.err;
  EXPECT_NE(fp8.out.find(",note,\"FP8: "), std::string::npos) << fp8.out;
  const Result fleet_notes = RunCliSplit("fleet --gpu h100-sxm --count 1000 --format csv");
  EXPECT_NE(fleet_notes.out.find(",note,"), std::string::npos) << fleet_notes.out;
  for (const char* cmd : {"train --replicas 5 --threads 1", "report", "fleet --gpu b200"}) {
    for (const char* format : {"csv", "html", "md"}) {
      const Result d = RunCliSplit(std::string(cmd) + " --format " + format);
      EXPECT_EQ(d.status, 0) << cmd << " " << format << ": " << d.err;
      EXPECT_FALSE(d.out.empty()) << cmd << " " << format;
    }
  }
}

}  // namespace

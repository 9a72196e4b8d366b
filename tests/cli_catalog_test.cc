// End to end: the real `gpufleet catalog` binary, its output and its exit statuses.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"
#include "gpufleet/catalog.h"
#include "model/test_catalog.h"

namespace {

struct MergedResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

MergedResult RunMerged(const std::string& args) {
  const std::string cmd = std::string(GPUFLEET_CLI) + " " + args + " 2>&1";
  MergedResult r;
  r.out = gpufleet::testing::RunShell(cmd, r.status);
  return r;
}

TEST(CliCatalog, ListsGpusWithSiPrefixes) {
  const MergedResult r = RunMerged("catalog gpus");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("h100-sxm"), std::string::npos);
  // H100 dense BF16: the prefix joins the unit ("989.5 T  FLOP/s" read as two quantities).
  EXPECT_NE(r.out.find("989.5  TFLOP/s"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" T  FLOP/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("80  GB"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("267.7"), std::string::npos) << r.out;  // H100 PCIe length
  EXPECT_EQ(r.out.find("dgx-h100"), std::string::npos);        // only GPUs
}

TEST(CliCatalog, SourcesShowSourceYearAndConfidence) {
  const MergedResult r = RunMerged("catalog systems --sources");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("dgx-h100.max_power_w"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DGX H100 user guide"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("secondary"), std::string::npos) << r.out;
}

TEST(CliCatalog, JsonCarriesEveryFactWithItsSource) {
  const MergedResult r = RunMerged("catalog references --format json");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& e : j.at("entries")) {
    EXPECT_EQ(e.at("kind"), "reference");
    for (const auto& [key, f] : e.at("facts").items()) {
      EXPECT_LE(f.at("low").get<double>(), f.at("value").get<double>()) << key;
      EXPECT_LE(f.at("value").get<double>(), f.at("high").get<double>()) << key;
      EXPECT_FALSE(f.at("source").get<std::string>().empty()) << key;
    }
    if (e.at("id") == "llama3-405b-training") {
      EXPECT_DOUBLE_EQ(e.at("facts").at("co2e_t").at("value").get<double>(), 8930);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(CliCatalog, MarkdownIsATable) {
  const MergedResult r = RunMerged("catalog sites --format md");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("| meta-fleet |"), std::string::npos) << r.out;
}

TEST(CliCatalog, BadKindAndBadCatalogDirExitWithStatus2) {
  const MergedResult kind = RunMerged("catalog tractors");
  EXPECT_EQ(kind.status, 2) << kind.out;
  EXPECT_NE(kind.out.find("gpus, systems, sites, references"), std::string::npos) << kind.out;
  const MergedResult dir = RunMerged("catalog --catalog /nonexistent/dir");
  EXPECT_EQ(dir.status, 2) << dir.out;
  EXPECT_NE(dir.out.find("/nonexistent/dir: no such directory"), std::string::npos) << dir.out;
  const MergedResult file = RunMerged("catalog --catalog /dev/null");
  EXPECT_EQ(file.status, 2) << file.out;
  EXPECT_NE(file.out.find("/dev/null: not a directory"), std::string::npos) << file.out;
}

// Every kind in one spelling, with dashes, in the help, the unknown-kind message and the README
// (the help said process_nodes beside failure-models, the README lacked three kinds; found by an
// adversarial tester).
TEST(CliCatalog, HelpErrorAndReadmeNameEveryKindAlike) {
  const MergedResult help = RunMerged("catalog --help");
  const MergedResult bad = RunMerged("catalog tractors");
  std::ifstream in(std::string(GPUFLEET_SOURCE_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), {});
  const size_t row = readme.find("| `gpufleet catalog [");
  ASSERT_NE(row, std::string::npos);
  const std::string usage = readme.substr(row, readme.find('\n', row) - row);
  std::vector<std::string> words;
  for (std::string k : gpufleet::CatalogKinds()) {
    std::replace(k.begin(), k.end(), '_', '-');
    words.push_back(k + "s");
  }
  words.push_back("failure-models");
  for (const std::string& w : words) {
    EXPECT_NE(help.out.find(w), std::string::npos) << w << "\n" << help.out;
    EXPECT_NE(bad.out.find(w), std::string::npos) << w << "\n" << bad.out;
    EXPECT_NE(usage.find(w), std::string::npos) << w << "\n" << usage;
  }
  for (const std::string& out : {help.out, bad.out, usage}) {
    EXPECT_EQ(out.find("process_node"), std::string::npos) << out;
    EXPECT_EQ(out.find("failure_model"), std::string::npos) << out;
  }
  EXPECT_EQ(RunMerged("catalog process-nodes").status, 0);
  EXPECT_EQ(RunMerged("catalog process_nodes").status, 0);
}

TEST(CliCatalog, ConfidenceFilterListsOnlyThoseNumbers) {
  const MergedResult r = RunMerged("catalog sites --confidence unverified");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("italy.pue"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("  verified"), std::string::npos) << r.out;                // no verified row
  EXPECT_EQ(r.out.find("meta-fleet.wue_l_per_kwh"), std::string::npos) << r.out;  // verified
  const MergedResult j = RunMerged("catalog --confidence unverified --format json");
  ASSERT_EQ(j.status, 0) << j.out;
  // The parsed document must outlive the loop: a range-for over a temporary's member dangles.
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  for (const auto& e : doc.at("entries")) {
    for (const auto& [key, f] : e.at("facts").items()) EXPECT_EQ(f.at("confidence"), "unverified");
  }
  EXPECT_EQ(RunMerged("catalog --confidence sure").status, 2);
}

TEST(CliCatalog, CatalogFlagReplacesTheEmbeddedData) {
  const MergedResult r =
      RunMerged(std::string("catalog gpus --catalog ") + GPUFLEET_SOURCE_DIR + "/data");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("mi300x"), std::string::npos);
}

// A directory's entry the model would refuse is listed with a warning (the listing stood without
// a word, and fleet refused the GPU later); the built-in data draws none.
TEST(CliCatalog, WarnsOfEntriesTheModelRefuses) {
  namespace fs = std::filesystem;
  const fs::path dir = gpufleet::testing::CopyOfDataDir("gpufleet-catalog-warns");
  std::ofstream(dir / "extra.toml")
      << "[[gpu]]\nid = \"x1\"\n[gpu.tdp_w]\nvalue = 100\nsource = \"s\"\nyear = 2024\n"
         "confidence = \"verified\"\n[gpu.idle_w]\nvalue = 200\nsource = \"s\"\nyear = 2024\n"
         "confidence = \"verified\"\n";
  const MergedResult r = RunMerged("catalog gpus --catalog " + dir.string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("warning: gpu x1 cannot be used by fleet, report or infer: idle power "
                       "200 W exceeds TDP 100 W"),
            std::string::npos)
      << r.out;
  // A model whose facts do not hold together is refused as the catalog is read, by `catalog` as
  // by infer, naming its file, line and key (it was a warning here, eighteenth pass).
  std::ofstream(dir / "extra-model.toml")
      << "[[model]]\nid = \"m1\"\n[model.params_count]\nvalue = 1e9\nsource = \"s\"\nyear = "
         "2024\nconfidence = \"verified\"\n[model.layers_count]\nvalue = 4\nsource = \"s\"\n"
         "year = 2024\nconfidence = \"verified\"\n";
  const MergedResult model = RunMerged("catalog gpus --catalog " + dir.string());
  EXPECT_EQ(model.status, 2) << model.out;
  EXPECT_NE(model.out.find("extra-model.toml:1: 'model.m1.active_params_count': model 'm1' has no "
                           "active_params_count"),
            std::string::npos)
      << model.out;
  const MergedResult clean =
      RunMerged(std::string("catalog --catalog ") + GPUFLEET_SOURCE_DIR + "/data");
  EXPECT_EQ(clean.out.find("warning"), std::string::npos) << clean.out;
  fs::remove_all(dir);
}

// One broken GPU, the first of gpus.toml, is blamed on itself alone: it was also blamed on every
// site and every system, which were checked with it (found by an adversarial tester).
TEST(CliCatalog, ABrokenGpuIsNotBlamedOnSitesAndSystems) {
  namespace fs = std::filesystem;
  const fs::path dir = gpufleet::testing::CopyOfDataDir("gpufleet-catalog-one-broken");
  std::string gpus;
  {
    std::ifstream in(dir / "gpus.toml");
    gpus.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t tdp = gpus.find("[gpu.tdp_w]\nvalue = 700");
  ASSERT_NE(tdp, std::string::npos);
  ASSERT_LT(tdp, gpus.find("id = \"h100-pcie\""));  // the H100 SXM's, first in the file
  gpus.replace(tdp, std::string("[gpu.tdp_w]\nvalue = 700").size(), "[gpu.tdp_w]\nvalue = 0.0001");
  std::ofstream(dir / "gpus.toml", std::ios::trunc) << gpus;
  const MergedResult r = RunMerged("catalog gpus --catalog " + dir.string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("warning: gpu h100-sxm cannot be used"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning: site"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning: system"), std::string::npos) << r.out;
  size_t warnings = 0;
  for (size_t at = r.out.find("warning:"); at != std::string::npos;
       at = r.out.find("warning:", at + 1)) {
    ++warnings;
  }
  EXPECT_EQ(warnings, 1u) << r.out;
  // What it no longer warns of works.
  EXPECT_EQ(RunMerged("fleet --catalog " + dir.string() +
                      " --gpu a100-sxm --site us-average --system dgx-h100")
                .status,
            0);
  fs::remove_all(dir);
}

// The directory's failure_models.toml is checked when the directory is loaded, by every command
// alike: fleet, infer and check ran on a malformed one that catalog and train refused (found by
// an adversarial tester).
TEST(CliCatalog, EveryCommandRefusesAMalformedFailureModelsFile) {
  namespace fs = std::filesystem;
  const fs::path dir = gpufleet::testing::CopyOfDataDir("gpufleet-catalog-bad-fm");
  std::string text;
  {
    std::ifstream in(dir / "failure_models.toml");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string from = "value = 300\nlow = 180";
  ASSERT_NE(text.find(from), std::string::npos);
  std::ofstream(dir / "failure_models.toml")
      << text.replace(text.find(from), from.size(), "value = -5\nlow = 180");
  const std::string want = (dir / "failure_models.toml").string() +
                           ":22:9: 'failure_model[0].restart_s.value': must be >= 0, got -5";
  const std::string claims =
      std::string(GPUFLEET_SOURCE_DIR) + "/examples/seed-article.claims.toml";
  for (const std::string& args :
       {std::string("fleet"), std::string("infer --model llama-3.1-8b"), std::string("catalog"),
        std::string("report"), "check " + claims, std::string("train --replicas 2")}) {
    const gpufleet::testing::CliResult r =
        gpufleet::testing::RunCliSplit(args + " --catalog " + dir.string());
    EXPECT_EQ(r.status, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find(want), std::string::npos) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
  fs::remove_all(dir);
}

TEST(CliCatalog, FailureModelsAreAKindInEveryFormat) {
  const MergedResult r = RunMerged("catalog failure-models");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("failure models (4)"), std::string::npos) << r.out;
  for (const char* id : {"llama3-2024", "rsc1-2024", "rsc2-2024", "opt175b-2022"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(r.out.find("Kokolis et al."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Dubey et al."), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("GPUs ("), std::string::npos) << r.out;  // only failure models
  const MergedResult s = RunMerged("catalog failure-model --sources");
  ASSERT_EQ(s.status, 0) << s.out;
  EXPECT_NE(s.out.find("llama3-2024.faulty-gpu"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("verified"), std::string::npos) << s.out;
  const MergedResult md = RunMerged("catalog failure-models --format md --sources");
  ASSERT_EQ(md.status, 0) << md.out;
  EXPECT_NE(md.out.find("## failure models (4)"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| llama3-2024 |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("### failure classes"), std::string::npos) << md.out;
  const MergedResult j = RunMerged("catalog failure-models --format json");
  ASSERT_EQ(j.status, 0) << j.out;
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  EXPECT_FALSE(doc.contains("entries"));
  const auto& m = doc.at("failure_models").at(0);
  EXPECT_EQ(m.at("id"), "llama3-2024");
  EXPECT_GT(m.at("classes").size(), 1u);
  EXPECT_FALSE(m.at("classes").at(0).at("source").get<std::string>().empty());
}

TEST(CliCatalog, NoKindListsEveryKindFailureModelsIncluded) {
  const MergedResult r = RunMerged("catalog");
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* title : {"GPUs (", "systems (", "sites (", "references (", "failure models ("}) {
    EXPECT_NE(r.out.find(title), std::string::npos) << title;
  }
  const MergedResult j = RunMerged("catalog --format json");
  ASSERT_EQ(j.status, 0) << j.out;
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  EXPECT_FALSE(doc.at("entries").empty());
  EXPECT_FALSE(doc.at("failure_models").empty());
  const MergedResult bad = RunMerged("catalog engines");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("failure-models"), std::string::npos) << bad.out;
}

// --confidence keeps the failure models of that confidence, named or not (it was ignored for
// `catalog failure-models` and dropped every model without a kind).
TEST(CliCatalog, ConfidenceFiltersFailureModels) {
  const MergedResult verified = RunMerged("catalog failure-models --confidence verified");
  ASSERT_EQ(verified.status, 0) << verified.out;
  EXPECT_NE(verified.out.find("llama3-2024"), std::string::npos) << verified.out;
  EXPECT_EQ(verified.out.find("rsc1-2024"), std::string::npos) << verified.out;
  const MergedResult secondary = RunMerged("catalog --confidence secondary");
  ASSERT_EQ(secondary.status, 0) << secondary.out;
  EXPECT_NE(secondary.out.find("rsc1-2024"), std::string::npos) << secondary.out;
  EXPECT_EQ(secondary.out.find("llama3-2024"), std::string::npos) << secondary.out;
}

TEST(CliCatalog, HelpListsFormatsByName) {
  for (const char* cmd : {"catalog --help", "fleet --help", "train --help", "check --help"}) {
    const MergedResult r = RunMerged(cmd);
    ASSERT_EQ(r.status, 0) << cmd << r.out;
    EXPECT_NE(r.out.find("text|json|md"), std::string::npos) << cmd << r.out;
    EXPECT_EQ(r.out.find("json->"), std::string::npos) << cmd << r.out;
  }
  // Commands whose output is a result document offer every renderer.
  for (const char* cmd : {"report --help", "fleet --help", "train --help", "measure --help"}) {
    const MergedResult r = RunMerged(cmd);
    ASSERT_EQ(r.status, 0) << cmd << r.out;
    EXPECT_NE(r.out.find("text|json|md|csv|html"), std::string::npos) << cmd << r.out;
  }
}

}  // namespace

// The smallest and largest accepted value of each input this round's review touched, and the
// first refused one past each end, through the CLI and (where the input is an API field) through
// the API's handlers: lifetime_years, measure's durations, burn's flags, empty values.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

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

int ApiTrain(const nlohmann::json& body) {
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded());
  return api.Handle({"POST", "/api/train", {}, body.dump()}).status;
}

// Elastic recovery: a share from 0 (off) to 1, a group from 1 node to the job's nodes (1,024
// GPUs in 8-GPU nodes: 128), through the CLI and the API.
TEST(InputEdges, ElasticShareAndGroup) {
  const char* job = "train --count 1024 --spares 0 --repair 24h --replicas 2";
  const nlohmann::json base = {{"count", 1024}, {"spares", 0}, {"repair_h", 24}, {"replicas", 2}};
  for (const auto& [share, group, ok] : {std::tuple{"0", "1", true},
                                         {"1", "1", true},
                                         {"0.5", "128", true},
                                         {"0.5", "129", false},
                                         {"0.5", "0", false},
                                         {"-0.001", "1", false},
                                         {"1.001", "1", false}}) {
    EXPECT_EQ(Status(fmt::format("{} --elastic-min-share {} --elastic-group-nodes {}", job, share,
                                 group)),
              ok ? 0 : 2)
        << share << " " << group;
    nlohmann::json body = base;
    body["elastic_min_share"] = share;
    body["elastic_group_nodes"] = group;
    EXPECT_EQ(ApiTrain(body), ok ? 200 : 400) << share << " " << group;
  }
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
        "sweep --to '' --replicas 2", "fleet -o ''",
        // An empty id was read as not given (the default site, the built-in catalog).
        "fleet --site ''", "fleet --catalog ''", "train --site '' --replicas 2",
        "measure --site '' -- true", "check --catalog '' examples/seed.claims.toml",
        // An empty path checked the seed claims (found by an adversarial tester).
        "check ''", "check --extract ''"}) {
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

// infer --simulate: each simulation input at its smallest and largest accepted value and the
// first refused one past each end (and 0), through the CLI and /api/infer. No arrivals (rate 0)
// keeps every run short; the API's work budget for runs is raised to the domain's 10,000 here
// (the default budget, 2,000, is tested below).
TEST(InputEdges, InferSimulationInputsAtAndPastTheirBounds) {
  gpufleet::serve::ApiOptions budget;
  budget.max_replicas = 10000;
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded(), budget);
  struct Case {
    const char* flag;
    const char* field;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"--sim-runs", "sim_runs", "1", true},
      {"--sim-runs", "sim_runs", "0", false},
      {"--sim-runs", "sim_runs", "10000", true},
      {"--sim-runs", "sim_runs", "10001", false},
      {"--sim-runs", "sim_runs", "1.5", false},
      {"--sim-hours", "sim_hours", "1s", true},
      {"--sim-hours", "sim_hours", "0.999s", false},
      {"--sim-hours", "sim_hours", "0", false},
      {"--sim-hours", "sim_hours", "366d", true},
      {"--sim-hours", "sim_hours", "31622401s", false},
      {"--sim-requests-per-s", "sim_requests_per_s", "0", true},
      {"--sim-requests-per-s", "sim_requests_per_s", "-0.001", false},
      {"--sim-requests-per-s", "sim_requests_per_s", "1e7", true},
      {"--sim-requests-per-s", "sim_requests_per_s", "1.0001e7", false},
      {"--sim-replicas", "sim_replicas", "1", true},
      {"--sim-replicas", "sim_replicas", "0", false},
      {"--sim-replicas", "sim_replicas", "1000000", true},
      {"--sim-replicas", "sim_replicas", "1000001", false},
      {"--sim-ttft-p99", "sim_ttft_p99_s", "1us", true},
      {"--sim-ttft-p99", "sim_ttft_p99_s", "0.999us", false},
      {"--sim-ttft-p99", "sim_ttft_p99_s", "0", false},
      {"--sim-ttft-p99", "sim_ttft_p99_s", "1d", true},
      {"--sim-ttft-p99", "sim_ttft_p99_s", "86401s", false},
      {"--sim-e2e-p99", "sim_e2e_p99_s", "1us", true},
      {"--sim-e2e-p99", "sim_e2e_p99_s", "0", false},
      {"--sim-e2e-p99", "sim_e2e_p99_s", "366d", true},
      {"--sim-e2e-p99", "sim_e2e_p99_s", "31622401s", false},
      {"--seed", "seed", "0", true},
      {"--seed", "seed", "-1", false},
      {"--seed", "seed", "9007199254740991", true},
      // 2^53 + 1 reads as the double 2^53: it ran as seed 2^53 (adversarial testing).
      {"--seed", "seed", "9007199254740992", false},
      {"--seed", "seed", "9007199254740993", false},
      {"--seed", "seed", "1e16", false},
      {"--sim-profile", "sim_profile", "diurnal", true},
      {"--sim-profile", "sim_profile", "hourly", false},
      {"--sim-lengths", "sim_lengths", "uniform", true},
      {"--sim-lengths", "sim_lengths", "normal", false},
  };
  for (const Case& c : cases) {
    const std::string field = c.field;
    // A rate of 0 unless the case sets the rate; 10 s of arrivals unless it sets the period.
    std::string args =
        std::string("infer --model llama-3.1-8b --simulate --sim-runs 1 ") + c.flag + " " + c.value;
    nlohmann::json body{{"model", "llama-3.1-8b"}, {"simulate", true}, {field, c.value}};
    if (field != "sim_runs") body["sim_runs"] = "1";
    if (field != "sim_requests_per_s") {
      args += " --sim-requests-per-s 0";
      body["sim_requests_per_s"] = 0;
    } else {
      args += " --sim-replicas 1000000";  // 10 arrivals per engine replica at 1e7/s
      body["sim_replicas"] = 1000000;
    }
    if (field != "sim_hours") {
      args += " --sim-hours 1s";
      body["sim_hours"] = "1s";
    }
    if (field == "sim_runs") args.replace(args.find("--sim-runs 1 "), 13, "");
    EXPECT_EQ(Status(args), c.ok ? 0 : 2) << args;
    const auto r = api.Handle({"POST", "/api/infer", {}, body.dump()});
    EXPECT_EQ(r.status, c.ok ? 200 : 400) << body.dump() << " " << r.body;
  }
  // threads is the CLI's alone.
  for (const auto& [value, ok] : {std::pair{"0", true}, {"4096", true}, {"4097", false}}) {
    EXPECT_EQ(Status(std::string("infer --model llama-3.1-8b --simulate --sim-runs 1 "
                                 "--sim-requests-per-s 0 --threads ") +
                     value),
              ok ? 0 : 2)
        << value;
  }
  EXPECT_EQ(
      api.Handle({"POST", "/api/infer", {}, R"({"model":"llama-3.1-8b","threads":1})"}).status,
      400);
}

// The server's work budgets for the simulation: runs (400 naming sim_runs) and simulated events
// per run (413); without "simulate" the sim_* fields are refused; "simulate": false is as absent.
TEST(InputEdges, InferSimulationWorkBudgetsOfTheServer) {
  gpufleet::serve::ApiOptions budget;
  budget.max_events = 1000;
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded(), budget);
  auto post = [](const gpufleet::serve::Api& a, const std::string& body) {
    return a.Handle({"POST", "/api/infer", {}, body});
  };
  const auto runs = post(api, R"({"model":"llama-3.1-8b","simulate":true,"sim_runs":2001})");
  EXPECT_EQ(runs.status, 400) << runs.body;
  EXPECT_NE(runs.body.find("sim_runs"), std::string::npos) << runs.body;
  const auto events = post(api, R"({"model":"llama-3.1-8b","simulate":true,"sim_runs":1})");
  EXPECT_EQ(events.status, 413) << events.body;
  EXPECT_EQ(post(api, R"({"model":"llama-3.1-8b","sim_runs":1})").status, 400);
  EXPECT_EQ(post(api, R"({"model":"llama-3.1-8b","simulate":false})").status, 200);
  EXPECT_EQ(post(api, R"({"model":"llama-3.1-8b","simulate":"yes"})").status, 400);
}

// The CLI's simulation has the API's budget (infer_sim.h), shared between its runs: a year of
// simulated serving ran for minutes a run; 1,000 default runs (each held to 500,000 events) are
// refused at once, and the default simulation still runs.
TEST(InputEdges, InferSimulationWorkBudgetOfTheCli) {
  const auto year =
      gpufleet::testing::RunCliSplit("infer --model llama-3.1-8b --simulate --sim-runs 1000");
  EXPECT_EQ(year.status, 2) << year.out;
  EXPECT_NE(year.err.find("over the work budget"), std::string::npos) << year.err;
  EXPECT_EQ(
      gpufleet::testing::RunCliSplit("infer --model llama-3.1-8b --simulate --sim-runs 2").status,
      0);
}

// A p99 target that more replicas do not reach (the longest prompts' prefill keeps the TTFT p99
// above 100 ms) was "met" at thousands of replicas, where runs with no request counted as 0 s:
// now the figure is absent, saying the count where a replica sees too few requests to measure.
TEST(InputEdges, ReplicaSearchDoesNotMeetATargetWithEmptyRuns) {
  // No arrivals in the simulated half hour (the profile's hour 0 is 0): too few to measure, and
  // at one replica the advice is not "fewer replicas".
  std::string profile = "0";
  for (int h = 1; h < 24; ++h) profile += ",1";
  const auto r = gpufleet::testing::RunCliSplit(
      "infer --model llama-3.1-8b --simulate --sim-runs 2 --sim-hours 30m --sim-profile " +
      profile + " --sim-ttft-p99 1s --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto f = nlohmann::json::parse(r.out).at("results").at("replicas_for_p99");
  EXPECT_TRUE(f.at("value").is_null()) << f.dump();
  const std::string why = f.at("why").get<std::string>();
  EXPECT_NE(why.find("too few to measure a p99"), std::string::npos) << f.dump();
  EXPECT_EQ(why.find("fewer replicas"), std::string::npos) << f.dump();
}

// A target below the p99 of an idle replica (the 99th-percentile prompt's prefill alone) is met
// by no count: said at once. It climbed to hundreds of replicas and then advised "a target met
// with fewer replicas" (found by an adversarial tester).
TEST(InputEdges, ReplicaSearchSaysATargetBelowTheIdleP99CannotBeMet) {
  const auto r = gpufleet::testing::RunCliSplit(
      "infer --model llama-3.1-8b --simulate --sim-runs 2 --sim-hours 2h --sim-ttft-p99 100ms "
      "--format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto f = nlohmann::json::parse(r.out).at("results").at("replicas_for_p99");
  EXPECT_TRUE(f.at("value").is_null()) << f.dump();
  EXPECT_NE(
      f.at("why").get<std::string>().find("below the p99 time to first token of an idle replica"),
      std::string::npos)
      << f.dump();
}

// A scenario reached through a symlink is read; a FIFO given as --nvml-lib is a note, not a hang.
TEST(InputEdges, SymlinkedInputIsReadAndAFifoLibraryIsRefused) {
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
  const std::string out = gpufleet::testing::RunShell(
      "timeout 20 " + std::string(GPUFLEET_CLI) +
          " measure -o - --no-cpu --format json --nvml-lib " + fifo.string() + " -- true 2>&1",
      status);
  EXPECT_EQ(status, 2);  // named by the user: an input error, at once (dlopen would block)
  EXPECT_NE(out.find("not a regular file"), std::string::npos) << out;
}

// A catalog GPU idling above its TDP gave `infer` negative energies per token (exit 0), where
// `fleet` refused it: both refuse it now, naming the GPU. The catalog is the embedded data
// plus a copy of h100-sxm renamed "toy" with idle_w 900 (TDP 700).
TEST(InputEdges, InferRefusesACatalogGpuIdlingAboveItsTdp) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "input_edges_toy_catalog";
  fs::remove_all(dir);
  fs::copy(fs::path(GPUFLEET_SOURCE_DIR) / "data", dir, fs::copy_options::recursive);
  std::ifstream in(dir / "gpus.toml");
  const std::string gpus((std::istreambuf_iterator<char>(in)), {});
  const size_t start = gpus.find("[[gpu]]\nid = \"h100-sxm\"");
  ASSERT_NE(start, std::string::npos);
  std::string toy = gpus.substr(start, gpus.find("\n[[gpu]]", start + 1) - start);
  toy.replace(toy.find("\"h100-sxm\""), 10, "\"toy\"");
  toy.replace(toy.find("aliases = ["),
              toy.find(']', toy.find("aliases = [")) - toy.find("aliases = [") + 1, "aliases = []");
  const size_t idle = toy.find("[gpu.idle_w]\nvalue = ");
  ASSERT_NE(idle, std::string::npos);
  const size_t value = idle + std::string("[gpu.idle_w]\nvalue = ").size();
  toy.replace(value, toy.find('\n', value) - value, "900");
  // Drop the idle figure's own low/high, which would sit below 900.
  for (const char* k : {"\nlow = ", "\nhigh = "}) {
    const size_t at = toy.find(k, value);
    if (at != std::string::npos && at < toy.find("\n[", value)) {
      toy.erase(at, toy.find('\n', at + 1) - at);
    }
  }
  std::ofstream(dir / "toy.toml") << toy;
  const auto r = gpufleet::testing::RunCliSplit("infer --catalog '" + dir.string() +
                                                "' --gpu toy --model llama-3.1-8b");
  EXPECT_EQ(r.status, 2) << r.out.substr(0, 400);
  EXPECT_NE(r.err.find("idle power 900 W exceeds TDP 700 W"), std::string::npos) << r.err;
  // The catalog itself is fine otherwise: the same GPU at the default idle works.
  EXPECT_EQ(gpufleet::testing::RunCliSplit("infer --catalog '" + dir.string() +
                                           "' --gpu h100-sxm --model llama-3.1-8b")
                .status,
            0);
  fs::remove_all(dir);
}

// --format takes its names only (any case): CLI11's CheckedTransformer also took the enum's
// numbers, so "fleet --format 4" wrote CSV and "check --format 2" Markdown.
TEST(InputEdges, FormatTakesNamesNotNumbers) {
  for (const char* args : {"fleet --format 4", "fleet --format 0", "check --format 2",
                           "infer --model llama-3.1-8b --format 1"}) {
    EXPECT_EQ(Status(args), 2) << args;
  }
  EXPECT_EQ(Status("fleet --format JSON"), 0);
  EXPECT_EQ(Status("fleet --format csv"), 0);
}

}  // namespace

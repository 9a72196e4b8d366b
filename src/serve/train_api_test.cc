// /api/train and /api/sweep through Api::Handle (no sockets).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/serve.h"
#include "model/test_catalog.h"
#include "util/atomic_file.h"

namespace gpufleet::serve {
namespace {

using Json = nlohmann::json;

class TrainApiTest : public ::testing::Test {
 protected:
  Response Post(const std::string& path, const Json& body) const {
    return api_.Handle(Request{"POST", path, {}, body.dump()});
  }
  Json Ok(const std::string& path, const Json& body) const {
    const Response r = Post(path, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body);
  }
  void ExpectBad(const Json& body, const std::string& field) const {
    const Response r = Post("/api/train", body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(Json::parse(r.body).value("field", ""), field) << r.body;
  }
  Api api_{Catalog::Embedded()};
};

TEST_F(TrainApiTest, HistogramCoversEveryReplicaAndTimelineIsOrdered) {
  const Json t = Ok("/api/train", {{"count", 16384}, {"replicas", 40}, {"seed", 7}});
  EXPECT_EQ(t["simulation"]["replicas"], 40);
  double sum = 0;
  for (const Json& c : t["histogram"]["counts"]) sum += c.get<double>();
  EXPECT_EQ(sum, 40);
  EXPECT_EQ(t["histogram"]["edges"].size(), t["histogram"]["counts"].size() + 1);
  double last = 0;
  for (const Json& e : t["timeline"]["events"]) {
    EXPECT_GE(e["t"].get<double>(), last);
    last = e["t"].get<double>();
  }
  EXPECT_LE(last, t["timeline"]["duration"].get<double>());
  EXPECT_GT(t["timeline"]["total"].get<double>(), 0);
}

TEST_F(TrainApiTest, SameSeedSameAnswerAndMoreGpusMoreInterruptionsPerDay) {
  const Json a = Ok("/api/train", {{"count", 4096}, {"replicas", 20}});
  EXPECT_EQ(a, Ok("/api/train", {{"count", 4096}, {"replicas", 20}}));
  const Json b = Ok("/api/train", {{"count", 65536}, {"replicas", 20}});
  EXPECT_GT(b["reliability"]["unplanned_per_day"].get<double>(),
            a["reliability"]["unplanned_per_day"].get<double>());
}

TEST_F(TrainApiTest, BadRequestsNameTheField) {
  ExpectBad({{"replicas", 0}}, "replicas");
  ExpectBad({{"replicas", 100000}}, "replicas");
  ExpectBad({{"replicas", 1.5}}, "replicas");
  ExpectBad({{"count", 2e6}}, "count");
  ExpectBad({{"count", "nan"}}, "count");
  ExpectBad({{"failure_model", "/etc/passwd"}}, "failure_model");
  ExpectBad({{"failure_model", "../data/failure_models.toml"}}, "failure_model");
  ExpectBad({{"gpu", "h300"}}, "gpu");
  ExpectBad({{"site", "atlantis"}}, "site");
  ExpectBad({{"warp", 1}}, "warp");
  ExpectBad({{"mfu", true}}, "mfu");
  EXPECT_EQ(api_.Handle(Request{"POST", "/api/train", {}, "{"}).status, 400);
}

TEST_F(TrainApiTest, SweepGivesOneRowPerCountAndBigJobsLoseMore) {
  const Json s =
      Ok("/api/sweep", {{"from", 1024}, {"to", 524288}, {"points", 3}, {"replicas", 10}});
  ASSERT_EQ(s["rows"].size(), 3u);
  EXPECT_EQ(s["rows"][0]["gpus"], 1024);
  EXPECT_LT(s["rows"][0]["gpus"].get<double>(), s["rows"][2]["gpus"].get<double>());
  ASSERT_TRUE(s["rows"][0]["feasible"].get<bool>());
  ASSERT_TRUE(s["rows"][2]["feasible"].get<bool>());
  EXPECT_GT(s["rows"][0]["effective_training_time"]["value"].get<double>(),
            s["rows"][2]["effective_training_time"]["value"].get<double>());
  EXPECT_EQ(Post("/api/sweep", {{"points", 100}}).status, 400);
  EXPECT_EQ(Post("/api/sweep", {{"to", 1e9}}).status, 400);
}

// ApiOptions: smaller work budgets (as the api_routes fuzz target uses) give 400 naming the
// field, or 413 when a replica needs more simulated events than the budget; never a 5xx.
// A catalog read from a directory brings the failure models beside it: `--catalog DIR
// --failure-model ID` (CLI, Python, the server started on DIR) looked in the embedded list only
// (found by an adversarial tester). They replace the embedded ones, as `gpufleet catalog` lists.
TEST(TrainCatalogDir, FailureModelsComeFromTheCatalogsDirectory) {
  namespace fs = std::filesystem;
  const fs::path dir = testing::CopyOfDataDir("gpufleet-fm");
  fs::remove(dir / "failure_models.toml");
  std::string models = ReadFile(std::string(GPUFLEET_SOURCE_DIR) + "/data/failure_models.toml");
  const std::string from = "id = \"llama3-2024\"";
  models.replace(models.find(from), from.size(), "id = \"my-cluster\"");
  std::ofstream(dir / "failure_models.toml") << models;

  const Catalog catalog = Catalog::FromDirectory(dir.string());
  const std::shared_ptr<const FailureModelSet> set = CatalogFailureModels(catalog);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set, CatalogFailureModels(catalog));  // parsed once per catalog
  EXPECT_EQ(CatalogFailureModels(Catalog::Embedded()), nullptr);
  EXPECT_EQ(LoadFailureModel("MY-CLUSTER", set.get()).id, "my-cluster");
  try {
    LoadFailureModel("llama3-2024", set.get());
    ADD_FAILURE() << "the embedded id was found beside a directory that replaces it";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("known in " + (dir / "failure_models.toml").string()),
              std::string::npos)
        << e.what();
  }
  const Api api(catalog);
  const Response r = api.Handle(Request{
      "POST", "/api/train", {}, Json{{"failure_model", "my-cluster"}, {"replicas", 4}}.dump()});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["reliability"]["failure_model"], "my-cluster") << r.body;
  // And /api/catalog lists them, as `gpufleet catalog --catalog DIR` does.
  const Response listed = api.Handle(Request{"GET", "/api/catalog", {}, ""});
  EXPECT_NE(listed.body.find("\"my-cluster\""), std::string::npos);
  fs::remove_all(dir);
}

// A directory without failure models: /api/train and /api/sweep say so in the CLI's words (they
// said a bare "known: "; found by an adversarial tester), whether or not the request names one.
TEST(TrainCatalogDir, ADirectoryWithoutFailureModelsSaysSo) {
  namespace fs = std::filesystem;
  const fs::path dir = testing::CopyOfDataDir("gpufleet-no-fm-api");
  fs::remove(dir / "failure_models.toml");
  const Catalog catalog = Catalog::FromDirectory(dir.string());
  const Api api(catalog);
  for (const auto& [path, body] : std::vector<std::pair<std::string, Json>>{
           {"/api/train", Json{{"replicas", 5}}},
           {"/api/train", Json{{"replicas", 5}, {"failure_model", "rsc2-2024"}}},
           {"/api/sweep", Json{{"replicas", 5}}}}) {
    const Response r = api.Handle(Request{"POST", path, {}, body.dump()});
    EXPECT_EQ(r.status, 400) << r.body;
    const Json j = Json::parse(r.body);
    EXPECT_EQ(j.value("field", ""), "catalog") << r.body;
    const std::string error = j.value("error", "");
    EXPECT_NE(error.find("the catalog directory has no failure models (" +
                         (dir / "failure_models.toml").string() + " does not exist"),
              std::string::npos)
        << r.body;
    EXPECT_NE(error.find("copy data/failure_models.toml there"), std::string::npos) << r.body;
    // The server opens no file a request names: it offers none.
    EXPECT_EQ(error.find(".toml file"), std::string::npos) << r.body;
  }
  fs::remove_all(dir);
}

TEST(ApiBudget, SmallBudgetsAnswer4xxNamingTheField) {
  ApiOptions small;
  small.max_replicas = 4;
  small.max_sweep_replicas = 2;
  small.max_gpus = 4096;
  small.max_points = 3;
  small.max_events = 3000;
  const Api api(Catalog::Embedded(), small);
  EXPECT_EQ(api.options().max_events, 3000u);
  const auto post = [&](const std::string& path, const Json& body) {
    return api.Handle(Request{"POST", path, {}, body.dump()});
  };
  const auto field = [](const Response& r) { return Json::parse(r.body).value("field", ""); };
  Response r = post("/api/train", {{"count", 1024}, {"replicas", 5}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "replicas");
  r = post("/api/train", {{"count", 8192}, {"replicas", 2}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "count");
  r = post("/api/sweep", {{"from", 16}, {"to", 8192}, {"points", 2}, {"replicas", 1}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "to");
  r = post("/api/sweep", {{"from", 16}, {"to", 4096}, {"points", 4}, {"replicas", 1}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "points");
  r = post("/api/sweep", {{"from", 16}, {"to", 4096}, {"points", 2}, {"replicas", 3}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "replicas");
  // Each budget says what it got, as the domain checks do ("must be <= 500 for a sweep" alone;
  // found by an adversarial tester).
  EXPECT_NE(r.body.find("must be <= 2 for a sweep, got 3"), std::string::npos) << r.body;
  r = post("/api/sweep", {{"from", 16}, {"to", 8192}, {"points", 2}, {"replicas", 1}});
  EXPECT_NE(r.body.find(", got 8192"), std::string::npos) << r.body;
  r = post("/api/sweep", {{"from", 16}, {"to", 4096}, {"points", 4}, {"replicas", 1}});
  EXPECT_NE(r.body.find(", got 4"), std::string::npos) << r.body;
  // A switch in a query is text: "1" is named as it was given (it said "got string").
  r = api.Handle(Request{"GET", "/api/infer", {{"simulate", "1"}}, ""});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "simulate");
  EXPECT_NE(r.body.find("must be true or false, got '1'"), std::string::npos) << r.body;
  // A small job fits; the default one (Llama 3 405B, centuries on 4096 GPUs, a planned stop
  // every hour) needs far more events than 3000.
  r = post("/api/train", {{"count", 8}, {"replicas", 2}, {"params", "1e9"}, {"tokens", "1e9"}});
  EXPECT_EQ(r.status, 200) << r.body;
  r = post("/api/train", {{"count", 4096}, {"replicas", 2}, {"maintenance_h", 1}});
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_TRUE(Json::parse(r.body).contains("error")) << r.body;
  // The default budget is the server's.
  const ApiOptions server;
  EXPECT_EQ(server.max_replicas, 2000u);
  EXPECT_EQ(server.max_sweep_replicas, 500u);
  EXPECT_EQ(server.max_gpus, 1e6);
  EXPECT_EQ(server.max_points, 16);
  EXPECT_EQ(server.max_events, 10000000u);
}

// Seventeenth pass, second round (T6, T10): a replica over its own cap was told that fewer
// replicas fit, and a family sweep over it did not say which series and GPU count; an input the
// API does not offer answered "unknown field" where Python says the command line offers it.
TEST(ApiBudget, APerReplicaCapSaysWhatShortensAReplicaAndWhichPoint) {
  ApiOptions small;
  small.max_events = 3000;
  const Api api(Catalog::Embedded(), small);
  const auto post = [&](const std::string& path, const Json& body) {
    return api.Handle(Request{"POST", path, {}, body.dump()});
  };
  Response r = post("/api/train", {{"count", 4096}, {"replicas", 2}, {"maintenance_h", 1}});
  EXPECT_EQ(r.status, 413) << r.body;
  std::string error = Json::parse(r.body).value("error", "");
  EXPECT_NE(error.find("the cap is per replica, so fewer replicas do not help"), std::string::npos)
      << error;
  EXPECT_EQ(error.find("fewer replicas fit"), std::string::npos) << error;
  EXPECT_NE(error.find("(count, failure_rate)"), std::string::npos) << error;  // API spelling
  r = post("/api/sweep", {{"from", 16},
                          {"to", 4096},
                          {"points", 2},
                          {"replicas", 1},
                          {"maintenance_h", 1},
                          {"failure_rates", "100"},
                          {"checkpoint_writes", "1s"}});
  EXPECT_EQ(r.status, 413) << r.body;
  error = Json::parse(r.body).value("error", "");
  // Refused before its replicas ran: its failures and planned stops alone pass the cap.
  EXPECT_EQ(error.rfind("series '100 per 1,000 node-days, write 1 s', at 16 GPUs: over the work "
                        "budget: a replica is expected to need at least about",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("more than the 3000, the most one replica may use"), std::string::npos)
      << error;
  // threads: the command line's alone, said so, as Python says it; a name no command takes is
  // still unknown.
  r = post("/api/train", {{"threads", 1}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json::parse(r.body).value("field", ""), "threads") << r.body;
  EXPECT_NE(r.body.find("offered by the command line only"), std::string::npos) << r.body;
  r = post("/api/train", {{"thread", 1}});
  EXPECT_NE(r.body.find("unknown field"), std::string::npos) << r.body;
}

// The server's default budgets bound a request's work: found by adversarial testing, a
// training run with an interruption every few seconds (failure_rate 10000, restart 1e7 s) and
// 2,000 one-hour serving runs at 1,000 requests/s each held a worker for minutes to half an hour.
// Both are now 413, after at most ~10 million simulated events.
TEST(ApiBudget, DefaultBudgetsStopRunawaySimulationsWith413) {
  const Api api(Catalog::Embedded());
  const auto post = [&](const std::string& path, const Json& body) {
    return api.Handle(Request{"POST", path, {}, body.dump()});
  };
  Response r = post("/api/train", {{"failure_rate", 10000}, {"restart_s", 1e7}, {"replicas", 1}});
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("work budget"), std::string::npos) << r.body.substr(0, 300);
  // Replicas each well under max_events but 2,000 of them (about 144,000 events each: 290
  // million, minutes of a worker): 413 after the first few, from max_request_events.
  r = post("/api/train", {{"count", 1024}, {"failure_rate", 300}, {"replicas", 2000}});
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("2000 replicas would need about"), std::string::npos)
      << r.body.substr(0, 300);
  EXPECT_EQ(ApiOptions{}.max_request_events, 200000000u);
  r = post("/api/infer", {{"model", "llama-3.1-8b"},
                          {"simulate", true},
                          {"sim_requests_per_s", 1000},
                          {"sim_hours", "1h"},
                          {"sim_runs", 2000}});
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  // The runs share ten times the server's max_events (1e8: 50,000 each), not the CLI's 5e8 (68
  // runs of a day took 13 s of one core; found by an adversarial tester), and the message names
  // that budget.
  EXPECT_NE(r.body.find("more than the 50000 a run may take"), std::string::npos)
      << r.body.substr(0, 600);
  EXPECT_NE(r.body.find("the request's budget of 100000000 engine iterations"), std::string::npos)
      << r.body.substr(0, 600);
  // The default simulation (ten simulated days) still fits.
  r = post("/api/infer", {{"model", "llama-3.1-8b"}, {"simulate", true}});
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  // Over the budget from its expected arrivals alone: 413 before any run (it took ~8 s, the
  // runs simulating up to the budget first; found by an adversarial tester).
  const auto start = std::chrono::steady_clock::now();
  r = post("/api/infer", {{"model", "llama-3.1-70b"},
                          {"gpus_per_replica", 4},
                          {"simulate", true},
                          {"sim_requests_per_s", 10000}});
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("expected to take about"), std::string::npos) << r.body.substr(0, 300);
  // Refused from the estimate, before any run: the message says "expected to take about". The
  // time is a guard against a run before the refusal (8 s before), loose enough for a sanitizer
  // build on a loaded machine, not a measure of speed.
  EXPECT_LT(took, 6.0);
}

// A whole JSON number is read as written: seed 9007199254740993 was echoed as "got
// 9007199254740992", where the CLI and Python say what was given and what it reads as (found by
// an adversarial tester).
TEST(ApiBudget, AWholeNumberIsEchoedAsWritten) {
  const Api api(Catalog::Embedded());
  const Json body = {
      {"model", "llama-3.1-8b"}, {"simulate", true}, {"seed", uint64_t{9007199254740993ULL}}};
  const Response r = api.Handle(Request{"POST", "/api/infer", {}, body.dump()});
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("got 9007199254740993 (read as 9007199254740992)"), std::string::npos)
      << r.body.substr(0, 300);
}

}  // namespace
}  // namespace gpufleet::serve

namespace gpufleet::serve {
namespace {

// /api/check has a work budget too (ApiOptions::max_check_work): one claim chaining serving terms
// with solve_for variables held a worker for a minute (found by an adversarial tester).
TEST(ApiBudget, CheckIsBoundedByItsWorkBudget) {
  const std::string claims = R"([scenario]
gpu = "h100-sxm"
count = 350000
[[claim]]
id = "kwh"
words = "3,740 kWh a year"
quantity = "energy_gpus_kwh"
value = 3740
unit = "kWh"
scenario = { count = 1, load = 1 }
solve_for = ["gpu_power_w", "load"]
)";
  const Json body{{"claims", claims}};
  ApiOptions small;
  small.max_check_work = 50;
  const Response over =
      Api(Catalog::Embedded(), small).Handle(Request{"POST", "/api/check", {}, body.dump()});
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_NE(over.body.find("budget"), std::string::npos) << over.body;
  const Response within =
      Api(Catalog::Embedded()).Handle(Request{"POST", "/api/check", {}, body.dump()});
  EXPECT_EQ(within.status, 200) << within.body;
  // The seed article's claims (GET, embedded) fit the default budget.
  EXPECT_EQ(Api(Catalog::Embedded()).Handle(Request{"GET", "/api/check", {}, ""}).status, 200);
}

}  // namespace
}  // namespace gpufleet::serve

// /api/train and /api/sweep through Api::Handle (no sockets).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"

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

}  // namespace
}  // namespace gpufleet::serve

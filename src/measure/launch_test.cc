// Launcher detection from a given environment, and the merge of per-rank records.
#include "gpufleet/launch.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

EnvFn Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(Launch, NoLauncherIsOneProcessThatReads) {
  const Launch l = DetectLaunch(Env({{"GPUFLEET_NODE", "n1"}}));
  EXPECT_EQ(l.launcher, "");
  EXPECT_EQ(l.rank, 0);
  EXPECT_TRUE(l.ReadsDevices());
  EXPECT_EQ(l.node, "n1");
  EXPECT_EQ(l.job, "");
}

TEST(Launch, Torchrun) {
  const Launch l = DetectLaunch(Env({{"RANK", "5"},
                                     {"LOCAL_RANK", "1"},
                                     {"LOCAL_WORLD_SIZE", "4"},
                                     {"WORLD_SIZE", "8"},
                                     {"TORCHELASTIC_RUN_ID", "job-7"}}));
  EXPECT_EQ(l.launcher, "torchrun");
  EXPECT_EQ(l.rank, 5);
  EXPECT_EQ(l.local_rank, 1);
  EXPECT_EQ(l.local_size, 4);
  EXPECT_EQ(l.world_size, 8);
  EXPECT_EQ(l.job, "job-7");
  EXPECT_FALSE(l.ReadsDevices());
  EXPECT_FALSE(l.node.empty());  // the host name
}

TEST(Launch, OpenMpi) {
  const Launch l = DetectLaunch(Env({{"OMPI_COMM_WORLD_RANK", "4"},
                                     {"OMPI_COMM_WORLD_LOCAL_RANK", "0"},
                                     {"OMPI_COMM_WORLD_LOCAL_SIZE", "4"},
                                     {"OMPI_COMM_WORLD_SIZE", "8"},
                                     {"OMPI_MCA_ess_base_jobid", "123"}}));
  EXPECT_EQ(l.launcher, "openmpi");
  EXPECT_EQ(l.rank, 4);
  EXPECT_TRUE(l.ReadsDevices());
  EXPECT_EQ(l.job, "123");
}

TEST(Launch, Slurm) {
  const Launch l = DetectLaunch(Env({{"SLURM_PROCID", "3"},
                                     {"SLURM_LOCALID", "1"},
                                     {"SLURM_NTASKS_PER_NODE", "2"},
                                     {"SLURM_NTASKS", "4"},
                                     {"SLURM_JOB_ID", "998"}}));
  EXPECT_EQ(l.launcher, "slurm");
  EXPECT_EQ(l.rank, 3);
  EXPECT_EQ(l.local_rank, 1);
  EXPECT_EQ(l.local_size, 2);
  EXPECT_EQ(l.job, "998");
  EXPECT_FALSE(l.ReadsDevices());
}

TEST(Launch, SlurmUnevenTasksPerNodeIsNotARank) {
  const Launch l = DetectLaunch(
      Env({{"SLURM_PROCID", "0"}, {"SLURM_LOCALID", "0"}, {"SLURM_NTASKS_PER_NODE", "4(x2)"}}));
  EXPECT_EQ(l.launcher, "slurm");
  EXPECT_TRUE(l.ReadsDevices());
}

TEST(Launch, TorchrunInsideSlurmIsTorchrun) {
  // srun starts one torchrun per node (SLURM_LOCALID 0 on each); torchrun's workers carry both.
  const Launch l = DetectLaunch(Env({{"SLURM_PROCID", "0"},
                                     {"SLURM_LOCALID", "0"},
                                     {"SLURM_JOB_ID", "42"},
                                     {"RANK", "3"},
                                     {"LOCAL_RANK", "3"},
                                     {"LOCAL_WORLD_SIZE", "4"},
                                     {"WORLD_SIZE", "8"}}));
  EXPECT_EQ(l.launcher, "torchrun");
  EXPECT_EQ(l.local_rank, 3);
  EXPECT_FALSE(l.ReadsDevices());  // Slurm's local id 0 would have made every worker read
  EXPECT_EQ(l.job, "42");          // the job is Slurm's
}

TEST(Launch, GpufleetVariablesOverride) {
  const Launch l = DetectLaunch(
      Env({{"GPUFLEET_NODE", "node-a"}, {"GPUFLEET_JOB", "mine"}, {"SLURM_JOB_ID", "42"}}));
  EXPECT_EQ(l.node, "node-a");
  EXPECT_EQ(l.job, "mine");
}

TEST(Launch, MalformedVariablesNameTheVariable) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"LOCAL_RANK", "one"},
                                                        {"LOCAL_RANK", "-1"},
                                                        {"LOCAL_RANK", ""},
                                                        {"LOCAL_RANK", "1x"},
                                                        {"LOCAL_RANK", "99999999999"}}) {
    try {
      DetectLaunch(Env({{name, value}}));
      FAIL() << name << "=" << value;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, name);
    }
  }
  try {
    DetectLaunch(Env({{"LOCAL_RANK", "4"}, {"LOCAL_WORLD_SIZE", "4"}}));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "LOCAL_RANK");
  }
  EXPECT_THROW(DetectLaunch(Env({{"LOCAL_RANK", "0"}, {"RANK", "8"}, {"WORLD_SIZE", "8"}})),
               InputError);
  // More processes on the node than in the job (found by an adversarial tester).
  try {
    DetectLaunch(
        Env({{"RANK", "0"}, {"LOCAL_RANK", "0"}, {"WORLD_SIZE", "2"}, {"LOCAL_WORLD_SIZE", "8"}}));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "LOCAL_WORLD_SIZE") << e.what();
  }
  EXPECT_EQ(
      DetectLaunch(
          Env({{"RANK", "0"}, {"LOCAL_RANK", "0"}, {"WORLD_SIZE", "8"}, {"LOCAL_WORLD_SIZE", "8"}}))
          .local_size,
      8);
}

RankRecord Rec(const std::string& node, int rank, std::vector<std::pair<std::string, double>> gpus,
               const std::string& job = "j") {
  RankRecord r;
  r.file = node + "-" + std::to_string(rank) + ".json";
  r.node = node;
  r.job = job;
  r.rank = rank;
  r.duration_s = 1;
  for (const auto& [uuid, j] : gpus) {
    r.devices.push_back({"gpu" + uuid, "gpu", uuid, "Fake", Interval(j, 0.95 * j, 1.05 * j)});
  }
  return r;
}

TEST(Merge, OneReaderPerNodeSumsEveryGpuOnce) {
  const Merged m = Merge({Rec("a", 0, {{"GPU-1", 100}, {"GPU-2", 200}}), Rec("a", 1, {}),
                          Rec("b", 2, {{"GPU-3", 300}}), Rec("b", 3, {})});
  EXPECT_EQ(m.records, 4);
  EXPECT_EQ(m.nodes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m.devices.size(), 3u);
  EXPECT_TRUE(m.duplicates.empty());
  EXPECT_DOUBLE_EQ(m.gpu_j.value, 600);
  EXPECT_DOUBLE_EQ(m.gpu_j.low, 570);
  EXPECT_DOUBLE_EQ(m.naive_total_j.value, 600);
}

TEST(Merge, EveryRankReadingEveryGpuIsCountedOnceAndReported) {
  std::vector<RankRecord> rs;
  for (int r = 0; r < 4; ++r) rs.push_back(Rec("a", r, {{"GPU-1", 100.0 + r}, {"GPU-2", 200}}));
  const Merged m = Merge(rs);
  EXPECT_EQ(m.devices.size(), 2u);
  EXPECT_EQ(m.duplicates.size(), 2u);
  EXPECT_EQ(m.devices[0].readers, 4);
  EXPECT_DOUBLE_EQ(m.gpu_j.value, 103 + 200);  // the largest record of each GPU
  EXPECT_DOUBLE_EQ(m.naive_total_j.value, 406 + 800);
}

TEST(Merge, TheSameUuidUnderTwoNodeNamesIsOneGpu) {
  // A GPU's uuid is unique to it: two node names for it ("host1", "host1.example.com") are one
  // node's, and the GPU is counted once, with a note naming both (it counted twice; found by an
  // adversarial tester).
  const Merged m = Merge({Rec("a", 0, {{"GPU-1", 100}}), Rec("b", 1, {{"GPU-1", 90}})});
  ASSERT_EQ(m.devices.size(), 1u);
  ASSERT_EQ(m.duplicates.size(), 1u);
  EXPECT_NE(m.duplicates[0].find("other records name its node b"), std::string::npos)
      << m.duplicates[0];
  EXPECT_DOUBLE_EQ(m.gpu_j.value, 100);
}

// A GPU one report names by uuid and another only by id (same node) is one GPU, counted once
// (it counted twice; found by an adversarial tester).
TEST(Merge, AGpuWithAndWithoutItsUuidIsOneGpu) {
  RankRecord without = Rec("a", 1, {{"GPU-1", 90}});
  without.devices[0].uuid.clear();
  const Merged m = Merge({Rec("a", 0, {{"GPU-1", 100}}), without});
  ASSERT_EQ(m.devices.size(), 1u);
  EXPECT_EQ(m.duplicates.size(), 1u);
  EXPECT_DOUBLE_EQ(m.gpu_j.value, 100);
  // On another node the same id is another GPU.
  RankRecord elsewhere = Rec("b", 2, {{"GPU-1", 90}});
  elsewhere.devices[0].uuid.clear();
  EXPECT_EQ(Merge({Rec("a", 0, {{"GPU-1", 100}}), elsewhere}).devices.size(), 2u);
}

// A report whose device without a uuid is, by the other records' ids, a GPU this report also
// lists under another id holds one GPU twice: refused, naming the report (merge said "measured
// by 3 records" of 2; found by an adversarial tester).
TEST(Merge, AReportWhoseUuidlessDeviceResolvesToAnotherOfItsDevicesIsRefused) {
  const RankRecord e0 = Rec("a", 0, {{"GPU-0", 100}, {"GPU-1", 200}});
  RankRecord e1 = Rec("a", 1, {{"GPU-0", 100}, {"GPU-1", 200}});
  e1.devices[0].uuid.clear();
  std::swap(e1.devices[0].id, e1.devices[1].id);  // gpuGPU-1 (no uuid), gpuGPU-0 = GPU-1
  try {
    Merge({e0, e1});
    FAIL() << "merged";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, e1.file);
    EXPECT_NE(e.detail().find("has no uuid"), std::string::npos) << e.detail();
  }
  RankRecord fine = Rec("a", 1, {{"GPU-0", 100}, {"GPU-1", 200}});
  fine.devices[0].uuid.clear();
  const Merged m = Merge({e0, fine});
  ASSERT_EQ(m.devices.size(), 2u);
  EXPECT_EQ(m.devices[0].readers, 2);
  EXPECT_EQ(m.devices[1].readers, 2);
}

// Slurm's per-task GPU cgroups show each task its own GPU as gpu0: a record whose gpu0 has no
// uuid, beside records that give gpu0 on that node two different uuids, is ambiguous. It was
// folded into whichever came first in the file order (found by an adversarial tester); now
// refused, naming the record and the device, in either order.
TEST(Merge, AUuidlessDeviceWhoseIdNamesTwoGpusIsRefusedInAnyOrder) {
  auto rec = [](int rank, const std::string& uuid) {
    RankRecord r = Rec("n1", rank, {{uuid, 100}});
    r.devices[0].id = "gpu0";
    return r;
  };
  const RankRecord a = rec(0, "U1"), none = rec(1, ""), b = rec(2, "U2");
  for (const auto& order :
       {std::vector<RankRecord>{a, none, b}, std::vector<RankRecord>{b, none, a},
        std::vector<RankRecord>{none, a, b}}) {
    try {
      Merge(order);
      ADD_FAILURE() << "merged";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, none.file);
      EXPECT_NE(e.detail().find("gpu gpu0 on node n1 has no uuid"), std::string::npos)
          << e.detail();
      EXPECT_NE(e.detail().find("U1 in " + a.file), std::string::npos) << e.detail();
      EXPECT_NE(e.detail().find("U2 in " + b.file), std::string::npos) << e.detail();
    }
  }
  // Without the uuid-less record, two GPUs; with only one uuid for gpu0, it resolves to that one.
  EXPECT_EQ(Merge({a, b}).devices.size(), 2u);
  const Merged one = Merge({a, none});
  ASSERT_EQ(one.devices.size(), 1u);
  EXPECT_EQ(one.devices[0].readers, 2);
}

// Found by an adversarial tester: a partial record's flag and notes were dropped, one file given
// twice was merged (every device a "duplicate"), and a launched job's ranks were never checked.
TEST(Merge, PartialRecordsAndTheRanksOfALaunchedJob) {
  auto launched = [](const std::string& node, int rank, int world) {
    RankRecord r = Rec(node, rank, {{"GPU-" + std::to_string(rank), 100}});
    r.launcher = "torchrun";
    r.world_size = world;
    r.started_unix_s = 1000 + rank;
    return r;
  };
  RankRecord vanished = launched("a", 0, 4);
  vanished.partial = true;
  vanished.notes = {"gpu0 vanished 0.15 s into the run"};
  const Merged m = Merge({vanished, launched("a", 1, 4), launched("b", 3, 4)});
  EXPECT_TRUE(m.partial);
  ASSERT_EQ(m.notes.size(), 2u);
  EXPECT_EQ(m.notes[0], "a-0.json: gpu0 vanished 0.15 s into the run");
  EXPECT_NE(m.notes[1].find("1 of the job's 4 ranks have no record (rank 2)"), std::string::npos)
      << m.notes[1];
  EXPECT_TRUE(ToJson(m).at("partial").get<bool>());
  // The same record twice; two records of one rank; a rank beyond the world; two world sizes.
  EXPECT_THROW(Merge({launched("a", 0, 4), launched("a", 0, 4)}), InputError);
  RankRecord rerun = launched("b", 0, 4);
  EXPECT_THROW(Merge({launched("a", 0, 4), rerun}), InputError);
  EXPECT_THROW(Merge({launched("a", 0, 4), launched("a", 4, 4)}), InputError);
  EXPECT_THROW(Merge({launched("a", 0, 4), launched("a", 1, 2)}), InputError);
  // Without a launcher (measure run by hand on each host, each rank 0 of 1), nothing is missing.
  const Merged by_hand = Merge({Rec("a", 0, {{"GPU-1", 1}}), Rec("b", 0, {{"GPU-2", 1}})});
  EXPECT_TRUE(by_hand.notes.empty());
  EXPECT_FALSE(by_hand.partial);
}

TEST(Merge, DifferentJobsOrNothingAreErrors) {
  EXPECT_THROW(Merge({Rec("a", 0, {}, "j1"), Rec("a", 1, {}, "j2")}), InputError);
  EXPECT_THROW(Merge({}), InputError);
}

TEST(Merge, ReadsAMeasureReportAndNamesTheMissingField) {
  const nlohmann::json j = nlohmann::json::parse(R"({
    "duration_s": 2.5,
    "launch": {"launcher": "openmpi", "rank": 1, "local_rank": 0, "node": "n", "job": "7"},
    "devices": [
      {"id": "gpu0", "kind": "gpu", "name": "Fake", "uuid": "GPU-0",
       "energy_j": {"value": 10, "low": 9, "high": 11, "unit": "J"}},
      {"id": "gpu1", "kind": "gpu", "name": "Fake", "uuid": "GPU-1",
       "energy_j": {"value": null, "why": "nothing readable", "unit": "J"}}]})");
  const RankRecord r = RankRecordFromJson(j, "f.json");
  EXPECT_EQ(r.node, "n");
  EXPECT_EQ(r.rank, 1);
  ASSERT_EQ(r.devices.size(), 1u);  // the absent one is not a zero
  EXPECT_DOUBLE_EQ(r.devices[0].energy_j.high, 11);
  nlohmann::json bad = j;
  bad["launch"].erase("node");
  try {
    RankRecordFromJson(bad, "f.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "f.json");
    EXPECT_EQ(e.where().field, "launch.node");
  }
  EXPECT_THROW(RankRecordFromJson(nlohmann::json::array(), "f.json"), InputError);
  // Two devices with one UUID are named as such (it said "gpu GPU-0 is listed twice").
  nlohmann::json shared = j;
  shared["devices"][1]["uuid"] = "GPU-0";
  try {
    RankRecordFromJson(shared, "f.json");
    ADD_FAILURE() << "read";
  } catch (const InputError& e) {
    EXPECT_NE(e.detail().find("gpu gpu1 gives the UUID GPU-0 of gpu0"), std::string::npos)
        << e.detail();
  }
  // Each malformed report names its file and field (found by an adversarial tester: the first
  // named "<json>"; the others were summed as if they were right).
  const std::pair<std::function<void(nlohmann::json&)>, std::string> cases[] = {
      {[](nlohmann::json& x) { x["devices"][0]["energy_j"]["value"] = "12"; },
       "devices[0].energy_j"},
      {[](nlohmann::json& x) { x["devices"][0]["energy_j"]["unit"] = "kWh"; },
       "devices[0].energy_j.unit"},
      {[](nlohmann::json& x) { x["devices"][0]["kind"] = "tpu"; }, "devices[0].kind"},
      {[](nlohmann::json& x) { x["duration_s"] = -1; }, "duration_s"},
      {[](nlohmann::json& x) { x["duration_s"] = 1e308; }, "duration_s"},
      {[](nlohmann::json& x) { x["devices"][1] = x["devices"][0]; }, "devices[1].id"},
      {[](nlohmann::json& x) { x["devices"][1]["uuid"] = "GPU-0"; }, "devices[1].id"},
      // Negative, and past any job's energy (two of 1e308 J summed to infinity).
      {[](nlohmann::json& x) {
         x["devices"][0]["energy_j"] = {{"value", -5}, {"low", -6}, {"high", -4}, {"unit", "J"}};
       },
       "devices[0].energy_j"},
      {[](nlohmann::json& x) {
         x["devices"][0]["energy_j"] = {{"value", 1e308}, {"unit", "J"}};
       },
       "devices[0].energy_j"},
  };
  for (const auto& [edit, field] : cases) {
    nlohmann::json x = j;
    edit(x);
    try {
      RankRecordFromJson(x, "f.json");
      ADD_FAILURE() << x.dump();
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "f.json") << e.what();
      EXPECT_EQ(e.where().field, field) << e.what();
    }
  }
}

// A size is checked as a size: local_size 0 was taken (world_size 0 was refused), and world_size
// 1e20 was refused as "an integer rank" (found by an adversarial tester). A local rank not below
// the local size is refused, as DetectLaunch refuses it from the launcher's variables.
TEST(Merge, ReadsTheLaunchSizesAsSizes) {
  const nlohmann::json j = nlohmann::json::parse(R"({
    "duration_s": 2.5,
    "launch": {"launcher": "torchrun", "rank": 1, "local_rank": 1, "local_size": 2,
               "world_size": 2, "node": "n", "job": "7"},
    "devices": []})");
  const RankRecord r = RankRecordFromJson(j, "f.json");
  EXPECT_EQ(r.world_size, 2);
  EXPECT_EQ(r.local_rank, 1);
  const struct {
    const char* key;
    double value;
    std::string field, message;
  } cases[] = {
      {"local_size", 0, "launch.local_size", "must be an integer size from 1 to 1e9, got 0"},
      {"local_size", -1, "launch.local_size", "must be an integer size from 1 to 1e9, got -1"},
      {"local_size", 1.5, "launch.local_size", "must be an integer size from 1 to 1e9, got 1.5"},
      {"local_size", 1, "launch.local_rank", "local rank 1 is not below the local size 1"},
      // A node's processes are some of the job's (found by an adversarial tester).
      {"local_size", 3, "launch.local_size",
       "must be at most the world size 2 (a node's processes are some of the job's), got 3"},
      {"local_size", 1e9, "launch.local_size",
       "must be at most the world size 2 (a node's processes are some of the job's), got "
       "1000000000"},
      {"world_size", 0, "launch.world_size", "must be an integer size from 1 to 1e9, got 0"},
      {"world_size", 1e20, "launch.world_size", "must be an integer size from 1 to 1e9, got 1e+20"},
      {"rank", 1e20, "launch.rank", "must be an integer rank from 0 to 1e9, got 1e+20"},
  };
  for (const auto& c : cases) {
    nlohmann::json x = j;
    x["launch"][c.key] = c.value;
    try {
      RankRecordFromJson(x, "f.json");
      ADD_FAILURE() << x.dump();
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, c.field) << e.what();
      EXPECT_EQ(e.detail(), c.message) << e.what();
    }
  }
}

}  // namespace
}  // namespace gpufleet

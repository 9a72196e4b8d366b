// The same inputs through the CLI (`--format json`) and through the HTTP API's handlers give the
// same Figures, or the same error (each front end spelling the input its own way). Inputs are
// generated from a fixed seed: fleets over GPUs, sites, systems, counts, loads and PUEs as
// values and ranges; training runs and sweeps over sizes, MFU, checkpoint costs and restarts;
// the claims checker on the seed article.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli_run.h"
#include "gpufleet/catalog.h"
#include "gpufleet/inputs.h"
#include "gpufleet/serve.h"

namespace front_ends_agree {  // named: a unity batch may join this file with others

using nlohmann::json;

using Cli = gpufleet::testing::CliResult;
using gpufleet::testing::RunCliSplit;

// A POST of `body`; a GET without fields when `body` is null.
gpufleet::serve::Response Post(const std::string& path, const json& body) {
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded());
  if (body.is_null()) return api.Handle({"GET", path, {}, ""});
  return api.Handle({"POST", path, {}, body.dump()});
}

// One input in both spellings.
struct Input {
  std::string flag;   // "--count"
  std::string field;  // "count"
  std::string value;  // "1000", "0.3..0.9"
};

std::string Args(const std::vector<Input>& in) {
  std::string s;
  for (const Input& i : in) s += " " + i.flag + " '" + i.value + "'";
  return s;
}

json Body(const std::vector<Input>& in) {
  json b = json::object();
  for (const Input& i : in) b[i.field] = i.value;
  return b;
}

// Drops what legitimately differs between front ends: where an input came from is said in the
// front end's own spelling ("flag --load" / "field load").
json WithoutSources(json j) {
  for (auto& [name, v] : j.items()) {
    if (v.is_object()) v.erase("source");
  }
  return j;
}

// An error message with every input spelt "<name>" whichever front end spelt it ("--tokens" on
// the CLI, "tokens" on the API), so the two can be compared.
std::string Unspelt(std::string s, bool cli) {
  std::vector<const gpufleet::inputs::Input*> all;
  for (const auto& in : gpufleet::inputs::All()) all.push_back(&in);
  // Longest spellings first, so "--checkpoint-write" is not taken for a part of a longer one.
  auto spelt = [cli](const gpufleet::inputs::Input* in) {
    return cli ? gpufleet::inputs::FlagName(*in) : gpufleet::inputs::FieldName(*in);
  };
  std::sort(all.begin(), all.end(),
            [&](auto* a, auto* b) { return spelt(a).size() > spelt(b).size(); });
  std::set<std::string> done;  // a name with several rows (params: train and infer) once
  for (const auto* in : all) {
    if (!done.insert(in->name).second) continue;
    const std::string word = spelt(in);
    const std::regex re((cli ? "" : "\\b") + std::regex_replace(word, std::regex("[-]"), "\\-") +
                        "\\b");
    s = std::regex_replace(s, re, "<" + std::string(in->name) + ">");
  }
  return s;
}

// Both accept and agree on `keys` (`body` null: the route's GET without fields), or both refuse
// with the same message apart from how each spells the inputs.
void ExpectSame(const std::string& cli_args, const std::string& path, const json& body,
                const std::vector<std::string>& keys) {
  SCOPED_TRACE(cli_args + "  <->  " + path + " " + body.dump());
  const Cli c = RunCliSplit(cli_args + " --format json");
  const auto r = Post(path, body);
  if (r.status == 400) {
    EXPECT_EQ(c.status, 2) << c.err;
    const json e = json::parse(r.body);
    const std::string api_error = e.at("error").get<std::string>();
    ASSERT_FALSE(api_error.empty()) << "API: " << r.body;
    const std::string wanted = Unspelt(api_error, false);
    ASSERT_FALSE(wanted.empty()) << "nothing left of the API's error to look for: " << r.body;
    EXPECT_NE(Unspelt(c.err, true).find(wanted), std::string::npos)
        << "CLI: " << c.err << "API: " << r.body;
    return;
  }
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(c.status, 0) << c.err;
  const json a = json::parse(c.out), b = json::parse(r.body);
  for (const std::string& k : keys) {
    ASSERT_TRUE(a.contains(k)) << k;
    ASSERT_TRUE(b.contains(k)) << k;
    if (k == "inputs") {
      EXPECT_EQ(WithoutSources(a[k]), WithoutSources(b[k]));
    } else {
      EXPECT_EQ(a[k], b[k]) << k;
    }
  }
}

template <typename T>
const T& Pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

TEST(FrontEndsAgree, Fleet) {
  std::mt19937_64 rng(20261202);
  const std::vector<std::string> gpus = {"h100-sxm", "h100-pcie", "a100-sxm", "b200", "mi300x"};
  const std::vector<std::string> sites = {"", "meta-fleet", "italy", "us-average"};
  const std::vector<std::string> systems = {"", "dgx-h100"};
  const std::vector<std::string> counts = {"1", "8", "1000", "300k..350k", "600000", "0", "-5"};
  const std::vector<std::string> loads = {"", "0.3..0.9", "1", "0", "1.5"};
  const std::vector<std::string> pues = {"", "1.1", "1.05..1.4", "0.9"};
  for (int i = 0; i < 24; ++i) {
    std::vector<Input> in = {{"--gpu", "gpu", Pick(rng, gpus)},
                             {"--count", "count", Pick(rng, counts)}};
    for (const auto& [flag, field, choices] :
         {std::tuple{"--site", "site", &sites}, std::tuple{"--system", "system", &systems},
          std::tuple{"--load", "load", &loads}, std::tuple{"--pue", "pue", &pues}}) {
      const std::string& v = Pick(rng, *choices);
      if (!v.empty()) in.push_back({flag, field, v});
    }
    ExpectSame("fleet" + Args(in), "/api/fleet", Body(in),
               {"inputs", "results", "sections", "comparisons"});
  }
}

// A whole-number input's range reads alike on the CLI and the API: lo..hi of whole ends centred
// on its midpoint rounded down (fleet --count 1..2 was 1.5 GPUs, "1.5 (1-2) x 700 W", where
// --count 1.5 was refused), a given central value whole; and a range out of the domain is echoed
// as given ("1e-3..5" was "0.001..2.5004999999999997..5"). Found by adversarial testers.
TEST(FrontEndsAgree, WholeRangesAreCentredAlikeAndRangesEchoedAsGiven) {
  for (const auto& [text, value] : {std::pair{"1..2", 1.0}, std::pair{"1..8", 4.0},
                                    std::pair{"1..1000", 500.0}, std::pair{"1..7..8", 7.0}}) {
    const std::vector<Input> in = {{"--gpu", "gpu", "h100-sxm"}, {"--count", "count", text}};
    ExpectSame("fleet" + Args(in), "/api/fleet", Body(in), {"inputs", "results"});
    const auto r = Post("/api/fleet", Body(in));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["inputs"]["count"]["value"], value) << text;
    const Cli c = RunCliSplit("fleet" + Args(in) + " --format json");
    ASSERT_EQ(c.status, 0) << c.err;
    EXPECT_EQ(json::parse(c.out)["inputs"]["count"]["value"], value) << text;
  }
  {
    const std::vector<Input> in = {{"--gpu", "gpu", "h100-sxm"}, {"--count", "count", "1..1.5..2"}};
    ExpectSame("fleet" + Args(in), "/api/fleet", Body(in), {});
    EXPECT_EQ(Post("/api/fleet", Body(in)).status, 400);
  }
  {
    const std::vector<Input> in = {{"--model", "model", "llama-3.1-8b"},
                                   {"--count", "count", "1..1000"}};
    ExpectSame("infer" + Args(in), "/api/infer", Body(in), {"inputs", "results"});
  }
  const std::vector<Input> in = {{"--model", "model", "llama-3.1-8b"},
                                 {"--input-tokens", "input_tokens", "1e-3..5"}};
  ExpectSame("infer" + Args(in), "/api/infer", Body(in), {});
  const auto r = Post("/api/infer", Body(in));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("must be >= 1, got 1e-3..5"), std::string::npos) << r.body;
  const Cli c = RunCliSplit("infer" + Args(in));
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("must be >= 1, got 1e-3..5"), std::string::npos) << c.err;
}

// Ids are trimmed of spaces and tabs on every front end, as the catalog says it matches them: `fleet
// --gpu ' h100-sxm '` and the API's body refused what a query string's value accepted (found by an
// adversarial tester). A padded id gives the plain id's document, through the CLI, a POST body and
// a GET query, for fleet's ids and infer's (model, gpu, site, engine).
TEST(FrontEndsAgree, PaddedIdsReadAsTheIdsOnEveryFrontEnd) {
  const auto pad = [](std::vector<Input> in, size_t ids) {
    for (size_t i = 0; i < ids; ++i) in[i].value = " " + in[i].value + "\t ";
    return in;
  };
  for (const auto& [command, plain, ids, keys] :
       {std::tuple{std::string("fleet"),
                   std::vector<Input>{{"--gpu", "gpu", "h100-sxm"},
                                      {"--site", "site", "italy"},
                                      {"--system", "system", "dgx-h100"},
                                      {"--count", "count", "8"}},
                   size_t{3}, std::vector<std::string>{"inputs", "results"}},
        std::tuple{std::string("infer"),
                   std::vector<Input>{{"--model", "model", "llama-3.1-8b"},
                                      {"--gpu", "gpu", "h100-sxm"},
                                      {"--site", "site", "us-average"},
                                      {"--engine", "engine", "sglang"},
                                      {"--count", "count", "1000"}},
                   size_t{4}, std::vector<std::string>{"inputs", "results"}}}) {
    const std::vector<Input> padded = pad(plain, ids);
    SCOPED_TRACE(command + Args(padded));
    const Cli a = RunCliSplit(command + Args(plain) + " --format json");
    const Cli b = RunCliSplit(command + Args(padded) + " --format json");
    ASSERT_EQ(a.status, 0) << a.err;
    ASSERT_EQ(b.status, 0) << b.err;
    const auto post_plain = Post("/api/" + command, Body(plain));
    const auto post_padded = Post("/api/" + command, Body(padded));
    ASSERT_EQ(post_plain.status, 200) << post_plain.body;
    ASSERT_EQ(post_padded.status, 200) << post_padded.body;
    static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded());
    std::multimap<std::string, std::string> query;
    for (const Input& i : padded) query.emplace(i.field, i.value);
    const auto get_padded = api.Handle({"GET", "/api/" + command, query, ""});
    ASSERT_EQ(get_padded.status, 200) << get_padded.body;
    const json ca = json::parse(a.out), cb = json::parse(b.out);
    const json pa = json::parse(post_plain.body), pb = json::parse(post_padded.body);
    const json gb = json::parse(get_padded.body);
    for (const std::string& k : keys) {
      EXPECT_EQ(WithoutSources(ca[k]), WithoutSources(cb[k])) << k;
      EXPECT_EQ(WithoutSources(pa[k]), WithoutSources(pb[k])) << k;
      EXPECT_EQ(WithoutSources(pa[k]), WithoutSources(gb[k])) << k;
    }
  }
  // An id of blanks alone is no id (trimmed, it read as not given).
  const Cli blank = RunCliSplit("infer --model llama-3.1-8b --site ' '");
  EXPECT_EQ(blank.status, 2) << blank.out;
  EXPECT_NE(blank.err.find("blank: give an id"), std::string::npos) << blank.err;
  const auto r = Post("/api/fleet", json{{"gpu", "h100-sxm"}, {"site", " \t"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("empty: give an id"), std::string::npos) << r.body;
}

TEST(FrontEndsAgree, Train) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> counts = {"1024", "16384", "100000", "0"};
  const std::vector<std::string> mfus = {"", "0.38..0.43", "0.5", "1.5"};
  const std::vector<std::string> writes = {"", "30", "120", "-1"};
  const std::vector<std::string> params = {"", "8e9", "70e9", "-5"};
  for (int i = 0; i < 8; ++i) {
    std::vector<Input> in = {{"--count", "count", Pick(rng, counts)},
                             {"--replicas", "replicas", "40"},
                             {"--seed", "seed", std::to_string(i + 1)}};
    for (const auto& [flag, field, choices] :
         {std::tuple{"--mfu", "mfu", &mfus},
          std::tuple{"--checkpoint-write", "checkpoint_write_s", &writes},
          std::tuple{"--params", "params", &params}}) {
      const std::string& v = Pick(rng, *choices);
      if (!v.empty()) in.push_back({flag, field, v});
    }
    ExpectSame("train" + Args(in), "/api/train", Body(in),
               {"training", "reliability", "simulation", "fleet", "warnings"});
  }
}

TEST(FrontEndsAgree, Sweep) {
  const std::vector<Input> in = {{"--from", "from", "1000"},
                                 {"--to", "to", "100000"},
                                 {"--points", "points", "3"},
                                 {"--replicas", "replicas", "40"}};
  ExpectSame("sweep --over count" + Args(in), "/api/sweep", Body(in), {"rows", "over"});
}

TEST(FrontEndsAgree, Infer) {
  std::mt19937_64 rng(13);
  const std::vector<std::string> models = {"llama-3.1-8b", "llama-3.1-70b", "qwen3-30b-a3b",
                                           "gpt-oss-120b"};
  const std::vector<std::string> gpus = {"h100-sxm", "h200", "b200", "a100-sxm", "mi300x"};
  const std::vector<std::string> tp = {"", "1", "2", "4", "8", "0"};
  const std::vector<std::string> precisions = {"", "bf16", "fp8", "fp4", "int3"};
  const std::vector<std::string> batches = {"", "auto", "1", "32", "64..128", "100000"};
  const std::vector<std::string> tokens = {"", "500", "200..2000", "-1"};
  const std::vector<std::string> sites = {"", "us-average", "meta-fleet"};
  const std::vector<std::string> counts = {"", "1000", "350k"};
  for (int i = 0; i < 24; ++i) {
    std::vector<Input> in = {{"--model", "model", Pick(rng, models)},
                             {"--gpu", "gpu", Pick(rng, gpus)}};
    for (const auto& [flag, field, choices] :
         {std::tuple{"--gpus-per-replica", "gpus_per_replica", &tp},
          std::tuple{"--precision", "precision", &precisions},
          std::tuple{"--batch", "batch", &batches},
          std::tuple{"--input-tokens", "input_tokens", &tokens},
          std::tuple{"--site", "site", &sites}, std::tuple{"--count", "count", &counts}}) {
      const std::string& v = Pick(rng, *choices);
      if (!v.empty()) in.push_back({flag, field, v});
    }
    ExpectSame("infer" + Args(in), "/api/infer", Body(in), {"inputs", "results", "sections"});
  }
}

TEST(FrontEndsAgree, SweepFamily) {
  const std::vector<Input> in = {{"--from", "from", "1000"},
                                 {"--to", "to", "100000"},
                                 {"--points", "points", "2"},
                                 {"--replicas", "replicas", "20"},
                                 {"--failure-rates", "failure_rates", "2.34,6.5"},
                                 {"--checkpoint-writes", "checkpoint_writes", "10s,5m"}};
  ExpectSame("sweep --over count" + Args(in), "/api/sweep", Body(in), {"rows", "over"});
}

TEST(FrontEndsAgree, Fit) {
  std::mt19937_64 rng(17);
  const std::vector<std::string> counts = {"992", "16384", "384", "0"};
  const std::vector<std::string> windows = {"56d", "54", "117d", "30m"};
  const std::vector<std::string> interruptions = {"54", "419", "0", "25", "-1"};
  const std::vector<std::string> effective = {"0.59", "0.55..0.63", "0.9", "0.999", "1.5"};
  const std::vector<std::string> writes = {"", "5m", "2.8s", "30h"};
  const std::vector<std::string> restarts = {"", "", "2h", "10m"};
  const std::vector<std::string> spikes = {"", "", "0.25"};
  for (int i = 0; i < 24; ++i) {
    std::vector<Input> in = {{"--count", "count", Pick(rng, counts)},
                             {"--window", "window_d", Pick(rng, windows)},
                             {"--interruptions", "interruptions", Pick(rng, interruptions)},
                             {"--effective", "effective", Pick(rng, effective)}};
    for (const auto& [flag, field, choices] :
         {std::tuple{"--checkpoint-write", "checkpoint_write_s", &writes},
          std::tuple{"--restart", "restart_s", &restarts},
          std::tuple{"--rollback-rate", "rollback_rate", &spikes}}) {
      const std::string& v = Pick(rng, *choices);
      if (!v.empty()) in.push_back({flag, field, v});
    }
    ExpectSame("fit" + Args(in), "/api/fit", Body(in), {"inputs", "results", "sections"});
  }
}

// infer --simulate: the simulation's figures (results.sim_*, replicas_for_p99) agree too; the
// CLI runs on all cores, the API on one (the results do not depend on it), or both refuse.
TEST(FrontEndsAgree, InferSimulate) {
  std::mt19937_64 rng(1313);
  const std::vector<std::string> models = {"llama-3.1-8b", "qwen3-30b-a3b"};
  const std::vector<std::string> rates = {"", "0", "2", "0.5", "-1", "2e7"};
  const std::vector<std::string> profiles = {"", "flat", "diurnal", "1,2", "x"};
  const std::vector<std::string> lengths = {"", "fixed", "uniform", "exponential", "normal"};
  const std::vector<std::string> hours = {"", "10m", "1h", "0", "367d"};
  const std::vector<std::string> engines = {"", "1", "3", "0"};
  const std::vector<std::string> targets = {"", "", "5s", "0"};
  for (int i = 0; i < 12; ++i) {
    std::vector<Input> in = {{"--model", "model", Pick(rng, models)},
                             {"--sim-runs", "sim_runs", "3"},
                             {"--seed", "seed", std::to_string(i)}};
    for (const auto& [flag, field, choices] :
         {std::tuple{"--sim-requests-per-s", "sim_requests_per_s", &rates},
          std::tuple{"--sim-profile", "sim_profile", &profiles},
          std::tuple{"--sim-lengths", "sim_lengths", &lengths},
          std::tuple{"--sim-hours", "sim_hours", &hours},
          std::tuple{"--sim-replicas", "sim_replicas", &engines},
          std::tuple{"--sim-ttft-p99", "sim_ttft_p99_s", &targets}}) {
      const std::string& v = Pick(rng, *choices);
      if (!v.empty()) in.push_back({flag, field, v});
    }
    if (std::none_of(in.begin(), in.end(), [](const Input& x) { return x.field == "sim_hours"; }))
      in.push_back({"--sim-hours", "sim_hours", "20m"});  // keep the default day for the docs
    json body = Body(in);
    body["simulate"] = true;
    ExpectSame("infer --simulate" + Args(in), "/api/infer", body,
               {"inputs", "results", "sections"});
  }
}

TEST(FrontEndsAgree, Check) {
  // The seed article's claims, which `check` reads without an argument: a GET without fields (a
  // POST must send its claims).
  ExpectSame("check", "/api/check", json(), {"counts", "claims"});
}

}  // namespace front_ends_agree

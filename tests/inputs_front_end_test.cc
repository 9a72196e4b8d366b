// Every input of the input table (gpufleet/inputs.h) for fleet, train, sweep and infer reaches both
// front ends: the CLI command has its flag (the real binary's --help) and the HTTP API accepts its
// field; an out-of-domain value gives exit 2 on the CLI and 400 on the API, with the field spelt
// for each (--checkpoint-write, checkpoint_write_s) and the same message. Fails when a front end
// lacks an input or re-implements its check. Also: `sweep --scale-out` honours training flags.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"
#include "gpufleet/catalog.h"
#include "gpufleet/inputs.h"
#include "gpufleet/serve.h"

namespace inputs_front_end {  // named: a unity batch may join this file with others

using gpufleet::inputs::Command;
using gpufleet::inputs::Input;
using gpufleet::inputs::Kind;
using gpufleet::testing::RunShell;

struct Cmd {
  Command command;
  const char* name;  // the CLI command and /api/<name>
};
const Cmd kCommands[] = {
    {gpufleet::inputs::kFleet, "fleet"}, {gpufleet::inputs::kTrain, "train"},
    {gpufleet::inputs::kSweep, "sweep"}, {gpufleet::inputs::kInfer, "infer"},
    {gpufleet::inputs::kFit, "fit"},
};

std::string Cli() { return GPUFLEET_CLI; }

// A value just outside the domain, as text both front ends read ("" when none exists).
std::string OutOfDomain(const Input& in) {
  const auto& d = in.domain;
  const char* unit = in.kind == Kind::kDuration ? "s" : "";
  if (in.kind == Kind::kId || in.kind == Kind::kSwitch) return "";
  if (std::isfinite(d.max)) return fmt::format("{}{}", d.max > 0 ? d.max * 2 : d.max + 1, unit);
  if (std::isfinite(d.min) && in.kind != Kind::kDuration) return fmt::format("{}", d.min - 1);
  return "";
}

gpufleet::serve::Response Api(const std::string& route, const std::string& name,
                              const std::string& text) {
  static const gpufleet::Catalog catalog = gpufleet::Catalog::Embedded();
  const gpufleet::serve::Api api(catalog);
  gpufleet::serve::Request req;
  req.method = "POST";
  req.path = "/api/" + route;
  nlohmann::json body = {{name, text}};
  if (route == "fleet" && name != "gpu") body["gpu"] = "h100-sxm";
  req.body = body.dump();
  return api.Handle(req);
}

TEST(InputsFrontEnds, EveryInputIsAFlagOfItsCommand) {
  for (const Cmd& c : kCommands) {
    int status = 0;
    const std::string help = RunShell(Cli() + " " + c.name + " --help 2>&1", status);
    ASSERT_EQ(status, 0) << c.name;
    for (const Input* in : gpufleet::inputs::For(c.command, gpufleet::inputs::kCli)) {
      const std::string flag = gpufleet::inputs::FlagName(*in);
      EXPECT_NE(help.find(flag + " "), std::string::npos)
          << c.name << " --help lacks " << flag << " (input " << in->name << ")";
    }
  }
}

TEST(InputsFrontEnds, EveryInputIsAnApiFieldWithTheSameCheck) {
  for (const Cmd& c : kCommands) {
    for (const Input* in : gpufleet::inputs::For(c.command, gpufleet::inputs::kApi)) {
      const std::string bad = OutOfDomain(*in);
      if (bad.empty()) {
        // An id: the API must know the field (an unknown id, not an unknown field).
        const auto r = Api(c.name, in->name, "no-such-id-xyz");
        if (r.status == 400) {
          EXPECT_EQ(r.body.find("unknown field"), std::string::npos)
              << "/api/" << c.name << " lacks " << in->name << ": " << r.body;
        }
        continue;
      }
      SCOPED_TRACE(std::string(c.name) + " " + in->name + " = " + bad);
      const auto r = Api(c.name, in->name, bad);
      ASSERT_EQ(r.status, 400) << r.body;
      const nlohmann::json j = nlohmann::json::parse(r.body);
      EXPECT_EQ(j.value("field", ""), gpufleet::inputs::FieldName(*in)) << r.body;
      const std::string message = j.value("error", "");
      EXPECT_EQ(message.find("unknown field"), std::string::npos) << r.body;

      if (!(in->front_ends & gpufleet::inputs::kCli)) continue;
      int status = 0;
      const std::string flag = gpufleet::inputs::FlagName(*in);
      const std::string err =
          RunShell(Cli() + " " + c.name + " " + flag + " '" + bad + "' 2>&1 >/dev/null", status);
      EXPECT_EQ(status, 2) << err;
      const std::string want =
          "gpufleet: '" + flag +
          "': " + gpufleet::inputs::Respell(message, gpufleet::inputs::Spelling::kCli) + "\n";
      EXPECT_EQ(err, want);
    }
  }
}

TEST(InputsFrontEnds, ApiSpellsFieldsAsTheApiDoes) {
  const auto r = Api("train", "params", "-5");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)["field"], "params") << r.body;
  const auto tiny = Api("train", "checkpoint_write_s", "1e-50");
  ASSERT_EQ(tiny.status, 400) << tiny.body;
  EXPECT_EQ(nlohmann::json::parse(tiny.body)["field"], "checkpoint_write_s") << tiny.body;
}

// Refusals beyond one input's domain give one field and one message on both front ends: the
// sweep's axis ("need 0 < from <= to ..." on the API, "--from ... is after --to" on the CLI), a
// `to` beside one point (ignored), and a duration too small to compute with ("bad duration" where
// a number said "too small to compute with"); all found by an adversarial tester.
TEST(InputsFrontEnds, RefusalsBeyondTheDomainsAgree) {
  struct Case {
    const char* route;
    nlohmann::json body;
    const char* cli;
    const char* field;
    const char* says;
  };
  const Case cases[] = {
      {"sweep", {{"from", 2000}, {"to", 1000}}, "sweep --from 2000 --to 1000", "to", "is after"},
      {"sweep", {{"from", 2000000}}, "sweep --from 2000000", "from", "its default"},
      {"sweep",
       {{"from", 1000}, {"to", 2000}, {"points", 1}},
       "sweep --from 1000 --to 2000 --points 1",
       "to",
       "sweeps"},
      {"train",
       {{"checkpoint_write_s", 1e-320}},
       "train --checkpoint-write 1e-320",
       "checkpoint_write_s",
       "too small to compute with"},
      {"train",
       {{"restart_s", "1e-320s"}},
       "train --restart 1e-320s",
       "restart_s",
       "too small to compute with"},
  };
  static const gpufleet::Catalog catalog = gpufleet::Catalog::Embedded();
  const gpufleet::serve::Api api(catalog);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cli);
    gpufleet::serve::Request req;
    req.method = "POST";
    req.path = std::string("/api/") + c.route;
    req.body = c.body.dump();
    const gpufleet::serve::Response r = api.Handle(req);
    ASSERT_EQ(r.status, 400) << r.body;
    const nlohmann::json j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j.value("field", ""), c.field) << r.body;
    const std::string message = j.value("error", "");
    EXPECT_NE(message.find(c.says), std::string::npos) << r.body;
    int status = 0;
    const std::string err = RunShell(Cli() + " " + c.cli + " --replicas 2 2>&1 >/dev/null", status);
    EXPECT_EQ(status, 2) << err;
    const std::string flag =
        gpufleet::inputs::FlagName(gpufleet::inputs::Get(c.field, gpufleet::inputs::kSweep));
    const std::string head = "gpufleet: '" + flag + "': ";
    ASSERT_EQ(err.rfind(head, 0), 0u) << err;
    // The same words, the inputs each names spelt for its front end (--from, from).
    std::string words = err.substr(head.size());
    for (size_t at; (at = words.find("--")) != std::string::npos;) words.erase(at, 2);
    EXPECT_EQ(words, message + "\n");
  }
}

// The rows of `sweep --scale-out` with extra flags, as JSON text.
std::string ScaleOut(const std::string& flags) {
  int status = 0;
  const std::string out =
      RunShell(Cli() + " sweep --scale-out --format json --replicas 8 --seed 3 " + flags, status);
  EXPECT_EQ(status, 0) << flags;
  const nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << out;
  return j.is_discarded() ? "" : j["rows"].dump();
}

TEST(InputsFrontEnds, ScaleOutHonoursTrainingFlags) {
  const std::string base = ScaleOut("");
  ASSERT_FALSE(base.empty());
  for (const char* flags :
       {"--restart 1m", "--restart 1h", "--mfu 0.2", "--storage-gb-per-s 5",
        "--checkpoint-write 5m", "--failure-model llama3-2024 --maintenance 2h"}) {
    EXPECT_NE(ScaleOut(flags), base) << "sweep --scale-out ignores " << flags;
  }
}

// A note names an input as each front end spells it: the CLI's text printed API field names
// ("the inputs `count` serves at most ..."; found by an adversarial tester); JSON, the API's
// document, keeps the canonical `count`.
TEST(InputsFrontEnds, TheCliSpellsTheInputsANoteNamesAsFlags) {
  const std::string args = std::string(GPUFLEET_CLI) +
                           " infer --model llama-3.1-8b --count 100 --requests-per-s 1000..1500";
  int status = -1;
  const std::string text = RunShell(args + " 2>/dev/null", status);
  ASSERT_EQ(status, 0);
  EXPECT_NE(text.find("--count serves at most"), std::string::npos) << text;
  EXPECT_EQ(text.find("`count`"), std::string::npos) << text;
  const std::string json = RunShell(args + " --format json 2>/dev/null", status);
  EXPECT_NE(json.find("`count` serves at most"), std::string::npos);
}

}  // namespace inputs_front_end

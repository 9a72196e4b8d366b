// examples/ai-prompts.claims.toml (issue 13, part 7): the per-prompt figures of Google, Altman,
// Epoch AI, de Vries and BLOOM checked through serving terms, infer(...).RESULT. Each claim's
// verdict is pinned (docs/validation.md, "Claims: AI prompts", explains each); the serving term
// gives what `gpufleet infer` gives for the same inputs; the solver's implied load, put back,
// reproduces the claimed value; bad serving terms are refused at parse time.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "claims/claims_file_internal.h"
#include "claims/evaluate.h"
#include "gpufleet/assets.h"
#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/error.h"
#include "gpufleet/infer.h"
#include "gpufleet/inputs.h"

namespace gpufleet::claims {
namespace {

ClaimsFile Prompts() {
  auto text = assets::Find("examples/ai-prompts.claims.toml");
  EXPECT_TRUE(text);
  return ParseClaimsFile(text ? *text : "", "ai-prompts", Catalog::Embedded());
}

const ClaimResult& Find(const Report& r, const std::string& id) {
  for (const ClaimResult& c : r.results) {
    if (c.claim->id == id) return c;
  }
  throw std::logic_error("no claim " + id);
}

TEST(AiPromptsClaims, EveryClaimHasASourceAndAServingQuantity) {
  const ClaimsFile f = Prompts();
  ASSERT_EQ(f.claims.size(), 9u);
  for (const Claim& c : f.claims) {
    EXPECT_EQ(c.file.rfind("https://", 0), 0u) << c.id << ": " << c.file;
    ASSERT_FALSE(c.quantity.terms.empty()) << c.id;
    for (const Term& t : c.quantity.terms) EXPECT_EQ(t.kind, Term::Kind::kInfer) << c.id;
  }
}

TEST(AiPromptsClaims, VerdictsAsDocumented) {
  const ClaimsFile f = Prompts();
  const Report r = Check(f, Catalog::Embedded());
  const std::map<std::string, std::string> want = {
      {"google-0.24-wh-per-prompt", "partly"},     {"google-accelerators-58-percent", "partly"},
      {"google-0.03-g-co2e-per-prompt", "holds"},  {"google-0.26-ml-water-per-prompt", "off"},
      {"altman-0.34-wh-per-query", "partly"},      {"altman-0.000085-gallons-per-query", "partly"},
      {"epoch-0.3-wh-per-gpt-4o-query", "holds"},  {"de-vries-2.9-wh-per-request", "off"},
      {"bloom-914-kwh-230768-requests", "partly"},
  };
  ASSERT_EQ(r.results.size(), want.size());
  for (const ClaimResult& c : r.results) {
    EXPECT_EQ(std::string(ToString(c.verdict)), want.at(c.claim->id)) << c.claim->id;
    EXPECT_FALSE(c.explanation.empty()) << c.claim->id;
  }
}

// The solver's implied load, put back into the serving term, gives the claimed value; and the
// term gives what the serving model gives for the same inputs (no second model in src/claims).
TEST(AiPromptsClaims, ImpliedLoadReproducesTheClaimAndTheTermIsTheServingModel) {
  const ClaimsFile f = Prompts();
  const Report r = Check(f, Catalog::Embedded());
  const ClaimResult& google = Find(r, "google-0.24-wh-per-prompt");
  const Implied& load = google.readings[0].implied.at(0);
  ASSERT_TRUE(load.solved) << load.text;
  EXPECT_EQ(load.variable, "infer:load");
  EXPECT_GT(load.value, 0);
  EXPECT_LT(load.value, 1);
  Env env;
  env.infer_overrides["load"] = load.value;
  const QuantityExpr& q = google.claim->quantity;
  const Evaluated at = EvaluateQuantity(q, env, Catalog::Embedded(), false);
  ASSERT_TRUE(at.available) << at.missing;
  EXPECT_NEAR(at.si.value / 3600, 0.24, 1e-6);  // J -> Wh

  inputs::Given g(inputs::kInfer);
  for (const auto& [k, v] : q.terms[0].args) g.SetText(k, v);
  const InferInputs in = InferInputsFrom(Catalog::Embedded(), g);
  const InferResult direct = Evaluate(in);
  const Interval wh = direct.energy_facility_j_per_request * (1 / 3600.0);
  EXPECT_DOUBLE_EQ(google.readings[0].computed.value, wh.value);
  EXPECT_DOUBLE_EQ(google.readings[0].computed.low, wh.low);
  EXPECT_DOUBLE_EQ(google.readings[0].computed.high, wh.high);
  // Load is a share of capacity: less load, more idle energy per request.
  env.infer_overrides["load"] = load.value / 2;
  EXPECT_GT(EvaluateQuantity(q, env, Catalog::Embedded(), false).si.value, at.si.value);
}

// Google's 0.03 g holds within the computed range (the grid factor's and PUE's ends) while no
// load gives it at the central values: the implied line says both, not "no infer:load in 0..1
// makes it true" beside "holds" (eighteenth pass). A claim that is off keeps the plain words.
TEST(AiPromptsClaims, AnUnsolvedImpliedLoadBesideAHoldingClaimSaysHowItHolds) {
  const ClaimsFile f = Prompts();
  const Report r = Check(f, Catalog::Embedded());
  const ClaimResult& co2 = Find(r, "google-0.03-g-co2e-per-prompt");
  ASSERT_EQ(co2.verdict, Verdict::kHolds);
  const ReadingResult& reading = co2.readings.at(0);
  const Implied& load = reading.implied.at(0);
  ASSERT_FALSE(load.solved) << load.text;
  EXPECT_EQ(load.text.find("makes it true"), std::string::npos) << load.text;
  EXPECT_NE(load.text.find("the claim holds within the computed range"), std::string::npos)
      << load.text;
  EXPECT_NE(load.text.find("not at its central value"), std::string::npos) << load.text;
  const ClaimResult& water = Find(r, "google-0.26-ml-water-per-prompt");
  ASSERT_EQ(water.verdict, Verdict::kOff);
  const Implied& water_load = water.readings.at(0).implied.at(0);
  if (!water_load.solved) {
    EXPECT_EQ(water_load.text.find("the claim holds"), std::string::npos) << water_load.text;
  }
}

TEST(AiPromptsClaims, ServingTermsRoundTripAndAreCheckedWhenRead) {
  const Catalog& c = Catalog::Embedded();
  const Where here{"f.toml", 3, "claim.c.quantity"};
  const QuantityExpr q = ParseQuantity(
      "infer(model=\"llama-3.1-8b\", batch=8, load=0.3..0.7).energy_gpu_wh_per_request / "
      "infer(model=\"llama-3.1-8b\", batch=8).energy_facility_wh_per_request",
      c, here);
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_TRUE(q.terms[1].divide);
  EXPECT_EQ(q.terms[0].Text(),
            "infer(model=\"llama-3.1-8b\", batch=8, load=0.3..0.7).energy_gpu_wh_per_request");
  auto error = [&](const std::string& text) {
    try {
      ParseQuantity(text, c, here);
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "f.toml") << text;
      EXPECT_EQ(e.where().line, 3) << text;
      return e.detail();
    }
    return std::string("no error");
  };
  EXPECT_NE(
      error("infer(model=\"llama-3.1-405b\", gpus_per_replica=1).itl_s").find("gpus_per_replica"),
      std::string::npos);
  EXPECT_NE(error("infer(model=\"llama-3.1-8b\", batch=100000).itl_s").find("batch"),
            std::string::npos);
  EXPECT_NE(error("infer(model=\"llama-3.1-8b\").itl").find("unknown serving result 'itl'"),
            std::string::npos);
  EXPECT_NE(error("infer(catalog=\"x\").itl_s").find("unknown serving input 'catalog'"),
            std::string::npos);  // a CLI-only input
  EXPECT_NE(error("infer(model=\"llama-3.1-8b\", batch).itl_s").find("malformed argument"),
            std::string::npos);
  EXPECT_NE(error("infer(model=).itl_s").find("has no value"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet::claims

// `gpufleet check ARTICLE.txt`: the mapper against the seed article's hand-written claims file,
// against the development set of articles (tests/articles/, hand verdicts in sidecars written
// before the tool was run), and on odd inputs.
#include "gpufleet/article.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "claims/map_lexicon.h"
#include "gpufleet/assets.h"
#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/extract.h"

namespace gpufleet::claims {
namespace {

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Src(const std::string& rel) { return std::string(GPUFLEET_SOURCE_DIR) + "/" + rel; }

// The catalog reference a quantity expression divides by or reads, or "".
std::string ReferenceOf(const QuantityExpr& q) {
  for (const Term& t : q.terms)
    if (t.kind == Term::Kind::kCatalog && t.entry_kind == "reference") return t.id;
  return "";
}

// ---- the seed article: automatic vs hand-written verdicts ------------------------------------

struct Pair {
  std::string hand_id;
  const ClaimResult* hand = nullptr;
  const ClaimResult* automatic = nullptr;
};

// Pairs each hand-written claim with the automatic claim on the same words: same sentence, and
// the same claimed value and unit, or (a comparison) the same catalog reference.
std::vector<Pair> PairSeed(const Report& hand, const Report& automatic) {
  std::vector<Pair> out;
  for (const ClaimResult& h : hand.results) {
    Pair p{h.claim->id, &h, nullptr};
    for (const ClaimResult& a : automatic.results) {
      if (a.claim->sentence != h.claim->sentence) continue;
      const std::string href = ReferenceOf(h.claim->quantity),
                        aref = ReferenceOf(a.claim->quantity);
      const bool compares_same = !href.empty() && href == aref;
      const bool same_number =
          href.empty() && aref.empty() &&
          std::abs(a.claim->value - h.claim->value) <= 1e-9 * std::abs(h.claim->value) &&
          a.claim->unit == h.claim->unit;
      if (compares_same || same_number) {
        p.automatic = &a;
        break;
      }
    }
    out.push_back(p);
  }
  return out;
}

TEST(ArticleSeed, ReachesTheHandWrittenVerdicts) {
  const Catalog& catalog = Catalog::Embedded();
  const auto hand_text = assets::Find("examples/seed-article.claims.toml");
  ASSERT_TRUE(hand_text);
  const ClaimsFile hand_file = ParseClaimsFile(*hand_text, "hand", catalog);
  const Report hand = Check(hand_file, catalog);
  const auto r = CheckArticle(Read(Src("examples/seed-article.txt")), "seed-article.txt", catalog);
  const std::vector<Pair> pairs = PairSeed(hand, r->report);

  // The claims both cover must agree; these six at least (issue #16).
  const std::set<std::string> required = {
      "title-10bn-usd",          "title-100km",           "h100-700w", "h100-3740-kwh-per-year",
      "fleet-1300-gwh-per-year", "lombardy-a-little-more"};
  std::string table;
  int covered = 0, agree = 0;
  for (const Pair& p : pairs) {
    const std::string hv(ToString(p.hand->verdict));
    const std::string av = p.automatic ? std::string(ToString(p.automatic->verdict)) : "missed";
    table += p.hand_id + ": hand " + hv + ", automatic " + av +
             (p.automatic ? " (" + p.automatic->claim->id + ")" : "") + "\n";
    if (p.automatic) {
      ++covered;
      agree += p.automatic->verdict == p.hand->verdict;
    }
    if (required.count(p.hand_id)) {
      ASSERT_TRUE(p.automatic) << p.hand_id << " not covered\n" << table;
      EXPECT_EQ(p.automatic->verdict, p.hand->verdict) << p.hand_id << "\n" << table;
    }
  }
  // What it missed is said (printed with the test's output; docs/validation.md quotes it).
  std::cout << "seed article: " << covered << " of " << pairs.size()
            << " hand-written claims covered, " << agree << " with the same verdict\n"
            << table;
  EXPECT_GE(covered, 6);
}

TEST(ArticleSeed, DraftRoundTripsThroughTheClaimsFileParser) {
  const Catalog& catalog = Catalog::Embedded();
  const ArticleDraft d = DraftArticle(Read(Src("examples/seed-article.txt")), "seed.txt", catalog);
  const ClaimsFile f = ParseClaimsFile(d.claims_toml, "draft", catalog);
  size_t claims = 0;
  for (const MappedNumber& m : d.numbers) claims += m.mapped() ? m.claims.size() : 1;
  EXPECT_EQ(f.claims.size(), claims);
  // Every mapped claim says what it rests on and its confidence.
  for (const Claim& c : f.claims) {
    if (c.quantity.terms.empty()) continue;
    EXPECT_NE(c.note.find("rests on:"), std::string::npos) << c.id;
    EXPECT_NE(c.note.find("mapping confidence:"), std::string::npos) << c.id;
  }
  // Deterministic.
  EXPECT_EQ(DraftArticle(Read(Src("examples/seed-article.txt")), "seed.txt", catalog).claims_toml,
            d.claims_toml);
}

// ---- the development set ---------------------------------------------------------------------

struct Score {
  int checkable = 0, right = 0, false_holds = 0;
  std::string log;
};

// The verdict the tool gave the number `number` (as written): its first claim that is a plain
// reading (not a comparison through a phrase), or its comparison claim when `compare`.
std::string ToolVerdict(const ArticleReport& r, const std::string& number, bool compare,
                        std::string& id) {
  std::map<std::string, const ClaimResult*> by_id;
  for (const ClaimResult& c : r.report.results) by_id[c.claim->id] = &c;
  for (const MappedNumber& m : r.draft.numbers) {
    const ExtractedQuantity& q = r.draft.extraction.quantities[m.quantity];
    if (q.text.find(number) == std::string::npos && number.find(q.text) == std::string::npos)
      continue;
    if (!m.mapped()) return "unverifiable";
    for (const std::string& cid : m.claims) {
      const bool is_compare = cid.find("-cmp-") != std::string::npos;
      if (is_compare != compare) continue;
      id = cid;
      return std::string(ToString(by_id.at(cid)->verdict));
    }
    return "unverifiable";
  }
  return "not found";
}

Score ScoreArticle(const std::filesystem::path& txt) {
  Score s;
  std::filesystem::path sidecar = txt;
  sidecar.replace_extension(".expected.toml");
  const toml::table expected = toml::parse_file(sidecar.string());
  const auto r = CheckArticle(Read(txt.string()), txt.filename().string(), Catalog::Embedded());
  const toml::array* claims = expected["claim"].as_array();
  if (!claims) return s;
  for (const toml::node& n : *claims) {
    const toml::table& c = *n.as_table();
    const std::string number = c["number"].value_or(std::string());
    const std::string want = c["verdict"].value_or(std::string());
    const bool compare = c["compare"].value_or(false);
    std::string id;
    const std::string got = ToolVerdict(*r, number, compare, id);
    if (want == "unverifiable") continue;  // not a checkable claim
    ++s.checkable;
    // "partly" (one reading holds, another does not) is right for a claim that holds.
    const bool right = got == want || (want == "holds" && got == "partly");
    s.right += right;
    s.false_holds += want == "off" && got == "holds";
    s.log += "  " + txt.filename().string() + ": '" + number + "'" +
             (compare ? " (comparison)" : "") + ": hand " + want + ", tool " + got +
             (id.empty() ? "" : " [" + id + "]") + (right ? "" : "  <- wrong") + "\n";
  }
  return s;
}

TEST(ArticleDevSet, ScoreAgainstHandVerdicts) {
  std::vector<std::filesystem::path> texts;
  for (const auto& e : std::filesystem::directory_iterator(Src("tests/articles"))) {
    if (e.path().extension() == ".txt") texts.push_back(e.path());
  }
  std::sort(texts.begin(), texts.end());
  ASSERT_GE(texts.size(), 6u);
  Score total;
  int english = 0, italian = 0;
  for (const auto& t : texts) {
    const Score s = ScoreArticle(t);
    EXPECT_GT(s.checkable, 0) << t;
    total.checkable += s.checkable;
    total.right += s.right;
    total.false_holds += s.false_holds;
    total.log += s.log;
    (t.filename().string().find("-it.") != std::string::npos ? italian : english) += 1;
  }
  std::cout << "development set: " << total.right << " of " << total.checkable
            << " checkable claims mapped and judged right; false holds " << total.false_holds
            << "\n"
            << total.log;
  EXPECT_GE(english, 3);
  EXPECT_GE(italian, 2);
  // Issue #16's goal: at least 70% right, and no claim "holds" that the hand verdict says is off.
  EXPECT_GE(total.right * 10, total.checkable * 7) << total.log;
  EXPECT_EQ(total.false_holds, 0) << total.log;
}

// ---- odd inputs ------------------------------------------------------------------------------

TEST(ArticleInputs, EmptyAndNumberlessTextsGiveAnEmptyReport) {
  for (const char* text : {"", "\n\n", "Nothing to see here. No numbers at all."}) {
    const auto r = CheckArticle(text, "t.txt", Catalog::Embedded());
    EXPECT_EQ(r->found, 0u);
    EXPECT_EQ(r->mapped, 0u);
    EXPECT_NE(RenderArticleText(*r).find("numbers found 0, mapped 0, judged 0"), std::string::npos);
  }
}

TEST(ArticleInputs, ManyNumbersAreCappedNotDrafted) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "One H100 draws 700 W and 100,000 H100 GPUs use 70 MW. ";
  const auto r = CheckArticle(text, "many.txt", Catalog::Embedded());
  EXPECT_EQ(r->found, 9000u);
  EXPECT_EQ(r->report.results.size(), kMaxDraftedClaims);
  EXPECT_GT(r->draft.not_drafted, 0u);
  EXPECT_NE(RenderArticleText(*r).find("over the limit"), std::string::npos);
}

// Negative numbers and ranges are listed as unverifiable, never judged: "−700 W" held as 700 W
// and "USD 10-20 bn" was judged as 10 USD (found by an adversarial tester).
TEST(ArticleInputs, NegativesAndRangesAreListedNotJudged) {
  const auto r = CheckArticle(
      "The H100 GPU draws \xE2\x88\x92"
      "700 W. Meta spent USD 10-20 bn on 350,000 H100 GPUs.",
      "t.txt", Catalog::Embedded());
  ASSERT_EQ(r->found, 3u);
  EXPECT_TRUE(
      r->report.results.empty() ||
      std::none_of(r->report.results.begin(), r->report.results.end(),
                   [](const ClaimResult& c) { return c.verdict != Verdict::kUnverifiable; }));
  for (size_t i : {size_t{0}, size_t{1}}) {
    EXPECT_FALSE(r->draft.numbers[i].mapped());
    EXPECT_NE(r->draft.numbers[i].reason, "");
  }
  EXPECT_NE(r->draft.numbers[0].reason.find("negative"), std::string::npos);
  EXPECT_NE(r->draft.numbers[1].reason.find("range"), std::string::npos);
}

// "39.3 million GPU-hours" was read as 39.3 million GPUs: a GPU count, the premise of the
// article's other claims. GPU time (English, Italian, after "milioni di") is a duration,
// checked only against a training run its own sentence names; a sentence that also names
// another model size, a rate, a run named elsewhere, a model's version number and a model size
// before "on GPUs" are not checked (an adversarial tester found each judged against the wrong
// run or count).
TEST(ArticleInputs, GpuHoursAreGpuTimeCheckedOnlyAgainstTheRunTheSentenceNames) {
  const auto r = CheckArticle(
      "Meta trained Llama 3.1 on 16,384 H100 GPUs. The three models used 39.3 million "
      "GPU-hours. Per addestrare Llama 3.1 405B sono servite 30,84 milioni di ore GPU. "
      "The 405B model alone emitted 9,000 tonnes of CO2e. Llama 3.1 70B took 7.0 million "
      "GPU-hours. Llama 3.1 405B: an average American emits 15 tonnes of CO2 a year. "
      "The Llama 3.1 GPU hours add up to a lot. Llama 3.1 405B: da 30 a 40 milioni di ore GPU.",
      "t.txt", Catalog::Embedded());
  const auto& qs = r->draft.extraction.quantities;
  std::map<std::string, const MappedNumber*> by_text;
  for (const MappedNumber& m : r->draft.numbers) by_text[qs[m.quantity].text] = &m;
  const auto unmapped = [&](const std::string& text, const std::string& why) {
    ASSERT_TRUE(by_text.count(text)) << text;
    EXPECT_FALSE(by_text[text]->mapped()) << text;
    EXPECT_NE(by_text[text]->reason.find(why), std::string::npos)
        << text << ": " << by_text[text]->reason;
  };
  ASSERT_TRUE(by_text.count("39.3 million GPU-hours"));
  EXPECT_EQ(qs[by_text["39.3 million GPU-hours"]->quantity].kind, "duration");
  unmapped("39.3 million GPU-hours", "no training run in the catalog is named in its sentence");
  for (const MappedNumber& m : r->draft.numbers) {  // none is taken as a GPU count
    if (qs[m.quantity].text == "16,384 H100 GPUs") continue;
    EXPECT_NE(m.reason.rfind("a GPU count", 0), 0u) << qs[m.quantity].text;
  }
  const MappedNumber* big = by_text["30,84 milioni di ore GPU"];
  ASSERT_NE(big, nullptr);
  ASSERT_TRUE(big->mapped());
  EXPECT_NE(big->claims[0].find("llama3-405b-training"), std::string::npos);
  unmapped("9,000 tonnes", "no training run");
  unmapped("7.0 million GPU-hours", "names a 70b model besides");
  unmapped("15 tonnes", "a rate");
  unmapped("3.1 GPU hours", "version");
  ASSERT_TRUE(by_text.count("30 a 40 milioni di ore GPU"));
  EXPECT_TRUE(qs[by_text["30 a 40 milioni di ore GPU"]->quantity].range_high.has_value());
  EXPECT_EQ(r->holds, 1u);  // 30.84 M GPU-hours, the model card's
}

// A model size before "on GPUs" is not a GPU count: "its 0.5B model on H100 GPUs" made a fleet of
// 500 million GPUs, and 350 GW "held" for it.
TEST(ArticleInputs, AModelSizeIsNotAGpuCount) {
  {
    // "Llama3.1" without a space names the run too; "405B" is a model size, said so.
    const auto r =
        CheckArticle("Llama3.1 405B took 30.84 million GPU-hours.", "t.txt", Catalog::Embedded());
    EXPECT_EQ(r->holds, 1u);
    ASSERT_FALSE(r->draft.numbers.empty());
    EXPECT_NE(r->draft.numbers[0].reason.find("a model's size"), std::string::npos)
        << r->draft.numbers[0].reason;
  }
  const auto r =
      CheckArticle("Qwen trained its 0.5B model on H100 GPUs. The GPUs draw 350 GW at full power.",
                   "t.txt", Catalog::Embedded());
  EXPECT_EQ(r->holds, 0u);
  for (const MappedNumber& m : r->draft.numbers)
    EXPECT_EQ(m.reason.rfind("a GPU count", 0), std::string::npos)
        << r->draft.extraction.quantities[m.quantity].text;
}

// A number whose drafted claim is outside what the model takes (a count of 1e15 GPUs, 1e300
// TWh) is listed as unverifiable with the reason; it stopped the whole article with exit 2
// (found by an adversarial tester). The article's other claims are still checked.
TEST(ArticleInputs, ANumberOutsideTheModelsDomainDoesNotStopTheArticle) {
  for (const char* text :
       {"Meta has 1e15 H100 GPUs. The fleet uses 700 MW. Each H100 draws 700 W.",
        "The fleet of 350,000 H100 GPUs uses 1e300 TWh a year. Each H100 draws 700 W."}) {
    const auto r = CheckArticle(text, "t.txt", Catalog::Embedded());
    EXPECT_EQ(r->holds, 1u) << text;  // 700 W
    bool listed = false;
    for (const MappedNumber& m : r->draft.numbers) {
      listed = listed || m.reason.find("outside what the model takes") != std::string::npos ||
               m.reason.find("overflows a double") != std::string::npos;  // 1e300 TWh in J
    }
    EXPECT_TRUE(listed) << text;
  }
}

TEST(ArticleInputs, ZeroValuesAreListedNotDrafted) {
  const auto r = CheckArticle("0 W 1 W 0 kWh 2 GPUs 0 GPUs", "zero.txt", Catalog::Embedded());
  ASSERT_EQ(r->found, 5u);
  for (const MappedNumber& m : r->draft.numbers) {
    if (r->draft.extraction.quantities[m.quantity].value != 0) continue;
    EXPECT_FALSE(m.mapped());
    EXPECT_FALSE(m.reason.empty());
  }
}

TEST(ArticleInputs, InvalidUtf8AndControlCharactersStillDraftAValidFile) {
  const std::string text = "Una H100 consuma 700 W \xff\xfe\x01 \"quoted\" \\ back.\x7f";
  const ArticleDraft d = DraftArticle(text, "odd\"name\x01.txt", Catalog::Embedded());
  EXPECT_NO_THROW(ParseClaimsFile(d.claims_toml, "draft", Catalog::Embedded())) << d.claims_toml;
}

// The claims drafted with a quantity (not the unmapped numbers' "unmodelled" ones).
std::vector<const ClaimResult*> Mapped(const ArticleReport& r) {
  std::vector<const ClaimResult*> out;
  for (const ClaimResult& c : r.report.results)
    if (!c.claim->quantity.terms.empty()) out.push_back(&c);
  return out;
}

// An article's text and the verdicts of the claims mapped from it, in order.
struct Case {
  const char* text;
  std::vector<Verdict> verdicts;
};

void ExpectVerdicts(std::initializer_list<Case> cases) {
  for (const Case& k : cases) {
    const auto r = CheckArticle(k.text, "a.txt", Catalog::Embedded());
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), k.verdicts.size()) << k.text;
    for (size_t i = 0; i < m.size(); ++i)
      EXPECT_EQ(m[i]->verdict, k.verdicts[i]) << k.text << " (" << m[i]->claim->id << ")";
  }
}

TEST(ArticleMapping, EnglishAndItalianFleetSentences) {
  const Catalog& c = Catalog::Embedded();
  // A fleet's power with its count in the same sentence: the GPUs alone, at TDP.
  auto r =
      CheckArticle("The cluster's 20,000 H100 GPUs alone draw 14 MW at full power.", "a.txt", c);
  auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->quantity.text, "power_gpus_tdp_w");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  // Off by 10x, in Italian.
  r = CheckArticle("Le 20.000 GPU H100 da sole assorbono 140 MW.", "b.txt", c,
                   NumberStyle::kItalian);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->verdict, Verdict::kOff);
  EXPECT_NEAR(m[0]->readings[0].factor, 10, 0.01);
  // A site's power: the facility reading (servers' share, a PUE range).
  r = CheckArticle("The 100,000 H100 GPUs are housed in a data center that draws 150 MW.", "s.txt",
                   c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->quantity.text, "power_facility_w");
  // A comparison: the number is a little more than the reference.
  r = CheckArticle("Servono 1.300 GWh l'anno, un po' di più di quanto consuma la Lombardia.",
                   "c.txt", c);
  bool compared = false;
  for (const ClaimResult* x : Mapped(*r)) {
    if (ReferenceOf(x->claim->quantity) == "lombardy-electricity-2023") {
      compared = true;
      EXPECT_EQ(x->claim->hedge->name, "almost");
      EXPECT_EQ(x->verdict, Verdict::kOff);
    }
  }
  EXPECT_TRUE(compared);
  // A reference's own value, with the number's hedge: China uses more than 9,000 TWh.
  r = CheckArticle("China uses more than 9,000 TWh a year.", "d.txt", c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(ReferenceOf(m[0]->claim->quantity), "china-electricity-2023");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  // "In Italia" is a place, not Italy's consumption.
  r = CheckArticle("In Italia i data center consumano 5 TWh l'anno.", "p.txt", c);
  EXPECT_TRUE(Mapped(*r).empty());
  // Per household: 3.5 TWh shared by 330,000 US homes is a US household's year.
  r = CheckArticle("A year of it is 3.5 TWh, the electricity of 330,000 American homes.", "h.txt",
                   c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(ReferenceOf(m[0]->claim->quantity), "us-household-electricity");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  // "At least N homes" bounds the amount per home the other way: at most 30 TWh / 350,000 each,
  // true of a US home's 10,700 kWh. The hedge was replaced by "about" and the claim marked off
  // x8 (found by an adversarial tester); "more than", in Italian too, likewise.
  for (const char* text :
       {"The campus will use 30 TWh a year, enough to power at least 350,000 homes.",
        "The campus will use 30 TWh a year, enough for more than 350,000 American homes.",
        "Il campus userà 30 TWh l'anno, abbastanza per più di 350 mila famiglie."}) {
    r = CheckArticle(text, "h.txt", c);
    m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    const std::string hedge = m[0]->claim->hedge->name;
    EXPECT_TRUE(hedge == "at most" || hedge == "less than") << text << ": " << hedge;
    EXPECT_EQ(m[0]->verdict, Verdict::kHolds) << text;
  }
  // And "up to N homes" is "at least the amount per home": 3.5 TWh for up to 100,000 homes says
  // each uses at least 35,000 kWh, off for a US home's 10,700.
  r = CheckArticle("A year of it is 3.5 TWh, the electricity of up to 100,000 US homes.", "u.txt",
                   c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->hedge->name, "at least");
  EXPECT_EQ(m[0]->verdict, Verdict::kOff);
  // A bare GPU count is the article's premise: unverifiable, with the reason.
  r = CheckArticle("Meta bought 24,576 GPUs.", "e.txt", c);
  ASSERT_EQ(r->draft.numbers.size(), 1u);
  EXPECT_FALSE(r->draft.numbers[0].mapped());
  EXPECT_NE(r->draft.numbers[0].reason.find("premise"), std::string::npos);
}

// One number too large to compute with is listed as unverifiable with the reason; the rest of
// the article is still checked (its drafted claim was refused by the claims file it went into,
// and the whole check with it: found by an adversarial tester).
TEST(ArticleInputs, ANumberThatOverflowsIsUnverifiableNotFatal) {
  const auto r =
      CheckArticle("The site draws 1e308 GW. One H100 draws 700 W.", "o.txt", Catalog::Embedded());
  ASSERT_EQ(r->draft.numbers.size(), 2u);
  EXPECT_FALSE(r->draft.numbers[0].mapped());
  EXPECT_NE(r->draft.numbers[0].reason.find("overflows"), std::string::npos);
  const auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  // The largest double: ten digits rounded it above itself, and the drafted file was refused.
  const auto big = CheckArticle("They draw 1.7976931348623157e308 W. One H100 draws 700 W.",
                                "b.txt", Catalog::Embedded());
  ASSERT_EQ(Mapped(*big).size(), 1u);
  EXPECT_EQ(Mapped(*big)[0]->verdict, Verdict::kHolds);
}

// Cities (issue 16, part 3): a city compared as a whole is a reference; a city named as a place
// ("near Milan") is not.
TEST(ArticleMapping, CitiesAsAWholeAreReferences) {
  const Catalog& c = Catalog::Embedded();
  auto r = CheckArticle(
      "With 7 TWh l'anno, il data center consumerebbe quanto l'intera città di "
      "Milano.",
      "m.txt", c, NumberStyle::kItalian);
  auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(ReferenceOf(m[0]->claim->quantity), "milan-electricity-2015");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  r = CheckArticle(
      "The new cluster will use about 8,760 GWh a year, more than New York City "
      "consumes.",
      "n.txt", c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(ReferenceOf(m[0]->claim->quantity), "nyc-electricity-2019");
  EXPECT_EQ(m[0]->verdict, Verdict::kOff);  // NYC uses ~52,500 GWh
  r = CheckArticle("Il campus di Microsoft vicino a Milano consumerà 300 GWh all'anno.", "p.txt", c,
                   NumberStyle::kItalian);
  EXPECT_TRUE(Mapped(*r).empty());
}

// A reference is paired with the number it is the subject of ("the US consumed around 4,000
// TWh", "Lombardy 63 TWh"), not with a nearer number before it in another clause: 9,000 TWh was
// checked against the US and 312 TWh against Lombardy (found by an adversarial tester).
TEST(ArticleMapping, AReferenceTakesTheNumberItIsTheSubjectOf) {
  const Catalog& c = Catalog::Embedded();
  const auto pairs = [&](const std::string& text) {
    const auto r = CheckArticle(text, "a.txt", c);
    std::vector<std::pair<double, std::string>> out;
    for (const auto* m : Mapped(*r)) {
      out.emplace_back(m->claim->value, ReferenceOf(m->claim->quantity));
    }
    return out;
  };
  auto p = pairs("China consumed more than 9,000 TWh in 2023; the US consumed around 4,000 TWh.");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NE(p[0].second, ReferenceOf(Mapped(*CheckArticle("The US used 4,000 TWh.", "u.txt", c))
                                         .at(0)
                                         ->claim->quantity));
  EXPECT_EQ(p[1].first, 4000);
  EXPECT_TRUE(p[1].second.starts_with("us-electricity")) << p[1].second;
  p = pairs("Italy used 312 TWh, Lombardy 63 TWh.");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(p[0].second.starts_with("italy-electricity")) << p[0].second;
  EXPECT_TRUE(p[1].second.starts_with("lombardy-electricity")) << p[1].second;
}

// One GPU named in the number's clause makes an energy that GPU's, however absurd: "One H100
// consumes 3,740 TWh a year" was unverifiable (above the one-GPU cap), while "one H100 draws
// 7 MW" was judged (found by an adversarial tester).
TEST(ArticleMapping, AnEnergyOfOneNamedGpuIsJudgedHoweverLarge) {
  const Catalog& c = Catalog::Embedded();
  for (const char* text : {"One H100 consumes 3,740 TWh a year.", "Each H100 uses 50 MWh a year."}) {
    const auto r = CheckArticle(text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->claim->quantity.text, "energy_gpus_kwh") << text;
    EXPECT_EQ(m[0]->verdict, Verdict::kOff) << text;
  }
}

// A number the sentence denies is not checked as asserted ("Each H100 does not draw 700 W" held,
// "245 MW, not 2,450 MW" called 2,450 MW off); a negation before a comparison turns it around
// ("not more than 600 W" is at most 600 W; it was read as more than 600 W). Found by an
// adversarial tester.
TEST(ArticleMapping, NegationsDenyOrTurnAComparisonAround) {
  const Catalog& c = Catalog::Embedded();
  for (const char* text : {"Each H100 does not draw 700 W.", "Each H100 doesn't draw 700 W."}) {
    const auto r = CheckArticle(text, "a.txt", c);
    EXPECT_TRUE(Mapped(*r).empty()) << text;
  }
  auto r = CheckArticle("Its 350,000 GPUs draw 245 MW, not 2,450 MW.", "b.txt", c);
  auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->value, 245);
  for (const auto& [text, hedge, verdict] :
       {std::tuple<const char*, const char*, Verdict>{"An H100 draws not more than 600 W.",
                                                      "at most", Verdict::kOff},
        {"Una H100 non consuma più di 800 W.", "at most", Verdict::kHolds},
        {"Each H100 doesn't draw less than 800 W.", "at least", Verdict::kOff},
        {"Not only does each H100 draw 700 W, it is fast.", "as stated", Verdict::kHolds}}) {
    r = CheckArticle(text, "c.txt", c);
    m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->claim->hedge->name, hedge) << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
  }
}

// A system's or a site's power is not the GPUs' alone: a rack or server named in the sentence
// gives both readings, power "from the grid" is the site's (each was judged against the GPUs
// alone and called off; found by an adversarial tester).
TEST(ArticleMapping, RackServerAndGridPowerAreNotTheGpusAlone) {
  const Catalog& c = Catalog::Embedded();
  for (const auto& [text, verdict] :
       {// The system's own maximum power (it was read as the GPUs alone or a facility with its
        // PUE, "partly"; fourteenth pass).
        std::pair<const char*, Verdict>{"The DGX B200 holds 8 GPUs and draws 14.3 kW.",
                                        Verdict::kHolds},
        {"xAI's Colossus runs 100,000 Nvidia H100 GPUs and draws about 150 MW from the grid.",
         Verdict::kHolds}}) {
    const auto r = CheckArticle(text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
  }
  const auto dgx = CheckArticle("The DGX B200 holds 8 GPUs and draws 14.3 kW.", "a.txt", c);
  ASSERT_EQ(Mapped(*dgx).size(), 1u);
  EXPECT_EQ(Mapped(*dgx)[0]->claim->quantity.text, "catalog:system/dgx-b200/max_power_w");
  // A rack of such servers is several systems: not one's power.
  EXPECT_TRUE(Mapped(*CheckArticle("The DGX H100 rack of four draws 40 kW.", "a.txt", c)).empty());
}

// "Each one", "each of them" after a sentence that named the GPUs: the number is one GPU's ("Each
// one draws 7 MW" was the fleet's power, called too low; "each one draws 700 W" was not mapped).
TEST(ArticleMapping, EachOneIsOneOfTheGpusJustNamed) {
  const Catalog& c = Catalog::Embedded();
  for (const auto& [text, quantity, verdict] :
       {std::tuple<const char*, const char*, Verdict>{
            "Meta bought 350,000 H100s. Each one draws 7 MW.", "catalog:gpu/h100-sxm/tdp_w",
            Verdict::kOff},
        {"Meta bought 350,000 H100s. Each one draws 700 W.", "catalog:gpu/h100-sxm/tdp_w",
         Verdict::kHolds},
        {"Meta bought 350,000 H100s. Each of them uses 6,132 kWh a year.", "energy_gpus_kwh",
         Verdict::kHolds}}) {
    const auto r = CheckArticle(text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->claim->quantity.text, quantity) << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
  }
}

// GPUs lined up named by their model alone are GPUs: "le 350.000 H100 coprirebbero 100 km" was
// "a length not said to be of GPUs lined up" (found by an adversarial tester).
TEST(ArticleMapping, GpusLinedUpNamedByTheirModel) {
  const auto r = CheckArticle("In fila, le 350.000 H100 coprirebbero 100 km.", "a.txt",
                              Catalog::Embedded(), NumberStyle::kItalian);
  const auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->quantity.text, "length_m");
}

// A household's energy written right after it ("the average American home (10,500 kWh)", "an
// American household's 10.5 MWh") is the household's, compared with the reference, not one GPU's
// energy (found by an adversarial tester).
TEST(ArticleMapping, AHouseholdsOwnValueIsTheHouseholds) {
  const Catalog& c = Catalog::Embedded();
  for (const char* text :
       {"An H100 running flat out uses 6,132 kWh a year, more than the average American home "
        "(10,500 kWh).",
        "One H100 uses 6,132 kWh a year, about 58% of an American household's 10.5 MWh."}) {
    const auto r = CheckArticle(text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 2u) << text;
    EXPECT_EQ(m[0]->claim->quantity.text, "energy_gpus_kwh") << text;
    EXPECT_EQ(ReferenceOf(m[1]->claim->quantity), "us-household-electricity") << text;
    EXPECT_EQ(m[1]->verdict, Verdict::kHolds) << text;
  }
}

// Multiples and "oltre il" before a reference: "twice as much as the whole city of Milan" was
// compared with Milan itself (a true claim called 2x off), "oltre il fabbisogno di Milano" read
// as Milan's value; a household's value before it or in a relative clause is the household's;
// "approx." is "about" and ends no sentence. Found by an adversarial tester.
TEST(ArticleMapping, MultiplesRelativeClausesAndApprox) {
  const Catalog& c = Catalog::Embedded();
  for (const auto& [text, style, verdict] :
       {std::tuple<const char*, NumberStyle, Verdict>{
            "The fleet would use 14,000 GWh a year, twice as much as the whole city of Milan.",
            NumberStyle::kEnglish, Verdict::kHolds},
        {"La flotta userebbe 14.000 GWh l'anno, il doppio dell'intera città di Milano.",
         NumberStyle::kItalian, Verdict::kHolds},
        {"The fleet would use 8,000 GWh a year, over twice the consumption of the whole city of "
         "Milan.",
         NumberStyle::kEnglish, Verdict::kOff},
        {"Le GPU consumerebbero 8.000 GWh l'anno, oltre il fabbisogno dell'intera città di Milano.",
         NumberStyle::kItalian, Verdict::kHolds}}) {
    const auto r = CheckArticle(text, "a.txt", c, style);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(ReferenceOf(m[0]->claim->quantity), "milan-electricity-2015") << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
  }
  for (const char* text :
       {"A single card would consume 6,132 kWh, more than half the 10,700 kWh an average American "
        "home uses annually.",
        "Una H100 consuma 6.132 kWh l'anno, più del doppio di una famiglia italiana media, che si "
        "ferma a 2.700 kWh."}) {
    const auto r = CheckArticle(text, "b.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 2u) << text;
    EXPECT_TRUE(ReferenceOf(m[1]->claim->quantity).ends_with("household-electricity")) << text;
    EXPECT_EQ(m[1]->verdict, Verdict::kHolds) << text;
  }
  const auto r = CheckArticle("The firm's 10,000 H100 chips each draw approx. 700 W.", "c.txt", c);
  const auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->hedge->name, "about");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
}

// Found by a second adversarial tester: a number paired with a GPU named after it in another
// clause; "China's data centres" read as China; an electricity bill and a server's price read as
// GPU prices; German years ("pro Jahr") not a period.
TEST(ArticleMapping, SubjectsSectorsBillsAndServers) {
  const Catalog& c = Catalog::Embedded();
  auto r = CheckArticle(
      "La A100 SXM ha un TDP di esattamente 400 W, mentre la A100 PCIe si ferma a 300 W.", "a.txt",
      c, NumberStyle::kItalian);
  auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  EXPECT_EQ(m[1]->verdict, Verdict::kHolds);
  r = CheckArticle("China's data centres consumed around 100 TWh last year.", "b.txt", c);
  EXPECT_TRUE(Mapped(*r).empty());
  r = CheckArticle(
      "Keeping 100,000 H100s running for a year would cost about $54.6 million in electricity.",
      "c.txt", c);
  EXPECT_TRUE(Mapped(*r).empty());
  r = CheckArticle("A fully loaded DGX H100 server with eight of them costs about $300,000.",
                   "d.txt", c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->claim->quantity.text, "catalog:system/dgx-h100/price_usd");
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
  r = CheckArticle("Die Flotte braucht 122 GWh pro Jahr bei 20.000 H100.", "e.txt", c);
  m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->verdict, Verdict::kHolds);
}

// Ordinary text the first versions of this session's rules misread (found by a tester hunting
// their false positives): names and quotes in other languages flipped the number style; "8-GPU
// servers" and "20,000 chip wafers" became the fleet's count; "each one" after data centres;
// "200,000 homes, which use" as one home's value; "the US company"; a share ("oltre il 3% dei
// consumi"); "twice the 2022 figure and less than Piedmont"; negations in another proposition;
// "nothing less than"; "before paying for power"; "ai suoi server" beside a GPU count.
TEST(ArticleMapping, TheNewRulesLeaveOrdinaryTextAlone) {
  const Catalog& c = Catalog::Embedded();
  struct Case {
    const char* text;
    Verdict verdict;  // of the one claim expected mapped
  };
  for (const Case& k : {
           Case{"Meta runs 350,000 H100 GPUs that draw 1,300 MW. Reporting by Jean de la Fontaine "
                "and Ana de la Cruz; editing by Luis de la Torre.",
                Verdict::kOff},  // 1,300 MW read as such: 5.3x the 245 MW of the GPUs
           Case{"Meta runs 350,000 H100 GPUs in 8-GPU servers, which cost about $10 billion in all.",
                Verdict::kHolds},
           Case{"Meta runs 350,000 H100 GPUs. TSMC makes 20,000 chip wafers a month; the fleet "
                "draws 245 MW.",
                Verdict::kPartly},
           Case{"Meta runs 350,000 H100 GPUs. The US company says they use 2,146 GWh a year.",
                Verdict::kPartly},
           Case{"The non-profit Epoch AI estimates that each H100 draws 700 W.", Verdict::kHolds},
           Case{"Meta won't say what it paid but each H100 draws 700 W.", Verdict::kHolds},
           Case{"It is not surprising that each H100 draws 700 W.", Verdict::kHolds},
           Case{"Each H100 draws not just 700 W but more at peak.", Verdict::kHolds},
           Case{"Each H100 draws nothing less than 500 W.", Verdict::kHolds},
           Case{"An H100 costs about $30,000 before paying for power and cooling.",
                Verdict::kHolds},
           Case{"Meta ha speso 10 miliardi di dollari per 350.000 GPU H100 destinate ai suoi "
                "server.",
                Verdict::kHolds},
       }) {
    const auto r = CheckArticle(k.text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << k.text;
    EXPECT_EQ(m[0]->verdict, k.verdict) << k.text;
  }
  auto r = CheckArticle(
      "Meta runs 350,000 H100 GPUs. The fleet matches 200,000 American homes, which use 2,146 GWh "
      "a year.",
      "b.txt", c);
  for (const auto* m : Mapped(*r)) EXPECT_NE(m->verdict, Verdict::kOff) << m->claim->id;
  r = CheckArticle(
      "Meta ha 350.000 GPU H100, che consumano 2.146 GWh all'anno, oltre il 3% dei consumi della "
      "Lombardia.",
      "c.txt", c);
  // The share scales the reference: Lombardy's 63.1 TWh is less than 2,146 GWh / 3% (it was
  // left unchecked, and before that compared with all of Lombardy).
  {
    bool compared = false;
    for (const auto* m : Mapped(*r)) {
      if (ReferenceOf(m->claim->quantity) != "lombardy-electricity-2023") continue;
      compared = true;
      EXPECT_NEAR(m->claim->value, 2146 / 0.03, 1) << m->claim->id;  // GWh
      EXPECT_EQ(m->claim->hedge->name, "less than") << m->claim->id;
      EXPECT_EQ(m->verdict, Verdict::kHolds) << m->claim->id;
    }
    EXPECT_TRUE(compared);
  }
  r = CheckArticle(
      "Meta runs 350,000 H100 GPUs. Their 2,146 GWh a year is twice the 2022 figure and less than "
      "Piedmont uses.",
      "d.txt", c);
  bool piedmont = false;
  for (const auto* m : Mapped(*r)) {
    if (ReferenceOf(m->claim->quantity).starts_with("piedmont")) {
      piedmont = true;
      EXPECT_EQ(m->verdict, Verdict::kHolds);
    }
  }
  EXPECT_TRUE(piedmont);
  r = CheckArticle("Meta runs 350,000 H100 GPUs in two data centres. Each one draws 150 MW.", "e.txt",
                   c);
  for (const auto* m : Mapped(*r)) {
    EXPECT_EQ(m->claim->id.find("gpu-power"), std::string::npos) << m->claim->id;
  }
}

// "respectively": the k-th number of its kind with the k-th GPU named before the numbers (every
// price went to the last GPU named; found by an adversarial tester).
TEST(ArticleMapping, RespectivelyPairsInOrder) {
  const Catalog& c = Catalog::Embedded();
  for (const char* text :
       {"The H100, B200 and MI300X cost $30,000, $35,000 and $15,000 respectively.",
        "La H100 e la A100 consumano rispettivamente 700 W e 400 W."}) {
    const auto r = CheckArticle(text, "a.txt", c);
    const auto m = Mapped(*r);
    ASSERT_GE(m.size(), 2u) << text;
    for (const auto* x : m) EXPECT_EQ(x->verdict, Verdict::kHolds) << text << " " << x->claim->id;
  }
}

// A facility reading takes the site of the article's language: France for French, the EU average
// for German and Spanish (each took Italy's PUE from the number style; found by an adversarial
// tester), Italy for Italian, the US average for English.
TEST(ArticleMapping, AFacilityReadingTakesTheSiteOfTheArticlesLanguage) {
  const Catalog& c = Catalog::Embedded();
  for (const auto& [text, site] :
       {std::pair<const char*, const char*>{
            "Un data center à Paris avec 10 000 GPU H100 consomme 20 MW pour les calculs.",
            "france"},
        {"Das Rechenzentrum mit 10.000 GPU H100 braucht 20 MW und ist neu.", "eu-average"},
        {"Meta ha 350.000 GPU H100 nel data center che consuma 245 MW.", "italy"},
        {"Meta runs 350,000 H100 GPUs in a data center that draws 245 MW.", "us-average"}}) {
    const auto d = DraftArticle(text, "a.txt", c);
    EXPECT_NE(d.claims_toml.find(std::string("site = \"") + site + "\""), std::string::npos)
        << text << "\n" << d.claims_toml;
  }
}

// Phrasing from a first unseen press-style text: "for the GPUs alone" beats the clause's
// "cluster"; a "cluster" alone gives both readings (it may be the GPUs or the building); one
// rack's power is not the article's fleet.
TEST(ArticleMapping, GpusAloneClustersAndRacks) {
  const Catalog& c = Catalog::Embedded();
  const std::string fleet = "Meta's two new clusters each contain 24,576 Nvidia H100 GPUs. ";
  auto r = CheckArticle(fleet +
                            "At 700W per GPU, a single cluster draws about 17 MW for the GPUs "
                            "alone.",
                        "g.txt", c);
  bool seen = false;
  for (const ClaimResult* x : Mapped(*r)) {
    if (x->claim->quantity.text != "power_gpus_tdp_w") continue;
    seen = true;
    EXPECT_EQ(x->verdict, Verdict::kHolds);  // 24,576 x 700 W = 17.2 MW
  }
  EXPECT_TRUE(seen);
  r = CheckArticle(fleet + "Over a year, one such cluster would use roughly 150 gigawatt-hours.",
                   "e.txt", c);
  auto m = Mapped(*r);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->readings.size(), 2u);        // the GPUs alone, and the facility
  EXPECT_EQ(m[0]->verdict, Verdict::kPartly);  // the GPUs alone: 151 GWh
  r = CheckArticle(fleet + "Nvidia's GB200 NVL72 rack draws 120 kW.", "r.txt", c);
  EXPECT_TRUE(Mapped(*r).empty());
  bool rack = false;
  for (const auto& n : r->draft.numbers) rack = rack || n.reason.find("rack") != std::string::npos;
  EXPECT_TRUE(rack);
  // Another company's site, sentences after the article's only count and with no word of GPUs,
  // is not that fleet.
  r = CheckArticle(fleet +
                       "The B200 consumes up to 1,000 watts. Google said it buys chips. "
                       "OpenAI's Stargate campus in Abilene is planned for 1.2 GW.",
                   "s.txt", c);
  for (const ClaimResult* x : Mapped(*r)) {
    EXPECT_EQ(x->claim->quantity.text.find("power_facility"), std::string::npos);
  }
}

TEST(ArticleFile, TextOrClaimsFile) {
  EXPECT_TRUE(LooksLikeArticle("a.txt", "title = 1"));
  EXPECT_TRUE(LooksLikeArticle("a.md", "# heading"));
  EXPECT_FALSE(LooksLikeArticle("a.toml", "Some prose."));
  EXPECT_FALSE(LooksLikeArticle("claims", "\n# comment\ntitle = \"x\""));
  EXPECT_FALSE(LooksLikeArticle("claims", "[scenario]\n"));
  EXPECT_FALSE(LooksLikeArticle("claims", "title = \"x\""));
  EXPECT_TRUE(LooksLikeArticle("article", "Meta bought 350,000 H100 = a lot."));
  EXPECT_TRUE(LooksLikeArticle("article", "   \n The first line is prose."));
  EXPECT_FALSE(LooksLikeArticle("input", ""));  // an empty file stays a claims file's error
  EXPECT_TRUE(LooksLikeArticle("input.txt", ""));
  EXPECT_FALSE(LooksLikeArticle("input", "\xEF\xBB\xBFtitle = \"t\""));
  EXPECT_FALSE(LooksLikeArticle("input", "\xC3\xA9\xC3\xA9 = = ]]] [[[\n"));  // TOML-like junk
  // A Markdown heading is no TOML: the API has no file name to go by (it refused such an
  // article as malformed TOML; found by an adversarial tester). "[UPDATE] ..." is prose.
  EXPECT_TRUE(LooksLikeArticle("<http>", "# Acme buys GPUs\n\nAcme bought 10,000 H100 GPUs."));
  EXPECT_TRUE(LooksLikeArticle("<http>", "[UPDATE] Acme bought 10,000 H100 GPUs for $300M."));
  EXPECT_FALSE(LooksLikeArticle("<http>", "# a claims file\n[[claim]]\nid = \"x\""));
  EXPECT_FALSE(LooksLikeArticle("<http>", "[[claim\n"));  // left open: the parser's error
  EXPECT_FALSE(LooksLikeArticle("<http>", "[scenario] # the fleet\ncount = 1"));
  EXPECT_FALSE(LooksLikeArticle("<http>", "# only comments\n# here"));
}

// Found by an adversarial tester (seventeenth pass): "[UPDATE]" alone on its line, "[Updated on 3
// December]", "[Aggiornamento]" or "Energy = money, says Meta." before an article made the API
// refuse it as malformed TOML, while the CLI and Python (by the file's .txt) checked it. The
// content alone decides the same on every front end: a header no claims file has is decided by
// the line after it; a value TOML does not start ("money, says", "700 W at full load") is prose.
TEST(ArticleFile, ABracketedTagOrAnEqualsSignBeforeProseIsAnArticle) {
  const std::string prose = "Meta will buy 350,000 Nvidia H100 GPUs. Each H100 draws 700 W.";
  for (const std::string& first :
       {std::string("[UPDATE]"), std::string("[Updated on 3 December]"),
        std::string("[Aggiornamento]"), std::string("[Mise à jour]"),
        std::string("[UPDATE]\n[Correction]"), std::string("Energy = money, says Meta."),
        std::string("H100 = 700 W at full load.")}) {
    EXPECT_TRUE(LooksLikeArticle("<http>", first + "\n" + prose)) << first;
    EXPECT_TRUE(LooksLikeArticle("article", first + "\n\n" + prose)) << first;
  }
  // Claims files stay claims files, with or without their errors.
  for (const char* toml :
       {"[source]\ntitle = \"x\"", "[scenario]\nMeta will buy GPUs.", "[ \"claim\" ]\nid = 1",
        "[UPDATE]\ntitle = \"x\"", "[UPDATE]\n[[claim]]\n", "[UPDATE]\n", "on = true",
        "hours = 8760 # a year", "count = 35O000", "date = 2024-12-03 10:00:00",
        "title = \"Energy = money\""}) {
    EXPECT_FALSE(LooksLikeArticle("<http>", toml)) << toml;
  }
}

// Found by an adversarial tester writing articles (twelfth session): a rack's power checked as
// one GPU's, a per-GPU price as the fleet's, CPUs' and cooling's power as the fleet's, a fleet's
// energy "together" as one GPU's, "at 0% utilization" at full power, an Italian "milioni di GPU"
// not a GPU count, a model's size as money.
TEST(ArticleMapping, RacksPartsPricesEachTogetherAndIdleLoads) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      Case{"A GB200 NVL72 rack draws 120 kW.", {}},
      Case{"Each GB200 NVL72 rack draws 120 kW.", {}},
      Case{"A GB200 NVL72 rack draws 120 kW, or 1.7 kW per GPU.", {}},
      Case{"The servers need 1.2 kW per GPU.", {}},
      Case{"Each H100 draws 700 W.", {holds}},
      Case{"Meta has 350,000 H100 GPUs. The 350,000 GPUs cost $30,000 each.", {holds}},
      Case{"Each H100 costs $30 million.", {off}},
      // 100,000 x 700 W = 70 MW; the CPUs', cooling's and network's are not the GPUs'
      Case{"The xAI cluster has 100,000 H100 GPUs. The 100,000 GPUs draw 70 MW, while its "
           "20,000 CPUs draw 5 MW. The cooling system draws 20 MW. The network switches use "
           "2 MW.",
           {holds}},
      // 350,000 x 700 W x 8,760 h = 2,146 GWh: 20 MWh is the fleet's, 1/107,310 of it
      Case{"Meta has 350,000 H100 GPUs. Together they consume 20 MWh a year.", {Verdict::kOff}},
      // at idle (73-130 W): 350,000 x 120 W x 8,760 h = 368 GWh
      Case{"Meta has 350,000 H100 GPUs. At 0% utilization the GPUs use 368 GWh a year.", {holds}},
      Case{"Meta has 350,000 H100 GPUs. At 150% load the GPUs use 368 GWh a year.", {}},
      // 1.5 M x 700 W = 1,050 MW (the GPUs alone)
      Case{"Meta avrà 1,5 milioni di GPU H100. Le GPU assorbiranno 1.050 MW.", {holds}},
      // the $10B against 16,384 x $30,000; the model's size is no money
      Case{"Meta spent $10B on GPUs. The 405B model was trained on 16,384 H100 GPUs.", {off}},
      Case{"The world's data centres consumed 415 TWh a year.", {holds}},
      // "the cluster" points back to the article's fleet: 100,000 x (700 W + 575 W host) x
      // PUE 1.1-1.58 = 140-201 MW at the facility
      Case{"Acme bought 100,000 Nvidia H100 GPUs. Each H100 draws 700 W. The cluster will "
           "draw 150 MW from the grid.",
           {holds, holds}},
  });
  // The money borrowed from '$10B' reaches the next sentence only, and never a model's size.
  const Extraction e = Extract(
      "Meta spent $10B on GPUs. The 405B model was big. Il modello da 70 miliardi di parametri "
      "gira. Costano 30 miliardi.");
  for (const ExtractedQuantity& q : e.quantities) {
    if (q.text != "$10B") {
      EXPECT_NE(q.unit, "USD") << q.text;
    }
  }
}

// Found by an adversarial tester writing articles in five languages: multiples and shares of a
// reference ("twice Italy's", "a third of Lombardy's", "10% of", "2.5 times", "doppelt so viel
// wie Italien", "la moitié de l'Italie") were compared with the whole reference and called off;
// a percentage about savings or the grid became the GPUs' load; French, German and Spanish
// hedges, Spanish "no", "respectivement" / "bzw." / "respectivamente", "50,000 new H200 GPUs"
// were ignored; revenue and capital expenditure were checked as the GPUs' price.
TEST(ArticleMapping, MultiplesSharesLoadsHedgesAndOtherLanguages) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // Italy 312 TWh (2024), Lombardy 63.1 TWh (2023)
      Case{"The fleet uses 626 TWh a year, twice Italy's consumption.", {holds}},
      Case{"The fleet uses 313 TWh a year, twice Italy's consumption.", {off}},
      Case{"The fleet uses 626 TWh a year, two times Italy's consumption.", {holds}},
      Case{"The fleet uses 21,000 GWh a year, a third of Lombardy's consumption.", {holds}},
      Case{"The fleet uses 6.3 TWh a year, 10% of Lombardy's consumption.", {holds}},
      Case{"The fleet uses 63 TWh a year, 10% of Lombardy's consumption.", {off}},
      Case{"The fleet uses 780 TWh a year, 2.5 times more than Italy.", {holds}},
      Case{"Der Park verbraucht 624 TWh im Jahr, doppelt so viel wie Italien.", {holds}},
      Case{"Le parc consomme 156 TWh par an, la moitié de l'Italie.", {holds}},
      // 10,000 H100 x 700 W x 8,760 h = 61.3 GWh
      Case{"Investors put 30% of their savings into AI stocks. Meta's 10,000 H100 GPUs use "
           "61 GWh a year.",
           {holds}},
      Case{"Grid load in Virginia rose 12% last year. Meta's 10,000 H100 GPUs use 61 GWh a "
           "year.",
           {holds}},
      Case{"Running at 61% utilisation, 3.5 million H100s would use about 13,091 GWh a year.",
           {holds}},
      // 10,000 H100 x 700 W = 7 MW
      Case{"Ces 10 000 GPU H100 consomment plus de 5 MW.", {holds}},
      Case{"Ces 10 000 GPU H100 consomment environ 8 MW.", {holds}},
      Case{"Ces 10 000 GPU H100 consomment moins de 5 MW.", {off}},
      Case{"Die 10.000 H100-GPUs verbrauchen rund 7 MW.", {holds}},
      Case{"Las 10.000 GPU H100 consumen unos 7 MW.", {holds}},
      Case{"Las 10.000 GPU H100 no consumen 10 MW.", {}},
      Case{"La H100 et la B200 consomment respectivement 700 W et 1 000 W.", {holds, holds}},
      Case{"La H100 y la B200 consumen 700 W y 1.000 W respectivamente.", {holds, holds}},
      Case{"Die H100 bzw. die B200 verbrauchen 700 W bzw. 1.000 W.", {holds, holds}},
      Case{"Meta runs 100,000 H100 GPUs. The company is now adding 50,000 new H200 GPUs, "
           "which will draw another 35 MW.",
           {holds}},
      Case{"Meta bought 350,000 H100s. Its revenue rose to $62 billion and it spent $19 "
           "billion on capital expenditure, much of it on GPUs.",
           {}},
      Case{"Meta a dépensé 10 milliards de dollars pour 350 000 GPU H100.", {holds}},
      // A regression hunt on the rules above (a second tester): a hedge before a multiple,
      // "N times less", "2x", "two-thirds", "a fraction of"; ties that are not comparisons.
      Case{"The fleet uses 900 TWh a year, more than twice as much as Italy.", {holds}},
      Case{"The fleet uses 500 TWh a year, more than twice as much as Italy.", {off}},
      Case{"The fleet uses 10 TWh a year, less than half of Lombardy's consumption.", {holds}},
      Case{"The fleet uses 2 TWh a year, not even 1% of Italy's consumption.", {holds}},
      Case{"The fleet uses 42 TWh a year, two-thirds of Lombardy's consumption.", {holds}},
      Case{"The fleet uses 626 TWh a year, 2x Italy's consumption.", {holds}},
      Case{"The fleet uses 2 TWh a year, a fraction of Italy's consumption.", {holds}},
      Case{"The fleet uses 2,146 GWh a year, 10% of which comes from Italy.", {}},
      Case{"The fleet uses 5 TWh a year, 10 times faster growth than Italy.", {}},
      // A place named is not the number's owner unless it is the clause's subject or near it.
      Case{"Le fonds italien a acheté 10 000 H100 qui consomment 61,3 GWh par an.", {holds}},
      Case{"10,000 H100s smuggled via India use 61.3 GWh a year.", {holds}},
      Case{"Meta runs 10,000 H100 GPUs using 61.3 GWh a year; Italy used 312 TWh.", {holds, holds}},
      Case{"Italy used 3 TWh in 2024.", {off}},
      // Percentages that are not loads; counts that are not GPUs.
      Case{"About 40% of their budget went to the 10,000 H100 GPUs, which use 61.3 GWh a "
           "year.",
           {Verdict::kPartly}},
      Case{"The 10,000 H100 GPUs sit idle 30% of the time and use 61.3 GWh a year.", {holds}},
      Case{"The GPUs run at 61% of their 700 W. The 350,000 H100 use 1,309 GWh a year.", {holds}},
      Case{"2,000 startups rent H100 GPUs from the cluster, which draws 7 MW.", {}},
      Case{"The site has 500 racks of H100 GPUs and draws 7 MW.", {}},
      Case{"Meta runs 72,000 Blackwell GPUs drawing 72 MW.", {holds}},
      // Spanish: "no ... sino", "no sólo"; German "Über" at a sentence's start.
      Case{"Las 10.000 GPU H100 no consumen 10 MW sino 7 MW.", {holds}},
      Case{"Über 10.000 H100 verbrauchen 7 MW.", {holds}},
      // An idle power is checked against the GPU's idle figure (73-130 W for the H100).
      Case{"An H100 draws 700 W at full load and 70 W when idle.", {holds, holds}},
      // A home's, a family's or a car's energy is not one GPU's (eleventh pass: each was
      // checked as one H100's year); "as much as 5,800 homes" after the number still
      // compares the fleet's.
      Case{"The cluster has 10,000 H100 GPUs. A typical US home uses 10,500 kWh a year.", {}},
      Case{"An electric car uses about 2,250 kWh a year.", {}},
      Case{"Nvidia shares rose to $130 per share after Meta agreed to buy 350,000 H100 GPUs.", {}},
      Case{"Renting an H100 costs $2.50 per GPU-hour on Lambda.", {}},
      Case{"Meta bought 350,000 H100 GPUs; shipping cost $500 per server.", {}},
      Case{"Una famiglia italiana consuma 2.700 kWh all'anno.", {}},
      Case{"The 10,000 H100 GPUs use 61 GWh a year, as much as 5,800 American homes.",
           {holds, holds}},
      Case{"Die H100 braucht 700 W bzw. 70 W im Leerlauf.", {holds, holds}},
      Case{"Une H100 consomme 300 W au repos.", {off}},
      // "respectively" pairs a number with its GPU and that GPU's count.
      Case{"Meta a 10 000 H100 et 5 000 B200, qui consomment respectivement 7 MW et 5 MW.",
           {Verdict::kPartly, Verdict::kPartly}},
      Case{"Meta has 10,000 H100 and 5,000 B200, which draw 30 MW and 5 MW respectively.",
           {off, Verdict::kPartly}},
      // A third tester's regression hunt: mixed languages, idle words before the number or
      // in other clauses, places that modify or change, subsets, "$" before the next number,
      // refutations after the number.
      Case{"Meta runs 350,000 H100 GPUs. Per il Corriere, la flotta usa 2.146 GWh all'anno.",
           {Verdict::kPartly}},  // the GPUs alone hold; the facility reading does not
      Case{"An idle H100 still draws around 100 W.", {holds}},
      Case{"Eine H100 zieht 700 W unter Last, im Leerlauf rund 90 W.", {holds, holds}},
      Case{"An H100 draws 700 W whether busy or idle.", {holds}},
      Case{"The US data centre sector consumed 176 TWh in 2023.", {}},
      Case{"Italy could power that fleet for a year with 0.6 TWh.", {}},
      Case{"Un cluster di 10.000 H100 in Lombardia consuma 61 GWh all'anno, mentre la "
           "Lombardia ne consuma 63,1 TWh.",
           {holds, holds}},
      Case{"China consumes more than 9,000 TWh a year.", {holds}},
      Case{"Meta runs 350,000 H100 GPUs. 80,000 of those GPUs, drawing 56 MW, sit in Texas.",
           {Verdict::kPartly}},
      Case{"Price per H100 GPU: 2023 $ 25,000, 2024 $ 30,000.", {holds, holds}},
      Case{"Each H100 draws 1,500 W, the website falsely claimed.", {}},
      Case{"The GPUs were incorrectly cooled but still drew 7 MW, said Meta of its 10,000 "
           "H100.",
           {holds}},
      // Figures the sentence reports as wrong are not the article's.
      Case{"Meta runs 10,000 H100 GPUs. A report wrongly put their draw at 70 MW.", {}},
      Case{"Meta runs 10,000 H100 GPUs. The claim that they draw 70 MW is false.", {}},
      Case{"Meta runs 10,000 H100 GPUs. They draw 7 MW.", {Verdict::kPartly}},  // + facility
      // A year said before the number, or in Latin (700 W x 8,760 h = 6,132 kWh)
      Case{"Eine H100 verbraucht im Jahr bis zu 6.132 kWh.", {holds}},
      Case{"Each H100 uses 6,132 kWh per annum.", {holds}},
  });
}

// Findings of the fourteenth hardening pass (docs/validation.md), each as its text and the
// verdicts it must get (none: nothing judged).
TEST(ArticleMapping, FourteenthPassGenericGpusSitesFamiliesAndUnits) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // No GPU named or counted, none spoken of: nothing is an H100's.
      Case{"A heat pump uses 3,500 kWh a year. A fridge uses 300 kWh per year.", {}},
      Case{"A kettle uses 2 kWh a day.", {}},
      // The generic noun after a word for one is one GPU, not the fleet (6,132 kWh a year is
      // one H100 at 700 W; the fleet's would be 1.23 TWh).
      Case{"xAI runs 200,000 H100 GPUs. Each GPU consumes 6,132 kWh a year.", {holds}},
      Case{"xAI runs 200,000 H100 GPUs. Each GPU consumes 61,320 kWh a year.", {off}},
      Case{"xAI runs 200,000 H100 GPUs. Each GPU draws 700 W.", {holds}},
      Case{"Il cluster ha 200.000 GPU H100. Ogni GPU assorbe 700 W.", {holds}},
      // A GPU-hour's price is a rental rate; a GPU server's power is a server's.
      Case{"Meta runs 350,000 H100 GPUs. One GPU-hour costs $2.", {}},
      Case{"Meta runs 350,000 H100 GPUs. Each GPU server draws 10 kW.", {}},
      // A campus's planned capacity is not the fleet's power.
      Case{"xAI runs 200,000 H100 GPUs in Memphis. Each H100 draws 700 W. The campus is planned "
           "for 1.2 GW.",
           {holds}},
      // A model named in the clause wins over an architecture's name (GB200: 1,200 W).
      Case{"Each GB200 NVL72 rack holds 72 Blackwell GPUs drawing 1,200 W each.", {holds}},
      // "da sole" set off by commas: the GPUs alone (50,000 B200 x 1,000 W = 50 MW).
      Case{"Nel campus ci sono 50.000 GPU B200. Le 50.000 schede, da sole, assorbono 50 MW.",
           {holds}},
      // A count of Italian households is compared (Italian household 2,700 kWh a year).
      Case{"The cluster uses 38,000 kWh a year, as much as 14 Italian households.", {holds}},
  });
  const Catalog& c = Catalog::Embedded();
  // Millilitres are extracted; an area is no length.
  const auto extracted = [&](const std::string& text) {
    return CheckArticle(text, "a.txt", c, NumberStyle::kItalian)->draft.extraction.quantities;
  };
  const auto ml = extracted("Un prompt usa 0,26 mL d'acqua. 500 millilitri.");
  ASSERT_EQ(ml.size(), 2u);
  EXPECT_EQ(ml[0].unit, "mL");
  EXPECT_DOUBLE_EQ(ml[0].value_si, 0.26e-6);
  EXPECT_TRUE(extracted("Il campus occupa 90.000 metri quadrati.").empty());
  EXPECT_EQ(extracted("Il data center misura 500 metri di lunghezza.").size(), 1u);
  // The reasons say what is missing.
  const auto reason = [&](const std::string& text) {
    const auto r = CheckArticle(text, "a.txt", c);
    return r->draft.numbers.empty() ? std::string() : r->draft.numbers.back().reason;
  };
  EXPECT_NE(reason("A fridge costs $500.").find("does not tie to GPUs"), std::string::npos);
  EXPECT_NE(reason("Meta runs 100,000 H100 GPUs. Each H100 draws 700 W. The campus is planned "
                   "for 1.2 GW.")
                .find("a site may hold more"),
            std::string::npos);
}

// The quantity of the first claim drafted from the number written `number` in `text`, or "".
std::string QuantityFrom(const std::string& text, const std::string& number) {
  const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
  for (const MappedNumber& m : r->draft.numbers) {
    if (r->draft.extraction.quantities[m.quantity].text != number || m.claims.empty()) continue;
    for (const ClaimResult& c : r->report.results)
      if (c.claim->id == m.claims.front()) return c.claim->quantity.text;
  }
  return "";
}

// Findings of the fifteenth hardening pass (docs/validation.md): an adversarial tester of
// `gpufleet check ARTICLE` in five languages.
TEST(ArticleMapping, FifteenthPassMultiplesNounsPricesIdleTotalsSharesYears) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // "N times less than" divides (Lombardy 63.1 TWh, Milan 6.8-7.1 TWh), in every language.
      Case{"Meta bought 350,000 H100 GPUs. The fleet uses 63,000 GWh a year, ten times less than "
           "Lombardy.",
           {off, off}},
      Case{"The fleet uses 6,300 GWh a year, ten times less than Lombardy.", {holds}},
      Case{"The fleet uses 2,300 GWh a year, three times less than the whole city of Milan.",
           {holds}},
      Case{"The fleet uses 6,900 GWh a year, three times less than the whole city of Milan.",
           {off}},
      Case{"Le parc consomme 6 300 GWh par an, dix fois moins que la Lombardie.", {holds}},
      Case{"El parque consume 6.300 GWh al año, diez veces menos que Lombardía.", {holds}},
      Case{"Der Park verbraucht 6.300 GWh im Jahr, zehnmal weniger als die Lombardei.", {holds}},
      Case{"Il parco consuma 6.300 GWh all'anno, dieci volte meno della Lombardia.", {holds}},
      // "cards", "cartes", "tarjetas", "Karten" are GPUs, not electric cars (15,000 x 700 W).
      Case{"Meta bought 350,000 H100 cards. Together the 350,000 cards draw 245 MW.", {holds}},
      Case{"Meta a acheté 15 000 cartes H100. Les 15 000 cartes consomment 10,5 MW.", {holds}},
      Case{"Meta compró 15.000 tarjetas H100. Las 15.000 tarjetas consumen 10,5 MW.", {holds}},
      Case{"Meta kaufte 15.000 Karten vom Typ H100. Die 15.000 Karten verbrauchen 10,5 MW.",
           {holds}},
      // An idle word in an opening phrase before the number (H100, H200 idle: 120 W).
      Case{"Un fonds a acheté 20 000 GPU H100. Au repos, une H100 consomme encore 120 W.", {holds}},
      Case{"En reposo, una H200 consume 120 W.", {holds}},
      Case{"When idle, an H100 draws 120 W.", {holds}},
      Case{"A riposo, una H100 assorbe 120 W.", {holds}},
      Case{"Idle GPUs waste power; each H100 draws 700 W.", {holds}},
      // A small power said of the GPUs together is the fleet's (350,000 x 700 W = 245 MW).
      Case{"Meta bought 350,000 H100 GPUs. Together, the 350,000 H100 GPUs draw 700 W in total.",
           {off}},
      Case{"Meta a acheté 350 000 GPU H100. Au total, les 350 000 GPU consomment 700 W.", {off}},
      // A share of the world's data centres (IEA 2024: 415 TWh).
      Case{"The cluster holds 400,000 GB200 GPUs. The GPUs use 4.2 TWh a year, 1% of the world's "
           "data centres in 2024.",
           {holds, holds}},
      Case{"The cluster holds 400,000 GB200 GPUs. The GPUs use 42 TWh a year, a tenth of the "
           "world's data centres' consumption.",
           {holds, off}},
      // A year in words (16,384 x 700 W x 8,760 h = 100.5 GWh; India 1,600+ TWh).
      Case{"Meta entrenó Llama en 16.384 GPU H100. En un año, las GPU consumen 100 GWh.", {holds}},
      Case{"Meta a entraîné Llama sur 16 384 GPU H100. En un an, les GPU consomment 100 GWh.",
           {holds}},
      Case{"Meta trained Llama on 16,384 H100 GPUs. Over a full year, the GPUs use 100 GWh.",
           {holds}},
      Case{"Meta entrenó Llama en 16.384 GPU H100. En un año, las GPU consumen 100 GWh, más que "
           "el consumo eléctrico de la India.",
           {off, holds}},
      // The docs' own GPU count: "350k di queste schede" (350,000 x 700 W = 245 MW).
      Case{"Meta ha comprato GPU H100. Dunque 350k di queste schede richiedono 245 MW.", {holds}},
  });
  // A price per card in Italian, French, German, Spanish is one GPU's, not the fleet's.
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Meta ha comprato 25.000 GPU B200. Ha speso 3,5 miliardi di dollari per acquistare le "
            "GPU, cioè 70.000 dollari a scheda.",
            "70.000 dollari"},
           {"Le fonds a acheté 20 000 GPU B200. Il a dépensé 600 millions d'euros pour les GPU, "
            "soit environ 30 000 dollars par carte.",
            "30 000 dollars"},
           {"Der Fonds kaufte 10.000 GPUs vom Typ B200. Die GPUs kosteten 300 Mio. €, also rund "
            "30.000 Euro pro Karte.",
            "30.000 Euro"},
           {"El fondo compró 10.000 GPU B200. Las GPU costaron 300 millones de dólares, unos "
            "30.000 dólares por tarjeta.",
            "30.000 dólares"},
           {"Meta bought 10,000 B200 GPUs. It spent $300 million on the GPUs, $30,000 per B200.",
            "$30,000"}}) {
    EXPECT_EQ(QuantityFrom(text, number), "catalog:gpu/b200/price_usd") << text;
  }
  // The world's data centres are no site: the article's count reaches the energy.
  EXPECT_EQ(QuantityFrom("OpenAI's campus will host 400,000 GB200 chips. At 1.2 kW per chip, the "
                         "GPUs alone draw 480 MW. Over a year, that is 4.2 TWh, roughly 1% of the "
                         "world's data centres' electricity in 2024.",
                         "4.2 TWh"),
            "catalog:reference/global-data-centres-2024/energy_kwh");
}

// The same pass: durations, volumes and loads in other languages, pools per year, a number too
// long for a double, a price per kWh.
TEST(ArticleMapping, FifteenthPassDurationsVolumesPoolsLoadsAndHugeNumbers) {
  const Verdict holds = Verdict::kHolds;
  ExpectVerdicts({
      // 10,000 x 700 W x 54 days (1,296 h) = 9.07 GWh
      Case{"Ein Training über 54 Tage auf allen 10.000 GPUs vom Typ H100 braucht rund 9 GWh.",
           {holds}},
      // A volume per year shared among pools (2,500 m3): 4.54 GL / 1,800, 100,000 m3 / 40
      Case{"The campus uses 1.2 billion gallons a year, or about 1,800 Olympic pools.", {holds}},
      Case{"Il campus usa 100 milioni di litri l'anno, l'equivalente di 40 piscine olimpioniche.",
           {holds}},
      // "solo para las GPU": the GPUs alone (16,384 x 700 W = 11.5 MW)
      Case{"Meta entrenó Llama en 16.384 GPU H100. Cada H100 consume 700 W, así que el clúster "
           "entero necesita unos 11,5 MW solo para las GPU.",
           {holds, holds}},
      // Water and a price of energy are no GPUs' figures.
      Case{"Die GPUs kosteten 300 Mio. $. Die Anlage braucht 86 Mio. Liter Wasser.", {}},
      Case{"La electricidad cuesta 0,12 euros por kWh.", {}},
  });
  const Catalog& c = Catalog::Embedded();
  // French "80 % de charge" is the load.
  const auto r = CheckArticle(
      "Le parc compte 15 000 GPU B200. Selon l'opérateur, les GPU tournent à 80 % de charge en "
      "moyenne, soit environ 113 GWh par an.",
      "a.txt", c);
  bool loaded = false;
  for (const MappedNumber& m : r->draft.numbers)
    loaded = loaded || m.assumed.find("load 0.8 from '80 %'") != std::string::npos;
  EXPECT_TRUE(loaded) << r->draft.claims_toml;
  // A number too long for a double is listed with its reason, and check shows it.
  const auto huge = CheckArticle("Each H100 draws " + std::string(400, '9') + " W.", "h.txt", c);
  ASSERT_EQ(huge->draft.numbers.size(), 1u);
  EXPECT_NE(huge->draft.numbers[0].reason.find("not finite"), std::string::npos);
  EXPECT_NE(RenderArticleText(*huge).find("not finite"), std::string::npos);
}

// The mapped number written `number` in `text`, or nullptr (the report outlives it: kept here).
const MappedNumber* NumberIn(const std::unique_ptr<ArticleReport>& r, const std::string& number) {
  for (const MappedNumber& m : r->draft.numbers)
    if (r->draft.extraction.quantities[m.quantity].text == number) return &m;
  return nullptr;
}

// Findings of the fifteenth pass, second round (docs/validation.md): a second adversarial tester
// of the first round's rules.
TEST(ArticleMapping, FifteenthPassSecondRoundHedgesCardsPricesEach) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  ExpectVerdicts({
      // A hedge said of "N times less" stays with the reference: Italy (312.3 TWh) is more than
      // ten times 24.5 TWh (12.7x), not less.
      Case{"Meta runs 4,000,000 H100 GPUs. Over a full year they use 24.5 TWh, more than ten "
           "times less than Italy.",
           {holds, partly}},
      Case{"Meta runs 4,000,000 H100 GPUs. Over a full year they use 24.5 TWh, less than ten "
           "times less than Italy.",
           {off, partly}},
      Case{"Meta runs 4,000,000 H100 GPUs. Over a full year they use 24.5 TWh, almost ten times "
           "less than Italy.",
           {off, partly}},
      Case{"Meta gestisce 4.000.000 di GPU H100. In un anno consumano 24,5 TWh, oltre dieci volte "
           "meno dell'Italia.",
           {holds, partly}},
      Case{"Meta betreibt 4.000.000 GPUs vom Typ H100. In einem Jahr verbrauchen sie 24,5 TWh, "
           "mehr als zehnmal weniger als Italien.",
           {holds, partly}},
      // Cards no GPU is tied to are no GPU count; a price per such a card no GPU's price.
      Case{"Meta trained Llama on 16,384 H100 GPUs. The engineers play with 52 cards on breaks.",
           {}},
      Case{"El fondo compró 2.000 GPU H100. Compró 1.000 tarjetas SIM a 5 euros por tarjeta.", {}},
      Case{"Meta a acheté 2 000 GPU H100. La cantine distribue 400 cartes de cantine.", {}},
      Case{"Meta bought 600 H100 GPUs. The company's gift cards cost $50 per card.", {}},
      Case{"Meta a acheté 600 GPU H100. Les timbres coûtent 5 euros par carte postale.", {}},
      Case{"Meta ha comprato 600 GPU H100. Il voto costa 2 euro a scheda elettorale.", {}},
      Case{"Meta kaufte 600 GPUs vom Typ H100. Sie kauften 3 Eintrittskarten für 15 Euro pro "
           "Karte.",
           {}},
      Case{"Meta bought 600 H100 GPUs. It spends $1,000 per GPU a year on electricity.", {}},
      // ... cards tied to GPUs still are (600 x 700 W = 420 kW).
      Case{"Meta bought 600 H100 cards. Together the 600 cards draw 420 kW.", {holds}},
      Case{"Meta bought 600 H100 cards. It paid $30,000 per card.", {holds}},
      // A small sum for GPUs counted in another sentence is neither the fleet's price nor one
      // GPU's.
      Case{"Meta has 350,000 H100 GPUs. They paid $30,000 for the GPUs.", {}},
      Case{"Meta ha 350.000 H100. Hanno pagato 80 euro per le schede.", {}},
      // "Each card" in Spanish and French.
      Case{"La empresa compró 2.000 tarjetas H100. Cada tarjeta consume hasta 700 W.", {holds}},
      Case{"La société a acheté 2 000 cartes H100. Chaque carte consomme jusqu'à 700 W.", {holds}},
  });
  // GPU nouns are whole words: "Cardiac" does not make a clause speak of GPUs.
  const auto r = CheckArticle(
      "xAI runs 100,000 H100 GPUs in Memphis. Cardiac surgeons at the hospital run 12 scanners "
      "that draw 300 kW.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* kw = NumberIn(r, "300 kW");
  ASSERT_NE(kw, nullptr);
  EXPECT_EQ(kw->assumed.find("speaks of GPUs"), std::string::npos) << kw->assumed;
  const auto cards = CheckArticle(
      "Meta trained Llama on 16,384 H100 GPUs. The engineers play "
      "with 52 cards on breaks.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* count = NumberIn(cards, "52 cards");
  ASSERT_NE(count, nullptr);
  EXPECT_EQ(count->reason.find("GPU count"), std::string::npos) << count->reason;
}

// The same round: shares said of something else, idle words of another clause, GPUs counted in
// words.
TEST(ArticleMapping, FifteenthPassSecondRoundSharesIdleTogether) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  // The fleet's energy is off: 24.5 TWh at TDP, 49-71 TWh as a facility.
  const std::string fleet = "Meta runs 4,000,000 H100 GPUs. Over a full year they use 41.5 TWh, ";
  ExpectVerdicts({
      // A share or multiple tied to the reference but not to the number compares nothing.
      Case{(fleet + "in a country that hosts 45% of the world's data centres.").c_str(), {off}},
      Case{(fleet + "and Nvidia supplies 90% of the world's data centres.").c_str(), {off}},
      Case{(fleet + "and the site employs half the world's data centre engineers.").c_str(), {off}},
      Case{(fleet + "with a carbon intensity three times less than Italy's.").c_str(), {off}},
      Case{(fleet + "with CO2 emissions about 10% of Italy's.").c_str(), {off}},
      // ... a share said of the number still does (IEA 2024: 415 TWh).
      Case{(fleet + "roughly 10% of the world's data centres' consumption.").c_str(), {holds, off}},
      // An idle word of another clause is not the GPU's; a GPU named only in a later clause does
      // not own a power.
      Case{"Meta a acheté 2 000 GPU H100. Au repos, les ventilateurs consomment 50 W, mais une "
           "H100 consomme 700 W.",
           {holds}},
      Case{"Meta compró 2.000 GPU H100. En reposo, los ventiladores consumen 60 W, pero una H100 "
           "consume 700 W.",
           {holds}},
      Case{"A riposo il personale beve caffè, mentre una H100 consuma 700 W.", {holds}},
      Case{"Even when the staff are idle, one H100 draws 700 W.", {holds}},
      Case{"Even when it is idle, an H100 draws 120 W.", {holds}},
      // GPUs counted in words, said together (4 x 700 W, 2 x 700 W).
      Case{"Together, four H100 GPUs draw 2.8 kW.", {holds}},
      Case{"Zusammen verbrauchen zwei H100 1.400 W.", {holds}},
      // Electric cars in Spanish and German, a truck: no GPU's energy.
      Case{"Meta compró 2.000 GPU H100. Un coche eléctrico consume 2.000 kWh al año.", {}},
      Case{"Meta kaufte 2.000 GPUs vom Typ H100. Ein Elektroauto verbraucht 2.000 kWh im Jahr.",
           {}},
      Case{"Meta bought 2,000 H100 GPUs. A frozen-food truck uses 20,000 kWh a year.", {}},
      // A share after an elided article ("all'8%": 5.05 TWh / 0.08 = 63.1 TWh, Lombardy 2023).
      Case{"Le 824.000 H100 consumano in un anno 5,05 TWh, pari all'8% dei consumi della "
           "Lombardia.",
           {holds, holds}},
  });
  // "dalla rete" is the grid, not the network: the whole facility, as "dalla rete elettrica".
  const std::string grid = QuantityFrom(
      "Una società ha 5.000 schede H100. Il campus intero preleva dalla rete 8 MW.", "8 MW");
  EXPECT_FALSE(grid.empty());
  EXPECT_EQ(grid, QuantityFrom("Una società ha 5.000 schede H100. Il campus intero preleva 8 MW "
                               "dalla rete elettrica.",
                               "8 MW"));
}

// The reason the mapper gave an unmapped number of `text` written `number`, or "".
std::string ReasonFor(const std::string& text, const std::string& number) {
  const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
  for (const MappedNumber& m : r->draft.numbers) {
    if (r->draft.extraction.quantities[m.quantity].text == number) return m.reason;
  }
  return "";
}

// Findings of the seventeenth hardening pass (docs/validation.md, "whose number it is"): an idle
// figure stated first made the full load idle too; a fridge's or a home's power after a GPU was
// the GPU's TDP; a GPU named after the number won over the one a relative clause is about; a
// place's relative clause ("Lombardy, which uses 6.3 TWh") was the fleet's energy; a forecast was
// judged by a past year's figure.
TEST(ArticleMapping, SeventeenthPassWhoseNumberItIs) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  const std::string fleet = "Meta will buy 350,000 Nvidia H100 GPUs. ";
  ExpectVerdicts({
      // Idle first, then the full load (H100: 120 W idle, 700 W TDP), in five languages.
      Case{"An H100 draws 120 W when idle and 700 W at full load.", {holds, holds}},
      Case{"An H100 draws 120 W when idle and 300 W at full load.", {holds, off}},
      Case{"An H100 draws 700 W at full load and 120 W when idle.", {holds, holds}},
      Case{"An H100 draws 700 W at full load and 500 W when idle.", {holds, off}},
      Case{"Una H100 consuma 120 W a riposo e 700 W a pieno carico.", {holds, holds}},
      Case{"Une H100 consomme 120 W au repos et 700 W à pleine charge.", {holds, holds}},
      Case{"Eine H100 zieht 120 W im Leerlauf und 700 W unter Volllast.", {holds, holds}},
      Case{"Una H100 consume 120 W en reposo y 700 W a plena carga.", {holds, holds}},
      // Another thing's power after the GPU's: not the GPU's.
      Case{"One H100 draws 700 W, and a typical fridge draws 150 W.", {holds}},
      Case{"One H100 draws 300 W, and a typical fridge draws 150 W.", {off}},
      Case{"Each H100 draws 700 W, while an average American home draws 1,200 W.", {holds}},
      Case{"Una H100 consuma 700 W, mentre un frigorifero consuma 150 W.", {holds}},
      Case{"Une H100 consomme 700 W, alors qu'un réfrigérateur consomme 150 W.", {holds}},
      Case{"Eine H100 zieht 700 W, während ein Kühlschrank 150 W zieht.", {holds}},
      Case{"Una H100 consume 700 W, mientras que una nevera consume 150 W.", {holds}},
      Case{"One H100 uses 6,132 kWh a year, and a fridge uses 400 kWh a year.", {holds}},
      Case{"An H100 in a gaming PC draws 700 W.", {holds}},
      // The GPU a relative clause is about (A100: 400 W).
      Case{"Compared with the A100, which draws 400 W, the H100 draws 700 W.", {holds, holds}},
      Case{"Compared with the A100, which draws 700 W, the H100 draws 700 W.", {off, holds}},
      Case{"Rispetto alla A100, che consuma 400 W, la H100 consuma 700 W.", {holds, holds}},
      Case{"Im Vergleich zur A100, die 400 W zieht, zieht die H100 700 W.", {holds, holds}},
  });
  // A place's relative clause: the place's own figure (Lombardy 63.1 TWh, Italy 312 TWh), not the
  // fleet's energy.
  for (const auto& [text, verdict] : std::vector<std::pair<std::string, Verdict>>{
           {fleet + "Lombardy, which uses 6.3 TWh a year, hosts many data centres.", off},
           {fleet + "Lombardy, which uses 63 TWh a year, hosts many data centres.", holds},
           {fleet + "Italy, which consumed about 30 TWh, is large.", off},
           {"Meta comprerà 350.000 GPU H100. La Lombardia, che consuma 6,3 TWh all'anno, ospita "
            "molti data center.",
            off},
           {"Meta achète 350 000 GPU H100. L'Italie, qui consomme 312 TWh par an, accueille des "
            "centres de données.",
            holds}}) {
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
    EXPECT_NE(ReferenceOf(m[0]->claim->quantity), "") << text;
  }
  // A forecast is not judged by a past year's figure; the same figure said of now is.
  for (const std::string text :
       {"By 2030 Italy will consume 400 TWh a year.", "Italy will consume 400 TWh a year.",
        "Entro il 2030 l'Italia consumerà 400 TWh all'anno."}) {
    EXPECT_TRUE(Mapped(*CheckArticle(text, "a.txt", Catalog::Embedded())).empty()) << text;
    EXPECT_NE(ReasonFor(text, text.find("all'anno") != std::string::npos ? "400 TWh all'anno"
                                                                         : "400 TWh a year")
                  .find("forecast"),
              std::string::npos)
        << text;
  }
  ExpectVerdicts({Case{"Italy consumes 400 TWh a year.", {off}},
                  Case{"Italy consumed 312 TWh in 2024; by 2030 it will need more.", {holds}}});
}

// Seventeenth pass: reasons that said what was not so, and periods that were there.
TEST(ArticleMapping, SeventeenthPassReasonsSayWhatIsSo) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  const std::string fleet = "Meta will buy 350,000 Nvidia H100 GPUs. ";
  // The article counts GPUs; the site's energy is unverifiable for another reason.
  const std::string site =
      "The new AI campus will host 100,000 Nvidia H100 GPUs. Each H100 draws 700 W at full load. "
      "The data centre will consume 900 GWh a year.";
  EXPECT_NE(ReasonFor(site, "900 GWh a year").find("does not say holds the GPUs it counts"),
            std::string::npos)
      << ReasonFor(site, "900 GWh a year");
  // A period after "per GPU" and a duration in weeks (700 W x 730 h = 511 kWh; 350,000 x 700 W x
  // 1,008 h = 247 GWh).
  ExpectVerdicts({
      Case{"Each H100 uses 511 kWh per GPU per month.", {holds}},
      Case{"Each H100 uses 900 kWh per GPU per month.", {off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over 6 weeks the GPUs used 247 GWh.", {holds}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over 6 weeks the GPUs used 500 GWh.", {off}},
      Case{"Meta kaufte 350.000 H100. In 6 Wochen verbrauchten die GPUs 247 GWh.", {holds}},
  });
  EXPECT_EQ(ReasonFor(fleet + "The water would fill 1,750 Olympic pools a year.",
                      "1,750 Olympic pools a year")
                .rfind("a count per period", 0),
            0u);
  const std::string load =
      fleet + "The GPUs run at 61% utilisation. Over a year they use 1,300 GWh.";
  EXPECT_NE(ReasonFor(load, "61%").find("load"), std::string::npos) << ReasonFor(load, "61%");
  EXPECT_NE(ReasonFor(fleet + "Revenue grew 61% this year.", "61%").find("does not tell of what"),
            std::string::npos);
}

// Findings of the seventeenth hardening pass (docs/validation.md): how numbers, percentages,
// fractions, hedges and counted nouns are read. Milan 6,930 GWh, Lombardy 63,124 GWh; 350,000
// H100 at 700 W for a year use 2,146 GWh (each mapped energy below is also the fleet's).
TEST(ArticleMapping, SeventeenthPassPercentChangesAreNotShares) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // 1.3 x 6,930 = 9,009; 2,146 is 31% of Milan, not 130%.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 2,146 GWh, 30% "
           "more than the whole city of Milan.",
           {off, holds}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 9,000 GWh, 30% "
           "more than the whole city of Milan.",
           {holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 9,000 GWh, 30% "
           "higher than the whole city of Milan.",
           {holds, off}},
      // 0.5 x 63,124 = 31,562; 2,146 is 97% less.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 2,146 GWh, 50% "
           "less than Lombardy.",
           {off, holds}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 31,000 GWh, 50% "
           "below Lombardy.",
           {holds, off}},
      // Italian, after and before the percentage (0.7 x 6,930 = 4,851).
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 9.000 GWh, il "
           "30% in più dell'intera città di Milano.",
           {holds, off}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 2.146 GWh, il "
           "30% in più dell'intera città di Milano.",
           {off, holds}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 9.000 GWh, "
           "superiore del 30% al consumo dell'intera città di Milano.",
           {holds, off}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 4.850 GWh, il "
           "30% in meno dell'intera città di Milano.",
           {holds, off}},
      // French, German, Spanish (1.3 x 63,124 = 82,061; 0.7 x 63,124 = 44,187).
      Case{"Meta achète 350 000 GPU Nvidia H100. En un an, les GPU consommeront 82 000 GWh, 30 % "
           "de plus que la Lombardie.",
           {holds, off}},
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. In einem Jahr verbrauchen die GPUs 44.000 GWh, "
           "30 % weniger als die Lombardei.",
           {holds, off}},
      Case{"Meta comprará 350.000 GPU Nvidia H100. En un año las GPU consumirán 2.146 GWh, un "
           "30 % menos que Lombardía.",
           {off, holds}},
      // A fraction in words said as a change: 1.25 x 6,930 = 8,663.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 8,660 GWh, a "
           "quarter more than the whole city of Milan.",
           {holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 2,146 GWh, a "
           "quarter more than the whole city of Milan.",
           {off, holds}},
      // A decrease of 100% or more leaves no reference: only the fleet's energy is checked.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 9,000 GWh, 150% "
           "less than the whole city of Milan.",
           {off}},
  });
  const auto r = CheckArticle(
      "Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 9,000 GWh, 150% less "
      "than the whole city of Milan.",
      "a.txt", Catalog::Embedded());
  bool said = false;
  for (const MappedNumber& m : r->draft.numbers)
    said = said || m.what.find("not compared with City of Milan") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(ArticleMapping, SeventeenthPassFractionsByOrdinal) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // 3,066 GWh is 4.9% of Lombardy (not under 2%) and 44% of Milan (over 16.7%).
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a full year the GPUs will use 3,066 GWh, "
           "less than a fiftieth of Lombardy's consumption. Over a full year the GPUs will use "
           "3,066 GWh, more than a sixth of Milan's consumption.",
           {off, off, holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a full year the GPUs will use 1,000 GWh, "
           "less than a fiftieth of Lombardy's consumption.",
           {holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a full year the GPUs will use 1,000 GWh, "
           "more than a sixth of Milan's consumption.",
           {off, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 2,525 GWh, a "
           "twenty-fifth of Lombardy's consumption.",
           {holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 25,000 GWh, two "
           "fifths of Lombardy's consumption.",
           {holds, off}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 1.000 GWh, meno "
           "di un cinquantesimo dei consumi della Lombardia.",
           {holds, off}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 3.066 GWh, meno "
           "di un cinquantesimo dei consumi della Lombardia.",
           {off, off}},
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. In einem Jahr verbrauchen die GPUs 1.000 GWh, "
           "weniger als ein Fünfzigstel des Verbrauchs der Lombardei.",
           {holds, off}},
      Case{"Meta achète 350 000 GPU Nvidia H100. En un an, les GPU consommeront 3 066 GWh, plus "
           "d'un sixième de la Lombardie.",
           {off, off}},
      Case{"Meta comprará 350.000 GPU Nvidia H100. En un año las GPU consumirán 12.600 GWh, una "
           "quinta parte de Lombardía.",
           {holds, off}},
      // ... and in digits.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a full year the GPUs will use 3,066 GWh, "
           "less than 1/50 of Lombardy's consumption.",
           {off, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a full year the GPUs will use 1,000 GWh, "
           "less than 1/50 of Lombardy's consumption.",
           {holds, off}},
      // An ordinal the lexicon does not hold: the reference is not compared (only the fleet's
      // 2,146 GWh is checked), and the number's line says why.
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 2.146 GWh, un "
           "trentacinquesimo dei consumi della Lombardia.",
           {holds}},
  });
  const auto r = CheckArticle(
      "Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 2.146 GWh, un "
      "trentacinquesimo dei consumi della Lombardia.",
      "a.txt", Catalog::Embedded());
  bool said = false;
  for (const MappedNumber& m : r->draft.numbers)
    said = said || m.what.find("'un trentacinquesimo' is a fraction the mapper does not read") !=
                       std::string::npos;
  EXPECT_TRUE(said);
}

TEST(ArticleMapping, SeventeenthPassFarMoreThanIsMuchMoreThan) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // "far more than" is at least 1.5 x 6,930 = 10,395.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 7,500 GWh, far "
           "more than the whole city of Milan.",
           {off, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 12,000 GWh, far "
           "more than the whole city of Milan.",
           {holds, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 6,000 GWh, much "
           "less than the whole city of Milan.",
           {off, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 2,146 GWh, far "
           "less than the whole city of Milan.",
           {holds, holds}},
      Case{"Meta comprerà 350.000 GPU Nvidia H100. In un anno le GPU consumeranno 7.500 GWh, molto "
           "più della città di Milano.",
           {off, off}},
      // "Mailand" is Milan since the eighteenth pass (only the fleet's energy was checked).
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. In einem Jahr verbrauchen die GPUs 12.000 GWh, "
           "weit mehr als die Stadt Mailand.",
           {holds, off}},
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. In einem Jahr verbrauchen die GPUs 9.000 GWh, "
           "weit mehr als die Stadt Mailand.",
           {off, off}},
      // ... and of a multiple: more than 1.5 x 2 x 6,930 = 20,790.
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 15,000 GWh, far "
           "more than twice the whole city of Milan.",
           {off, off}},
      Case{"Meta will buy 350,000 Nvidia H100 GPUs. Over a year the GPUs will use 25,000 GWh, far "
           "more than twice the whole city of Milan.",
           {holds, off}},
  });
}

TEST(ArticleMapping, SeventeenthPassZeroPointAndHouseholdsInOtherLanguages) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      // 100 x 700 W x 8,760 h = 0.613 GWh: "0.613" and "0,613" are not 613.
      Case{"A small cluster of 100 Nvidia H100 GPUs used 0.613 GWh over a full year.", {holds}},
      Case{"Un piccolo cluster di 100 GPU Nvidia H100 ha consumato 0,613 GWh in un anno.", {holds}},
      Case{"A small cluster of 100 Nvidia H100 GPUs used 0.950 GWh over a full year.", {off}},
      // 2,146 GWh / 600,000 = 3,577 kWh, an EU household's 3,600 kWh; / 60,000 is 10x that.
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. Die GPUs verbrauchen 2.146 GWh im Jahr, so viel "
           "wie 600.000 Haushalte.",
           {holds, holds}},
      Case{"Meta achète 350 000 GPU Nvidia H100. Les GPU consomment 2 146 GWh par an, autant que "
           "600 000 foyers.",
           {holds, holds}},
      Case{"Meta comprará 350.000 GPU Nvidia H100. Las GPU consumirán 2.146 GWh al año, tanto "
           "como 600.000 hogares.",
           {holds, holds}},
      Case{"Meta kauft 350.000 Nvidia H100 GPUs. Die GPUs verbrauchen 2.146 GWh im Jahr, so viel "
           "wie 60.000 Haushalte.",
           {holds, off}},
  });
}

// Findings of the seventeenth pass, second round (docs/validation.md, "comparisons"): how a
// comparison with a reference is read (Milan 6,930 GWh, 6,810-7,050; Lombardy 63,124 GWh; the
// fleet 350,000 x 700 W x 8,760 h = 2,146 GWh). Each case: the comparison, then the fleet.
constexpr const char* kMeta = "Meta runs 350,000 H100 GPUs. In a year they use ";

std::string Meta(const char* rest) { return std::string(kMeta) + rest; }

// The reason given for the number written `text`, drafted or not.
std::string LineOf(const std::string& article, const std::string& text) {
  const auto r = CheckArticle(article, "a.txt", Catalog::Embedded());
  const auto& qs = r->draft.extraction.quantities;
  for (const MappedNumber& m : r->draft.numbers)
    if (qs[m.quantity].text == text) return m.what + " | " + m.reason;
  return "(no such number)";
}

TEST(ArticleMapping, SeventeenthPassComparisonWordsOutsideTheList) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  const std::string higher = Meta("6,500 GWh, higher than the whole city of Milan.");
  const std::string higher_true = Meta("7,500 GWh, higher than the whole city of Milan.");
  const std::string lower = Meta("7,500 GWh, lower than the whole city of Milan.");
  const std::string below = Meta("2,146 GWh, below the whole city of Milan.");
  const std::string well_over = Meta("7,500 GWh, well over the whole city of Milan.");
  const std::string well_over_true = Meta("12,000 GWh, well over the whole city of Milan.");
  const std::string surpassing = Meta("6,500 GWh, surpassing the whole city of Milan.");
  ExpectVerdicts({
      Case{higher.c_str(), {off, partly}},
      Case{higher_true.c_str(), {holds, off}},
      Case{lower.c_str(), {off, off}},
      Case{below.c_str(), {holds, partly}},
      Case{well_over.c_str(), {off, off}},
      Case{well_over_true.c_str(), {holds, off}},
      Case{surpassing.c_str(), {off, partly}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 58.000 GWh, höher als "
           "die Lombardei.",
           {off, off}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 70.000 GWh, höher als "
           "die Lombardei.",
           {holds, off}},
      Case{"Meta exploite 350 000 GPU H100. En un an, elles consomment 58 000 GWh, davantage que "
           "la Lombardie.",
           {off, off}},
      Case{"Meta opera 350.000 GPU H100. En un año consumen 70.000 GWh, mayor que Lombardía.",
           {holds, off}},
  });
  // A word the mapper does not read between the number and the place: not the place's value
  // (it held as Milan's own 6,500 GWh), left uncompared with the reason.
  const std::string rivalling = Meta("6,500 GWh, rivalling the whole city of Milan.");
  ExpectVerdicts({Case{rivalling.c_str(), {partly}}});
  EXPECT_NE(LineOf(rivalling, "6,500 GWh").find("not compared with City of Milan"),
            std::string::npos)
      << LineOf(rivalling, "6,500 GWh");
  // "over" only right before the place: "over a year" compares nothing.
  ExpectVerdicts({Case{"Meta runs 350,000 H100 GPUs. They use 2,146 GWh over a year.", {partly}}});
}

TEST(ArticleMapping, SeventeenthPassNegatedComparisons) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  // "not more than" is at most; "not less than" at least.
  const std::string at_most = Meta("2,146 GWh, not more than the whole city of Milan.");
  const std::string at_most_false = Meta("7,500 GWh, not more than the whole city of Milan.");
  const std::string at_least = Meta("2,146 GWh, not less than the whole city of Milan.");
  ExpectVerdicts({
      Case{at_most.c_str(), {holds, partly}},
      Case{at_most_false.c_str(), {off, off}},
      Case{at_least.c_str(), {off, partly}},
      Case{"Meta gestisce 350.000 GPU H100. In un anno consumano 2.146 GWh, non più dell'intera "
           "città di Milano.",
           {holds, partly}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 2.146 GWh, nicht mehr "
           "als die Lombardei.",
           {holds, partly}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 70.000 GWh, nicht mehr "
           "als die Lombardei.",
           {off, off}},
  });
  // Any other negated comparison is not read: the place is not compared, the fleet is.
  for (const std::string& text :
       {Meta("2,146 GWh, not 30% more than the whole city of Milan."),
        Meta("2,146 GWh, not twice as much as the whole city of Milan."),
        Meta("11,000 GWh, not far more than the whole city of Milan."),
        std::string("Meta gestisce 350.000 GPU H100. In un anno consumano 2.146 GWh, non il 30% in "
                    "più dell'intera città di Milano.")}) {
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->claim->quantity.text, "energy_gpus_kwh") << text;
    bool said = false;
    for (const MappedNumber& n : r->draft.numbers)
      said = said || n.what.find("a negated comparison") != std::string::npos;
    EXPECT_TRUE(said) << text;
  }
}

TEST(ArticleMapping, SeventeenthPassOrMoreOfAShare) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  // At least 30% of Milan: Milan is at most 2,146 / 0.3 = 7,153 GWh (true); at most 30%: false.
  const std::string or_more =
      Meta("2,146 GWh, 30% or more of the whole city of Milan's consumption.");
  const std::string or_more_false =
      Meta("1,000 GWh, 30% or more of the whole city of Milan's consumption.");
  const std::string or_less =
      Meta("1,000 GWh, 30% or less of the whole city of Milan's consumption.");
  ExpectVerdicts({
      Case{or_more.c_str(), {holds, partly}},
      Case{or_more_false.c_str(), {off, off}},
      Case{or_less.c_str(), {holds, off}},
      Case{"Meta gestisce 350.000 GPU H100. In un anno consumano 2.146 GWh, il 30% o più dei "
           "consumi della città di Milano.",
           {holds, partly}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 30.000 GWh, 30 % oder "
           "mehr der Lombardei.",
           {holds, off}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen sie 2.146 GWh, 30 % oder "
           "mehr der Lombardei.",
           {off, partly}},
  });
}

TEST(ArticleMapping, SeventeenthPassOtherMultiplesAndRanges) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  const std::string half = Meta("10,395 GWh, one and a half times the whole city of Milan.");
  const std::string half_false = Meta("20,000 GWh, one and a half times the whole city of Milan.");
  const std::string up = Meta("9,000 GWh, up 30% from the whole city of Milan.");
  const std::string up_false = Meta("2,146 GWh, up 30% from the whole city of Milan.");
  const std::string down = Meta("4,851 GWh, down 30% from the whole city of Milan.");
  const std::string range = Meta("14,000 GWh, 20-25% of Lombardy.");
  ExpectVerdicts({
      Case{half.c_str(), {holds, off}},
      Case{half_false.c_str(), {off, off}},
      Case{"Meta gestisce 350.000 GPU H100. In un anno consumano 10.395 GWh, una volta e mezza "
           "la città di Milano.",
           {holds, off}},
      Case{up.c_str(), {holds, off}},
      Case{up_false.c_str(), {off, partly}},
      Case{down.c_str(), {holds, partly}},
      // A range of shares is not read: the fleet alone, and the reason.
      Case{range.c_str(), {off}},
  });
  EXPECT_NE(LineOf(range, "14,000 GWh").find("a range of shares"), std::string::npos)
      << LineOf(range, "14,000 GWh");
}

TEST(ArticleMapping, SeventeenthPassOrdinalDigitsRangesInWordsUnlikeAndALeadingPoint) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff, partly = Verdict::kPartly;
  // 1/50th of Lombardy is 1,262 GWh.
  const std::string fiftieth = Meta("1,262 GWh, 1/50th of Lombardy.");
  const std::string fiftieth_false = Meta("5,000 GWh, 1/50th of Lombardy.");
  const std::string between = Meta("14,000 GWh, between a fifth and a quarter of Lombardy.");
  ExpectVerdicts({
      Case{fiftieth.c_str(), {holds, off}},
      Case{fiftieth_false.c_str(), {off, partly}},
      Case{between.c_str(), {off}},
      // "unlike a fridge": the GPU owns the number.
      Case{"One H100, unlike a fridge, draws 700 W.", {holds}},
      Case{"One H100, unlike a fridge, draws 900 W.", {off}},
      // ".613 GWh" is 0.613 GWh (100 x 700 W x 8,760 h).
      Case{"A small cluster of 100 Nvidia H100 GPUs used .613 GWh over a full year.", {holds}},
      Case{"A small cluster of 100 Nvidia H100 GPUs used .950 GWh over a full year.", {off}},
  });
  EXPECT_NE(LineOf(between, "14,000 GWh").find("is a range"), std::string::npos)
      << LineOf(between, "14,000 GWh");
}

// Seventeenth pass, second round (docs/validation.md, "whose number it is"): a GPU or a place
// named in a relative clause took the number of the clause's antecedent; a place after a
// preposition left its number to the fleet; an idle phrase after a comma was lost; forecasts
// were judged by 2024; a counted noun's language and its comparison.
TEST(ArticleMapping, SeventeenthPassSecondRoundRelativeClausesAndPlaces) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  const std::string meta = "Meta runs 350,000 H100 GPUs. ";
  // C5: the H100 (700 W), not the A100 (400 W) of the relative clause.
  ExpectVerdicts({
      Case{"The H100, which replaced the A100, draws 700 W.", {holds}},
      Case{"The H100, which replaced the A100, draws 400 W.", {off}},
      Case{"The H100, which replaced the A100, which drew 400 W, draws 700 W.", {holds, holds}},
      Case{"The H100, which replaced the A100, which drew 700 W, draws 700 W.", {off, holds}},
      Case{"The H100, which unlike the A100 draws 700 W, is hot.", {holds}},
      Case{"The H100, which unlike the A100 draws 400 W, is hot.", {off}},
      Case{"The H100 replaced the A100, which draws 400 W, and draws 700 W itself.",
           {holds, holds}},
      Case{"The H100 replaced the A100, which draws 400 W, and draws 400 W itself.",
           {holds, off}},
  });
  // C6, C7: the place the number belongs to (Milan 6,930 GWh, Lombardy 63,124 GWh, Italy 312.3
  // TWh), and never the fleet's energy (2,146 GWh).
  for (const auto& [text, verdict, reference] :
       std::vector<std::tuple<std::string, Verdict, std::string>>{
           {meta + "The whole city of Milan, which is the capital of Lombardy, uses 6,930 GWh a "
                   "year.",
            holds, "milan"},
           {meta + "The whole city of Milan, which is the capital of Lombardy, uses 9,930 GWh a "
                   "year.",
            off, "milan"},
           {meta + "Lombardy, which includes the whole city of Milan, uses 63 TWh a year.", holds,
            "lombardy"},
           {meta + "Lombardy, which includes the whole city of Milan, uses 83 TWh a year.", off,
            "lombardy"},
           {meta + "Italy, which includes Lombardy, uses 312 TWh a year.", holds, "italy"},
           {meta + "Italy, which includes Lombardy, uses 412 TWh a year.", off, "italy"},
           {meta + "The GPUs are in Lombardy, which uses 63 TWh a year.", holds, "lombardy"},
           {meta + "The GPUs are in Lombardy, which uses 93 TWh a year.", off, "lombardy"}}) {
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    const auto m = Mapped(*r);
    ASSERT_EQ(m.size(), 1u) << text;
    EXPECT_EQ(m[0]->verdict, verdict) << text;
    EXPECT_NE(ReferenceOf(m[0]->claim->quantity).find(reference), std::string::npos)
        << text << ": " << ReferenceOf(m[0]->claim->quantity);
  }
  // A place set by a preposition: whose number it is cannot be told, not the fleet's.
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {meta + "In Italy, 312 TWh are consumed each year.", "312 TWh"},
           {"Meta betreibt 350.000 H100-GPUs. In Italien wird jährlich 312 TWh Strom verbraucht.",
            "312 TWh"},
           {meta + "The GPUs are smuggled via India, which use 61 GWh a year.",
            "61 GWh a year"}}) {
    EXPECT_TRUE(Mapped(*CheckArticle(text, "a.txt", Catalog::Embedded())).empty()) << text;
    EXPECT_NE(ReasonFor(text, number).find("whose number it is cannot be told"),
              std::string::npos)
        << text << ": " << ReasonFor(text, number);
  }
  // The fleet's energy stays the fleet's when the sentence says so.
  ExpectVerdicts({Case{"Meta runs 350,000 H100 GPUs. In Italy, the GPUs use 2,146 GWh a year.",
                       {holds}},
                  Case{"Meta runs 350,000 H100 GPUs. In Italy, the GPUs use 3,146 GWh a year.",
                       {off}}});
}

TEST(ArticleMapping, SeventeenthPassSecondRoundIdleForecastsAndCountedNouns) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  // C8: an idle phrase after a comma (H100 idle 120 W); "and at full load" is the next number's.
  ExpectVerdicts({
      Case{"An H100 draws 700 W, even when idle.", {off}},
      Case{"An H100 draws 120 W, even when idle.", {holds}},
      Case{"Une H100 consomme 700 W, même au repos.", {off}},
      Case{"Eine H100 zieht 700 W, selbst im Leerlauf.", {off}},
      Case{"Eine H100 zieht 120 W, selbst im Leerlauf.", {holds}},
      Case{"An H100 draws 700 W, even at full load.", {holds}},
      Case{"An H100 at idle draws 120 W and at full load 700 W.", {holds, holds}},
      Case{"An H100 at idle draws 300 W and at full load 700 W.", {off, holds}},
  });
  // C9: forecasts by their own clause (Italy 2024: 312.3 TWh).
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Italy is set to consume 400 TWh a year by the end of the decade.", "400 TWh a year"},
           {"Italy could consume 400 TWh a year.", "400 TWh a year"},
           {"L'Italia consumerebbe 400 TWh l'anno.", "400 TWh l'anno"},
           // A Spanish conditional ("consumiría": its ending, UTF-8 written as "\xC3\xAD" "a",
           // once read as the single out-of-range escape \xADa).
           {"Según las previsiones de la red, Italia consumiría 400 TWh al año y los centros de "
            "datos de la región tendrían mucha más demanda.",
            "400 TWh al año"},
           {"Italy consumed 312 TWh in 2024 and will consume 450 TWh by 2030.", "450 TWh"}}) {
    EXPECT_NE(ReasonFor(text, number).find("a forecast"), std::string::npos)
        << text << ": " << ReasonFor(text, number);
  }
  ExpectVerdicts({
      Case{"Italien verbraucht 400 TWh im Jahr, wie von Terna berichtet wird.", {off}},
      Case{"Italien verbraucht 312 TWh im Jahr, wie von Terna berichtet wird.", {holds}},
      Case{"Italia consumió 312 TWh, según Terna, que lo confirmará.", {holds}},
      Case{"Italia consumió 400 TWh, según Terna, que lo confirmará.", {off}},
      Case{"Italy consumed 400 TWh in 2024 and will consume 450 TWh by 2030.", {off}},
      Case{"Italy consumed 312 TWh in 2024 and will consume 450 TWh by 2030.", {holds}},
  });
  // C10: the counted noun's language (2,146 GWh / 600,000 = 3,577 kWh: an EU household's).
  ExpectVerdicts({
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen die GPUs 2.146 GWh, so viel wie "
           "600.000 Haushalte.",
           {holds, holds}},
      Case{"Meta betreibt 350.000 H100-GPUs. In einem Jahr verbrauchen die GPUs 2.146 GWh, so viel wie "
           "60.000 Haushalte.",
           {holds, off}},
      Case{"Meta exploite 350 000 GPU H100. En un an les GPU consomment 2 146 GWh, autant que "
           "600 000 ménages.",
           {holds, holds}},
  });
  // C11: a count with no comparison is not compared.
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Meta opera 350.000 GPU H100. En un año consumen 2.146 GWh y dan trabajo a 2.000 "
            "familias.",
            "2.000 familias"},
           {"Meta runs 350,000 H100 GPUs. In a year they use 2,146 GWh and the campus replaced "
            "500 homes.",
            "500 homes"}}) {
    EXPECT_NE(ReasonFor(text, number).find("that no comparison ties to"), std::string::npos)
        << text << ": " << ReasonFor(text, number);
    EXPECT_EQ(Mapped(*CheckArticle(text, "a.txt", Catalog::Embedded())).size(), 1u) << text;
  }
  ExpectVerdicts({Case{"Meta runs 350,000 H100 GPUs. In a year the GPUs use 2,146 GWh, as much "
                       "as 200,000 American homes.",
                       {holds, holds}},
                  Case{"Meta runs 350,000 H100 GPUs. In a year the GPUs use 2,146 GWh, as much "
                       "as 20,000 American homes.",
                       {holds, off}}});
}

// Findings of the eighteenth hardening pass (docs/validation.md, "periods, per-card prices and
// implied assumptions"): a comparison took an energy over a stated duration as a year's, and a
// period stated for the place was not read; "chaque carte", "jede Karte", "cada tarjeta" were no
// one GPU's words for a price.
TEST(ArticleMapping, EighteenthPassPeriodsOfComparisons) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  const std::string big = "The new cluster holds 1,130,000 H100 GPUs. ";
  const std::string fleet = "The cluster holds 100,000 H100 GPUs. ";
  ExpectVerdicts({
      // 570 GWh over 30 days is 6,935 GWh a year, Milan's 6,930 (it was off x12: a year's).
      Case{(big + "In 30 days the 1,130,000 H100 GPUs used 570 GWh, as much as the whole city "
                  "of Milan.")
               .c_str(),
           {holds, holds}},
      // 50.4 GWh over 30 days is 613 GWh a year: not Milan's.
      Case{(fleet + "In 30 days the 100,000 H100 GPUs used 50.4 GWh, as much as the whole city "
                    "of Milan.")
               .c_str(),
           {off, holds}},
      // Milan over three days: 6,930 GWh x 72 / 8,760 = 57 GWh (it was off x137).
      Case{(fleet + "In 30 days the 100,000 H100 GPUs used 50.4 GWh, as much as the whole city "
                    "of Milan uses in three days.")
               .c_str(),
           {holds, holds}},
      Case{(fleet + "In 30 days the 100,000 H100 GPUs used 50.4 GWh, as much as the whole city "
                    "of Milan uses in a day.")
               .c_str(),
           {off, holds}},
      Case{(fleet + "In 30 days the 100,000 H100 GPUs used 50.4 GWh, as much as the whole city "
                    "of Milan uses in 3 days.")
               .c_str(),
           {holds, holds}},
      // A month's energy said as Milan's three days' (50.4 GWh a month).
      Case{(fleet + "The 100,000 H100 GPUs use 50.4 GWh a month, as much as the whole city of "
                    "Milan uses in three days.")
               .c_str(),
           {holds, holds}},
      // New York City's year, said so: 14.9 GWh over 54 days is no third of it.
      Case{"Meta trained Llama on 16,384 H100 GPUs. Over 54 days the GPUs consumed 14.9 GWh, "
           "about a third of what New York City uses in a year.",
           {off, holds}},
  });
  // The notes say what was assumed.
  const auto r = CheckArticle(big +
                                  "In 30 days the 1,130,000 H100 GPUs used 570 GWh, as much as "
                                  "the whole city of Milan.",
                              "a.txt", Catalog::Embedded());
  const MappedNumber* m = NumberIn(r, "570 GWh");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->assumed.find("over '30 days'"), std::string::npos) << m->assumed;
  EXPECT_EQ(m->assumed.find("the energy is a year's"), std::string::npos) << m->assumed;
  // 570 GWh is 1.001 of the 1,130,000 GPUs' 569.5 GWh at full power: it holds within its
  // hedge's band, and the load line says so beside "no load gives the claimed value exactly".
  bool said = false;
  for (const ClaimResult& c : r->report.results) {
    if (c.claim->id != "s2-fleet-energy") continue;
    ASSERT_EQ(c.verdict, Verdict::kHolds);
    for (const Implied& i : c.readings.at(0).implied) {
      EXPECT_EQ(i.text.find("makes it true"), std::string::npos) << i.text;
      said = said || i.text.find("the claim holds within its hedge's band") != std::string::npos;
    }
  }
  EXPECT_TRUE(said);
  const auto three = CheckArticle(fleet +
                                      "In 30 days the 100,000 H100 GPUs used 50.4 GWh, as much "
                                      "as the whole city of Milan uses in three days.",
                                  "a.txt", Catalog::Embedded());
  const MappedNumber* t = NumberIn(three, "50.4 GWh");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->assumed.find("'in three days'"), std::string::npos) << t->assumed;
  const auto nyc = CheckArticle(
      "Meta trained Llama on 16,384 H100 GPUs. Over 54 days the GPUs consumed 14.9 GWh, about a "
      "third of what New York City uses in a year.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* n = NumberIn(nyc, "14.9 GWh");
  ASSERT_NE(n, nullptr);
  EXPECT_NE(n->assumed.find("'in a year'"), std::string::npos) << n->assumed;
  EXPECT_EQ(n->assumed.find("the energy is a year's"), std::string::npos) << n->assumed;
}

// Second round of the eighteenth pass (docs/validation.md): a period said in words was not the
// number's own ("570 GWh in a month" was a year's); a duration anywhere in the sentence was the
// number's ("their warranty lasts 3 years", "which Meta bought over 18 months"); the first
// duration won over the number's own; the number's own period between it and a comparison
// dropped the comparison with no word.
TEST(ArticleMapping, EighteenthPassSecondRoundNumbersOwnPeriod) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  // 1,130,000 H100s at 700 W: 577 GWh in a month, 133 GWh in a week; Milan's month 578 GWh,
  // its week 133 GWh.
  ExpectVerdicts({
      Case{"The 1,130,000 H100 GPUs used 570 GWh in a month, as much as the whole city of Milan.",
           {holds, holds}},
      Case{"The 1,130,000 H100 GPUs used 570 GWh in one month, as much as the whole city of "
           "Milan.",
           {holds, holds}},
      Case{"The 1,130,000 H100 GPUs used 133 GWh in a week, as much as the whole city of Milan.",
           {holds, holds}},
      Case{"In a month the 1,130,000 H100 GPUs used 570 GWh, as much as the whole city of Milan.",
           {holds, holds}},
      Case{"In a month, the 1,130,000 H100 GPUs used 570 GWh, as much as the whole city of Milan.",
           {holds, holds}},
      // A week's 570 GWh is four times both.
      Case{"The 1,130,000 H100 GPUs used 570 GWh in a week, as much as the whole city of Milan.",
           {off, off}},
      Case{"Le 1.130.000 GPU H100 hanno consumato 570 GWh in un mese, quanto l'intera città di "
           "Milano.",
           {holds, holds}},
      Case{"Die 1.130.000 H100-GPUs verbrauchten in einem Monat 570 GWh, so viel wie die Stadt "
           "Mailand.",
           {holds, holds}},
      Case{"Las 1.130.000 GPU H100 consumieron 570 GWh en un mes, tanto como la ciudad de Milán.",
           {holds, holds}},
      // Durations of other clauses are not the number's: 2,146 GWh is the 350,000 GPUs' year.
      Case{"The 350,000 H100 GPUs use 2,146 GWh, about a third of what the whole city of Milan "
           "uses, and their warranty lasts 3 years.",
           {holds}},
      Case{"The 350,000 H100 GPUs use 2,146 GWh, about a third of the whole city of Milan, which "
           "had a 6-month blackout plan.",
           {holds}},
      Case{"The 350,000 H100 GPUs, which Meta bought over 18 months, use 2,146 GWh, as much as a "
           "third of the whole city of Milan.",
           {holds}},
      // The number's own "in 30 days", not the GPUs' "in 6 months".
      // (Its clause names no GPU: the fleet's energy has the GPUs' and the facility's readings.)
      Case{"The 1,130,000 H100 GPUs, delivered in 6 months, used 570 GWh in 30 days, as much as "
           "the whole city of Milan.",
           {holds, Verdict::kPartly}},
      // 570 GWh is a twelfth of Milan's year (577 GWh), said so.
      Case{"The 1,130,000 H100 GPUs used 570 GWh in 30 days, a twelfth of what the whole city of "
           "Milan uses in a year.",
           {holds, holds}},
      Case{"The 1,130,000 H100 GPUs used 570 GWh in 30 days, a third of what the whole city of "
           "Milan uses in a year.",
           {off, holds}},
  });
  const auto r = CheckArticle(
      "The 1,130,000 H100 GPUs used 570 GWh in a month, as much as the whole city of "
      "Milan.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* m = NumberIn(r, "570 GWh");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->assumed.find("over 'in a month'"), std::string::npos) << m->assumed;
  EXPECT_EQ(m->assumed.find("the energy is a year's"), std::string::npos) << m->assumed;
  const auto w = CheckArticle(
      "The 350,000 H100 GPUs use 2,146 GWh, about a third of what the whole city of Milan uses, "
      "and their warranty lasts 3 years.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* n = NumberIn(w, "2,146 GWh");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->assumed.find("3 years"), std::string::npos) << n->assumed;
  const auto d = CheckArticle(
      "The 1,130,000 H100 GPUs, delivered in 6 months, used 570 GWh in 30 days, as much as the "
      "whole city of Milan.",
      "a.txt", Catalog::Embedded());
  const MappedNumber* e = NumberIn(d, "570 GWh");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->assumed.find("over '30 days'"), std::string::npos) << e->assumed;
}

TEST(ArticleMapping, EighteenthPassEachCardInFrenchGermanSpanish) {
  const Verdict holds = Verdict::kHolds;
  ExpectVerdicts({
      Case{"La société exploite 200 000 GPU H100. Chaque carte coûte 30 000 dollars.", {holds}},
      Case{"Das Unternehmen betreibt 200.000 H100-GPUs. Jede Karte kostet 30.000 Dollar.", {holds}},
      Case{"La empresa tiene 200.000 GPU H100. Cada tarjeta cuesta 30.000 dólares.", {holds}},
      Case{"La société exploite 200 000 GPU H100. Chaque GPU coûte 30 000 dollars.", {holds}},
      Case{"Das Unternehmen betreibt 200.000 H100-GPUs. Jede GPU kostet 30.000 Dollar.", {holds}},
      Case{"La empresa tiene 200.000 GPU H100. Cada GPU cuesta 30.000 dólares.", {holds}},
      // Another card named by the noun after it is no GPU.
      Case{"La société exploite 200 000 GPU H100. Chaque carte mère coûte 500 euros.", {}},
      Case{"La empresa tiene 200.000 GPU H100. Cada tarjeta regalo cuesta 50 euros.", {}},
  });
}

// Findings of the eighteenth pass (docs/validation.md, "lists and words in articles"): the
// items of a bulleted list were one sentence, each power checked against the last GPU named
// (H100 SXM 700 W, H100 PCIe 350 W, A100 SXM 400 W); "Mailand", "requête" and "les centres de
// données du monde" were not read.
TEST(ArticleMapping, EighteenthPassListItemsAndWords) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      Case{"Power ratings at a glance:\n\n- H100 SXM: 700 W\n- H100 PCIe: 350 W\n", {holds, holds}},
      Case{"Ratings:\n\n* H100 PCIe: 350 W\n* H100 SXM: 700 W\n", {holds, holds}},
      Case{"Ratings:\n\xE2\x80\xA2 H100 SXM: 700 W\n\xE2\x80\x93 H100 PCIe: 350 W\n",
           {holds, holds}},
      Case{"Ratings:\n1. A100 SXM: 400 W\n2. H100 SXM: 700 W\n", {holds, holds}},
      Case{"- H100 SXM: 350 W\n- H100 PCIe: 350 W\n", {off, holds}},
  });
  const auto items = CheckArticle("Ratings:\n1. A100 SXM: 400 W\n2. H100 SXM: 700 W\n", "a.txt",
                                  Catalog::Embedded());
  std::vector<std::string> sentences;
  for (const Sentence& x : items->draft.extraction.sentences) sentences.push_back(x.text);
  EXPECT_EQ(sentences,
            (std::vector<std::string>{"Ratings:", "1. A100 SXM: 400 W", "2. H100 SXM: 700 W"}));

  // Milan 6,930 GWh: 3,000 GWh is not more than half of it, 4,000 GWh is.
  const auto milan = [](const char* text) {
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    for (const ClaimResult* c : Mapped(*r))
      if (c->claim->id.find("milan") != std::string::npos) return c->verdict;
    return Verdict::kUnverifiable;
  };
  EXPECT_EQ(milan("Die GPUs verbrauchen in einem Jahr 4.000 GWh, mehr als die H\xC3\xA4lfte des "
                  "Stromverbrauchs der Stadt Mailand."),
            holds);
  EXPECT_EQ(milan("Die GPUs verbrauchen in einem Jahr 3.000 GWh, mehr als die H\xC3\xA4lfte des "
                  "Stromverbrauchs der Stadt Mailand."),
            off);
  EXPECT_EQ(milan("Las GPU consumen 4.000 GWh al a\xC3\xB1o, m\xC3\xA1s de la mitad del consumo de "
                  "la ciudad de Mil\xC3\xA1n."),
            holds);
  // A campus near Milan is a place, in German too.
  EXPECT_EQ(milan("Ein Campus bei Mailand verbraucht 300 GWh im Jahr."), Verdict::kUnverifiable);

  // Per query, in French, German and Spanish: listed, not read as an energy with no period.
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Une requ\xC3\xAAte de ChatGPT consomme 0,34 Wh.", "0,34 Wh"},
           {"Eine Anfrage an ChatGPT verbraucht 0,34 Wh.", "0,34 Wh"},
           {"Una consulta a ChatGPT consume 0,34 Wh.", "0,34 Wh"}}) {
    EXPECT_NE(LineOf(text, number).find("per query"), std::string::npos)
        << text << ": " << LineOf(text, number);
  }

  // The world's data centres in 2030 (IEA, 945 TWh), as in English.
  const auto world = [](const char* text) {
    std::string ids;
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    for (const ClaimResult* c : Mapped(*r))
      ids += c->claim->id + (c->verdict == Verdict::kHolds ? " holds;" : " not;");
    return ids;
  };
  EXPECT_EQ(world("By 2030 the world's data centres will consume 945 TWh."),
            "s1-vs-global-data-centres-2030 holds;");
  EXPECT_EQ(world("D'ici 2030, les centres de donn\xC3\xA9"
                  "es du monde consommeront 945 TWh."),
            "s1-vs-global-data-centres-2030 holds;");
  EXPECT_EQ(world("Bis 2030 verbrauchen die Rechenzentren der Welt 945 TWh."),
            "s1-vs-global-data-centres-2030 holds;");
  EXPECT_EQ(world("Para 2030, los centros de datos del mundo consumir\xC3\xA1n 945 TWh."),
            "s1-vs-global-data-centres-2030 holds;");
  EXPECT_EQ(world("En 2024, les centres de donn\xC3\xA9"
                  "es du monde ont consomm\xC3\xA9 415 TWh."),
            "s1-vs-global-data-centres-2024 holds;");
}

// Findings of the eighteenth pass, second round (docs/validation.md): a query word anywhere in a
// sentence made its energy per query ("Auf Anfrage", "En réponse"); any world word made data
// centres the world's ("Microsoft's data centres around the world"); a GPU card later in the
// sentence made a motherboard's price a GPU's; "États-Unis" and "Japón" were not read; the rows
// of a Markdown table were one sentence.
TEST(ArticleMapping, EighteenthPassSecondRoundQueryWords) {
  const Verdict holds = Verdict::kHolds, off = Verdict::kOff;
  ExpectVerdicts({
      Case{"Auf Anfrage teilte Meta mit, dass die 350.000 H100-GPUs 5.000 GWh im Jahr "
           "verbrauchen.",
           {off}},
      Case{"En r\xC3\xA9ponse, Meta a indiqu\xC3\xA9 que les 350 000 GPU H100 consomment 2 146 GWh "
           "par an.",
           {holds}},
      Case{"Seg\xC3\xBAn una consulta p\xC3\xBA"
           "blica, los 350.000 GPU H100 consumen 2.146 GWh al a\xC3\xB1o.",
           {holds}},
      Case{"En respuesta a una pregunta, Meta dijo que los 350.000 GPU H100 consumen 2.146 GWh al "
           "a\xC3\xB1o.",
           {holds}},
      // The GPUs alone hold, the whole facility is off: partly.
      Case{"Meta exploite 350 000 GPU H100. Les requ\xC3\xAAtes consomment au total 2 146 GWh par "
           "an.",
           {Verdict::kPartly}},
      Case{"Each query uses 0.3 Wh, and the 350,000 H100 GPUs use 2,146 GWh a year.", {holds}},
  });
  // Attached to the number, it is still per query.
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Each query uses 0.3 Wh, and the 350,000 H100 GPUs use 2,146 GWh a year.", "0.3 Wh"},
           {"ChatGPT uses 0.3 Wh per query.", "0.3 Wh"},
           {"ChatGPT verbraucht 0,3 Wh pro Anfrage.", "0,3 Wh"},
           {"ChatGPT consomme 0,3 Wh par requ\xC3\xAAte.", "0,3 Wh"},
           {"ChatGPT consume 0,3 Wh por consulta.", "0,3 Wh"},
           {"A ChatGPT query is often said to use 2.9 Wh.", "2.9 Wh"}}) {
    EXPECT_NE(LineOf(text, number).find("per query"), std::string::npos)
        << text << ": " << LineOf(text, number);
  }
}

TEST(ArticleMapping, EighteenthPassSecondRoundWorldDataCentres) {
  const auto world = [](const std::string& text) {
    const auto r = CheckArticle(text, "a.txt", Catalog::Embedded());
    for (const ClaimResult* c : Mapped(*r))
      if (c->claim->id.find("global-data-centres") != std::string::npos)
        return std::string(c->verdict == Verdict::kHolds ? "holds" : "not");
    return std::string("none");
  };
  // Owned by a company, a country or a region: not the world's.
  for (const char* text :
       {"Microsoft's data centres around the world used 24 TWh in 2024.",
        "Les centres de donn\xC3\xA9"
        "es de Microsoft dans le monde ont consomm\xC3\xA9 24 TWh en 2024.",
        "Die Rechenzentren von Microsoft in aller Welt verbrauchten 2024 24 TWh.",
        "Los centros de datos de Microsoft en todo el mundo consumieron 24 TWh en 2024.",
        "Les centres de donn\xC3\xA9"
        "es d'Irlande ont consomm\xC3\xA9 6 TWh en 2024, un des taux les plus \xC3\xA9"
        "lev\xC3\xA9s du monde.",
        "Les centres de donn\xC3\xA9"
        "es europ\xC3\xA9"
        "ens consomment 100 TWh, selon l'IEA.",
        "Data centres in Ireland used 6 TWh in 2024, among the most in the world."}) {
    EXPECT_EQ(world(text), "none") << text;
  }
  // The world's.
  for (const char* text :
       {"Data centres worldwide used 415 TWh in 2024.", "Global data centres used 415 TWh in 2024.",
        "In 2024 the world's data centres used 415 TWh.",
        "Data centres around the world used 415 TWh in 2024.",
        "Les centres de donn\xC3\xA9"
        "es dans le monde ont consomm\xC3\xA9 415 TWh en 2024.",
        "Die Rechenzentren in aller Welt verbrauchten 2024 415 TWh.",
        "Los centros de datos en todo el mundo consumieron 415 TWh en 2024."}) {
    EXPECT_EQ(world(text), "holds") << text;
  }
}

TEST(ArticleMapping, EighteenthPassSecondRoundCardsInTheirClause) {
  const Verdict holds = Verdict::kHolds;
  ExpectVerdicts({
      Case{"Meta a achet\xC3\xA9 350 000 GPU H100. Chaque carte m\xC3\xA8re co\xC3\xBBte 300 "
           "dollars et chaque carte H100 co\xC3\xBBte 30 000 dollars.",
           {holds}},
      Case{"La empresa tiene 200.000 GPU H100. Cada tarjeta regalo cuesta 50 d\xC3\xB3lares y "
           "cada tarjeta gr\xC3\xA1"
           "fica cuesta 30.000 d\xC3\xB3lares.",
           {holds}},
      Case{"Meta bought 350,000 H100 GPUs. Each gift card costs $50, and each card in the "
           "cluster costs $30,000.",
           {holds}},
      Case{"Meta bought 350,000 H100 GPUs. Each card holder costs $10.", {}},
  });
  for (const auto& [text, number] : std::vector<std::pair<std::string, std::string>>{
           {"Meta bought 350,000 H100 GPUs. Each card holder costs $10.", "$10"},
           {"Meta bought 350,000 H100 GPUs. Each gift card costs $50, and each card in the "
            "cluster costs $30,000.",
            "$50"}}) {
    const std::string line = LineOf(text, number);
    EXPECT_NE(line.find("no GPU"), std::string::npos) << line;
    EXPECT_EQ(line.find("GPU's price"), std::string::npos) << line;
  }
}

TEST(ArticleMapping, EighteenthPassSecondRoundAccentedCapitalsAndTables) {
  EXPECT_EQ(LowerText("\xC3\x89TATS \xC3\x80\xC3\x96\xC3\x98\xC3\x9E \xC3\x97 \xC5\x81\xC5\xBB "
                      "\xC5\xB8 \xC3\xA9"),
            "\xC3\xA9tats \xC3\xA0\xC3\xB6\xC3\xB8\xC3\xBE \xC3\x97 \xC5\x82\xC5\xBC \xC3\xBF "
            "\xC3\xA9");
  const Verdict holds = Verdict::kHolds;
  ExpectVerdicts({
      Case{"Les \xC3\x89tats-Unis ont consomm\xC3\xA9 4 070 TWh d'\xC3\xA9lectricit\xC3\xA9 en "
           "2022.",
           {holds}},
      Case{"Jap\xC3\xB3n consumi\xC3\xB3 940 TWh en 2024.", {holds}},
      Case{"GPU comparison\n\n| Power | GPU |\n|---|---|\n| 400 W | A100 SXM |\n| 700 W | H100 SXM "
           "|\n| 350 W | H100 PCIe |\n",
           {holds, holds, holds}},
  });
}

}  // namespace
}  // namespace gpufleet::claims

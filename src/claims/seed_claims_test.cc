// The built-in seed claims file is honest about its source: every claim's words stand, verbatim,
// in the sentence it names (sentences numbered as `check --extract` numbers them), and every
// quantity that the extractor finds in a sentence with a claim is covered by some claim.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "gpufleet/assets.h"
#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/extract.h"

namespace gpufleet::claims {
namespace {

std::string Seed() {
  std::ifstream f(std::string(GPUFLEET_SOURCE_DIR) + "/examples/seed-article.txt");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

ClaimsFile SeedClaims() {
  auto text = assets::Find("examples/seed-article.claims.toml");
  EXPECT_TRUE(text);
  return ParseClaimsFile(text ? *text : "", "seed", Catalog::Embedded());
}

TEST(SeedClaims, WordsStandInTheirSentence) {
  const std::vector<Sentence> sentences = SplitSentences(Seed());
  for (const Claim& c : SeedClaims().claims) {
    ASSERT_GE(c.sentence, 1) << c.id;
    ASSERT_LE(c.sentence, static_cast<int>(sentences.size())) << c.id;
    const std::string& s = sentences[c.sentence - 1].text;
    // "[...]" in the words marks an elision: each piece must appear.
    std::string words = c.words;
    size_t start = 0;
    while (start <= words.size()) {
      size_t cut = words.find(" [...] ", start);
      std::string piece = words.substr(start, cut == std::string::npos ? cut : cut - start);
      EXPECT_NE(s.find(piece), std::string::npos) << c.id << ": '" << piece << "' not in: " << s;
      if (cut == std::string::npos) break;
      start = cut + 7;
    }
  }
}

TEST(SeedClaims, EverySentenceWithAQuantityHasAClaim) {
  std::set<int> claimed;
  for (const Claim& c : SeedClaims().claims) claimed.insert(c.sentence);
  const Extraction e = Extract(Seed());
  std::set<int> seen;
  for (const ExtractedQuantity& q : e.quantities) {
    // The publisher's boilerplate is printed twice; its second copy repeats the first.
    if (q.sentence > 28) continue;
    if (seen.insert(q.sentence).second) {
      EXPECT_TRUE(claimed.count(q.sentence))
          << "sentence " << q.sentence << " has '" << q.text << "' but no claim";
    }
  }
}

TEST(SeedClaims, ParsesAndChecksEveryClaim) {
  const ClaimsFile f = SeedClaims();
  EXPECT_GE(f.claims.size(), 20u);
  const Report r = Check(f, Catalog::Embedded());
  ASSERT_EQ(r.results.size(), f.claims.size());
  int kinds[4] = {};
  for (const ClaimResult& c : r.results) {
    ++kinds[static_cast<int>(c.verdict)];
    EXPECT_FALSE(c.explanation.empty()) << c.claim->id;
  }
  for (int k : kinds) EXPECT_GT(k, 0);  // the seed shows every verdict kind
}

}  // namespace
}  // namespace gpufleet::claims

#include <gtest/gtest.h>

#include "gpufleet/claims.h"

namespace gpufleet::claims {
namespace {

struct HedgeCase {
  const char* word;
  const char* name;
  double holds, fails;  // a ratio computed/claimed inside the band, and one outside
};

class HedgeWords : public ::testing::TestWithParam<HedgeCase> {};

TEST_P(HedgeWords, MapsToItsBand) {
  const HedgeCase& c = GetParam();
  const Hedge* h = FindHedge(c.word);
  ASSERT_NE(h, nullptr) << c.word;
  EXPECT_EQ(h->name, c.name);
  EXPECT_TRUE(h->low <= c.holds && c.holds <= h->high) << c.word;
  EXPECT_FALSE(h->low <= c.fails && c.fails <= h->high) << c.word;
}

INSTANTIATE_TEST_SUITE_P(
    AllHedges, HedgeWords,
    ::testing::Values(
        HedgeCase{"exactly", "exactly", 1.005, 1.02},
        HedgeCase{"esattamente", "exactly", 0.995, 0.98}, HedgeCase{"", "as stated", 0.937, 0.85},
        HedgeCase{"about", "about", 1.2, 1.3}, HedgeCase{"circa", "about", 0.85, 0.75},
        HedgeCase{"roughly", "about", 1.1, 0.5}, HedgeCase{"almost", "almost", 0.9, 1.01},
        HedgeCase{"quasi", "almost", 0.95, 0.8},
        HedgeCase{"a little more than", "a little more than", 1.1, 0.95},
        HedgeCase{"un po' di più di", "a little more than", 1.2, 1.5},
        HedgeCase{"un po\xE2\x80\x99 di più di", "a little more than", 1.2, 1.5},
        HedgeCase{"more than", "more than", 40, 0.9}, HedgeCase{"oltre", "more than", 1.5, 0.5},
        HedgeCase{"superiore a", "more than", 2, 0.99}, HedgeCase{"at least", "at least", 1, 0.99},
        HedgeCase{"almeno", "at least", 3, 0.5},
        HedgeCase{"much more than", "much more than", 3, 1.2},
        HedgeCase{"less than", "less than", 0.5, 1.1}, HedgeCase{"meno di", "less than", 0.99, 2},
        HedgeCase{"up to", "at most", 0.7, 1.2}, HedgeCase{"fino a", "at most", 1, 1.01},
        HedgeCase{"order of", "order of", 3, 4},
        HedgeCase{"dell'ordine di", "order of", 0.4, 0.2}));

TEST(Hedges, UnknownWordIsNull) { EXPECT_EQ(FindHedge("perhaps"), nullptr); }

TEST(Hedges, EveryBandIsOrderedAndContainsOneOrTouchesIt) {
  for (const Hedge& h : Hedges()) {
    EXPECT_LE(h.low, h.high) << h.name;
    EXPECT_FALSE(h.meaning.empty()) << h.name;
  }
}

}  // namespace
}  // namespace gpufleet::claims

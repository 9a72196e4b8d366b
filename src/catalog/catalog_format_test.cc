// Formatting of catalog numbers and tables.
#include "gpufleet/catalog_format.h"

#include <gtest/gtest.h>

#include "gpufleet/si_format.h"

namespace gpufleet {
namespace {

TEST(CatalogFormat, SiPrefixes) {
  EXPECT_EQ(FormatPrefixed(989.5e12), "989.5 T");
  EXPECT_EQ(FormatPrefixed(1979e12), "1.979 P");
  EXPECT_EQ(FormatPrefixed(25000), "25 k");
  EXPECT_EQ(FormatPrefixed(700), "700");
  EXPECT_EQ(FormatPrefixed(0.367), "0.367");
  EXPECT_EQ(FormatPrefixed(0), "0");
}

TEST(CatalogFormat, RangesShareOnePrefix) {
  EXPECT_EQ(FormatFactValue(Interval::Between(25000, 40000)), "25-40 k");
  EXPECT_EQ(FormatFactValue(Interval(120, 73, 130)), "120 (73-130)");
  EXPECT_EQ(FormatFactValue(Interval(700)), "700");
}

Catalog Tiny() {
  return Catalog::FromTexts({{"t.toml", R"([[gpu]]
id = "x1"
[gpu.tdp_w]
value = 500
source = "ACME datasheet"
url = "https://example.invalid/x1"
year = 2024
confidence = "unverified"
note = "a guess"
)"}});
}

TEST(CatalogFormat, TextMarksUnverifiedAndSourcesShowEverything) {
  const Catalog c = Tiny();
  const std::string plain = CatalogText(c, {{"gpu"}, false});
  EXPECT_NE(plain.find("500?"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("ACME"), std::string::npos) << plain;
  const std::string full = CatalogText(c, {{"gpu"}, true});
  for (const char* s : {"x1.tdp_w", "500 W", "unverified", "2024", "ACME datasheet",
                        "https://example.invalid/x1", "a guess"}) {
    EXPECT_NE(full.find(s), std::string::npos) << s << "\n" << full;
  }
}

TEST(CatalogFormat, JsonHasTheFactFields) {
  const auto j = CatalogJson(Tiny(), {});
  const auto& f = j.at("entries").at(0).at("facts").at("tdp_w");
  for (const char* k :
       {"value", "low", "high", "unit", "source", "year", "confidence", "url", "note"}) {
    EXPECT_TRUE(f.contains(k)) << k;
  }
  EXPECT_EQ(f.at("unit"), "W");
  EXPECT_EQ(f.at("confidence"), "unverified");
  // The value for people, as the catalog's table prints it (the dashboard's sources table showed
  // "990T" and "80B", Intl's billion, for 80 GB).
  EXPECT_EQ(f.at("text"), "500 W");
}

// With --confidence, a kind's count is of the entries shown, and a kind with none says so:
// "models (10)" stood over an empty table (eighteenth pass).
TEST(CatalogFormat, AConfidenceCountsTheEntriesItShows) {
  const Catalog c = Catalog::FromTexts({{"t.toml", R"([[gpu]]
id = "x1"
[gpu.tdp_w]
value = 500
source = "s"
year = 2024
confidence = "unverified"
[[gpu]]
id = "x2"
[gpu.tdp_w]
value = 600
source = "s"
year = 2024
confidence = "verified"
)"}});
  const std::string unverified = CatalogText(c, {{"gpu"}, false, Confidence::kUnverified});
  EXPECT_NE(unverified.find("GPUs (1)"), std::string::npos) << unverified;
  EXPECT_EQ(unverified.find("x2"), std::string::npos) << unverified;
  const std::string secondary = CatalogText(c, {{"gpu"}, false, Confidence::kSecondary});
  EXPECT_NE(secondary.find("GPUs (0)\nno secondary numbers"), std::string::npos) << secondary;
  EXPECT_EQ(secondary.find("fact"), std::string::npos) << secondary;  // no empty table
  const std::string md = CatalogMarkdown(c, {{"gpu"}, false, Confidence::kSecondary});
  EXPECT_NE(md.find("## GPUs (0)\n\nno secondary numbers"), std::string::npos) << md;
  EXPECT_NE(CatalogText(c, {{"gpu"}, false}).find("GPUs (2)"), std::string::npos);
}

// A kind listed one fact a row (more than ten distinct keys) lists an entry without facts too:
// it was dropped without a word (eighteenth pass).
TEST(CatalogFormat, ALongTableListsAnEntryWithoutFacts) {
  std::string text = "[[reference]]\nid = \"many\"\n";
  for (int i = 0; i < 12; ++i) {
    text += "[reference.k" + std::to_string(i) +
            "_count]\nvalue = 1\nsource = \"s\"\nyear = 2024\nconfidence = \"verified\"\n";
  }
  text += "[[reference]]\nid = \"bare\"\nname = \"a bare entry\"\n";
  const std::string out = CatalogText(Catalog::FromTexts({{"t.toml", text}}), {{"reference"}});
  EXPECT_NE(out.find("k11_count"), std::string::npos) << out;  // the long layout
  EXPECT_NE(out.find("bare"), std::string::npos) << out;
  EXPECT_NE(out.find("a bare entry"), std::string::npos) << out;
}

}  // namespace
}  // namespace gpufleet

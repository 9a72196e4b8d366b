#include "util/csv.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

TEST(Csv, QuotesWhatRfc4180Needs) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell(""), "");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
}

// Formulas are defused (found by an adversarial tester: a fleet named =HYPERLINK(...) reached
// the CSV as a live formula); numbers are not formulas.
TEST(Csv, FormulasGetAnApostropheNumbersDoNot) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("\rx"), "\"'\rx\"");
  for (const char* number : {"-0.5", "+3", "-1e-05", "-350000", "0"}) {
    EXPECT_EQ(CsvCell(number), number);
  }
  EXPECT_EQ(CsvCell("a=b"), "a=b");  // only a leading character starts a formula
}

}  // namespace
}  // namespace gpufleet

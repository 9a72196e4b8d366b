#include "util/ascii.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

TEST(Ascii, TrimTakesOffOnlyTheGivenCharactersAtTheEnds) {
  EXPECT_EQ(Trim(" \th100 \t"), "h100");
  EXPECT_EQ(Trim("a b"), "a b");  // inside kept
  EXPECT_EQ(Trim(" \t "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\nh100\r"), "\nh100\r");  // blanks only, by default
  EXPECT_EQ(Trim("\n\v\f h100\r\n", kAsciiSpace), "h100");
  EXPECT_EQ(Trim("\r key \r", " \t\r"), "key");
  static_assert(Trim("  x ") == "x");
}

TEST(Ascii, LowerFoldsAsciiOnly) {
  EXPECT_EQ(AsciiLower("H100 SXM \xC3\x89"), "h100 sxm \xC3\x89");  // É unchanged
}

}  // namespace
}  // namespace gpufleet

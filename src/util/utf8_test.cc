#include "util/utf8.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

TEST(Utf8, SequenceLengthsFollowTableThreeSeven) {
  EXPECT_EQ(Utf8SequenceAt("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceAt("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(Utf8SequenceAt("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(Utf8SequenceAt("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600
  EXPECT_EQ(Utf8SequenceAt("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF, the last code point
  EXPECT_EQ(Utf8SequenceAt("\x80", 0), 0u);              // a stray continuation byte
  EXPECT_EQ(Utf8SequenceAt("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceAt("\xC1\xBF", 0), 0u);          // overlong
  EXPECT_EQ(Utf8SequenceAt("\xE0\x80\xAF", 0), 0u);      // overlong
  EXPECT_EQ(Utf8SequenceAt("\xED\xA0\x80", 0), 0u);      // a surrogate, U+D800
  EXPECT_EQ(Utf8SequenceAt("\xF0\x80\x80\xAF", 0), 0u);  // overlong
  EXPECT_EQ(Utf8SequenceAt("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceAt("\xF5\x80\x80\x80", 0), 0u);  // never in UTF-8
  EXPECT_EQ(Utf8SequenceAt("\xE2\x82", 0), 0u);          // truncated at the end
  EXPECT_EQ(Utf8SequenceAt("\xE2\x82x", 0), 0u);         // cut by an ASCII byte
  EXPECT_EQ(Utf8SequenceAt("x\xC3\xA9", 1), 2u);         // from the middle of a string
}

TEST(Utf8, ValidAndReplaced) {
  EXPECT_TRUE(ValidUtf8(""));
  EXPECT_TRUE(ValidUtf8("H100 \xE2\x82\xAC 30.000"));
  EXPECT_FALSE(ValidUtf8("H100 \xFF"));
  EXPECT_FALSE(ValidUtf8("\xED\xA0\x80"));
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");  // valid text unchanged
  // Each byte that starts no sequence becomes one U+FFFD; the valid bytes after it are kept.
  EXPECT_EQ(ToValidUtf8("a\xFF\xC3\xA9\xE2\x82z"),
            "a\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBDz");
  EXPECT_TRUE(ValidUtf8(ToValidUtf8("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80")));
}

// Characters that show nothing, which an id must not hold (the catalog refuses them) and an
// unknown id's message shows escaped: "m1" and "m1\u00a0" printed alike.
TEST(Utf8, InvisibleCharacters) {
  for (char32_t cp : {0xA0, 0xAD, 0x1680, 0x2000, 0x200B, 0x200F, 0x2028, 0x202F, 0x205F, 0x2064,
                      0x3000, 0xFEFF}) {
    EXPECT_TRUE(InvisibleCodePoint(cp)) << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {0x20, 0x41, 0xA1, 0xE9, 0x2010, 0x2030, 0x20AC, 0x3001, 0xFFFD}) {
    EXPECT_FALSE(InvisibleCodePoint(cp)) << static_cast<unsigned>(cp);
  }
  EXPECT_EQ(InvisibleCharBytes("m1\xC2\xA0", 2), 2u);      // U+00A0
  EXPECT_EQ(InvisibleCharBytes("m1\xE2\x80\xA8", 2), 3u);  // U+2028
  EXPECT_EQ(InvisibleCharBytes("\xC3\xA9", 0), 0u);        // e acute: visible
  EXPECT_EQ(InvisibleCharBytes("\xC2", 0), 0u);            // truncated
  EXPECT_EQ(InvisibleCharBytes("x", 1), 0u);               // past the end
  EXPECT_EQ(EscapeInvisible("m1\xC2\xA0"), "m1\\u00a0");
  EXPECT_EQ(EscapeInvisible("\xEF\xBB\xBFm\xE2\x80\x8B"
                            "1\xE3\x80\x80"),
            "\\ufeffm\\u200b1\\u3000");
  EXPECT_EQ(EscapeInvisible("caf\xC3\xA9 \xE2\x82\xAC\t"), "caf\xC3\xA9 \xE2\x82\xAC\t");  // kept
}

}  // namespace
}  // namespace gpufleet

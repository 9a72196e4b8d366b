#include "util/markdown.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

// Text from claims files and scenarios stays in its cell or item (found by an adversarial
// tester: an id "a|b" split its cell, a newline in words ended the row, and an <img onerror>
// in words reached the Markdown raw).
TEST(Markdown, TextStaysInItsCellAndCarriesNoHtml) {
  EXPECT_EQ(MdText("plain words, 700 W (x2)"), "plain words, 700 W (x2)");
  EXPECT_EQ(MdText("a|b"), "a\\|b");
  EXPECT_EQ(MdText("one\ntwo\r\nthree\rfour"), "one two three four");
  EXPECT_EQ(MdText("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)>");
  EXPECT_EQ(MdCode("s1-gpu"), "`s1-gpu`");
  EXPECT_EQ(MdCode("a|b`c\nd"), "`a\\|b'c d`");
  // Found by an adversarial tester: "\|" read as an escaped backslash and a cell boundary; a code
  // span showed "&lt;" for '<'.
  EXPECT_EQ(MdText("one \\| two"), "one \\\\\\| two");
  EXPECT_EQ(MdText("C:\\gpu"), "C:\\\\gpu");
  EXPECT_EQ(MdCode("a<b"), "`a<b`");
}

}  // namespace
}  // namespace gpufleet

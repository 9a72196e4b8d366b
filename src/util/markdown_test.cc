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
  EXPECT_EQ(MdCode("a|b`c\nd"), "``a\\|b`c d``");
  // Found by an adversarial tester: "\|" read as an escaped backslash and a cell boundary; a code
  // span showed "&lt;" for '<'.
  EXPECT_EQ(MdText("one \\| two"), "one \\\\\\| two");
  EXPECT_EQ(MdText("C:\\gpu"), "C:\\\\gpu");
  EXPECT_EQ(MdCode("a<b"), "`a<b`");
}

// A code span keeps its text (found by an adversarial tester): a backtick became an apostrophe,
// and outside a table "\|" showed literally. The fence outgrows the text's backticks; a pipe is
// escaped in a table cell only (GFM splits cells first, then reads "\|" as '|').
TEST(Markdown, CodeSpansKeepBackticksAndEscapePipesInCellsOnly) {
  EXPECT_EQ(MdCode("a|b`c<x>"), "``a\\|b`c<x>``");
  EXPECT_EQ(MdCode("a|b`c<x>", MdPlace::kText), "``a|b`c<x>``");
  EXPECT_EQ(MdCode("a``b`", MdPlace::kText), "``` a``b` ```");
  EXPECT_EQ(MdCode("`x", MdPlace::kText), "`` `x ``");
  EXPECT_EQ(MdCode("plain", MdPlace::kText), "`plain`");
  EXPECT_EQ(MdCode("", MdPlace::kText), "``");
}

// Text from a file makes no structure (found by an adversarial tester): a heading, a quote, a
// rule, a list or an indented code block at the start of its block, an image or link anywhere
// (a remote image is fetched when the file is viewed), an entity.
TEST(Markdown, TextMakesNoBlocksLinksOrEntities) {
  EXPECT_EQ(MdText("# Not a heading"), "\\# Not a heading");
  EXPECT_EQ(MdText("> quote"), "\\> quote");
  EXPECT_EQ(MdText("---"), "\\---");
  EXPECT_EQ(MdText("- item"), "\\- item");
  EXPECT_EQ(MdText("1. not a list"), "1\\. not a list");
  EXPECT_EQ(MdText("12) nor this"), "12\\) nor this");
  EXPECT_EQ(MdText("    code"), "code");
  EXPECT_EQ(MdText("![img](http://evil/x.png)"), "!\\[img\\](http://evil/x.png)");
  EXPECT_EQ(MdText("F2 &lt; &#x41;"), "F2 &amp;lt; &amp;#x41;");
  EXPECT_EQ(MdText("*bold*"), "\\*bold\\*");
  // Numbers and the project's own texts stay as they are.
  EXPECT_EQ(MdText("1.5 TWh (1.2-1.8) of 350,000 x 700 W"), "1.5 TWh (1.2-1.8) of 350,000 x 700 W");
  EXPECT_EQ(MdText("-5% and 3 - 2"), "\\-5% and 3 - 2");
  EXPECT_EQ(MdText("run `gpufleet sweep` again"), "run `gpufleet sweep` again");
}

}  // namespace
}  // namespace gpufleet

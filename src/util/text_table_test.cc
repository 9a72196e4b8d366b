#include "gpufleet/text_table.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

TEST(TextTable, DisplayWidthCountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("µs"), 2u);
  EXPECT_EQ(DisplayWidth("±5 °C"), 5u);
  EXPECT_EQ(PadTo("µs", 4), "µs  ");
  EXPECT_EQ(PadTo("7", 3, true), "  7");
  EXPECT_EQ(PadTo("wider", 2), "wider");
}

TEST(TextTable, AlignsUtf8CellsAndTrimsTrailingSpaces) {
  TextTable t;
  t.header = {{"name", "value"}, {"", "µs"}};
  t.rows = {{"é", "1"}, {"long name", "1000"}};
  t.right = {false, true};
  EXPECT_EQ(t.Text(),
            "name       value\n"
            "              µs\n"
            "é              1\n"
            "long name   1000\n");
}

// A control character in a cell (a ledger project named "new\nline") is shown escaped, in text
// and Markdown alike: it broke the text table's rows, and Markdown made it a space.
TEST(TextTable, ControlCharactersInCellsAreEscaped) {
  TextTable t;
  t.header = {{"project", "n"}};
  t.rows = {{"new\nline", "1"}, {"tab\there", "2"}};
  EXPECT_EQ(t.Text(),
            "project      n\n"
            "new\\x0aline  1\n"
            "tab\\x09here  2\n");
  // (Markdown doubles the backslash, which then shows as one.)
  EXPECT_NE(t.Markdown().find("| new\\\\x0aline | 1 |"), std::string::npos) << t.Markdown();
}

TEST(TextTable, MarkdownJoinsUnitsAndEscapesPipes) {
  TextTable t;
  t.header = {{"a", "b"}, {"", "W"}};
  t.rows = {{"x|y", "700"}};
  t.right = {false, true};
  EXPECT_EQ(t.Markdown(), "| a | b (W) |\n| --- | ---: |\n| x\\|y | 700 |\n");
}

}  // namespace
}  // namespace gpufleet

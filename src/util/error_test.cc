#include "gpufleet/error.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

// One classification of control characters for what is escaped and what is refused (the
// Monitor's record texts): C0 and DEL one byte, the UTF-8 encoded C1 controls two.
TEST(ControlChars, ClassifiesC0DelAndUtf8C1) {
  const std::string s = std::string("a\x01\x7f") + "\xc2\x85" + "\xc2\xa0" + "\xc3\xa9" + "\xc2";
  EXPECT_EQ(ControlCharBytes(s, 0), 0u);   // a
  EXPECT_EQ(ControlCharBytes(s, 1), 1u);   // SOH
  EXPECT_EQ(ControlCharBytes(s, 2), 1u);   // DEL
  EXPECT_EQ(ControlCharBytes(s, 3), 2u);   // U+0085 (NEL)
  EXPECT_EQ(ControlCharBytes(s, 5), 0u);   // U+00A0, not a control
  EXPECT_EQ(ControlCharBytes(s, 7), 0u);   // é
  EXPECT_EQ(ControlCharBytes(s, 9), 0u);   // a lone 0xc2 at the end
  EXPECT_EQ(ControlCharBytes(s, 10), 0u);  // past the end
  EXPECT_EQ(ControlCharBytes(std::string(1, '\0'), 0), 1u);
}

TEST(ControlChars, EscapeMakesEachVisibleAndKeepsTheRest) {
  EXPECT_EQ(EscapeControls(std::string("a\x01\x7f") + "\xc2\x85" + "\xc2\xa0" + "\xc3\xa9\\"),
            std::string("a\\x01\\u007f\\u0085") + "\xc2\xa0" + "\xc3\xa9\\");
  const std::string once = EscapeControls("x\ny\x1b[2J");
  EXPECT_EQ(once, "x\\x0ay\\x1b[2J");
  EXPECT_EQ(EscapeControls(once), once);  // escaping twice changes nothing
}

}  // namespace
}  // namespace gpufleet

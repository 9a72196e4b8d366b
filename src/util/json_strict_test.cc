#include "util/json_strict.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

// One parser for JSON read from people and programs (API bodies, merge's reports): a key given
// twice in one object is reported, at any depth (merge summed {"duration_s":1,"duration_s":2}
// as 2; found by an adversarial tester).
TEST(JsonStrict, ReportsAKeyGivenTwiceAtAnyDepth) {
  EXPECT_EQ(ParseJsonStrict(R"({"a":1,"b":{"c":2}})").duplicate_key, "");
  EXPECT_EQ(ParseJsonStrict(R"({"a":1,"a":2})").duplicate_key, "a");
  EXPECT_EQ(ParseJsonStrict(R"({"x":[{"k":1,"k":1}]})").duplicate_key, "k");
  EXPECT_EQ(ParseJsonStrict(R"([{"k":1},{"k":2}])").duplicate_key, "");  // two objects
}

TEST(JsonStrict, MalformedTextSaysWhereAndNeverThrows) {
  for (const char* bad : {"{\"a\":", "", "[1,2", "{\"a\":1e999}", "nan"}) {
    const StrictJson j = ParseJsonStrict(bad);
    EXPECT_TRUE(j.malformed) << bad;
    EXPECT_FALSE(j.error.empty()) << bad;
  }
  EXPECT_FALSE(ParseJsonStrict("[1, 2.5, \"x\"]").malformed);
}

}  // namespace
}  // namespace gpufleet

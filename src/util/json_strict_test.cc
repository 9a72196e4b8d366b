#include "util/json_strict.h"

#include <gtest/gtest.h>

#include <string>

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

// Where a duplicate lies: a key of the outermost object, or inside the value of one (the API
// names that field, whose own check comes first: {"x":{"a":1,"a":2}} named "a", no field).
// Below the outermost object the value is still read, the last of the two kept.
TEST(JsonStrict, SaysUnderWhichOutermostKeyADuplicateLies) {
  const StrictJson top = ParseJsonStrict(R"({"a":1,"a":2})");
  EXPECT_EQ(top.duplicate_depth, 1u);
  EXPECT_EQ(top.duplicate_field, "");
  EXPECT_TRUE(top.value.is_null());
  const StrictJson nested = ParseJsonStrict(R"({"gpu":"h100","x":{"b":[],"a":1,"a":2},"y":3})");
  EXPECT_EQ(nested.duplicate_key, "a");
  EXPECT_EQ(nested.duplicate_depth, 2u);
  EXPECT_EQ(nested.duplicate_field, "x");
  EXPECT_EQ(nested.value["x"]["a"], 2);
  const StrictJson deep = ParseJsonStrict(R"({"x":1,"y":[{"z":{"k":1,"k":2}}]})");
  EXPECT_EQ(deep.duplicate_depth, 4u);
  EXPECT_EQ(deep.duplicate_field, "y");
  EXPECT_EQ(ParseJsonStrict(R"([{"k":1,"k":2}])").duplicate_field, "");  // under an array
  const StrictJson empty_key = ParseJsonStrict(R"({"":1,"":2})");        // "" is a key too
  EXPECT_EQ(empty_key.duplicate_depth, 1u);
  EXPECT_EQ(ParseJsonStrict(R"({"a":{"b":1},"c":{"b":2}})").duplicate_depth, 0u);
  // A number out of range, likewise, with the outermost key it lies under.
  EXPECT_EQ(ParseJsonStrict(R"({"gpu":"h100","x":{"a":1e400}})").out_of_range_field, "x");
  EXPECT_EQ(ParseJsonStrict(R"({"rates":[1,1e-400]})").out_of_range_field, "rates");
  EXPECT_EQ(ParseJsonStrict(R"([{"a":1e-400}])").out_of_range_field, "");
}

TEST(JsonStrict, MalformedTextSaysWhereAndNeverThrows) {
  for (const char* bad : {"{\"a\":", "", "[1,2", "nan", "{\"a\":01}"}) {
    const StrictJson j = ParseJsonStrict(bad);
    EXPECT_TRUE(j.malformed) << bad;
    EXPECT_FALSE(j.error.empty()) << bad;
  }
  EXPECT_FALSE(ParseJsonStrict("[1, 2.5, \"x\"]").malformed);
}

// nlohmann ends its input at a NUL byte: an API body '{"gpu":"h100"}\0{"count":-5}' ran as
// {"gpu":"h100"}, the rest unseen (an adversarial tester's find). Malformed, wherever the NUL is.
TEST(JsonStrict, ANulByteIsMalformedWhereverItIs) {
  using namespace std::string_literals;
  for (const std::string& bad :
       {"{\"gpu\":\"h100\"}\0{\"count\":-5}"s, "{\"gpu\":\"h100\"}\0garbage"s, "{\"a\":1}\0"s,
        "\0{}"s, "{\"a\":\"x\0y\"}"s}) {
    const StrictJson j = ParseJsonStrict(bad);
    EXPECT_TRUE(j.malformed) << bad.size();
    EXPECT_NE(j.error.find("NUL"), std::string::npos) << j.error;
    EXPECT_TRUE(j.value.is_null());
  }
}

// nlohmann read 1e-400 as 0 without a word, so the API answered for a load of 0 where the CLI
// refused `--load 1e-400` as out of range (an adversarial tester's find). Found by the digits as
// written: a nonzero mantissa read as zero, or a number too large for a double.
TEST(JsonStrict, ReportsANumberOutOfRangeWithItsKey) {
  struct Case {
    const char* text;
    const char* number;
    const char* key;
  };
  for (const Case& c :
       {Case{R"({"load":1e-400})", "1e-400", "load"},
        Case{R"({"a":{"b":[1, -0.5E-999]}})", "-0.5E-999", "b"},
        Case{R"({"x":1,"count":1e400})", "1e400", "count"}, Case{R"([1e-400])", "1e-400", ""},
        Case{R"({"a":1e-400,"b":1e400})", "1e-400", "a"}}) {
    const StrictJson j = ParseJsonStrict(c.text);
    EXPECT_FALSE(j.malformed) << c.text << ": " << j.error;
    EXPECT_EQ(j.out_of_range_number, c.number) << c.text;
    EXPECT_EQ(j.out_of_range_key, c.key) << c.text;
    EXPECT_TRUE(j.value.is_null()) << c.text;
  }
  // Zero written as zero, and small numbers a double holds (subnormals are the input's business).
  for (const char* fine : {"[0, 0.0, -0.0, 0e5, 0.000e-400, 1e-300, 1e-310, 1e308, 123]"}) {
    const StrictJson j = ParseJsonStrict(fine);
    EXPECT_EQ(j.out_of_range_number, "") << fine;
    EXPECT_FALSE(j.malformed) << fine;
    EXPECT_EQ(j.value.size(), 9u);
  }
}

}  // namespace
}  // namespace gpufleet

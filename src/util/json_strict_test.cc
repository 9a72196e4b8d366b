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

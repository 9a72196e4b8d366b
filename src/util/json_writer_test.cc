// JsonWriter against nlohmann's dump(): escaping, number layout, doubles that read back to the
// same bits, nesting, empty containers.
#include "util/json_writer.h"

#include <gtest/gtest.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace gpufleet {
namespace {

using Json = nlohmann::json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Str(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

std::string Num(double x) {
  std::string out;
  AppendJsonNumber(out, x);
  return out;
}

// The double a JSON number text reads back to (nlohmann's parser, strtod underneath).
double ReadBack(const std::string& text) { return Json::parse(text).get<double>(); }

TEST(JsonWriter, EscapesEveryAsciiByteAsNlohmannDoes) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string s = std::string("a") + static_cast<char>(c) + "b";
    EXPECT_EQ(Str(s), Dump(Json(s))) << "byte " << c;
  }
  EXPECT_EQ(Str("say \"hi\"\\ / \n\t\r\b\f"), R"("say \"hi\"\\ / \n\t\r\b\f")");
  EXPECT_EQ(Str(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Str(std::string("nul\0byte", 8)), "\"nul\\u0000byte\"");
  EXPECT_EQ(Str(""), "\"\"");
}

// Long strings go sixteen bytes, then eight, at a time: every byte that matters at every offset
// of a block, in strings of one, two and three blocks.
TEST(JsonWriter, EscapesAtEveryOffsetOfLongStrings) {
  const std::string specials[] = {
      "\"",   "\\",   "\n",   std::string(1, '\0'), "\x1f", "\x7f", " ", "é", "€",
      "🙂", "\xc3", "\xff", "\xed\xa0\x80"};
  for (size_t len = 0; len <= 48; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (const std::string& sp : specials) {
        std::string s(len, 'x');
        s.insert(at, sp);
        EXPECT_EQ(Str(s), Dump(Json(s))) << "length " << len << " at " << at;
        s += "tail of more than eight bytes \t and é";
        EXPECT_EQ(Str(s), Dump(Json(s))) << "length " << len << " at " << at;
      }
    }
  }
}

TEST(JsonWriter, PassesUtf8ThroughAndReplacesInvalidBytesAsNlohmannDoes) {
  const std::string utf8 = "Zürich, 1.2 €, 日本, 🙂";
  EXPECT_EQ(Str(utf8), "\"" + utf8 + "\"");
  // Truncated, overlong, surrogate, above U+10FFFF, stray continuation, invalid lead bytes.
  for (const std::string bad :
       {"\xc3", "a\xc3(b", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80x",
        "\xff\xfe", "ok \xe2\x82 then \xe2\x82\xac"}) {
    EXPECT_EQ(Str(bad), Dump(Json(bad))) << Dump(Json(bad));
  }
}

TEST(JsonWriter, LaysOutNumbersAsNlohmannDoes) {
  // clang-format off
  const double cases[] = {0.1, 1e-300, 1e21, -0.0, 0.0, 350000.0, 1.0, -2.5, 1e15, 1e16, 1.5e16,
                          123456789012345.0, 0.0001, 0.00012, 1e-5, 1.25e-5, 5e-324, DBL_MAX,
                          DBL_MIN, 1e300, -1e-300, 42.0, 1e100, 3.8e25, 989.5e12, 0.6, 1.08,
                          2.0 / 3, 1e22, 1e24, 9007199254740993.0, 4.35e17};
  // clang-format on
  for (double x : cases) {
    EXPECT_EQ(Num(x), Dump(Json(x))) << x;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(ReadBack(Num(x))), std::bit_cast<std::uint64_t>(x))
        << Num(x);
  }
  // Whole numbers take a shortcut below 1e15; at every length, both signs, and its edges.
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20000; ++i) {
    const double whole = std::trunc(std::ldexp(static_cast<double>(rng() >> 11), -53) *
                                    std::pow(10.0, static_cast<int>(rng() % 17)));
    const double x = rng() & 1 ? -whole : whole;
    ASSERT_EQ(Num(x), Dump(Json(x))) << x;
  }
  for (double x : {999999999999999.0, 1e15 - 1, 1e15, 1e15 + 1, -999999999999999.0, 1e14, 7.0}) {
    EXPECT_EQ(Num(x), Dump(Json(x))) << x;
  }
  EXPECT_EQ(Num(1e21), "1e+21");
  EXPECT_EQ(Num(1e-300), "1e-300");
  EXPECT_EQ(Num(-0.0), "-0.0");
  EXPECT_EQ(Num(350000.0), "350000.0");
  EXPECT_EQ(Num(0.1), "0.1");
  EXPECT_EQ(Num(1e-5), "1e-05");
  // Where nlohmann's Grisu2 is not the shortest, the texts differ and read back alike.
  EXPECT_EQ(Num(1e23), "1e+23");
  EXPECT_EQ(Dump(Json(1e23)), "9.999999999999999e+22");
  EXPECT_EQ(ReadBack(Num(1e23)), ReadBack(Dump(Json(1e23))));
}

TEST(JsonWriter, NonFiniteNumbersAreNull) {
  EXPECT_EQ(Num(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(Num(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(Num(std::nan("")), "null");
  EXPECT_EQ(Num(std::numeric_limits<double>::infinity()),
            Dump(Json(std::numeric_limits<double>::infinity())));
}

// Random bit patterns over the whole range: every finite double reads back to its own bits and
// to the same double as nlohmann's text of it.
TEST(JsonWriter, EveryDoubleReadsBackToItsBits) {
  std::mt19937_64 rng(11);
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::bit_cast<double>(rng());
    if (!std::isfinite(x)) continue;
    const std::string ours = Num(x);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(ReadBack(ours)), std::bit_cast<std::uint64_t>(x))
        << ours;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(ReadBack(ours)),
              std::bit_cast<std::uint64_t>(ReadBack(Dump(Json(x)))))
        << ours << " vs " << Dump(Json(x));
    ++checked;
  }
  EXPECT_GT(checked, 190000);
  // Decimal-looking values, the kind the model prints.
  std::uniform_int_distribution<int> exp(-30, 30);
  std::uniform_int_distribution<std::int64_t> mant(1, 99999999);
  for (int i = 0; i < 100000; ++i) {
    const double x = static_cast<double>(mant(rng)) * std::pow(10.0, exp(rng));
    ASSERT_EQ(std::bit_cast<std::uint64_t>(ReadBack(Num(x))), std::bit_cast<std::uint64_t>(x));
  }
}

TEST(JsonWriter, WritesNestedContainersAsNlohmannDumpsThem) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Number(2.5);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Null();
  w.Bool(true);
  w.Bool(false);
  w.String("x\"y");
  w.BeginArray();
  w.BeginArray();
  w.Int(-7);
  w.EndArray();
  w.EndArray();
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.Member("c", "d");
  w.Member("e", 1e21);
  w.Key("f");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  w.Key("empty");
  w.BeginArray();
  w.EndArray();
  w.Member("year", std::string_view("2023"));
  w.Key("z");
  w.Int(std::numeric_limits<std::int64_t>::min());
  w.EndObject();
  w.Finish();
  const Json expected = {
      {"a", {1, 2.5, Json::object(), Json::array(), nullptr, true, false, "x\"y", {{-7}}}},
      {"b", {{"c", "d"}, {"e", 1e21}, {"f", Json::object()}}},
      {"empty", Json::array()},
      {"year", "2023"},
      {"z", std::numeric_limits<std::int64_t>::min()}};
  EXPECT_EQ(out, Dump(expected));
  EXPECT_EQ(Json::parse(out), expected);
}

// The writer writes ahead into `out`'s storage and grows it: a long document after a prefix,
// with strings to escape and invalid UTF-8 (keys and values), equals nlohmann's, and `out` is
// cut to it on Finish.
TEST(JsonWriter, GrowsAndWritesAfterAPrefix) {
  std::string out = "prefix:";
  Json expected = Json::array();
  {
    JsonWriter w(out);
    w.BeginArray();
    for (int i = 0; i < 3000; ++i) {
      const std::string s = std::string(static_cast<size_t>(i % 97), 'a' + i % 26) +
                            (i % 5 == 0 ? "\"\n\x01" : "") + (i % 7 == 0 ? "\xff" : "");
      w.BeginObject();
      w.Member(s, s);
      w.EndObject();
      w.Number(i * 0.5);
      expected.push_back(Json{{s, s}});
      expected.push_back(i * 0.5);
    }
    w.EndArray();
  }  // the destructor finishes
  ASSERT_TRUE(out.starts_with("prefix:"));
  EXPECT_EQ(out.substr(7), Dump(expected));
}

TEST(JsonWriter, EmptyDocuments) {
  std::string a;
  JsonWriter wa(a);
  wa.BeginObject();
  wa.EndObject();
  wa.Finish();
  EXPECT_EQ(a, "{}");
  std::string b;
  JsonWriter wb(b);
  wb.BeginArray();
  wb.EndArray();
  wb.Finish();
  EXPECT_EQ(b, "[]");
  std::string c = "prefix ";
  JsonWriter wc(c);
  wc.String("");
  wc.Finish();
  EXPECT_EQ(c, "prefix \"\"");
}

}  // namespace
}  // namespace gpufleet

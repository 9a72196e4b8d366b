#include "util/toml_util.h"

#include <gtest/gtest.h>

namespace gpufleet {
namespace {

// The InputError `f` throws (fails the test when it throws none).
template <typename F>
InputError ErrorOf(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("none");
}

const std::string kFile = "t.toml";

TEST(TomlUtil, ErrorsNameFileLineColumnAndKeyPath) {
  const toml::table root = ParseTomlFile("[a]\nx = \"text\"\n", kFile);
  const TomlFields f(kFile, *root.get_as<toml::table>("a"), "a.");
  const InputError e = ErrorOf([&] { f.Number("x"); });
  EXPECT_EQ(e.where().file, kFile);
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 5);
  EXPECT_EQ(e.where().field, "a.x");
  EXPECT_EQ(std::string(e.what()), "t.toml:2:5: 'a.x': must be a number");
  const InputError syntax = ErrorOf([] { ParseTomlFile("x = = 1\n", kFile); });
  EXPECT_EQ(syntax.where().line, 1);
  EXPECT_GT(syntax.where().column, 0);
  EXPECT_NE(std::string(syntax.what()).find("malformed TOML"), std::string::npos);
}

// A dotted key of 31,500 parts overflowed the parser's stack (a crash, of the server too): a
// line with more than 1,000 dots outside strings and comments is refused with its line, before
// parsing. Dots inside strings, comments and a long float array below the limit are fine.
TEST(TomlUtil, DeepDottedKeysAreRefusedNotACrash) {
  std::string deep = "[";
  for (int i = 0; i < 31500; ++i) deep += "a.";
  deep += "b]\n";
  const InputError header = ErrorOf([&] { ParseTomlFile("x = 1\n" + deep, kFile); });
  EXPECT_EQ(header.where().line, 2);
  EXPECT_NE(std::string(header.what()).find("dotted key this deep"), std::string::npos);
  std::string dotted;
  for (int i = 0; i < 2000; ++i) dotted += "k.";
  dotted += "v = 1\n";
  EXPECT_EQ(ErrorOf([&] { ParseTomlFile(dotted, kFile); }).where().line, 1);
  // The same dots inside strings and comments, and 900 floats on a line, parse.
  const std::string many(5000, '.');
  std::string floats = "f = [";
  for (int i = 0; i < 900; ++i) floats += "1.5, ";
  floats += "2.5]\n";
  const std::string ok = "a = \"" + many + "\"\nb = '" + many + "'\nc = \"\"\"\n" + many +
                         "\n\"\"\"\nd = '''" + many + "'''\n# " + many + "\n" + floats +
                         "e = \"\\\"" + many + "\"\n";
  const toml::table t = ParseTomlFile(ok, kFile);
  EXPECT_EQ(t["f"].as_array()->size(), 901u);
  EXPECT_EQ(t["e"].value<std::string>()->size(), many.size() + 1);
  // 1,000 parts are still a key.
  std::string thousand;
  for (int i = 0; i < 999; ++i) thousand += "k.";
  thousand += "v = 1\n";
  EXPECT_NO_THROW(ParseTomlFile(thousand, kFile));
}

TEST(TomlUtil, OneYearRule) {
  for (const char* ok : {"year = 1900", "year = 2024", "year = 2100"}) {
    const toml::table t = ParseTomlFile(ok, kFile);
    EXPECT_NO_THROW(TomlFields(kFile, t).Year()) << ok;
  }
  for (const char* bad :
       {"year = 1899", "year = 2101", "year = 2024.0", "year = \"2024\"", "y = 1"}) {
    const toml::table t = ParseTomlFile(bad, kFile);
    EXPECT_THROW(TomlFields(kFile, t).Year(), InputError) << bad;
  }
}

TEST(TomlUtil, NumbersStringsAndRanges) {
  const toml::table t = ParseTomlFile(
      "n = 3\nneg = -1\nbig = 1e40\nnan = nan\ns = \"x\"\nb = true\n"
      "r = \"0.5..0.8\"\nlow = 1\nhigh = 3\nconfidence = \"sure\"\n",
      kFile);
  const TomlFields f(kFile, t);
  EXPECT_EQ(f.Number("n"), 3);
  EXPECT_EQ(f.OptNumber("absent"), std::nullopt);
  EXPECT_THROW(f.Number("neg"), InputError);
  EXPECT_EQ(f.Number("neg", {-10, 10}), -1);
  EXPECT_THROW(f.Number("big"), InputError);
  EXPECT_THROW(f.Number("nan"), InputError);
  EXPECT_EQ(f.String("s"), "x");
  EXPECT_THROW(f.String("n"), InputError);
  EXPECT_THROW(f.String("absent"), InputError);
  EXPECT_TRUE(f.Bool("b", false));
  EXPECT_THROW(f.Bool("s", false), InputError);
  EXPECT_EQ(f.ValueLowHigh(), Interval(2, 1, 3));
  EXPECT_EQ(NumberOrRange(kFile, *t.get("r"), "r"), Interval(0.65, 0.5, 0.8));
  EXPECT_EQ(NumberOrRange(kFile, *t.get("n"), "n"), Interval(3));
  EXPECT_THROW(NumberOrRange(kFile, *t.get("b"), "b"), InputError);
  EXPECT_THROW(f.ConfidenceText(), InputError);
  const toml::table two = ParseTomlFile("n = 1\nneg = 2\n", kFile);
  const InputError unknown =
      ErrorOf([&] { TomlFields(kFile, two).RejectUnknownKeys({"n"}, "only n"); });
  EXPECT_EQ(unknown.where().field, "neg");
  EXPECT_EQ(unknown.where().line, 2);
  EXPECT_NE(std::string(unknown.what()).find("unknown key 'neg' (only n)"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet

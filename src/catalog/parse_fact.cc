// Parsing and validating one sourced number (a Fact) from its TOML sub-table.
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <set>

#include "catalog/parse.h"
#include "gpufleet/error.h"
#include "util/toml_util.h"

namespace gpufleet::catalog_internal {
namespace {

struct Ctx {
  const std::string& file;
  const std::string& path;
  const toml::table& t;

  [[noreturn]] void Fail(const toml::node& at, const std::string& msg) const {
    throw InputError(Where{file, LineOf(at), path}, msg);
  }
  [[noreturn]] void Fail(const std::string& msg) const { Fail(t, msg); }
};

std::optional<double> Number(const Ctx& c, const char* key) {
  const toml::node* n = c.t.get(key);
  if (!n) return std::nullopt;
  if (!n->is_number()) c.Fail(*n, std::string("'") + key + "' must be a number");
  const double v = NumberValue(*n).value_or(NAN);
  if (!std::isfinite(v))
    c.Fail(*n, std::string("'") + key + "' must be finite, got " + fmt::format("{}", v));
  if (v < 0)
    c.Fail(*n, std::string("'") + key + "' must not be negative, got " + fmt::format("{}", v));
  return v;
}

std::string String(const Ctx& c, const char* key, bool required) {
  const toml::node* n = c.t.get(key);
  if (!n) {
    if (required) c.Fail(std::string("missing '") + key + "'");
    return {};
  }
  if (!n->is_string()) c.Fail(*n, std::string("'") + key + "' must be a string");
  std::string s = *n->value<std::string>();
  if (required && s.empty()) c.Fail(*n, std::string("'") + key + "' must not be empty");
  return s;
}

Interval ParseValue(const Ctx& c) {
  const auto v = Number(c, "value"), lo = Number(c, "low"), hi = Number(c, "high");
  if (lo.has_value() != hi.has_value()) c.Fail("'low' and 'high' go together");
  if (!v && !lo) c.Fail("missing 'value' (or 'low' and 'high')");
  if (!lo) return Interval(*v);
  if (*lo > *hi) {
    c.Fail(*c.t.get("low"), "low " + fmt::format("{}", *lo) + " > high " + fmt::format("{}", *hi));
  }
  const double mid = v.value_or((*lo + *hi) / 2);
  if (mid < *lo || mid > *hi) {
    c.Fail(*c.t.get("value"), "value " + fmt::format("{}", mid) + " outside low..high");
  }
  return Interval(mid, *lo, *hi);
}

Confidence ParseConfidence(const Ctx& c) {
  const std::string s = String(c, "confidence", true);
  if (s == "verified") return Confidence::kVerified;
  if (s == "secondary") return Confidence::kSecondary;
  if (s == "unverified") return Confidence::kUnverified;
  c.Fail(*c.t.get("confidence"),
         "unknown confidence '" + s + "' (expected verified, secondary or unverified)");
}

int ParseYear(const Ctx& c) {
  const toml::node* n = c.t.get("year");
  if (!n) c.Fail("missing 'year'");
  const auto y = n->value_exact<int64_t>();
  if (!y || *y < 1900 || *y > 2100) c.Fail(*n, "'year' must be an integer 1900..2100");
  return static_cast<int>(*y);
}

void RejectUnknownKeys(const Ctx& c) {
  static const std::set<std::string> known{"value", "low",  "high",       "source",
                                           "url",   "year", "confidence", "note"};
  for (auto&& [k, v] : c.t) {
    if (!known.count(std::string(k.str()))) {
      c.Fail(v, "unknown key '" + std::string(k.str()) +
                    "' (a fact has value, low, high, source, url, year, confidence, note)");
    }
  }
}

// Domain checks that follow from the key's meaning: a PUE below 1 or a fraction above 1 is a typo.
void CheckDomain(const Ctx& c, const std::string& path, const Interval& v) {
  const auto at = [&]() -> const toml::node& {
    const toml::node* n = c.t.get("value");
    return n ? *n : *c.t.get("low");
  };
  if (path.ends_with(".pue") && v.low < 1) {
    c.Fail(at(), fmt::format("a PUE is at least 1, got {}", v.low));
  }
  if (path.ends_with("_fraction") && v.high > 1) {
    c.Fail(at(), fmt::format("a fraction is at most 1, got {}", v.high));
  }
}

}  // namespace

Fact ParseFact(const std::string& file, const std::string& path, const toml::table& t) {
  const Ctx c{file, path, t};
  RejectUnknownKeys(c);
  Fact f;
  f.value = ParseValue(c);
  CheckDomain(c, path, f.value);
  f.source = String(c, "source", true);
  f.url = String(c, "url", false);
  f.year = ParseYear(c);
  f.confidence = ParseConfidence(c);
  f.note = String(c, "note", false);
  return f;
}

}  // namespace gpufleet::catalog_internal

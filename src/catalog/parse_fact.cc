// Parsing and validating one sourced number (a Fact) from its TOML sub-table.
#include <fmt/format.h>

#include "catalog/parse.h"
#include "gpufleet/error.h"
#include "util/toml_util.h"

namespace gpufleet::catalog_internal {
namespace {

Confidence ParseConfidence(const TomlFields& f) {
  const std::string s = f.ConfidenceText();
  if (s == "verified") return Confidence::kVerified;
  if (s == "secondary") return Confidence::kSecondary;
  return Confidence::kUnverified;
}

// Domain checks that follow from the key's meaning: a PUE below 1 or a fraction above 1 is a typo.
void CheckDomain(const TomlFields& f, const std::string& path, const Interval& v) {
  const char* key = f.table().contains("value") ? "value" : "low";
  const toml::node* at = f.table().get(key);
  if (path.ends_with(".pue") && v.low < 1) {
    f.Fail(at, key, fmt::format("a PUE is at least 1, got {}", v.low));
  }
  if (path.ends_with("_fraction") && v.high > 1) {
    f.Fail(at, key, fmt::format("a fraction is at most 1, got {}", v.high));
  }
}

}  // namespace

Fact ParseFact(const std::string& file, const std::string& path, const toml::table& t) {
  const TomlFields f(file, t, path + ".");
  f.RejectUnknownKeys({"value", "low", "high", "source", "url", "year", "confidence", "note"},
                      "a fact has value, low, high, source, url, year, confidence, note");
  Fact fact;
  fact.value = f.ValueLowHigh();
  CheckDomain(f, path, fact.value);
  fact.source = f.String("source");
  fact.url = f.OptString("url").value_or("");
  fact.year = f.Year();
  fact.confidence = ParseConfidence(f);
  fact.note = f.OptString("note").value_or("");
  return fact;
}

}  // namespace gpufleet::catalog_internal

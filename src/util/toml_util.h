// The one TOML reader kit of the project: parsing a file and reading typed fields from its
// tables, with one error shape. The catalog (src/catalog/parse_*.cc), scenario
// (src/model/scenario.cc), claims (src/claims/claims_file.cc) and failure-model
// (src/sim/failure_model.cc) readers all use it.
//
// Every error is an InputError whose Where carries the file, the line and the column of the
// offending node (of the table, when a required key is missing) and the field's key path:
// "claims.toml:12:9: 'claim.a.year': must be an integer year 1900..2100, got 1899".
//
// One year rule everywhere: a year is a TOML integer from kMinYear to kMaxYear (1900..2100);
// sources older than 1900 do not occur in this domain, and a float or a string ("2024") is a
// typo to report, not to coerce.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "gpufleet/error.h"
#include "gpufleet/interval.h"

namespace gpufleet {

namespace inputs {
struct Input;
}

inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2100;

// Parses `text` (the contents of `file`) as TOML. On a syntax error throws InputError naming
// the file, line and column, with "malformed TOML: " and toml++'s description.
toml::table ParseTomlFile(std::string_view text, const std::string& file);

// Where `node` starts in `file`: file, line, column, with `field` as the key path.
Where WhereOf(const std::string& file, const toml::node& node, std::string field);

// A value that may be ranged: a finite TOML number, or a string ParseInterval reads ("350k",
// "0.5..0.8", "1..2..3"). `field` names it in errors (at the node's file, line, column).
Interval NumberOrRange(const std::string& file, const toml::node& node, const std::string& field);
// The same for a value of `input` (nullptr: none): a string is read as inputs::ParseRange reads
// it (a whole-number input's "1..2" centred on 1, as on every other front end).
Interval NumberOrRange(const std::string& file, const toml::node& node, const std::string& field,
                       const inputs::Input* input);

// Bounds of a number field; both inclusive. The defaults reject negative numbers and absurd
// magnitudes; NaN and infinities are always rejected.
struct NumberRule {
  double min = 0;
  double max = 1e30;
  bool whole = false;  // a count: no fraction ("8.5 GPUs per node")
};

// Typed fields of one table. `prefix` is prepended to keys in error messages ("claim.a.",
// "failure_model[0]."). Holds references: the file name and table must outlive it.
class TomlFields {
 public:
  TomlFields(const std::string& file, const toml::table& table, std::string prefix = "")
      : file_(file), table_(table), prefix_(std::move(prefix)) {}

  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }
  // prefix + key: the key path errors name.
  std::string Path(std::string_view key) const { return prefix_ + std::string(key); }

  // Throws InputError at `at` (or the table when null) naming Path(key).
  [[noreturn]] void Fail(const toml::node* at, std::string_view key, const std::string& msg) const;

  // A string field; nullopt when absent. Throws when present and not a string.
  std::optional<std::string> OptString(std::string_view key) const;
  // A string field that must be present (and not empty when `non_empty`).
  std::string String(std::string_view key, bool non_empty = true) const;
  // A number field (integer or float) within `rule`; nullopt when absent.
  std::optional<double> OptNumber(std::string_view key, NumberRule rule = {}) const;
  // The same, required.
  double Number(std::string_view key, NumberRule rule = {}) const;
  // A year (the one rule above), required.
  int Year(std::string_view key = "year") const;
  // A boolean field; `fallback` when absent.
  bool Bool(std::string_view key, bool fallback) const;
  // "verified", "secondary" or "unverified", required.
  std::string ConfidenceText(std::string_view key = "confidence") const;
  // `value` and/or `low`..`high` (low and high go together; value defaults to the midpoint and
  // must lie within them), each within `rule`.
  Interval ValueLowHigh(NumberRule rule = {}) const;
  // Throws on the first key not in `known`, listing them as `hint` says.
  void RejectUnknownKeys(std::initializer_list<std::string_view> known,
                         std::string_view hint) const;

 private:
  const std::string& file_;
  const toml::table& table_;
  std::string prefix_;
};
// A number node's value as a double; nullopt when the node is not a number. Unlike toml++'s
// value<double>(), an integer too large to be exact as a double (above 2^53, such as
// count = 100000000000000000) still gives its nearest double instead of an empty optional,
// which callers then checked, or did not.
std::optional<double> NumberValue(const toml::node& n);

}  // namespace gpufleet

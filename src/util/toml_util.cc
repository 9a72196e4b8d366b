#include "util/toml_util.h"

#include <fmt/format.h>

#include <cmath>

#include "gpufleet/inputs.h"
#include "util/subnormal.h"

namespace gpufleet {

namespace {

// toml++ (3.3) parses a dotted key ("a.b.c", or a header "[a.b.c]") one stack frame a part: a
// 63 KB key of 31,500 parts overflowed the stack and killed the CLI, and the server with it
// (through /api/check, under the 64 KiB body limit). TOML keys are on one line, so a line with
// more than kMaxDotsPerLine dots outside strings and comments is refused before parsing. Dots
// in values count too (an array of floats), so the limit is far above any file this tool reads;
// a thousand parts need a few hundred kB of stack.
constexpr int kMaxDotsPerLine = 1000;

void RefuseDeepKeys(std::string_view text, const std::string& file) {
  enum class In { kCode, kBasic, kLiteral, kMultiBasic, kMultiLiteral, kComment };
  In in = In::kCode;
  int line = 1, dots = 0;
  size_t line_start = 0;
  const auto at = [&](size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      line_start = i + 1;
      if (in == In::kBasic || in == In::kLiteral || in == In::kComment) in = In::kCode;
      continue;
    }
    switch (in) {
      case In::kCode:
        if (c == '#') {
          in = In::kComment;
        } else if (at(i, "\"\"\"")) {
          in = In::kMultiBasic;
          i += 2;
        } else if (c == '"') {
          in = In::kBasic;
        } else if (at(i, "'''")) {
          in = In::kMultiLiteral;
          i += 2;
        } else if (c == '\'') {
          in = In::kLiteral;
        } else if (c == '.' && ++dots > kMaxDotsPerLine) {
          throw InputError(Where{file, line, "", static_cast<int>(i - line_start) + 1},
                           fmt::format("more than {} '.' on one line outside strings: a dotted "
                                       "key this deep is refused",
                                       kMaxDotsPerLine));
        }
        break;
      case In::kBasic:
        if (c == '\\') {
          ++i;  // the escaped character (a newline here is malformed; the parser says so)
        } else if (c == '"') {
          in = In::kCode;
        }
        break;
      case In::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;
        } else if (at(i, "\"\"\"")) {
          in = In::kCode;
          i += 2;
        }
        break;
      case In::kLiteral:
        if (c == '\'') in = In::kCode;
        break;
      case In::kMultiLiteral:
        if (at(i, "'''")) {
          in = In::kCode;
          i += 2;
        }
        break;
      case In::kComment:
        break;
    }
  }
}

}  // namespace

toml::table ParseTomlFile(std::string_view text, const std::string& file) {
  RefuseDeepKeys(text, file);
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw InputError(Where{file, static_cast<int>(b.line), "", static_cast<int>(b.column)},
                     "malformed TOML: " + std::string(e.description()));
  }
}

Where WhereOf(const std::string& file, const toml::node& node, std::string field) {
  const auto& b = node.source().begin;
  return Where{file, static_cast<int>(b.line), std::move(field), static_cast<int>(b.column)};
}

Interval NumberOrRange(const std::string& file, const toml::node& node, const std::string& field) {
  if (node.is_integer() || node.is_floating_point()) {
    const double v = NumberValue(node).value_or(NAN);
    if (!std::isfinite(v)) throw InputError(WhereOf(file, node, field), "must be a finite number");
    if (const auto why = SubnormalMessage(v, fmt::format("{}", v))) {
      throw InputError(WhereOf(file, node, field), *why);
    }
    return v;
  }
  if (const auto s = node.value<std::string>()) {
    try {
      return ParseInterval(*s, field);
    } catch (const InputError& e) {
      throw InputError(WhereOf(file, node, field), e.detail());
    }
  }
  throw InputError(WhereOf(file, node, field),
                   "must be a number or a string like \"350k\" or \"0.5..0.8\"");
}

Interval NumberOrRange(const std::string& file, const toml::node& node, const std::string& field,
                       const inputs::Input* input) {
  const Interval v = NumberOrRange(file, node, field);  // its errors, at the node
  const auto text = node.value<std::string>();
  return input != nullptr && text ? inputs::ParseRange(*input, *text) : v;
}

void TomlFields::Fail(const toml::node* at, std::string_view key, const std::string& msg) const {
  throw InputError(WhereOf(file_, at ? *at : table_, Path(key)), msg);
}

std::optional<std::string> TomlFields::OptString(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) Fail(n, key, "must be a string");
  return std::string(*n->value<std::string>());
}

std::string TomlFields::String(std::string_view key, bool non_empty) const {
  const auto s = OptString(key);
  if (!s) Fail(nullptr, key, "missing");
  // Blanks alone say nothing either: a source of "   " was accepted as one (found by an
  // adversarial tester).
  if (non_empty && s->find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(table_.get(key), key, s->empty() ? "must not be empty" : "must not be blank");
  }
  return *s;
}

std::optional<double> TomlFields::OptNumber(std::string_view key, NumberRule rule) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_number()) Fail(n, key, "must be a number");
  const double v = NumberValue(*n).value_or(NAN);
  if (!std::isfinite(v)) Fail(n, key, fmt::format("must be a finite number, got {}", v));
  if (const auto why = SubnormalMessage(v, fmt::format("{}", v))) Fail(n, key, *why);
  if (v < rule.min) Fail(n, key, fmt::format("must be >= {}, got {}", rule.min, v));
  if (v > rule.max) Fail(n, key, fmt::format("absurd magnitude {} (at most {})", v, rule.max));
  if (rule.whole && v != std::floor(v)) {
    Fail(n, key, fmt::format("must be a whole number, got {}", v));
  }
  return v;
}

double TomlFields::Number(std::string_view key, NumberRule rule) const {
  const auto v = OptNumber(key, rule);
  if (!v) Fail(nullptr, key, "missing");
  return *v;
}

int TomlFields::Year(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) Fail(nullptr, key, "missing");
  const auto y = n->value_exact<int64_t>();
  if (!y || *y < kMinYear || *y > kMaxYear) {
    Fail(n, key, fmt::format("must be an integer year {}..{}", kMinYear, kMaxYear));
  }
  return static_cast<int>(*y);
}

bool TomlFields::Bool(std::string_view key, bool fallback) const {
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (!n->is_boolean()) Fail(n, key, "must be true or false");
  return *n->value<bool>();
}

std::string TomlFields::ConfidenceText(std::string_view key) const {
  const std::string s = String(key);
  if (s != "verified" && s != "secondary" && s != "unverified") {
    Fail(table_.get(key), key,
         "unknown confidence '" + s + "' (expected verified, secondary or unverified)");
  }
  return s;
}

Interval TomlFields::ValueLowHigh(NumberRule rule) const {
  const auto v = OptNumber("value", rule), lo = OptNumber("low", rule),
             hi = OptNumber("high", rule);
  if (lo.has_value() != hi.has_value())
    Fail(nullptr, lo ? "high" : "low", "'low' and 'high' go together");
  if (!v && !lo) Fail(nullptr, "value", "missing 'value' (or 'low' and 'high')");
  if (!lo) return Interval(*v);
  if (*lo > *hi) Fail(table_.get("low"), "low", fmt::format("low {} > high {}", *lo, *hi));
  const double mid = v.value_or((*lo + *hi) / 2);
  if (mid < *lo || mid > *hi) {
    Fail(table_.get("value"), "value", fmt::format("value {} outside low..high", mid));
  }
  return Interval(mid, *lo, *hi);
}

void TomlFields::RejectUnknownKeys(std::initializer_list<std::string_view> known,
                                   std::string_view hint) const {
  for (auto&& [k, v] : table_) {
    bool ok = false;
    for (std::string_view name : known) ok = ok || k.str() == name;
    if (!ok) Fail(&v, k.str(), fmt::format("unknown key '{}' ({})", k.str(), hint));
  }
}

std::optional<double> NumberValue(const toml::node& n) {
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n.as_floating_point()) return f->get();
  return std::nullopt;
}

}  // namespace gpufleet

// The extractor's words: units, scale words, currencies, counted nouns and "per year" suffixes,
// in Italian and English. Internal to src/claims.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpufleet::claims {

struct LexMatch {
  size_t length = 0;  // bytes matched
  std::string unit;   // canonical unit for rt_unit ("kWh", "EUR", "" for a count)
  double scale = 1;   // for scale words (k, MLN, miliardi, bn ...)
  bool is_scale = false;
  bool is_currency = false;
  bool counted = false;  // a counted noun (GPU, schede, cards ...)
};

// The longest unit (or currency, or counted noun) at s[pos] that ends at a word boundary.
std::optional<LexMatch> MatchUnit(std::string_view s, size_t pos);
// The longest scale word at s[pos] that ends at a word boundary.
std::optional<LexMatch> MatchScale(std::string_view s, size_t pos);
// A "per year" style suffix at s[pos] ("/anno", " annuali", " a year"): its length and the
// time unit ("yr", "day", "h", "month").
std::optional<std::pair<size_t, std::string>> MatchRate(std::string_view s, size_t pos);
// A currency written before a number that starts at s[end] ("USD ", "$", "€ "): the prefix's
// length and the currency.
std::optional<std::pair<size_t, std::string>> MatchCurrencyPrefix(std::string_view s, size_t end);
// Whether a currency the catalog cannot convert (neither the dollar nor the euro) is written
// just before s[start] or just after s[end]: a sign (£ ¥ ₹ ₩), a code (GBP, JPY, CNY, RMB, INR,
// CHF) or a word ("pounds", "yen", "francs" ...).
bool ForeignCurrency(std::string_view s, size_t start, size_t end);
// A GPU model name counted by the number before it ("100,000 Nvidia H100 GPUs", "200k H100",
// "1,000 B200 chips"): an optional vendor, a name of 1-3 letters (the first a capital), 2-4
// digits and up to 2 letters, and an optional counted noun; nullopt otherwise.
std::optional<LexMatch> MatchModelCount(std::string_view s, size_t pos);
// GPUs counted with one or two words between ("50,000 new H200 GPUs", "72,000 Blackwell GPUs",
// "10,000 additional accelerators"): up to two words of letters, then a model name or a GPU noun
// ("GPU", "GPUs", "accelerators", "Grafikkarten", "tarjetas"...); nullopt otherwise.
std::optional<LexMatch> MatchQualifiedGpuCount(std::string_view s, size_t pos);
// The words that may stand between a count and the GPUs it counts (lower case): adjectives,
// vendors, families, form factors, and "of those" for a part of the fleet. Not what is counted
// ("startups", "users", "racks"). The mapper's check of a count uses them too.
const std::vector<std::string_view>& GpuDescribingWords();
// True for verbs of spending ("spesi", "spent", "costa") that make a bare number an amount.
bool IsMoneyVerb(std::string_view lower_word);

// True when s[pos] cannot continue a word (end, space, punctuation; not a letter or digit).
bool WordBoundary(std::string_view s, size_t pos);

}  // namespace gpufleet::claims

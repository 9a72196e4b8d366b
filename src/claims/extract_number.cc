// Numbers as people write them: Italian "1.300,5" and English "1,300.5", and guessing which
// one a text uses.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpufleet/extract.h"
#include "util/ascii.h"

namespace gpufleet::claims {
namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); });
}

// "1.234.567" with `sep` grouping thousands: the first group 1-3 digits, the others exactly 3.
std::optional<std::string> Ungroup(std::string_view s, char sep) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t end = s.find(sep, start);
    std::string_view group = s.substr(start, end == std::string_view::npos ? end : end - start);
    if (!IsDigits(group)) return std::nullopt;
    if (first ? group.size() > 3 : group.size() != 3) return std::nullopt;
    // A first group of "0" groups nothing: "0.613.000" is no number.
    if (first && group.front() == '0') return std::nullopt;
    out += group;
    first = false;
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::optional<double> ToDouble(const std::string& s) {
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ptr != s.data() + s.size()) return std::nullopt;
  // More digits than a double holds ("9" x 400): infinite, or 0 for a fraction too small; the
  // number is then listed as not finite, not dropped silently (found by an adversarial tester).
  if (r.ec == std::errc::result_out_of_range) {
    const std::string whole = s.substr(0, s.find('.'));
    return whole.find_first_not_of('0') != std::string::npos
               ? std::numeric_limits<double>::infinity()
               : 0.0;
  }
  if (r.ec != std::errc()) return std::nullopt;
  return v;
}

// Integer part grouped by `group`, then optionally `dec` and digits.
std::optional<double> WithDecimal(std::string_view s, char group, char dec) {
  size_t d = s.find(dec);
  std::string_view whole = s.substr(0, d);
  auto w = whole.find(group) == std::string_view::npos ? std::optional<std::string>(whole)
                                                       : Ungroup(whole, group);
  if (!w || !IsDigits(*w)) return std::nullopt;
  if (d == std::string_view::npos) return ToDouble(*w);
  std::string_view frac = s.substr(d + 1);
  if (!IsDigits(frac)) return std::nullopt;
  return ToDouble(*w + "." + std::string(frac));
}

}  // namespace

std::optional<double> ParseWrittenNumber(std::string_view s, NumberStyle style) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front())) ||
      !std::isdigit(static_cast<unsigned char>(s.back())))
    return std::nullopt;
  const char dec = style == NumberStyle::kEnglish ? '.' : ',';
  const char group = dec == '.' ? ',' : '.';
  const size_t dots = std::count(s.begin(), s.end(), '.');
  const size_t commas = std::count(s.begin(), s.end(), ',');
  if (dots && commas) {  // the last separator is the decimal one, whatever the style
    const char last = s[s.find_last_of(".,")];
    return WithDecimal(s, last == '.' ? ',' : '.', last);
  }
  if (!dots && !commas) return WithDecimal(s, group, dec);
  const char sep = dots ? '.' : ',';
  // An integer part of 0 groups no thousands: "0.613" and "0,613" are 0.613 in either style (a
  // leading "0." or "0," before three digits was read as 613, 1,000x too large; found by an
  // adversarial tester).
  if (dots + commas == 1 && s.front() == '0' && s[1] == sep)
    return WithDecimal(s, sep == '.' ? ',' : '.', sep);
  if (dots + commas > 1) return WithDecimal(s, sep, sep == '.' ? ',' : '.');  // groups only
  // The style's decimal separator followed by exactly "000": nobody writes 350 as "350,000" or
  // 2 as "2.000", so it groups thousands ("Meta runs 350,000 H100 GPUs" in an article guessed
  // Italian, "350.000 H100" in one guessed English, were 350 GPUs; found by an adversarial
  // tester).
  if (sep == dec && s.size() >= 4 && s.substr(s.size() - 4) == std::string{sep} + "000")
    return WithDecimal(s, sep, group);
  if (sep == dec) return WithDecimal(s, group, dec);
  // One grouping-style separator: thousands when exactly three digits follow, else decimal.
  const size_t after = s.size() - s.find(sep) - 1;
  return after == 3 ? WithDecimal(s, sep, dec) : WithDecimal(s, group, sep);
}

namespace {

// Calls f(word) for each word of `text` of at most 8 bytes, lower-cased (ASCII; other UTF-8
// bytes kept); a longer word is skipped. Both guesses' lists hold only such words, and this runs
// over the whole text (10 MB at most) without allocating.
template <typename F>
void ForEachShortWord(std::string_view text, F f) {
  char word[8];
  size_t n = 0;
  bool too_long = false;
  auto flush = [&] {
    if (n > 0 && !too_long) f(std::string_view(word, n));
    n = 0;
    too_long = false;
  };
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80)) {
      if (n < sizeof word) {
        word[n++] = AsciiLower(c);
      } else {
        too_long = true;
      }
    } else {
      flush();
    }
  }
  flush();
}

}  // namespace

NumberStyle GuessStyle(std::string_view text) {
  // "Meta comprerà 350.000 GPU H100. Le GPU assorbiranno 245 MW." held none of the first
  // fourteen words of each list and was read as English, 350 GPUs (found by an adversarial
  // tester): the lists now hold the articles and prepositions of short news sentences too.
  //
  // "Italian" is the comma-decimal, point-grouped style of continental Europe: French, German and
  // Spanish texts write "350.000 GPU" and "2,5 GW" too, and were read as English, 350 GPUs and a
  // correct 245 MW called 1000x off (found by an adversarial tester). Their commonest short words
  // count with Italian's; none of them is an English word of news text.
  static constexpr std::string_view italian[] = {
      "di",    "che",   "il",   "la",    "è",     "per",   "non",  "della", "del",   "una",
      "sono",  "con",   "nel",  "anche", "le",    "gli",   "lo",   "dei",   "delle", "degli",
      "al",    "alla",  "ai",   "dal",   "dalla", "nella", "sul",  "sulla", "più",   "ha",
      "hanno", "tra",   "fra",  "sarà",  "ogni",  "quasi", "circa", "oltre", "anni", "anno",
      // French
      "les",   "des",   "du",   "de",    "et",    "est",   "pour", "par",   "avec",  "dans",
      "sur",   "qui",   "sont", "ont",   "plus",  "aux",   "au",   "ces",   "leur",  "une",
      "environ",
      // German
      "der",   "die",   "das",  "und",   "ist",   "mit",   "von",  "den",   "dem",   "ein",
      "eine",  "für",   "auf",  "sich",  "nicht", "sind",  "wird", "werden", "zu",   "im",
      "jahr",  "rund",  "etwa",
      // Spanish
      "el",    "los",   "las",  "es",    "por",   "para",  "más",  "sus",   "se",    "unos",
      "año"};
  static constexpr std::string_view english[] = {
      "the",   "of",   "and",   "is",   "to",    "that",  "in",    "for",  "with",  "are",
      "was",   "it",   "on",    "by",   "an",    "will",  "be",    "has",  "have",  "from",
      "at",    "as",   "its",   "this", "which", "their", "more",  "than", "about", "each",
      "every", "year", "years", "were", "been",  "would", "could", "into", "over"};
  int it = 0, en = 0;
  ForEachShortWord(text, [&](std::string_view w) {
    for (std::string_view x : italian) it += w == x;
    for (std::string_view x : english) en += w == x;
  });
  // The separators: a point before exactly three digits groups thousands, a comma before one or
  // two is a decimal: Italian; the other way round: English.
  int it_sep = 0, en_sep = 0;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if ((c != '.' && c != ',') || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) continue;
    size_t k = i + 1;
    while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
    const size_t digits = k - i - 1;
    if (digits == 0) continue;
    // "0.613", "0,613": after a lone 0 the separator is a decimal one, whatever follows.
    const bool lone_zero =
        text[i - 1] == '0' && (i == 1 || !std::isdigit(static_cast<unsigned char>(text[i - 2])));
    const bool groups = digits == 3 && !lone_zero;
    ((c == '.') == groups ? it_sep : en_sep) += 1;
  }
  // Separators that all agree decide: words decide only when they disagree or there are none.
  // Names and quotes carry function words of other languages ("Reporting by Jean de la Fontaine"
  // read an English article's "1,300 MW" as 1.3 MW; found by an adversarial tester), while
  // "1,300" meaning 1.3 or "1.300" meaning 1.3 is rare in either style.
  if (it_sep > 0 && en_sep == 0) return NumberStyle::kItalian;
  if (en_sep > 0 && it_sep == 0) return NumberStyle::kEnglish;
  if (it == en) {
    // No word decides ("xAI Colossus: 100.000 GPU, 1,5 GW."): the separators' majority.
    it += it_sep;
    en += en_sep;
  }
  return it > en ? NumberStyle::kItalian : NumberStyle::kEnglish;
}

namespace {
// Votes per language (it, fr, de, es, en, in that order) of the distinctive words in `text`.
std::array<int, 5> LanguageVotes(std::string_view text);
constexpr const char* kLanguages[] = {"it", "fr", "de", "es", "en"};
}  // namespace

std::string GuessLanguage(std::string_view text, int min_words) {
  const std::array<int, 5> votes = LanguageVotes(text);
  size_t best = 0;
  for (size_t k = 1; k < votes.size(); ++k) {
    if (votes[k] > votes[best]) best = k;
  }
  for (size_t k = 0; k < votes.size(); ++k) {
    if (k != best && votes[k] == votes[best]) return "";  // a tie tells nothing
  }
  return votes[best] >= min_words ? kLanguages[best] : "";
}

namespace {
std::array<int, 5> LanguageVotes(std::string_view text) {
  // Distinctive words only: the site of a facility reading and the household of a count of
  // homes follow the language (French and Spanish articles got Italy's PUE; found by an
  // adversarial tester).
  static const std::pair<const char*, std::vector<std::string_view>> words[] = {
      {"it", {"il", "della", "che", "sono", "gli", "delle", "degli", "nel", "nella", "anche",
              "più", "questo", "questa", "dei", "alla"}},
      {"fr", {"les", "est", "pour", "avec", "dans", "sur", "sont", "aux", "du", "cette", "qui",
              "ont", "mais", "leurs"}},
      {"de", {"der", "die", "das", "und", "ist", "mit", "von", "den", "dem", "nicht", "sind",
              "wird", "auch", "für", "auf"}},
      {"es", {"los", "las", "el", "por", "para", "más", "sus", "está", "son", "como", "pero",
              "hasta"}},
      {"en", {"the", "and", "of", "is", "to", "that", "with", "for", "are", "was", "which"}}};
  std::array<int, 5> votes = {};
  ForEachShortWord(text, [&](std::string_view w) {
    for (size_t k = 0; k < std::size(words); ++k) {
      const auto& list = words[k].second;
      votes[k] += std::find(list.begin(), list.end(), w) != list.end();
    }
  });
  return votes;
}
}  // namespace

std::string GuessLanguage(std::string_view text, NumberStyle style) {
  const std::array<int, 5> votes = LanguageVotes(text);
  size_t best = style == NumberStyle::kItalian ? 0 : votes.size() - 1;
  for (size_t k = 0; k < votes.size(); ++k) {
    if (votes[k] > votes[best]) best = k;
  }
  return kLanguages[best];
}

}  // namespace gpufleet::claims

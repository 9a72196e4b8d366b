// Finding the quantities in a text (`gpufleet check --extract FILE`): every number with a unit,
// a scale word or a counted noun, in Italian or English number formats ("3.740KWh",
// "1.300 GWh/anno", "350k", "10 Miliardi di dollari", "100km", "700W", "USD 10bn", "10%",
// "metà"), normalised to SI units, with the sentence it stands in and the hedge word before it.
//
// Rules (docs/claims.md, "Extraction"): calendar years ("nel 2000", "il 2024", "‘900") and
// digits inside names ("H100", "Leonardo-1", "ASC27", "LLama3") are not quantities; durations
// ("6 anni") and percentages are; a bare number is a quantity only after a money verb ("ne ha
// spesi 10") or before a counted noun ("350,000 GPUs"); a scale with no unit ("1 MLD") or a
// bare money amount takes the currency (and scale) of the money amount before it in the same
// or the previous sentence, and says so in `note`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpufleet::claims {

// How to read "1.300" and "3,5": Italian (dot groups thousands, comma is decimal), English
// (the reverse), or auto (unambiguous numbers decide themselves; the others follow the text's
// language, told by its commonest short words).
enum class NumberStyle { kAuto, kItalian, kEnglish };

struct Sentence {
  int index = 0;     // 1-based
  std::string text;  // whitespace collapsed
};

struct ExtractedQuantity {
  std::string text;     // the span as written: "3.740KWh annuali"
  int sentence = 0;     // 1-based index into Extraction::sentences
  double value = 0;     // in `unit`, scale applied: 3740
  std::string unit;     // normalised: "kWh/yr", "EUR", "km", "%", "yr", "" (a count)
  std::string kind;     // "energy per time", "money", "length", "count", "fraction", ...
  double value_si = 0;  // 426.9 (money stays in its currency)
  std::string unit_si;  // "W", "m", "s", "USD", "EUR", ""
  std::string hedge;    // hedge name found just before ("about", "more than"), or ""
  std::string note;     // how an implied unit was inferred, or ""
  // A range ("USD 10-20 bn", "between 3 and 5 GW"): `value` is its low end and this its high
  // end, in `unit`. A range is listed, never checked (a claim's value is one number).
  std::optional<double> range_high;
};

struct Extraction {
  NumberStyle style = NumberStyle::kAuto;  // the style used (never kAuto)
  std::string language = "en";             // GuessLanguage of the text
  std::vector<Sentence> sentences;
  std::vector<ExtractedQuantity> quantities;  // in text order
};

// Pure; never throws on any input (binary junk gives no quantities).
Extraction Extract(std::string_view text, NumberStyle style = NumberStyle::kAuto);

// Splits a text into sentences: at . ! ? followed by space and a capital/quote, at line breaks
// after such punctuation or after a short heading line; never inside "1.300" or after a known
// abbreviation. Lines wrapped mid-sentence are joined.
std::vector<Sentence> SplitSentences(std::string_view text);

// Reads a number as written ("3.740", "1,300.5", "10") in `style` (not kAuto); nullopt when
// it is not a number.
std::optional<double> ParseWrittenNumber(std::string_view s, NumberStyle style);

// The style a text's words suggest: Italian when Italian short words outnumber English ones.
NumberStyle GuessStyle(std::string_view text);

// The text's language from its commonest distinctive words: "it", "fr", "de", "es" or "en"; on
// a tie, "it" for a comma-decimal `style`, else "en".
std::string GuessLanguage(std::string_view text, NumberStyle style);
// The same with evidence required: the language whose distinctive words the text holds at least
// `min_words` times and more often than any other's; "" when none does (a sentence too short to
// tell).
std::string GuessLanguage(std::string_view text, int min_words);

// Refuses what is not a text to extract from: InputError naming `file`, "not a text file", when
// `text` holds a NUL byte or when more than a tenth of its bytes are not valid UTF-8 (a Latin-1
// article, with a few accented letters, still passes).
void RequireText(std::string_view text, const std::string& file);

// The text and Markdown listings are for a person to read: they list the first
// kMaxListedQuantities quantities (and the sentences holding them), then one line "... and M
// more quantities (use --format json for all)". JSON lists every quantity (it stays linear).
inline constexpr size_t kMaxListedQuantities = 2000;
std::string RenderExtractionText(const Extraction& e, const std::string& file);
std::string RenderExtractionJson(const Extraction& e, const std::string& file);
std::string RenderExtractionMarkdown(const Extraction& e, const std::string& file);

}  // namespace gpufleet::claims

// The mapper's words (docs/claims.md, "Checking an article"): the reference things articles
// compare with, the phrases of comparison, the words that make a sentence speak of one GPU, of
// buying, of lining GPUs up. English and Italian, matched on lower-cased text at word starts.
// Internal to src/claims.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpufleet::claims {

// A reference thing named in a text: the catalog reference it stands for and the fact compared.
struct RefWord {
  const char* word;          // lower case: "lombardia", "united states"
  const char* reference;     // catalog reference id
  const char* key;           // its fact: "energy_kwh", "volume_m3", "gpus_count"
  int year;                  // the year the fact is for (picks among entries for one word)
  const char* requires_any;  // "" or "|"-separated words one of which the sentence must hold
  bool per_unit;             // a unit thing (a household, a pool): compared per item
};
const std::vector<RefWord>& ReferenceWords();

// How a number stands to a reference ("a little more than Lombardy"): the hedge to check the
// reference against the number with (the reverse of the sentence's), and the phrase.
struct Comparison {
  const char* phrase;     // lower case
  const char* ref_hedge;  // hedge name for reference / claimed
  const char* meaning;    // "the number is a little more than the reference"
  double factor = 1;      // the number is `factor` times the reference ("twice as much as": 2)
  // A bare preposition ("over", "above", "below", "sopra"): a comparison only right before the
  // reference, with no word between them but articles and the thing's own words.
  bool next_to_reference = false;
};
const std::vector<Comparison>& Comparisons();

// A multiple or fraction of a reference said in words just before it ("twice Italy's
// consumption", "a third of Lombardy's", "la moitié de l'Italie"): the number is `factor` times
// the reference.
struct Multiple {
  const char* phrase;  // lower case
  double factor;
};
const std::vector<Multiple>& Multiples();
// Small numbers in words ("two", "drei") and the words that make them a multiple ("times",
// "volte", "fois", "mal", "veces"; "x"): "three times Italy's", "2.5 volte la Lombardia".
const std::vector<std::pair<std::string_view, double>>& NumberWords();
const std::vector<std::string_view>& TimesWords();

// Fractions said with an ordinal ("a fiftieth of", "un cinquantesimo della", "ein Fünfzigstel
// der", "un sixième de", "dos quintos de"): the ordinal (lower case; a plural "s" is matched by
// FindWord, the Italian plurals are listed) and its denominator; the words that count it ("a",
// "one", "un", "ein" ...: 1; NumberWords for more); and whether a word not in the list ends like
// an ordinal ("-ieth", "-esimo", "-ième", "-stel", "-ésimo"), a fraction the mapper cannot read.
const std::vector<std::pair<std::string_view, double>>& OrdinalFractions();
const std::vector<std::pair<std::string_view, double>>& FractionNumerators();
bool LooksOrdinal(std::string_view lower_word);

// A percentage that changes the reference rather than taking a share of it: "30% more than
// Milan" (1.3 times Milan), "50% less than Lombardy" (half), "superiore del 30% al consumo di
// Milano", "um 30 % höher als". `sign` is +1 for more, -1 for less.
struct PercentChange {
  std::string_view words;  // lower case
  int sign;
};
const std::vector<PercentChange>& PercentChangeAfter();   // "more", "in più", "de plus", "mehr"
const std::vector<PercentChange>& PercentChangeBefore();  // "superiore del", "inférieur de"
// The words that join such a change to the reference ("than", "di", "a", "que", "als",
// "rispetto a", "par rapport à", "compared with").
const std::vector<std::string_view>& ChangeLinks();
// Words that make "more than" "much more than" (the hedge table's 1.5x): "far", "much", "well",
// "molto", "ben", "bien", "beaucoup", "weit", "deutlich", "viel", "mucho".
const std::vector<std::string_view>& Intensifiers();

// Word lists (lower case, matched at word starts).
// "home", "household", "famil", "electric car" ... (prefixes): things whose energy is not a GPU's.
const std::vector<std::string_view>& HouseholdWords();
// Appliances and devices of a home ("fridge", "frigorifero", "réfrigérateur", "Kühlschrank",
// "nevera", "microwave", "PC" ...): prefixes, and whole words where a prefix would find others.
const std::vector<std::string_view>& ApplianceWords();
const std::vector<std::string_view>& ApplianceWholeWords();
const std::vector<std::string_view>& OneGpuWords();     // "each gpu", "a single" ...
const std::vector<std::string_view>& OneGpuArticles();  // "a", "an", "una" before a GPU name
const std::vector<std::string_view>& BuyWords();        // "bought", "acquista", "spent" ...
const std::vector<std::string_view>& LineUpWords();     // "lined up", "in fila", "di gpu" ...
const std::vector<std::string_view>& GpuNouns();        // "gpu", "chip", "schede" ... (whole)
// The GPU nouns that also name other cards ("gift cards", "tarjetas SIM", "carte d'identità").
const std::vector<std::string_view>& CardNouns();
const std::vector<std::string_view>& FacilityWords();   // "data center", "facility", "campus" ...
// Words that make a power or energy the GPUs' own whatever else the clause names ("for the GPUs
// alone", "da sole").
const std::vector<std::string_view>& GpuOnlyWords();
// One rack, server or node ("a GB200 NVL72 rack draws 120 kW"): not the article's fleet.
const std::vector<std::string_view>& RackWords();
const std::vector<std::string_view>& WaterWords();      // "water", "acqua"
const std::vector<std::string_view>& PerQueryWords();   // "query", "prompt", "domanda" ...

// Lower-cases ASCII letters and the Latin-1 and Latin Extended-A capitals ("É", "Ó", "Ł"; the
// length in bytes stays) and turns a typographic apostrophe (U+2019) into "'".
std::string LowerText(std::string_view s);
// The first occurrence of `word` in `s` at or after `from` that starts a word and, when
// `whole`, also ends one (an "s" of a plural may follow); npos when there is none.
size_t FindWord(std::string_view s, std::string_view word, size_t from = 0, bool whole = true);

}  // namespace gpufleet::claims

// The hedge table: how a number was said, and the band of computed / claimed it accepts.
#include <cctype>
#include <limits>

#include "gpufleet/claims.h"

namespace gpufleet::claims {

const std::vector<Hedge>& Hedges() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  static const std::vector<Hedge> hedges = {
      {"exactly",
       0.99,
       1.01,
       {"exactly", "precisely", "esattamente", "precisamente", "exactement", "genau",
        "exactamente"},
       "within 1% of the claimed value"},
      {"as stated",
       0.9,
       1.1,
       {"", "plain", "none", "as stated"},
       "a plainly stated (usually round) number: within 10%"},
      {"about",
       0.8,
       1.25,
       {"about", "around", "approximately", "approx.", "approx", "roughly", "some", "circa", "ca.",
        "intorno a", "all'incirca", "attorno a", "più o meno", "approssimativamente", "pressappoco",
        // French, German, Spanish (each was ignored: "environ 8 MW" was checked as "8 MW")
        "environ", "à peu près", "quelque", "approximativement", "etwa", "rund", "ungefähr",
        "zirka", "circa", "unos", "unas", "alrededor de", "aproximadamente", "en torno a",
        "cerca de"},
       "within a factor 1.25 either way (-20% .. +25%)"},
      {"almost",
       0.85,
       1.0,
       {"almost", "nearly", "just under", "just below", "a little less than", "slightly less than",
        "quasi", "poco meno di", "un po' meno di", "appena meno di", "presque", "près de",
        "pratiquement", "knapp", "fast", "beinahe", "casi"},
       "up to 15% below the claimed value, not above"},
      {"a little more than",
       1.0,
       1.25,
       {"a little more than", "slightly more than", "just over", "just above", "a bit more than",
        "un po' di più di", "un po' più di", "poco più di", "appena più di", "poco oltre",
        "un peu plus de", "etwas mehr als", "knapp über", "algo más de", "poco más de"},
       "at or up to 25% above the claimed value"},
      {"more than",
       1.0,
       inf,
       {"more than",  "over",        "above",     "exceeding", "più di",
        "oltre",      "superiore a", "superiore", "sopra",     "in excess of",
        "upwards of", "north of",    "plus de",   "plus que",  "au-delà de",
        "mehr als",   "über",        "Über",      "más de",    "superior a"},
       "at or above the claimed value"},
      {"at least",
       1.0,
       inf,
       {"at least", "no less than", "nothing less than", "not less than", "almeno", "non meno di",
        "au moins", "mindestens", "wenigstens", "al menos", "por lo menos"},
       "at or above the claimed value"},
      {"much more than",
       1.5,
       inf,
       {"much more than", "far more than", "well over", "molto più di", "ben oltre", "ben più di",
        "bien plus de", "weit mehr als", "deutlich mehr als", "mucho más de"},
       "at least 1.5 times the claimed value"},
      {"less than",
       0.0,
       1.0,
       {"less than", "under", "below", "fewer than", "meno di", "inferiore a", "inferiore", "sotto",
        "moins de", "weniger als", "unter", "menos de"},
       "at or below the claimed value"},
      {"at most",
       0.0,
       1.0,
       {"at most", "up to", "no more than", "al massimo", "fino a", "non più di", "jusqu'à",
        "au plus", "au maximum", "bis zu", "höchstens", "maximal", "hasta", "como máximo",
        "a lo sumo"},
       "at or below the claimed value"},
      {"order of",
       1 / 3.1623,
       3.1623,
       {"order of", "of the order of", "on the order of", "dell'ordine di", "nell'ordine di"},
       "within half an order of magnitude (a factor 3.16 either way)"},
  };
  return hedges;
}

namespace {
// Lower case, with typographic apostrophes read as '.
std::string LowerWord(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    // Typographic apostrophes (U+2018, U+2019) read as '.
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x98 ||
         static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      out += '\'';
      i += 2;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  }
  return out;
}
}  // namespace

const Hedge* FindHedge(std::string_view word) {
  const std::string w = LowerWord(word);
  for (const Hedge& h : Hedges()) {
    if (w == h.name) return &h;
    for (const std::string& x : h.words) {
      if (w == x) return &h;
    }
  }
  return nullptr;
}

}  // namespace gpufleet::claims

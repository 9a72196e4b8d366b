// Rendering an extraction as text, JSON or Markdown.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "gpufleet/claims.h"
#include "gpufleet/error.h"
#include "gpufleet/extract.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

std::string StyleName(NumberStyle s) {
  return s == NumberStyle::kItalian ? "italian" : s == NumberStyle::kEnglish ? "english" : "auto";
}

// A number as listed: "n/a (overflows)" where the scale took it past a double (JSON: null).
std::string NumberText(double x) {
  return std::isfinite(x) ? FormatScaled(x, 4) : "n/a (overflows)";
}

// "10 bn..20 bn USD" for a range (it listed "10 bn USD", the low end alone; found by an adversarial
// tester).
std::string ValueText(const ExtractedQuantity& q) {
  std::string v = NumberText(q.value);
  if (q.range_high) v += ".." + NumberText(*q.range_high);
  return q.unit.empty() ? v : v + " " + q.unit;
}

std::string SiText(const ExtractedQuantity& q) {
  return NumberText(q.value_si) + (q.unit_si.empty() ? "" : " " + q.unit_si);
}

// The quantities a listing for a person shows: the first kMaxListedQuantities.
size_t Listed(const Extraction& e) { return std::min(e.quantities.size(), kMaxListedQuantities); }

// The line after a listing cut short, or "".
std::string MoreLine(const Extraction& e) {
  const size_t more = e.quantities.size() - Listed(e);
  if (more == 0) return "";
  return fmt::format("\u2026 and {} more quantit{} (use --format json for all)\n", more,
                     more == 1 ? "y" : "ies");
}

}  // namespace

// Text from the article (and its file name) is escaped (EscapeControls): an article must not
// be able to clear the terminal or set its title when the extraction is printed.
std::string RenderExtractionText(const Extraction& e, const std::string& file) {
  std::string out = fmt::format("Quantities in {} ({} numbers, {} sentences)\n\n",
                                EscapeControls(file), StyleName(e.style), e.sentences.size());
  out += fmt::format("{:>3}  {:>4}  {:<26} {:<20} {:<14} {:<18} {}\n", "#", "sent", "as written",
                     "value", "SI", "kind", "hedge");
  const size_t listed = Listed(e);
  for (size_t n = 0; n < listed; ++n) {
    const ExtractedQuantity& q = e.quantities[n];
    out +=
        fmt::format("{:>3}  {:>4}  {:<26} {:<20} {:<14} {:<18} {}\n", n + 1, q.sentence,
                    "\"" + EscapeControls(q.text) + "\"", ValueText(q), SiText(q), q.kind, q.hedge);
    if (!q.note.empty()) out += fmt::format("{:>11}note: {}\n", "", EscapeControls(q.note));
  }
  out += MoreLine(e);
  out += "\nSentences with quantities:\n";
  int last = 0;
  for (size_t n = 0; n < listed; ++n) {
    const ExtractedQuantity& q = e.quantities[n];
    if (q.sentence == last) continue;
    last = q.sentence;
    out += fmt::format("  [{}] {}\n", q.sentence, EscapeControls(e.sentences[q.sentence - 1].text));
  }
  return out;
}

std::string RenderExtractionJson(const Extraction& e, const std::string& file) {
  nlohmann::ordered_json j;
  j["file"] = file;
  j["number_style"] = StyleName(e.style);
  j["quantities"] = nlohmann::json::array();
  for (const ExtractedQuantity& q : e.quantities) {
    j["quantities"].push_back({{"text", q.text},
                               {"sentence", q.sentence},
                               {"value", q.value},
                               {"unit", q.unit},
                               {"si_value", q.value_si},
                               {"si_unit", q.unit_si},
                               {"kind", q.kind},
                               {"hedge", q.hedge},
                               {"note", q.note}});
    if (q.range_high) j["quantities"].back()["range_high"] = *q.range_high;
  }
  // Each sentence with quantities once, referenced by the quantities' "sentence" number: the
  // output stays linear in the input however many quantities one sentence holds.
  j["sentences"] = nlohmann::json::array();
  int last = 0;
  for (const ExtractedQuantity& q : e.quantities) {
    if (q.sentence == last) continue;
    last = q.sentence;
    j["sentences"].push_back({{"index", q.sentence}, {"text", e.sentences[q.sentence - 1].text}});
  }
  // The text may hold invalid UTF-8 (Extract never rejects a text): replace bad bytes with U+FFFD
  // rather than throw (found by fuzz/extract_fuzz.cc).
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string RenderExtractionMarkdown(const Extraction& e, const std::string& file) {
  std::string out = fmt::format("# Quantities in `{}`\n\n", EscapeControls(file));
  out += "| # | sentence | as written | value | SI | kind | hedge | note |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  const size_t listed = Listed(e);
  for (size_t n = 0; n < listed; ++n) {
    const ExtractedQuantity& q = e.quantities[n];
    out += fmt::format("| {} | {} | \"{}\" | {} | {} | {} | {} | {} |\n", n + 1, q.sentence,
                       EscapeControls(q.text), ValueText(q), SiText(q), q.kind, q.hedge,
                       EscapeControls(q.note));
  }
  if (const std::string more = MoreLine(e); !more.empty()) out += "\n" + more;
  return out;
}

}  // namespace gpufleet::claims

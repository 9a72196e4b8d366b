// The Markdown report, for documents (docs/validation.md quotes its table).
#include <fmt/format.h>

#include <cmath>

#include "gpufleet/claims.h"
#include "gpufleet/si_format.h"
#include "util/markdown.h"

namespace gpufleet::claims {
namespace {

std::string Escape(const std::string& s) { return MdText(s); }

}  // namespace

std::string RenderMarkdown(const Report& r) {
  std::string out =
      fmt::format("# Claims: {}\n\n", Escape(r.title.empty() ? r.claims_path : r.title));
  if (!r.source_file.empty())
    out += fmt::format("Source text: {}\n\n", MdCode(r.source_file, MdPlace::kText));
  out += "| | claim | words | claimed | computed | claimed / computed | implied assumption |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const ClaimResult& c : r.results) {
    const ReadingResult* rr = nullptr;
    for (const ReadingResult& x : c.readings) {
      if (!rr && x.verdict != Verdict::kUnverifiable) rr = &x;
    }
    std::string implied;
    if (rr) {
      for (const Implied& i : rr->implied) implied += (implied.empty() ? "" : "; ") + i.text;
    }
    out += fmt::format("| {} {} | {} | {} | {} | {} | {} | {} |\n", Mark(c.verdict),
                       ToString(c.verdict), MdCode(c.claim->id), Escape(c.claim->words),
                       Escape(NumberWithUnit(c.claim->value_text, c.claim->unit)),
                       rr ? NumberWithUnit(FormatScaledInterval(rr->computed), c.claim->unit) : "-",
                       rr ? (std::isfinite(rr->factor) ? FormatScaled(rr->factor, 3) : "n/a") : "-",
                       Escape(implied));
  }
  out += "\n";
  for (const ClaimResult& c : r.results) {
    out += fmt::format("- **{}** ({}): {}", Escape(c.claim->id), ToString(c.verdict),
                       Escape(c.explanation));
    if (!c.claim->follows.empty()) {
      out += " Internal consistency: " + Escape(c.consistency.text) + ".";
    }
    if (!c.claim->note.empty()) out += " " + Escape(c.claim->note);
    out += "\n";
  }
  return out;
}

}  // namespace gpufleet::claims

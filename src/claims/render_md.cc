// The Markdown report, for documents (docs/validation.md quotes its table).
#include <fmt/format.h>

#include "gpufleet/claims.h"
#include "gpufleet/si_format.h"

namespace gpufleet::claims {
namespace {

std::string Escape(std::string s) {
  for (size_t p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
  return s;
}

std::string NumberWithUnit(const std::string& n, const Claim& c) {
  return c.unit.empty() ? n : n + " " + c.unit;
}

}  // namespace

std::string RenderMarkdown(const Report& r) {
  std::string out = fmt::format("# Claims: {}\n\n", r.title.empty() ? r.claims_path : r.title);
  if (!r.source_file.empty()) out += fmt::format("Source text: `{}`\n\n", r.source_file);
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
    out += fmt::format("| {} {} | `{}` | {} | {} | {} | {} | {} |\n", Mark(c.verdict),
                       ToString(c.verdict), c.claim->id, Escape(c.claim->words),
                       NumberWithUnit(c.claim->value_text, *c.claim),
                       rr ? NumberWithUnit(FormatScaledInterval(rr->computed), *c.claim) : "-",
                       rr ? FormatScaled(rr->factor, 3) : "-", Escape(implied));
  }
  out += "\n";
  for (const ClaimResult& c : r.results) {
    out +=
        fmt::format("- **{}** ({}): {}", c.claim->id, ToString(c.verdict), Escape(c.explanation));
    if (!c.claim->follows.empty()) out += " Internal consistency: " + c.consistency.text + ".";
    if (!c.claim->note.empty()) out += " " + c.claim->note;
    out += "\n";
  }
  return out;
}

}  // namespace gpufleet::claims

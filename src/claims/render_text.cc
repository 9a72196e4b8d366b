// The text report: a summary table a journalist can read, then one block per claim.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpufleet/claims.h"
#include "gpufleet/si_format.h"
#include "gpufleet/text_table.h"

namespace gpufleet::claims {
namespace {

std::string WithUnit(const std::string& number, const Claim& c) {
  return NumberWithUnit(number, c.unit);
}

// Cuts `s` to `n` characters (UTF-8 aware), with "..." when cut.
std::string Cut(const std::string& s, size_t n) {
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > n - 3) break;
  }
  return i >= s.size() ? s : s.substr(0, i) + "...";
}

// `s` padded to `w` display columns (the one table writer's padding).
std::string Pad(const std::string& s, size_t w) { return PadTo(s, w); }

const ReadingResult* FirstComputed(const ClaimResult& r) {
  for (const ReadingResult& rr : r.readings) {
    if (rr.verdict != Verdict::kUnverifiable) return &rr;
  }
  return nullptr;
}

std::string FactorText(double f) {
  if (f == 0) return "";
  if (!std::isfinite(f) || !std::isfinite(1 / f)) return "n/a";  // a computed 0 ("less than")
  if (f >= 1) return "x" + FormatScaled(f, 3);
  return "x" + FormatScaled(f, 2) + " (1/" + FormatScaled(1 / f, 3) + ")";
}

void Summary(const Report& r, std::string& out) {
  out += fmt::format("{}  {}  {}  {}  {}  {}\n", Pad("", 1), Pad("verdict", 12), Pad("claim", 26),
                     Pad("claimed", 18), Pad("computed", 32), "claimed/computed");
  for (const ClaimResult& c : r.results) {
    const ReadingResult* rr = FirstComputed(c);
    std::string computed = rr ? WithUnit(FormatScaledInterval(rr->computed), *c.claim) : "-";
    std::string factor = rr ? FactorText(rr->factor) : "";
    out += fmt::format("{}  {}  {}  {}  {}  {}\n", Mark(c.verdict),
                       Pad(std::string(ToString(c.verdict)), 12), Pad(Cut(c.claim->id, 26), 26),
                       Pad(Cut(WithUnit(c.claim->value_text, *c.claim), 18), 18),
                       Pad(Cut(computed, 32), 32), factor);
  }
}

void Line(std::string& out, const char* label, const std::string& text) {
  if (!text.empty()) out += fmt::format("   {:<10} {}\n", label, text);
}

void Block(const ClaimResult& c, std::string& out) {
  const Claim& cl = *c.claim;
  out += fmt::format("\n{} {} - {}", Mark(c.verdict), ToString(c.verdict), cl.id);
  if (cl.sentence > 0) out += fmt::format("  ({}, sentence {})", cl.file, cl.sentence);
  out += fmt::format("\n   \"{}\"\n", cl.words);
  Line(out, "meaning", cl.translation);
  Line(out, "claimed",
       fmt::format("{} - {}: {}", WithUnit(cl.value_text, cl), cl.hedge->name, cl.hedge->meaning));
  Line(out, "quantity", cl.quantity.text);
  for (const ReadingResult& rr : c.readings) {
    const std::string head = rr.label.empty() ? "" : rr.label + ": ";
    if (rr.verdict == Verdict::kUnverifiable) {
      Line(out, "reading",
           fmt::format("{}{} unverifiable: {}", head, Mark(rr.verdict), rr.missing));
      continue;
    }
    Line(out, rr.label.empty() ? "computed" : "reading",
         fmt::format("{}{} {} {}, claimed/computed {}", head, Mark(rr.verdict),
                     ToString(rr.verdict), WithUnit(FormatScaledInterval(rr.computed), cl),
                     std::isfinite(rr.factor) ? FormatScaled(rr.factor, 3) : "n/a"));
    Line(out, "", "from " + rr.assumption);
    for (const Implied& i : rr.implied) Line(out, "implied", i.text);
  }
  if (!cl.follows.empty()) Line(out, "internal", c.consistency.text);
  Line(out, "verdict", c.explanation);
  std::vector<std::string> seen;
  for (const ReadingResult& rr : c.readings) {
    for (const std::string& s : rr.sources) {
      if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
      seen.push_back(s);
      Line(out, seen.size() == 1 ? "sources" : "", s);
    }
  }
  Line(out, "note", cl.note);
}

}  // namespace

std::string RenderText(const Report& r) {
  std::string out = fmt::format("Claims checked: {}\n", r.title.empty() ? r.claims_path : r.title);
  if (!r.source_file.empty()) out += "Source text: " + r.source_file + "\n";
  out +=
      "Marks: \u2713 holds  \u2717 off  \u25D0 partly (holds under one reading only)  ? "
      "unverifiable\n\n";
  Summary(r, out);
  for (const ClaimResult& c : r.results) Block(c, out);
  return out;
}

std::string NumberWithUnit(const std::string& number, const std::string& unit) {
  if (unit == "%") return number + unit;  // "58%", as written
  return unit.empty() ? number : number + " " + unit;
}

}  // namespace gpufleet::claims

// Checking an article from its plain text (`gpufleet check ARTICLE.txt`): the quantities are
// extracted (gpufleet/extract.h), each is mapped to a claim (a quantity expression, the fleet it
// speaks of, a hedge, a mapping confidence and the words it rests on), the claims are written
// as a claims file (docs/claims.md; `check --draft` prints it) and checked (gpufleet/claims.h).
//
// Mapping rules (docs/claims.md, "Checking an article"): deterministic, one pass over the
// quantities with a look at each one's sentence and its neighbours; linear in the text's size.
// A number that cannot be mapped is listed as unverifiable with the reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/extract.h"

namespace gpufleet::claims {

// At most this many claims are drafted from one text (each is evaluated by the model and the
// solver); further numbers are counted and listed as "not drafted: over the limit".
inline constexpr size_t kMaxDraftedClaims = 200;

// What the mapper made of one extracted quantity.
struct MappedNumber {
  size_t quantity = 0;              // index into Extraction::quantities
  std::vector<std::string> claims;  // ids of the claims drafted from it (0, 1 or 2)
  std::string what;                 // "fleet energy per year", "one GPU's power", ...
  std::string rests_on;             // the words the mapping rests on
  std::string assumed;              // what was assumed (not in the article), "" if nothing
  std::string confidence;           // "high", "medium", "low" ("" when unmapped)
  std::string reason;               // why it is unverifiable (unmapped numbers)
  bool mapped() const { return !claims.empty(); }
};

struct ArticleDraft {
  std::string file;       // the article's path, for messages and the claims file's [source]
  Extraction extraction;  // every quantity found
  std::vector<MappedNumber> numbers;  // one per quantity, in text order
  std::string claims_toml;            // the inferred claims file (docs/claims.md format)
  size_t not_drafted = 0;             // mappable numbers over kMaxDraftedClaims
};

// Extracts and maps. Pure and total: never throws on any text (RequireText is the caller's).
ArticleDraft DraftArticle(std::string_view text, const std::string& file, const Catalog& catalog,
                          NumberStyle style = NumberStyle::kAuto);

struct ArticleReport {
  ArticleDraft draft;
  ClaimsFile claims;  // parsed from draft.claims_toml
  Report report;      // Check(claims); report.results point into `claims`
  // The summary: numbers found, mapped (a claim with a quantity was drafted), judged (a
  // verdict other than unverifiable), and the verdict counts.
  size_t found = 0, mapped = 0, judged = 0, holds = 0, off = 0, partly = 0, unverifiable = 0;
  std::string SummaryLine() const;  // "numbers found 25, mapped 9, judged 8 (holds 3, ...)"
};

// DraftArticle, then ParseClaimsFile and Check. Throws InputError only for what the checker
// itself refuses (it should not: the draft is built to parse; a test runs it on every article).
// Not copyable (the report points into `claims`); returned by unique_ptr.
std::unique_ptr<ArticleReport> CheckArticle(std::string_view text, const std::string& file,
                                            const Catalog& catalog,
                                            NumberStyle style = NumberStyle::kAuto);

// The article report: the summary line, the mapping of every number (claim ids, what was
// assumed, the words it rests on, the confidence, or why it is unverifiable), then the checked
// claims as `check` renders them (RenderText/RenderJson/RenderMarkdown).
std::string RenderArticleText(const ArticleReport& r);
std::string RenderArticleJson(const ArticleReport& r);
std::string RenderArticleMarkdown(const ArticleReport& r);

// True when a `check` argument is an article rather than a claims file: a name ending in .txt,
// .md or .text; not for .toml; for any other name, content whose first line that is neither
// blank nor a '#' line (a TOML comment or a Markdown heading) is not TOML (a whole-line table
// header or a key = value). Content of blank and '#' lines only, with another name, is a claims
// file (whose parser reports it).
bool LooksLikeArticle(const std::string& path, std::string_view content);

}  // namespace gpufleet::claims

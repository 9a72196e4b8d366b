// Rendering the catalog for people (aligned text, Markdown) and programs (JSON).
// Pure functions of a Catalog: no I/O. Used by `gpufleet catalog` and the web dashboard.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"

namespace gpufleet {

// Numbers in the tables come from gpufleet/si_format.h (FormatFactValue).

struct CatalogView {
  std::vector<std::string> kinds;  // which kinds, in order; empty = all four
  bool sources = false;            // add every number's source, year, confidence, url, note
  // When set, only facts of this confidence: text and Markdown print just the sources lists
  // (e.g. every unverified number), JSON keeps only those facts and the entries holding them.
  std::optional<Confidence> only;
};

// "verified" | "secondary" | "unverified" -> Confidence; nullopt for anything else.
std::optional<Confidence> ParseConfidence(std::string_view text);

// Aligned text: per kind, a table with one row per entry and one column per fact key (the unit
// in a second header line, SI prefixes in the cells, "?" after unverified numbers), or one row
// per fact when the kind has too many distinct keys for one table (references).
std::string CatalogText(const Catalog& c, const CatalogView& view);

// The same tables in GitHub Markdown.
std::string CatalogMarkdown(const Catalog& c, const CatalogView& view);

// {"entries": [{"kind", "id", "name", "aliases", "origin", "text": {...},
//   "facts": {KEY: {"value", "low", "high", "unit", "text", "source", "year", "confidence",
//   "url", "note"}}}]} (sources are always included in JSON).
nlohmann::json CatalogJson(const Catalog& c, const CatalogView& view);

// One fact `key` for programs: the Figure shape (figure.h) in the key's unit plus "text" (the
// value for people, as `gpufleet catalog` prints it: "989.5 T FLOP/s", "30 (25-40) k USD"),
// "source", "year", "confidence", "url", "note". CatalogJson and the API's sources list use it.
nlohmann::json FactJson(const std::string& key, const Fact& f);
// FactJson's "text".
std::string FactText(const std::string& key, const Fact& f);

// The plural display name of a kind: "gpu" -> "GPUs", "reference" -> "references".
std::string KindTitle(const std::string& kind);

}  // namespace gpufleet

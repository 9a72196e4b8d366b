// gpufleet catalog [gpus|systems|sites|references] [--sources] [--confidence LEVEL]
//                  [--format text|json|md] [--catalog DIR] [--output FILE]
// Lists the sourced catalog; with --sources, every number's source, year, confidence and url;
// with --confidence unverified, only the numbers nobody has checked.
#include <algorithm>
#include <iostream>

#include "cli/command.h"
#include "gpufleet/catalog.h"
#include "gpufleet/catalog_format.h"
#include "gpufleet/error.h"

namespace gpufleet::cli {
namespace {

struct Options {
  std::string kind;
  bool sources = false;
  std::string confidence;
  Format format = Format::kText;
  std::string catalog_dir;
  std::string output;
};

// "gpus" or "gpu" -> "gpu"; empty -> all kinds. Throws InputError listing the kinds.
std::vector<std::string> KindsFor(const std::string& arg) {
  if (arg.empty()) return {};
  for (const std::string& k : CatalogKinds()) {
    if (arg == k || arg == k + "s") return {k};
  }
  throw InputError(Where{"", 0, "kind"},
                   "unknown catalog kind '" + arg + "'; known: gpus, systems, sites, references");
}

// "" -> nullopt; a confidence name -> it; anything else: InputError naming --confidence.
std::optional<Confidence> ConfidenceFor(const std::string& arg) {
  if (arg.empty()) return std::nullopt;
  if (auto c = ParseConfidence(arg)) return c;
  throw InputError(Where{"", 0, "--confidence"},
                   "unknown confidence '" + arg + "'; known: verified, secondary, unverified");
}

int RunCatalog(const Options& o) {
  CatalogView view{KindsFor(o.kind), o.sources, ConfidenceFor(o.confidence)};
  const Catalog catalog = Catalog::Load(o.catalog_dir);
  std::string text;
  switch (o.format) {
    case Format::kJson:
      text = CatalogJson(catalog, view).dump(2) + "\n";
      break;
    case Format::kMarkdown:
      text = CatalogMarkdown(catalog, view);
      break;
    default:
      text = CatalogText(catalog, view);
      break;
  }
  Emit(o.output, text);
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("kind", o->kind, "What to list: gpus, systems, sites or references (default all)");
  app.add_flag("--sources", o->sources, "Show every number's source, year, confidence and url");
  app.add_option("--confidence", o->confidence,
                 "Only numbers of this confidence: verified, secondary or unverified");
  AddFormatOption(app, o->format);
  AddCatalogOption(app, o->catalog_dir);
  AddOutputOption(app, o->output);
  return [o] { return RunCatalog(*o); };
}

Registration reg{"catalog", "List the sourced catalog (GPUs, systems, sites, references)", &Setup};

}  // namespace
}  // namespace gpufleet::cli

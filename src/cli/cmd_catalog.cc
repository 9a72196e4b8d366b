// gpufleet catalog [gpus|systems|sites|references|failure-models] [--sources]
//                  [--confidence LEVEL] [--format text|json|md] [--catalog DIR] [--output FILE]
// Lists the sourced catalog; with --sources, every number's source, year, confidence and url;
// with --confidence unverified, only the numbers nobody has checked. Without a kind, every kind
// it holds, failure models last. Failure models come from DIR/failure_models.toml when --catalog
// names a directory holding one, else from the embedded data/failure_models.toml.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "gpufleet/catalog.h"
#include "gpufleet/catalog_format.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model_format.h"
#include "gpufleet/report.h"
#include "util/atomic_file.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_catalog {
namespace {

struct Options {
  std::string kind;
  bool sources = false;
  std::string confidence;
  Format format = Format::kText;
  std::string catalog_dir;
  std::string output;
};

// What to list: the catalog's kinds and whether failure models follow.
struct Selection {
  std::vector<std::string> kinds;  // catalog kinds; empty = none (when only failure models)
  bool failure_models = false;
};

// "gpus" or "gpu" -> {"gpu"}; "process-nodes" -> {"process_node"}; "failure-models" -> failure
// models only; empty -> every kind. Throws InputError listing the kinds.
Selection KindsFor(std::string arg) {
  if (arg.empty()) return {CatalogKinds(), true};
  if (arg.find('_') == std::string::npos) std::replace(arg.begin(), arg.end(), '-', '_');
  if (arg == "failure_models" || arg == "failure_model") arg = "failure-models";
  const std::string fm(kFailureModelKind);
  if (arg == fm || arg == fm + "s") return {{}, true};
  std::string known;
  for (const std::string& k : CatalogKinds()) {
    if (arg == k || arg == k + "s") return {{k}, false};
    known += k + "s, ";
  }
  throw InputError(Where{"", 0, "kind"},
                   "unknown catalog kind '" + arg + "'; known: " + known + fm + "s");
}

// The failure models beside the catalog: DIR/failure_models.toml, else the embedded ones.
std::vector<FailureModel> FailureModels(const std::string& catalog_dir) {
  if (!catalog_dir.empty()) {
    const std::string path = catalog_dir + "/failure_models.toml";
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return ParseFailureModels(ReadFile(path), path);
  }
  return EmbeddedFailureModels();
}

// "" -> nullopt; a confidence name -> it; anything else: InputError naming --confidence.
std::optional<Confidence> ConfidenceFor(const std::string& arg) {
  if (arg.empty()) return std::nullopt;
  if (auto c = ParseConfidence(arg)) return c;
  throw InputError(Where{"", 0, "--confidence"},
                   "unknown confidence '" + arg + "'; known: verified, secondary, unverified");
}

int RunCatalog(const Options& o) {
  Selection sel = KindsFor(o.kind);
  // --confidence filters catalog facts; failure models are listed whole, so only when named.
  if (!o.confidence.empty() && o.kind.empty()) sel.failure_models = false;
  CatalogView view{sel.kinds, o.sources, ConfidenceFor(o.confidence)};
  const bool any_catalog = !sel.kinds.empty();
  const Catalog catalog = any_catalog ? Catalog::Load(o.catalog_dir) : Catalog{};
  const std::vector<FailureModel> models =
      sel.failure_models ? FailureModels(o.catalog_dir) : std::vector<FailureModel>{};
  std::string text;
  if (o.format == Format::kJson) {
    nlohmann::json j = any_catalog ? CatalogJson(catalog, view) : nlohmann::json::object();
    if (sel.failure_models) j["failure_models"] = FailureModelsJson(models);
    if (any_catalog && o.sources && o.confidence.empty()) {
      j["embodied"] = report::EmbodiedCatalogJson(catalog, sel.kinds);
    }
    text = j.dump(2) + "\n";
  } else {
    const bool md = o.format == Format::kMarkdown;
    if (any_catalog) text = md ? CatalogMarkdown(catalog, view) : CatalogText(catalog, view);
    if (any_catalog && o.sources && o.confidence.empty()) {
      const std::string embodied = report::EmbodiedCatalogText(catalog, sel.kinds, md);
      if (!embodied.empty()) text += "\n" + embodied;
    }
    if (sel.failure_models) {
      text += (text.empty() ? "" : "\n") + FailureModelsTable(models, o.sources, md);
    }
  }
  Emit(o.output, text);
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("kind", o->kind,
                 "What to list: gpus, systems, sites, references or failure-models (default all)")
      ->check(NonEmpty());
  app.add_flag("--sources", o->sources, "Show every number's source, year, confidence and url");
  app.add_option("--confidence", o->confidence,
                 "Only numbers of this confidence: verified, secondary or unverified");
  AddFormatOption(app, o->format);
  AddCatalogOption(app, o->catalog_dir);
  AddOutputOption(app, o->output);
  return [o] { return RunCatalog(*o); };
}

Registration reg{"catalog",
                 "List the sourced catalog (GPUs, systems, sites, references, failure models)",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_catalog

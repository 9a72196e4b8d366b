// gpufleet catalog [gpus|systems|sites|references|models|process-nodes|parts|footprints|
//                   failure-models] [--sources]
//                  [--confidence LEVEL] [--format text|json|md] [--catalog DIR] [--output FILE]
// Lists the sourced catalog; with --sources, every number's source, year, confidence and url;
// with --confidence unverified, only the numbers nobody has checked. Without a kind, every kind
// it holds, failure models last. Failure models come from DIR/failure_models.toml when --catalog
// names a directory holding one, else from the embedded data/failure_models.toml.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/command.h"
#include "gpufleet/catalog.h"
#include "gpufleet/catalog_document.h"
#include "gpufleet/catalog_format.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model_format.h"
#include "gpufleet/fleet.h"
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

// "" -> nullopt; a confidence name -> it; anything else: InputError naming --confidence.
std::optional<Confidence> ConfidenceFor(const std::string& arg) {
  if (arg.empty()) return std::nullopt;
  if (auto c = ParseConfidence(arg)) return c;
  throw InputError(Where{"", 0, "--confidence"},
                   "unknown confidence '" + arg + "'; known: verified, secondary, unverified");
}

// A directory's entries the fleet model would refuse when used (an idle power above the TDP, a
// grid factor beyond the model's range), said on stderr: `catalog` listed them without a word
// and `fleet` refused them later (found by an adversarial tester). The listing stands (exit 0).
void WarnUnusable(const Catalog& c) {
  const std::vector<const Entry*> gpus = c.All("gpu");
  if (gpus.empty()) return;
  const auto check = [&](const std::string& what, const std::string& gpu, const std::string& site,
                         const std::string& system) {
    try {
      Validate(InputsFromCatalog(c, gpu, site, system));
      return true;
    } catch (const InputError& e) {
      std::cerr << "gpufleet: warning: " << what
                << " cannot be used by fleet, report or infer: " << e.detail() << "\n";
      return false;
    }
  };
  // A site or a system is checked with a GPU that is itself usable: one broken GPU (the first)
  // was blamed on every site and system (found by an adversarial tester).
  std::set<std::string> broken;
  const Entry* usable = nullptr;
  for (const Entry* g : gpus) {
    if (!check("gpu " + g->id, g->id, "", "")) {
      broken.insert(g->id);
    } else if (usable == nullptr) {
      usable = g;
    }
  }
  if (usable == nullptr) return;  // every GPU is named above; nothing to check a site with
  for (const Entry* site : c.All("site")) check("site " + site->id, usable->id, site->id, "");
  // (A model whose facts do not hold together is refused as the catalog is read: CheckModelFacts.)
  for (const Entry* sys : c.All("system")) {
    // With its own GPU when that GPU is usable; its own GPU's fault is that GPU's, named above.
    // (A GPU id the catalog lacks is checked as it stands: the warning names it.)
    const auto own = sys->text.find("gpu");
    const Entry* gpu = own != sys->text.end() ? c.Find("gpu", own->second) : nullptr;
    const bool own_usable = own != sys->text.end() && (gpu == nullptr || !broken.contains(gpu->id));
    check("system " + sys->id, own_usable ? own->second : usable->id, "", sys->id);
  }
}

int RunCatalog(const Options& o) {
  CatalogSelection sel = SelectCatalogKinds(o.kind);
  CatalogView view{sel.kinds, o.sources, ConfidenceFor(o.confidence)};
  const bool any_catalog = !sel.kinds.empty();
  const Catalog catalog = any_catalog ? Catalog::Load(o.catalog_dir) : Catalog{};
  std::vector<FailureModel> models =
      sel.failure_models ? FailureModelsFor(o.catalog_dir) : std::vector<FailureModel>{};
  if (sel.failure_models && models.empty() && !o.catalog_dir.empty()) {
    std::cerr << "gpufleet: warning: " << o.catalog_dir
              << " has no failure_models.toml: no failure models (a catalog directory replaces "
                 "the embedded catalog whole)\n";
    if (o.kind.empty()) sel.failure_models = false;
  }
  // --confidence keeps the failure models of that confidence, named or not (it was ignored for
  // `catalog failure-models` and dropped them all without a kind; found by an adversarial
  // tester).
  if (view.only) {
    const std::string level(ToString(*view.only));
    std::erase_if(models, [&](const FailureModel& m) { return m.confidence != level; });
    if (models.empty() && o.kind.empty()) sel.failure_models = false;
  }
  std::string text;
  if (o.format == Format::kJson) {
    text = CatalogDocumentJson(catalog, sel, view, models).dump(2) + "\n";
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
  if (any_catalog && !o.catalog_dir.empty()) WarnUnusable(catalog);
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("kind", o->kind,
                 "What to list: gpus, systems, sites, references, models, process-nodes, parts, "
                 "footprints or failure-models (default all)")
      ->check(NonEmpty());
  app.add_flag("--sources", o->sources, "Show every number's source, year, confidence and url");
  // An empty level listed everything without a word (found by an adversarial tester).
  app.add_option("--confidence", o->confidence,
                 "Only numbers of this confidence: verified, secondary or unverified")
      ->check(NonEmpty());
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

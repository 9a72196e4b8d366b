// gpufleet report [SCENARIO.toml]: every fleet of a scenario file, with comparisons, assumptions
// and sources. Without a file: the built-in default, Meta's fleet as the seed article tells it
// (examples/meta-2024.toml, embedded), plus the built-in story (AddDefaultStory: one training
// job and the serving section), which no scenario file adds.
#include "cli/command.h"
#include "gpufleet/report.h"
#include "gpufleet/scenario.h"
#include "gpufleet/training_fleet.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_report {
namespace {

struct Options {
  std::string scenario;
  Format format = Format::kText;
  std::string output;
  std::string catalog;
};

int RunReport(const Options& o) {
  const Catalog catalog = Catalog::Load(o.catalog);
  const Scenario s =
      o.scenario.empty() ? DefaultScenario(catalog) : LoadScenario(o.scenario, catalog);
  report::Report r = report::BuildScenarioReport(s, catalog);
  // The default report also tells what one training job on such a fleet would go through.
  if (o.scenario.empty()) AddDefaultStory(r, catalog);
  Emit(o.output, RenderForCli(r, o.format));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  // What the default adds to the file's fleets, said: `report examples/meta-2024.toml` lacked
  // both sections while the help called the default that file (found by an adversarial tester).
  app.add_option("scenario", o->scenario,
                 "Scenario TOML file (default: the built-in examples/meta-2024.toml, plus two "
                 "sections only the default has: \"One training job on 350,000 GPUs "
                 "(simulated)\" and \"Serving: the 350,000 H100 answering prompts\")")
      ->check(NonEmpty());
  AddFormatOption(app, o->format, /*document=*/true);
  AddOutputOption(app, o->output);
  AddCatalogOption(app, o->catalog);
  return [o] { return RunReport(*o); };
}

Registration reg{"report", "Report on a scenario file's fleets (default: Meta's 2024 fleet)",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_report

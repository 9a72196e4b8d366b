// gpufleet ledger [--db F] [--project P] [--run R] [--window W] [--by project|run|window]
// [--list] [--format text|json|md|csv|html]: lists and sums past measurements (ledger.h).
#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/ledger.h"
#include "gpufleet/report.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_ledger {
namespace {

struct Flags {
  std::string db, by = "run", output;
  LedgerFilter filter;
  bool list = false;
  Format format = Format::kText;
};

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("--db", f->db, "The ledger (default $GPUFLEET_LEDGER)")->check(NonEmpty());
  app.add_option("--project", f->filter.project, "Only this project")->check(NonEmpty());
  app.add_option("--run", f->filter.run_id, "Only this run id")->check(NonEmpty());
  app.add_option("--window", f->filter.window, "Only windows (or measured commands) of this name")
      ->check(NonEmpty());
  app.add_option("--by", f->by, "Sum by project, run or window (default run)")
      ->check(CLI::IsMember({"project", "run", "window"}));
  app.add_flag("--list", f->list, "Also list every record");
  AddFormatOption(app, f->format, /*document=*/true);
  AddOutputOption(app, f->output);
  return [f] {
    const auto ledger = OpenLedgerForReading(LedgerPath(f->db));  // an archived one too
    const auto records = ledger->Query(f->filter);
    Emit(f->output, report::Render(LedgerDocument(records, f->by, f->list), f->format));
    return 0;
  };
}

Registration reg{"ledger", "List and sum past measurements recorded in the SQLite ledger", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_ledger

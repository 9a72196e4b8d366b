// gpufleet merge FILES...: sums per-rank `gpufleet measure --format json` reports into the job's
// total, each GPU uuid counted once; duplicates are reported (launch.h).
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "gpufleet/error.h"
#include "gpufleet/launch.h"
#include "gpufleet/report.h"
#include "util/atomic_file.h"
#include "util/json_strict.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_merge {
namespace {

struct Flags {
  std::vector<std::string> files;
  std::string output;
  Format format = Format::kText;
};

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("files", f->files, "Per-rank reports (gpufleet measure --format json -o ...)")
      ->required();
  AddFormatOption(app, f->format, /*document=*/true);
  AddOutputOption(app, f->output);
  return [f] {
    std::vector<RankRecord> records;
    for (const auto& file : f->files) {
      const std::string text = ReadFile(file);
      StrictJson j = ParseJsonStrict(text);
      if (j.malformed) {
        throw InputError(
            Where{file, 0, ""},
            "not JSON (expected a 'gpufleet measure --format json' report): " + j.error);
      }
      if (j.duplicate_depth != 0) {  // which of two values a report meant cannot be known
        throw InputError(Where{file, 0, EscapeControls(j.duplicate_key)}, "given more than once");
      }
      if (!j.out_of_range_number.empty()) {
        throw InputError(Where{file, 0, EscapeControls(j.out_of_range_key)},
                         "number '" + EscapeControls(j.out_of_range_number) + "' is out of range");
      }
      records.push_back(RankRecordFromJson(j.value, file));
    }
    Emit(f->output, report::Render(MergeDocument(Merge(records)), f->format));
    return 0;
  };
}

Registration reg{"merge", "Sum per-rank measure reports into a job's total, each GPU once", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_merge

// The sub-command table. Each sub-command lives in its own file (cmd_<name>.cc) and registers
// itself with a static Registration, so main.cc never changes when one is added:
//
//   namespace { gpufleet::cli::Registration reg{"fleet", "Model a fleet", &Setup}; }
//
// Setup declares the sub-command's flags on `app` and returns the function that runs it once
// parsing succeeded. That function returns the process exit status; it may throw InputError
// (reported by main as one line and exit status 2).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "gpufleet/format.h"
#include "gpufleet/report.h"

namespace gpufleet::cli {

using Run = std::function<int()>;
using Setup = Run (*)(CLI::App& app);

struct Command {
  std::string name;
  std::string description;
  Setup setup;
};

// All registered commands, sorted by name.
std::vector<Command>& Registry();

struct Registration {
  Registration(std::string name, std::string description, Setup setup);
};

// Adds --format (text|json|md; Format is in gpufleet/format.h) to `app`, writing into `out`; a
// command whose output is a result document (report::Render) passes `document` and offers every
// renderer: text|json|md|csv|html.
void AddFormatOption(CLI::App& app, Format& out, bool document = false);

// Refuses, at parse time (before the command runs), an --output path that could not be written
// (see util/atomic_file.h: a directory, a missing directory, a hard-linked file, ...).
// `without`: where the output goes when -o is left out, for the empty path's message ("stdout";
// measure's report goes to stderr, its stdout is '-').
CLI::Validator OutputPathValidator(const std::string& without = "stdout");

// Refuses an empty value ("--from ''"): a flag that is given says something; leaving it out is
// how a default is asked for.
CLI::Validator NonEmpty();

// Adds --output FILE (not given or "-": stdout; an empty path is refused). Checked with
// OutputPathValidator.
void AddOutputOption(CLI::App& app, std::string& out);

// Writes `text`, its control characters but line breaks and tabs made visible
// (EscapeControlsKeepingLines), to stdout, or to `path` (WriteFileAtomic) when it is not empty.
void Emit(const std::string& path, const std::string& text);

// report::Render(doc, format), with the inputs a note names (`count`) spelt as the CLI's flags
// (--count) in every format but JSON, which is the API's document, byte for byte.
std::string RenderForCli(const report::Report& doc, Format format);

// Adds --catalog DIR (a directory of *.toml replacing the embedded catalog).
void AddCatalogOption(CLI::App& app, std::string& dir);

}  // namespace gpufleet::cli

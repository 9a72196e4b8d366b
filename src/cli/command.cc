#include "cli/command.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "util/atomic_file.h"
#include "util/escape.h"

namespace gpufleet::cli {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

Registration::Registration(std::string name, std::string description, Setup setup) {
  auto& r = Registry();
  r.push_back(Command{std::move(name), std::move(description), setup});
  std::sort(r.begin(), r.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

void AddFormatOption(CLI::App& app, Format& out, bool document) {
  std::map<std::string, Format> names{
      {"text", Format::kText}, {"json", Format::kJson}, {"md", Format::kMarkdown}};
  if (document) {
    names["csv"] = Format::kCsv;
    names["html"] = Format::kHtml;
  }
  // The transformer's own description ("value in {json->1,...}") would replace the list a
  // person reads; the type name says it instead: "--format text|json|md". CheckedTransformer
  // also takes the enum's numbers ("--format 4" was CSV): the names are checked first (CLI11 runs
  // a transform added later before the earlier ones).
  std::vector<std::string> keys;
  for (const auto& [k, v] : names) keys.push_back(k);
  app.add_option("--format", out,
                 document ? "Output format: text, json, md, csv (one line per figure) or html"
                          : "Output format: text, json or md")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case).description(""))
      ->transform(CLI::IsMember(keys, CLI::ignore_case).description(""))  // runs first
      ->type_name(document ? "text|json|md|csv|html" : "text|json|md")
      ->default_str("text");
}

void AddOutputOption(CLI::App& app, std::string& out) {
  app.add_option("-o,--output", out, "Write to FILE (atomically) instead of stdout")
      ->check(OutputPathValidator());
}

CLI::Validator NonEmpty() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return v.empty() ? "empty value: give one, or leave the flag out for its default" : "";
      },
      "");
}

CLI::Validator OutputPathValidator(const std::string& without) {
  return CLI::Validator(
      [without](std::string& path) -> std::string {
        if (path.empty()) {
          return without == "stdout"
                     ? "empty path: give a file, or leave -o out to write to stdout"
                     : "empty path: give a file, '-' for stdout, or leave -o out to write to " +
                           without;
        }
        try {
          CheckOutputPath(path);
        } catch (const InputError& e) {
          return e.what();
        }
        return "";
      },
      "FILE");
}

std::string RenderForCli(const report::Report& doc, Format format) {
  if (format == Format::kJson) return report::Render(doc, format);
  // Notes name inputs as `count`; the CLI's reader knows them as --count (the text printed API
  // field names: found by an adversarial tester). Only the notes: a Sources list names inputs
  // by their canonical names on purpose.
  report::Report cli = doc;
  auto respell = [](std::vector<std::string>& notes) {
    for (std::string& n : notes) n = inputs::Respell(n, inputs::Spelling::kCli);
  };
  for (report::FleetReport& f : cli.fleets) {
    respell(f.notes);
    for (report::Section& s : f.sections) respell(s.notes);
  }
  for (report::Section& s : cli.extra) {
    respell(s.notes);
    // An absent figure's reason may name an input too (fit's "give a loss-spike rate
    // (`rollback_rate`)" printed the API's name; found by an adversarial tester).
    for (NamedResult& row : s.rows) {
      if (!row.figure.present()) {
        row.figure = Figure::Absent(row.figure.unit(),
                                    inputs::Respell(row.figure.why(), inputs::Spelling::kCli));
      }
    }
  }
  return report::Render(cli, format);
}

void Emit(const std::string& path, const std::string& raw) {
  // Every output may echo input (an article's sentences, a claim's words, a file name): its
  // control characters are made visible, so printing it cannot drive the terminal.
  const std::string text = EscapeControlsKeepingLines(raw);
  if (path.empty() || path == "-") {
    WriteStdout(text);
  } else {
    // Its errors carry the flag, as the ones -o's check reports before the command runs: /dev/full,
    // a FIFO without a reader and an input file lacked it (found by an adversarial tester).
    try {
      WriteFileAtomic(path, text);
    } catch (const InputError& e) {
      if (e.where().file != path) throw;
      throw InputError(Where{"", 0, ""}, std::string("--output: ") + e.what());
    }
  }
}

void AddCatalogOption(CLI::App& app, std::string& dir) {
  app.add_option("--catalog", dir,
                 "Directory of catalog *.toml files replacing the built-in catalog")
      ->check(NonEmpty());  // "" read as not given: the built-in catalog, without a word
}

}  // namespace gpufleet::cli

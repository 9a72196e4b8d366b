// gpufleet: the command-line entry point. Thin on purpose: builds the sub-command table from the
// registry (see command.h), parses, runs, and maps errors to exit statuses:
//   0 success, 1 a failed run (or the measured command's own status), 2 bad input.
#include <iostream>

#include "cli/command.h"
#include "gpufleet/error.h"
#include "gpufleet/version.h"

int main(int argc, char** argv) {
  using gpufleet::cli::Registry;
  CLI::App app{"gpufleet: cost, power, energy, carbon, water and reliability of GPU fleets"};
  app.set_version_flag("--version", std::string(gpufleet::kVersion));
  app.require_subcommand(1);
  gpufleet::cli::Run run;
  for (const auto& cmd : Registry()) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.description);
    auto r = cmd.setup(*sub);
    sub->callback([&run, r] { run = r; });
  }
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const auto& cmd : Registry()) {
      known = known || cmd.name == argv[1];
      names += (names.empty() ? "" : ", ") + cmd.name;
    }
    if (!known) {
      std::cerr << "gpufleet: unknown command '" << gpufleet::EscapeControls(argv[1])
                << "'; commands: " << names << "\n";
      return gpufleet::kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "gpufleet: " << gpufleet::EscapeControls(e.what()) << "\n";
    return gpufleet::kExitBadInput;
  } catch (const gpufleet::InputError& e) {
    std::cerr << "gpufleet: " << e.what() << "\n";
    return gpufleet::kExitBadInput;
  }
  try {
    return run ? run() : 0;
  } catch (const gpufleet::InputError& e) {
    std::cerr << "gpufleet: " << e.what() << "\n";
    return gpufleet::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "gpufleet: internal error: " << gpufleet::EscapeControls(e.what()) << "\n";
    return 1;
  }
}

// gpufleet: the command-line entry point. Thin on purpose: builds the sub-command table from the
// registry (see command.h), parses, runs, and maps errors to exit statuses:
//   0 success, 1 a failed run (or the measured command's own status), 2 bad input.
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/command.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/version.h"
#include "util/atomic_file.h"

namespace {

// CLI11's wording for a flag given twice ("--params: At Most 1 required but received 2") in
// this tool's words; other parse errors as CLI11 says them.
std::string Plain(std::string message) {
  const std::string_view kTwice = ": At Most 1 required but received ";
  if (const size_t at = message.find(kTwice); at != std::string::npos) {
    const std::string times = message.substr(at + kTwice.size());
    return message.substr(0, at) + ": given " + times + " times; give it once";
  }
  return message;
}

// A closed standard descriptor would be reused by the next open() (an output file would then
// receive what was meant for stdout). Hold it with /dev/null opened read-only: writes to it fail
// (EBADF), and that failure is reported like any other.
void HoldClosedStdFds() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int n = open("/dev/null", O_RDONLY);
      if (n >= 0 && n != fd) {
        dup2(n, fd);
        close(n);
      }
    }
  }
}

// Whatever is still buffered for stdout must reach it: a full disk, a closed stdout or a
// file-size limit turns a successful run into a failed one, with a message.
int FinishStdout(int status) {
  std::cout.flush();
  const bool stream_failed = std::cout.fail();
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  int e = errno;
  const bool close_failed = close(STDOUT_FILENO) != 0 && errno != EBADF;
  if (close_failed && !e) e = errno;
  if (stream_failed || flush_failed || close_failed) {
    std::cerr << "gpufleet: cannot write to stdout"
              << (e ? std::string(": ") + std::strerror(e) : "") << "\n";
    return status ? status : gpufleet::kExitBadInput;
  }
  return status;
}

// The first argument before "--" that looks like a flag and that `sub` does not have ("" when
// every one is known). "--name=value" is looked up by its name; a negative number is no flag.
std::string UnknownFlag(const CLI::App& sub, int argc, char** argv) {
  bool value_next = false;  // the argument before was a known option that takes a value
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    const bool is_value = value_next;
    value_next = false;
    if (is_value || arg.size() < 2 || arg[0] != '-') continue;
    if (std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.') continue;
    std::string name(arg.substr(0, arg.find('=')));
    if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -ofile: -o
    const CLI::Option* opt = sub.get_option_no_throw(name);
    if (opt == nullptr && name != "-h" && name != "--help") return name;
    value_next = opt != nullptr && arg.find('=') == std::string_view::npos &&
                 name.size() == arg.size() && opt->get_expected_min() > 0;
  }
  return "";
}

int Run(int argc, char** argv) {
  using gpufleet::cli::Registry;
  CLI::App app{"gpufleet: cost, power, energy, carbon, water and reliability of GPU fleets"};
  app.set_version_flag("--version", std::string(gpufleet::kVersion));
  app.require_subcommand(1);
  // A command named first (not a flag): `gpufleet fleet ...`.
  const bool named = argc > 1 && argv[1][0] != '-';
  if (named) {
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
  // A named command sets up its own flags only: each start, the sanitized test suite's two
  // thousand among them, skips the other commands' setup (10% of a start's instructions).
  // Without one (`gpufleet --help`, `--version`, a flag first) every command is set up, so the
  // help lists them all and CLI11 names the missing command.
  gpufleet::cli::Run run;
  for (const auto& cmd : Registry()) {
    if (named && cmd.name != argv[1]) continue;
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.description);
    auto r = cmd.setup(*sub);
    sub->callback([&run, r] { run = r; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    // An unknown flag is named: `measure --bogus x -- sleep 1` said the command's words were
    // not expected (found by an adversarial tester).
    if (named) {
      if (const std::string flag = UnknownFlag(*app.get_subcommand(argv[1]), argc, argv);
          !flag.empty()) {
        std::cerr << "gpufleet: unknown flag '" << gpufleet::EscapeControls(flag) << "' (gpufleet "
                  << argv[1] << " --help lists them)\n";
        return gpufleet::kExitBadInput;
      }
    }
    std::cerr << "gpufleet: " << gpufleet::EscapeControls(Plain(e.what())) << "\n";
    return gpufleet::kExitBadInput;
  } catch (const CLI::ParseError& e) {
    std::cerr << "gpufleet: " << gpufleet::EscapeControls(Plain(e.what())) << "\n";
    return gpufleet::kExitBadInput;
  } catch (const gpufleet::InputError& e) {
    std::cerr << "gpufleet: "
              << gpufleet::inputs::Respell(e, gpufleet::inputs::Spelling::kCli).what() << "\n";
    return gpufleet::kExitBadInput;
  }
  try {
    return run ? run() : 0;
  } catch (const gpufleet::InputError& e) {
    std::cerr << "gpufleet: "
              << gpufleet::inputs::Respell(e, gpufleet::inputs::Spelling::kCli).what() << "\n";
    return gpufleet::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "gpufleet: internal error: " << gpufleet::EscapeControls(e.what()) << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A reader that goes away (`gpufleet catalog --sources | head -c 10`) is a failed write to
  // stdout, reported and exit status 2 as the README says, not death by SIGPIPE (status 141;
  // found by an adversarial tester). A measured command gets the default back (child.cc).
  std::signal(SIGPIPE, SIG_IGN);
  HoldClosedStdFds();
  gpufleet::InstallTempFileCleanup();
  return FinishStdout(Run(argc, argv));
}

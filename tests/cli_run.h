// Shared by the end-to-end tests that run the real gpufleet binary through a shell.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace gpufleet::testing {

// Runs `cmd` with /bin/sh, returns what it wrote on stdout and sets `status` to its exit status
// (-1 when it could not start or was killed by a signal).
inline std::string RunShell(const std::string& cmd, int& status) {
  std::string out;
  status = -1;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int st = pclose(p);
  status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

// What a command wrote on each stream, and its exit status as RunShell gives it.
struct CliResult {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `cmd` with /bin/sh, stdout through a pipe and stderr through a temporary file (removed
// afterwards), so that the two stay apart. `cmd` must not redirect stderr itself.
inline CliResult RunShellSplit(const std::string& cmd) {
  CliResult r;
  std::string path = (std::filesystem::temp_directory_path() / "gpufleet-stderr-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return r;
  close(fd);
  r.out = RunShell(cmd + " 2>'" + path + "'", r.status);
  {
    std::ifstream f(path, std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(f), {});
  }
  unlink(path.c_str());
  return r;
}

#ifdef GPUFLEET_CLI
// Runs the real gpufleet binary with `args` (shell syntax; quote what needs quoting).
inline CliResult RunCliSplit(const std::string& args) {
  return RunShellSplit(std::string(GPUFLEET_CLI) + " " + args);
}
#endif

}  // namespace gpufleet::testing

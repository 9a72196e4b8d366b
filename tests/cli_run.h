// Shared by the end-to-end tests that run the real gpufleet binary through a shell.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
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

}  // namespace gpufleet::testing

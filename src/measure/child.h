// Running the measured command: fork/exec, forwarding SIGINT/SIGTERM/SIGHUP/SIGQUIT that this
// process receives from kill() to the child, and reaping it.
//
// Usage (order matters): call BlockForwardedSignals() before any thread is started, so that no
// thread but the forwarder ever takes those signals; then start the meter; then RunChild().
#pragma once

#include <signal.h>

#include <functional>
#include <string>
#include <vector>

namespace gpufleet {

// Blocks the forwarded signals and SIGCHLD in the calling thread (inherited by threads it starts
// later) and returns the previous mask, which the child gets back before exec.
sigset_t BlockForwardedSignals();

struct ChildStatus {
  int exit_status = 0;  // the child's exit code, 128 + signal when killed, 127/126 exec failure
  int signal = 0;       // the signal that killed it, 0 if it exited
  std::string error;    // "cannot run 'foo': No such file or directory" on exec failure
  std::vector<int> forwarded;  // signals forwarded to the child, in order
  // Descendants of the command still running after it exited (detached with setsid, daemonised):
  // their energy after that is not measured. Pids, sorted.
  std::vector<int> detached;
};

// Runs argv[0] (searched in PATH) with argv and waits for it in the calling thread, which must
// live until it returns (the child gets SIGKILL when that thread or this process dies), and
// must have the signals blocked (BlockForwardedSignals). This process becomes a child subreaper.
// Signals from a terminal (si_code SI_KERNEL) already reach the child through its process group and
// are not sent twice. `started` is called in the parent once the child exists (with its pid).
ChildStatus RunChild(const std::vector<std::string>& argv, const sigset_t& child_mask,
                     const std::function<void(pid_t)>& started = {});

// "SIGSEGV" for 11; "signal N" when unknown.
std::string SignalName(int sig);

}  // namespace gpufleet

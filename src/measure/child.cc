#include "measure/child.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gpufleet {
namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

sigset_t ForwardedSet() {
  sigset_t s;
  sigemptyset(&s);
  for (int sig : kForwarded) sigaddset(&s, sig);
  return s;
}

// In the child, after fork: only async-signal-safe calls, then exec.
[[noreturn]] void ExecChild(char* const* argv, const sigset_t& mask, int err_fd) {
  sigprocmask(SIG_SETMASK, &mask, nullptr);
  execvp(argv[0], argv);
  const int e = errno;
  ssize_t ignored = write(err_fd, &e, sizeof e);
  (void)ignored;
  _exit(e == ENOENT ? 127 : 126);
}

// Waits for signals until the child exits (SIGCHLD), forwarding those sent by a process, not by
// the terminal. No polling: the thread sleeps in sigwaitinfo between events.
int ForwardUntilExit(pid_t pid, std::vector<int>& forwarded) {
  sigset_t set = ForwardedSet();
  sigaddset(&set, SIGCHLD);
  for (;;) {
    siginfo_t info{};
    const int sig = sigwaitinfo(&set, &info);
    if (sig == SIGCHLD) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) return status;
      continue;
    }
    if (sig < 0 || info.si_code == SI_KERNEL) continue;  // tty: the child's group got it too
    kill(pid, sig);
    forwarded.push_back(sig);
  }
}

}  // namespace

sigset_t BlockForwardedSignals() {
  sigset_t set = ForwardedSet();
  sigaddset(&set, SIGCHLD);  // RunChild waits for it with sigwaitinfo
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &set, &old);
  return old;
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

ChildStatus RunChild(const std::vector<std::string>& argv, const sigset_t& child_mask,
                     const std::function<void(pid_t)>& started) {
  ChildStatus st;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
  if (pid == 0) ExecChild(args.data(), child_mask, fds[1]);
  close(fds[1]);
  int exec_errno = 0;
  while (read(fds[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR) {
  }
  close(fds[0]);
  if (started) started(pid);
  const int status = ForwardUntilExit(pid, st.forwarded);
  if (WIFSIGNALED(status)) {
    st.signal = WTERMSIG(status);
    st.exit_status = 128 + st.signal;
  } else {
    st.exit_status = WEXITSTATUS(status);
  }
  if (exec_errno) {
    st.error = fmt::format("cannot run '{}': {}", argv[0], std::strerror(exec_errno));
  }
  return st;
}

}  // namespace gpufleet

#include "measure/child.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

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

// Waits for signals until `done`, forwarding those sent by a process (not by the terminal).
void Forward(pid_t pid, const std::atomic<bool>& done, std::vector<int>& forwarded,
             std::mutex& mu) {
  const sigset_t set = ForwardedSet();
  const timespec tick{0, 200'000'000};
  while (!done.load()) {
    siginfo_t info{};
    const int sig = sigtimedwait(&set, &info, &tick);
    if (sig <= 0) continue;
    if (info.si_code == SI_KERNEL) continue;  // tty: the child's process group got it too
    kill(pid, sig);
    std::lock_guard lock(mu);
    forwarded.push_back(sig);
  }
}

}  // namespace

sigset_t BlockForwardedSignals() {
  const sigset_t set = ForwardedSet();
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
  std::atomic<bool> done{false};
  std::mutex mu;
  std::thread forwarder(Forward, pid, std::cref(done), std::ref(st.forwarded), std::ref(mu));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  done = true;
  forwarder.join();
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

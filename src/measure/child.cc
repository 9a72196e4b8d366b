#include "measure/child.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gpufleet {
namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

sigset_t ForwardedSet() {
  sigset_t s;
  sigemptyset(&s);
  for (int sig : kForwarded) sigaddset(&s, sig);
  return s;
}

// In the child, after fork: only async-signal-safe calls, then exec. The child is killed when
// gpufleet dies (SIGKILL included) instead of running on as an orphan; if gpufleet died before
// the death signal was armed, the parent is already another process: exit at once. A SIGPIPE
// that gpufleet's own caller (or an HTTP library in the same process) set to "ignore" would be
// inherited across exec: the command gets the default back, as a shell would give it.
[[noreturn]] void ExecChild(char* const* argv, const sigset_t& mask, int err_fd, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(128 + SIGKILL);
  signal(SIGPIPE, SIG_DFL);
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

// Processes whose parent is this one, other than `except`: as a child subreaper, the command's
// descendants that outlived their own parents (detached with setsid or daemonised) end up here.
std::vector<int> OrphanedDescendants(pid_t except) {
  std::vector<int> out;
  const pid_t self = getpid();
  DIR* d = opendir("/proc");
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end || pid == except) continue;
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string stat;
    std::getline(in, stat);
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(paren + 1));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid != self) continue;
    if (state == "Z") {  // already ended: reap it, nothing runs on
      waitpid(static_cast<pid_t>(pid), nullptr, WNOHANG);
      continue;
    }
    out.push_back(static_cast<int>(pid));
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
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
  // Descendants that detach from the command are re-parented to this process, not to init, so
  // that they can be found (and noted) after the command exits.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
  if (pid == 0) ExecChild(args.data(), child_mask, fds[1], parent);
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
  st.detached = OrphanedDescendants(pid);
  if (exec_errno) {
    st.error = fmt::format("cannot run '{}': {}", argv[0], std::strerror(exec_errno));
  }
  return st;
}

}  // namespace gpufleet

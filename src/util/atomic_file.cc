#include "util/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <utility>
#include <vector>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& why) {
  throw InputError(Where{path, 0, ""}, why);
}

[[noreturn]] void FailErrno(const std::string& path, const char* what, int e) {
  Fail(path, std::string(what) + ": " + std::strerror(e));
}

[[noreturn]] void FailErrno(const std::string& path, const std::string& what, int e) {
  FailErrno(path, what.c_str(), e);
}

// ---- Temporary files in flight, removed by the signal handler. --------------------------------

constexpr int kTempSlots = 16;
char g_temp_path[kTempSlots][PATH_MAX];
std::atomic<bool> g_temp_used[kTempSlots];
std::mutex g_temp_mu;  // serialises registration (the handler only reads)

constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

void (*g_temp_written_hook)(const std::string&) = nullptr;

extern "C" void CleanupAndDie(int sig) {
  for (int i = 0; i < kTempSlots; ++i) {
    if (g_temp_used[i].load()) unlink(g_temp_path[i]);
  }
  // SA_RESETHAND restored the default action: die of the signal as before.
  raise(sig);
}

extern "C" void IgnoreXfsz(int) {}  // the write then fails with EFBIG, reported as an error

// Blocks the cleanup signals while a temporary file is created and registered, or renamed and
// unregistered, so that no signal falls between the two.
class BlockSignals {
 public:
  BlockSignals() {
    sigset_t s;
    sigemptyset(&s);
    for (int sig : kCleanupSignals) sigaddset(&s, sig);
    pthread_sigmask(SIG_BLOCK, &s, &old_);
  }
  ~BlockSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

int RegisterTemp(const std::string& tmp) {
  std::lock_guard<std::mutex> lock(g_temp_mu);
  if (tmp.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kTempSlots; ++i) {
    if (!g_temp_used[i].load()) {
      std::memcpy(g_temp_path[i], tmp.c_str(), tmp.size() + 1);
      g_temp_used[i].store(true);
      return i;
    }
  }
  return -1;  // more than 16 writes at once: still removed on failure, not on a signal
}

void UnregisterTemp(int slot) {
  if (slot < 0) return;
  std::lock_guard<std::mutex> lock(g_temp_mu);
  g_temp_used[slot].store(false);
}

// ---- Files read as inputs. --------------------------------------------------------------------

// A file is identified by device and inode, and by its inode change time, so that an input
// deleted since and its inode number reused by a new file (in a long-running process) is not
// mistaken for it.
struct FileId {
  dev_t dev;
  ino_t ino;
  struct timespec ctime;
  bool operator==(const FileId& o) const {
    return dev == o.dev && ino == o.ino && ctime.tv_sec == o.ctime.tv_sec &&
           ctime.tv_nsec == o.ctime.tv_nsec;
  }
};

FileId IdOf(const struct stat& st) { return FileId{st.st_dev, st.st_ino, st.st_ctim}; }

std::mutex g_inputs_mu;
std::vector<FileId> g_inputs;

void RememberInput(const struct stat& st) {
  std::lock_guard<std::mutex> lock(g_inputs_mu);
  if (std::find(g_inputs.begin(), g_inputs.end(), IdOf(st)) != g_inputs.end()) return;
  if (g_inputs.size() < 4096) g_inputs.push_back(IdOf(st));
}

bool IsInput(const struct stat& st) {
  std::lock_guard<std::mutex> lock(g_inputs_mu);
  return std::find(g_inputs.begin(), g_inputs.end(), IdOf(st)) != g_inputs.end();
}

// ---- Output targets. --------------------------------------------------------------------------

enum class Kind { kNew, kRegular, kThrough };

struct Target {
  std::string path;  // after following symbolic links
  Kind kind = Kind::kNew;
  struct stat st {};  // valid unless kNew
};

std::string Dir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Target Resolve(const std::string& path) {
  if (path.empty()) Fail(path, "empty output path");
  Target t;
  t.path = path;
  struct stat lst {};
  const bool link = lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
  if (stat(path.c_str(), &t.st) != 0) {
    if (errno == ENOENT && link) {
      Fail(path, "is a symbolic link to a missing file (dangling); refusing to create its target");
    }
    if (errno != ENOENT) FailErrno(path, "cannot write", errno);
    t.kind = Kind::kNew;
  } else if (S_ISREG(t.st.st_mode)) {
    t.kind = Kind::kRegular;
    if (link) {  // replace the file the link points to, next to it; the link stays
      char buf[PATH_MAX];
      if (realpath(path.c_str(), buf) == nullptr) FailErrno(path, "cannot write", errno);
      t.path = buf;
    }
    // A file made read-only (no write bit for anyone) or that this user may not write is
    // refused, as a shell's `>` refuses it: replacing it through its directory would undo the
    // protection. The mode bits are read as well as access(), which says yes to root.
    if ((t.st.st_mode & 0222) == 0 || access(t.path.c_str(), W_OK) != 0) {
      Fail(path, "is read-only; refusing to replace it (make it writable or write elsewhere)");
    }
    if (t.st.st_nlink > 1) {
      Fail(path, "has " + std::to_string(t.st.st_nlink) +
                     " hard links; replacing it would split them (remove the other links or "
                     "write elsewhere)");
    }
  } else if (S_ISCHR(t.st.st_mode) || S_ISFIFO(t.st.st_mode)) {
    // Opened through the path as given: this also works for links that realpath() cannot
    // resolve, such as /dev/stdout -> /proc/self/fd/1 -> pipe:[N].
    t.kind = Kind::kThrough;
    return t;
  } else if (S_ISDIR(t.st.st_mode)) {
    Fail(path, "is a directory");
  } else {
    Fail(path, "is not a regular file, a character device or a FIFO; refusing to replace it");
  }
  // A new or replaced file: the temporary file goes next to it.
  const std::string dir = Dir(t.path);
  struct stat dst {};
  if (stat(dir.c_str(), &dst) != 0) {
    if (errno == ENOENT) Fail(path, "cannot write: no directory " + dir);
    FailErrno(path, "cannot write: directory " + dir, errno);
  }
  if (!S_ISDIR(dst.st_mode)) Fail(path, "cannot write: " + dir + " is not a directory");
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    FailErrno(path, ("cannot write in directory " + dir).c_str(), errno);
  }
  return t;
}

// 0 when every byte was written, else errno.
int WriteAll(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    done += static_cast<size_t>(n);
  }
  return 0;
}

mode_t NewFileMode() {
  // The umask without changing it (umask() is process-wide and this may run beside threads).
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      try {
        return 0666 & ~static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
      } catch (...) {
        break;
      }
    }
  }
  return 0644;
}

void WriteThrough(const Target& t, const std::string& path, std::string_view contents) {
  const int fd = ::open(t.path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    // ENXIO is a FIFO without a reader, or a device with nothing behind it: /dev/tty without a
    // controlling terminal was called "a FIFO with no reader" (found by an adversarial tester).
    if (errno == ENXIO && S_ISFIFO(t.st.st_mode)) {
      Fail(path, "is a FIFO with no reader; refusing to wait for one");
    }
    if (errno == ENXIO) {
      Fail(path,
           "cannot write: no such device or address (a character device with nothing behind "
           "it: /dev/tty without a controlling terminal)");
    }
    FailErrno(path, "cannot write", errno);
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    ::close(fd);
    Fail(path, "changed while being opened; not written");
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const int e = WriteAll(fd, contents);
  const int c = ::close(fd) == 0 ? 0 : errno;
  if (e || c) FailErrno(path, "cannot write", e ? e : c);
}

// The descriptor a path names (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N, or a link
// that leads to one), or -1. Such a path is this process's open descriptor, written through as
// it is open: `-o /dev/stdout >> log` replaced log with the report (a temporary file renamed
// over the file behind fd 1), where the shell's `>>` asked to append (found by an adversarial
// tester).
int DescriptorOf(std::string path) {
  for (int hop = 0; hop < 16; ++hop) {
    if (path == "/dev/stdout") return STDOUT_FILENO;
    if (path == "/dev/stderr") return STDERR_FILENO;
    if (path == "/dev/stdin") return STDIN_FILENO;
    for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
      if (!path.starts_with(prefix) || path.size() == prefix.size() ||
          path.size() > prefix.size() + 9) {
        continue;
      }
      const std::string digits = path.substr(prefix.size());
      if (digits.find_first_not_of("0123456789") == std::string::npos) return std::stoi(digits);
    }
    char buf[PATH_MAX];
    const ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    if (n <= 0) return -1;
    const std::string target(buf, static_cast<size_t>(n));
    path = target.starts_with('/') ? target : Dir(path) + "/" + target;
  }
  return -1;
}

// Writes through descriptor `fd` from where it stands (a shell's `>>` appends, `>` has already
// truncated), after the checks a path gets: open, not a directory, not one of the inputs.
void WriteToDescriptor(int fd, const std::string& path, std::string_view contents) {
  struct stat st {};
  if (fstat(fd, &st) != 0) FailErrno(path, "cannot write", errno);
  if (S_ISDIR(st.st_mode)) Fail(path, "is a directory");
  if (IsInput(st)) Fail(path, "is one of this command's inputs; refusing to overwrite it");
  if (fd == STDOUT_FILENO) {
    std::cout.flush();
    std::fflush(stdout);
  }
  if (const int e = WriteAll(fd, contents)) FailErrno(path, "cannot write", e);
}

}  // namespace

void CheckOutputPath(const std::string& path) {
  if (path.empty() || path == "-") return;
  if (const int fd = DescriptorOf(path); fd >= 0) {
    struct stat st {};
    if (fstat(fd, &st) != 0) FailErrno(path, "cannot write", errno);
    return;
  }
  Resolve(path);
}

void WriteFileAtomic(const std::string& path, std::string_view contents) {
  if (const int fd = DescriptorOf(path); fd >= 0) return WriteToDescriptor(fd, path, contents);
  const Target t = Resolve(path);
  if (t.kind != Kind::kNew && IsInput(t.st)) {
    Fail(path, "is one of this command's inputs; refusing to overwrite it");
  }
  if (t.kind == Kind::kThrough) return WriteThrough(t, path, contents);

  std::string tmp = t.path + ".tmp.XXXXXX";
  int fd = -1;
  int slot = -1;
  {
    BlockSignals block;
    fd = mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) FailErrno(path, "cannot write", errno);
    slot = RegisterTemp(tmp);
  }
  auto fail = [&](int e) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    UnregisterTemp(slot);
    FailErrno(path, "cannot write", e);
  };
  if (const int e = WriteAll(fd, contents)) fail(e);
  if (g_temp_written_hook) g_temp_written_hook(tmp);
  if (t.kind == Kind::kRegular) {
    if (fchown(fd, t.st.st_uid, t.st.st_gid) != 0) {
      // Not allowed (not root): the file becomes the writer's, as with any editor.
    }
    if (fchmod(fd, t.st.st_mode & 07777) != 0) fail(errno);
  } else if (fchmod(fd, NewFileMode()) != 0) {
    fail(errno);
  }
  if (::fsync(fd) != 0) fail(errno);
  const int closed = ::close(fd);
  fd = -1;
  if (closed != 0) fail(errno);
  BlockSignals block;
  if (std::rename(tmp.c_str(), t.path.c_str()) != 0) fail(errno);
  UnregisterTemp(slot);
}

void WriteStdout(std::string_view contents) {
  std::cout.flush();
  std::fflush(stdout);
  if (const int e = WriteAll(STDOUT_FILENO, contents)) FailErrno("<stdout>", "cannot write", e);
}

std::optional<std::string> TryReadFile(const std::string& path, size_t max_bytes, int* error) {
  int dummy = 0;
  int& err = error ? *error : dummy;
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat can refuse it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    return std::nullopt;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    ::close(fd);
    return std::nullopt;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    if (data.size() + static_cast<size_t>(n) > max_bytes) {
      err = EFBIG;
      ::close(fd);
      return std::nullopt;
    }
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  RememberInput(st);
  return data;
}

void NoteInput(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) RememberInput(st);
}

std::string ReadFile(const std::string& path, size_t max_bytes) {
  int err = 0;
  std::optional<std::string> data = TryReadFile(path, max_bytes, &err);
  if (data) return std::move(*data);
  if (err == EINVAL) {
    Fail(path, "cannot read: not a regular file (a FIFO, a device or a socket is refused)");
  }
  if (err == EFBIG) Fail(path, "file is larger than " + std::to_string(max_bytes) + " bytes");
  FailErrno(path, "cannot read", err);
}

void SetTempWrittenHookForTesting(void (*hook)(const std::string& tmp)) {
  g_temp_written_hook = hook;
}

void InstallTempFileCleanup() {
  for (int sig : kCleanupSignals) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa {};
    sa.sa_handler = CleanupAndDie;
    sigemptyset(&sa.sa_mask);
    for (int s : kCleanupSignals) sigaddset(&sa.sa_mask, s);
    sa.sa_flags = SA_RESETHAND;
    sigaction(sig, &sa, nullptr);
  }
  struct sigaction old {};
  if (sigaction(SIGXFSZ, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
    struct sigaction sa {};
    sa.sa_handler = IgnoreXfsz;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGXFSZ, &sa, nullptr);
  }
}

}  // namespace gpufleet

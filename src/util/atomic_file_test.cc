// Output safety and non-blocking, bounded reads (util/atomic_file.h). Every case works in its
// own temporary directory. The device cases write through null and full device nodes made with
// mknod in that directory, never the machine's /dev/null or /dev/full (the tests run as root,
// and a regression to "temp file + rename" would replace the real devices); they skip where
// mknod is not permitted.
#include "util/atomic_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gpufleet-atomic-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string P(const std::string& name) const { return (dir_ / name).string(); }

  static std::string Slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void Put(const std::string& p, const std::string& s) { std::ofstream(p) << s; }

  bool NoTempLeft() const {
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().find(".tmp.") != std::string::npos) return false;
    }
    return true;
  }

  // A character device node `name` in the temporary directory with the given minor number of
  // major 1 (3: null, 7: full); false where mknod is not permitted or the node cannot be opened
  // (a file system mounted nodev).
  bool MakeDevice(const std::string& name, unsigned minor) const {
    if (mknod(P(name).c_str(), S_IFCHR | 0666, makedev(1, minor)) != 0) return false;
    chmod(P(name).c_str(), 0666);  // mknod's mode is filtered by the umask
    const int fd = open(P(name).c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      unlink(P(name).c_str());
      return false;
    }
    close(fd);
    return true;
  }

  static std::string ErrorOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(AtomicFile, WritesANewFileWithTheUmaskMode) {
  const mode_t old = umask(027);
  WriteFileAtomic(P("out"), "hello");
  umask(old);
  EXPECT_EQ(Slurp(P("out")), "hello");
  EXPECT_EQ(fs::status(P("out")).permissions(), static_cast<fs::perms>(0640));
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(AtomicFile, KeepsTheModeOfTheFileItReplaces) {
  Put(P("secret"), "old");
  chmod(P("secret").c_str(), 0600);
  WriteFileAtomic(P("secret"), "new");
  EXPECT_EQ(Slurp(P("secret")), "new");
  struct stat st {};
  ASSERT_EQ(stat(P("secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(AtomicFile, RefusesAReadOnlyFileAndLeavesIt) {
  Put(P("frozen"), "old");
  chmod(P("frozen").c_str(), 0444);
  EXPECT_NE(ErrorOf([&] { CheckOutputPath(P("frozen")); }).find("read-only"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("frozen"), "new"); }).find("read-only"),
            std::string::npos);
  EXPECT_EQ(Slurp(P("frozen")), "old");
  struct stat st {};
  ASSERT_EQ(stat(P("frozen").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0444u);
  EXPECT_TRUE(NoTempLeft());
  // Through a symbolic link, too.
  fs::create_symlink(P("frozen"), P("to-frozen"));
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("to-frozen"), "new"); }).find("read-only"),
            std::string::npos);
  EXPECT_EQ(Slurp(P("frozen")), "old");
}

TEST_F(AtomicFile, FollowsASymlinkAndKeepsIt) {
  Put(P("target"), "old");
  fs::create_symlink(P("target"), P("link"));
  WriteFileAtomic(P("link"), "new");
  EXPECT_TRUE(fs::is_symlink(P("link")));
  EXPECT_EQ(Slurp(P("target")), "new");
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(AtomicFile, RefusesADanglingSymlink) {
  fs::create_symlink(P("nowhere"), P("link"));
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("link"), "x"); }).find("dangling"), std::string::npos);
  EXPECT_FALSE(fs::exists(P("nowhere")));
}

TEST_F(AtomicFile, RefusesAHardLinkedFileAndLeavesBothNames) {
  Put(P("a"), "old");
  fs::create_hard_link(P("a"), P("b"));
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("a"), "new"); }).find("hard links"), std::string::npos);
  EXPECT_EQ(Slurp(P("a")), "old");
  EXPECT_EQ(fs::hard_link_count(P("b")), 2u);
}

TEST_F(AtomicFile, RefusesADirectoryAndAMissingDirectory) {
  fs::create_directories(P("d"));
  EXPECT_NE(ErrorOf([&] { CheckOutputPath(P("d")); }).find("is a directory"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("d"), "x"); }).find("is a directory"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { CheckOutputPath(P("missing/out")); }), "");
  EXPECT_TRUE(fs::is_directory(P("d")));
  EXPECT_EQ(ErrorOf([&] { CheckOutputPath("-"); }), "");
  EXPECT_EQ(ErrorOf([&] { CheckOutputPath(P("fresh")); }), "");
}

TEST_F(AtomicFile, RefusesToOverwriteAnInput) {
  Put(P("in.toml"), "x = 1\n");
  fs::create_symlink(P("in.toml"), P("alias"));
  EXPECT_EQ(ReadFile(P("in.toml")), "x = 1\n");
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("in.toml"), "y"); }).find("inputs"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("alias"), "y"); }).find("inputs"), std::string::npos);
  EXPECT_EQ(Slurp(P("in.toml")), "x = 1\n");
}

TEST_F(AtomicFile, WritesThroughDevNullWhichStaysADevice) {
  if (!MakeDevice("null", 3)) GTEST_SKIP() << "mknod not permitted here";
  WriteFileAtomic(P("null"), "discarded");
  struct stat st {};
  ASSERT_EQ(stat(P("null").c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the null device node was replaced";
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  EXPECT_EQ(st.st_mode & 0666, 0666u);
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(AtomicFile, DevFullIsAnErrorNotASilentLoss) {
  if (!MakeDevice("full", 7)) GTEST_SKIP() << "mknod not permitted here";
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("full"), "x"); }).find("No space"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat(P("full").c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the full device node was replaced";
  EXPECT_EQ(st.st_rdev, makedev(1, 7));
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(AtomicFile, FifoWithoutReaderIsRefusedWithReaderWrittenThrough) {
  ASSERT_EQ(mkfifo(P("fifo").c_str(), 0644), 0);
  EXPECT_NE(ErrorOf([&] { WriteFileAtomic(P("fifo"), "x"); }).find("no reader"), std::string::npos);
  const int rd = open(P("fifo").c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(rd, 0);
  WriteFileAtomic(P("fifo"), "through");
  char buf[16] = {};
  EXPECT_EQ(read(rd, buf, sizeof buf), 7);
  EXPECT_EQ(std::string(buf), "through");
  close(rd);
  EXPECT_TRUE(fs::is_fifo(P("fifo")));
}

TEST_F(AtomicFile, ReadRefusesFifoDeviceAndDirectoryWithoutBlocking) {
  ASSERT_EQ(mkfifo(P("fifo").c_str(), 0644), 0);  // no writer: open() would block without
  EXPECT_NE(ErrorOf([&] { ReadFile(P("fifo")); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(ErrorOf([] { ReadFile("/dev/zero"); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { ReadFile(dir_.string()); }).find("directory"), std::string::npos);
  fs::create_symlink(P("fifo"), P("link.toml"));
  EXPECT_NE(ErrorOf([&] { ReadFile(P("link.toml")); }).find("not a regular file"),
            std::string::npos);
}

TEST_F(AtomicFile, ReadIsBounded) {
  Put(P("big"), std::string(1000, 'x'));
  EXPECT_NE(ErrorOf([&] { ReadFile(P("big"), 999); }).find("larger than 999"), std::string::npos);
  EXPECT_EQ(ReadFile(P("big"), 1000).size(), 1000u);
  int err = 0;
  EXPECT_FALSE(TryReadFile(P("big"), 10, &err));
  EXPECT_EQ(err, EFBIG);
  EXPECT_FALSE(TryReadFile(P("fifo-missing"), 10, &err));
  EXPECT_EQ(err, ENOENT);
}

// In a child process: a file-size limit makes the write fail (SIGXFSZ handled), the error names
// the file, and the temporary file is gone.
TEST_F(AtomicFile, FileSizeLimitIsAnErrorAndLeavesNoTemporaryFile) {
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    InstallTempFileCleanup();
    rlimit lim{100, 100};
    setrlimit(RLIMIT_FSIZE, &lim);
    const std::string e = ErrorOf([&] { WriteFileAtomic(P("big"), std::string(10000, 'x')); });
    _exit(e.find("too large") != std::string::npos ? 0 : 3);
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  ASSERT_TRUE(WIFEXITED(ws)) << "killed by signal " << WTERMSIG(ws);
  EXPECT_EQ(WEXITSTATUS(ws), 0);
  EXPECT_FALSE(fs::exists(P("big")));
  EXPECT_TRUE(NoTempLeft());
}

// A catchable signal while the temporary file exists (raised from the test hook, right after the
// file is written and before the rename): the handler removes it and the process still dies of
// the signal; the target is untouched.
TEST_F(AtomicFile, SignalDuringTheWriteRemovesTheTemporaryFile) {
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) {
    Put(P("out"), "old");
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    static int g_sig;
    g_sig = sig;
    if (pid == 0) {
      for (int s : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) signal(s, SIG_DFL);
      InstallTempFileCleanup();
      SetTempWrittenHookForTesting([](const std::string& tmp) {
        if (access(tmp.c_str(), F_OK) != 0) _exit(4);  // the temporary file must exist here
        raise(g_sig);
      });
      WriteFileAtomic(P("out"), "new");
      _exit(3);  // not reached: the signal kills the process
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    ASSERT_TRUE(WIFSIGNALED(ws)) << "signal " << sig << ", exit " << WEXITSTATUS(ws);
    EXPECT_EQ(WTERMSIG(ws), sig);
    EXPECT_EQ(Slurp(P("out")), "old") << sig;
    EXPECT_TRUE(NoTempLeft()) << "signal " << sig;
  }
}

}  // namespace
}  // namespace gpufleet

// End-to-end output safety (issue 12, class 3): the real gpufleet binary writing to stdout that
// fails (a full device, a closed descriptor, a file-size limit) and to --output paths that are
// not plain new files (a null device, a symbolic link, a 0600 file). Runs as the current user;
// the device case writes through a null device node made with mknod in the test's temporary
// directory (never the machine's /dev/null, which a regression to "temp file + rename" would
// replace when run as root) and skips where mknod is not permitted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"

namespace {

namespace fs = std::filesystem;
using gpufleet::testing::RunShell;

class CliOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gpufleet-cli-output-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `gpufleet ARGS` with the shell redirections in `redirect`; returns stderr.
  std::string Run(const std::string& args, const std::string& redirect, int& status) {
    const std::string err = (dir_ / "stderr").string();
    RunShell(std::string(GPUFLEET_CLI) + " " + args + " " + redirect + " 2>" + err, status);
    std::ifstream in(err);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  bool NoTempLeft() const {
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().find(".tmp.") != std::string::npos) return false;
    }
    return true;
  }

  fs::path dir_;
};

// Every output has its control characters made visible on the way out, JSON too: DEL became
// "\x7f", which is not a JSON escape, so `report --format json` on a scenario with DEL in a
// note, `check --format json` and `check --extract --format json` were invalid JSON (found by an
// adversarial tester). It is "\u007f" now, the JSON escape of DEL itself.
TEST_F(CliOutput, JsonStaysJsonWhenTheInputHoldsControlCharacters) {
  const fs::path scenario = dir_ / "del.toml", claims = dir_ / "del.claims.toml",
                 article = dir_ / "del.txt";
  std::ofstream(scenario) << "title = \"t\\u007f\\u0085\"\n[defaults]\ngpu = \"h100-sxm\"\n"
                             "notes = [\"n\\u007f\"]\n[[fleet]]\nname = \"a\\u007f\"\n";
  std::ofstream(claims) << "title = \"t\\u007f\"\n[[claim]]\nid = \"a\"\nwords = \"700\\u007f W\"\n"
                           "quantity = \"catalog:gpu/h100-sxm/tdp_w\"\nvalue = 700\nunit = \"W\"\n";
  std::ofstream(article) << "One H100 draws 700 W.\x7f Meta bought 350,000 H100s.\n";
  for (const std::string& args : {"report " + scenario.string(), "check " + claims.string(),
                                  "check --extract " + article.string()}) {
    int status = -1;
    const std::string out =
        RunShell(std::string(GPUFLEET_CLI) + " " + args + " --format json 2>/dev/null", status);
    EXPECT_LE(status, 1) << args;
    EXPECT_NE(out.find("\\u007f"), std::string::npos) << args;
    EXPECT_TRUE(nlohmann::json::accept(out)) << args << "\n" << out.substr(0, 400);
  }
}

TEST_F(CliOutput, FullStdoutIsAnErrorWithAMessage) {
  int status = 0;
  const std::string err = Run("fleet", "> /dev/full", status);
  EXPECT_NE(status, 0);
  EXPECT_NE(err.find("No space left"), std::string::npos) << err;
}

// /dev/tty without a controlling terminal (setsid: a new session has none) is a device with
// nothing behind it, not "a FIFO with no reader", and the message names --output like the
// other output errors (found by an adversarial tester).
TEST_F(CliOutput, DevTtyWithoutATerminalIsNamedForWhatItIs) {
  if (system("command -v setsid >/dev/null 2>&1") != 0) GTEST_SKIP() << "no setsid";
  int status = 0;
  const std::string err = (dir_ / "tty_err").string();
  RunShell("setsid -w " + std::string(GPUFLEET_CLI) + " fleet -o /dev/tty 2>" + err, status);
  std::ifstream in(err);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 2) << text;
  EXPECT_NE(text.find("--output: /dev/tty: cannot write: no such device or address"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("FIFO"), std::string::npos) << text;
}

TEST_F(CliOutput, ClosedStdoutIsAnErrorWithAMessage) {
  int status = 0;
  const std::string err = Run("fleet", ">&-", status);
  EXPECT_NE(status, 0);
  EXPECT_NE(err.find("stdout"), std::string::npos) << err;
  // The closed descriptor was not reused for another file.
  EXPECT_TRUE(NoTempLeft());
}

// A reader that goes away: exit status 2 with a message, not death by SIGPIPE (141; found by an
// adversarial tester). The output is larger than a pipe's buffer, so the write does fail.
TEST_F(CliOutput, AClosedPipeIsAnErrorNotASignal) {
  int status = 0;
  const std::string err2 = (dir_ / "stderr_pipe").string();
  const std::string st = (dir_ / "status_pipe").string();
  RunShell("bash -c '" + std::string(GPUFLEET_CLI) + " catalog --sources --format json 2>" + err2 +
               " | head -c 10 >/dev/null; echo ${PIPESTATUS[0]} > " + st + "'",
           status);
  int inner = -1;
  std::ifstream(st) >> inner;
  std::ifstream in(err2);
  const std::string msg(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(inner, 2) << msg;
  EXPECT_NE(msg.find("Broken pipe"), std::string::npos) << msg;
}

TEST_F(CliOutput, HelpToAFullStdoutIsAnError) {
  int status = 0;
  const std::string err = Run("fleet --help", "> /dev/full", status);
  EXPECT_NE(status, 0);
  EXPECT_NE(err.find("stdout"), std::string::npos) << err;
}

TEST_F(CliOutput, FileSizeLimitOnStdoutIsAnErrorNotASignal) {
  int status = 0;
  const std::string out = (dir_ / "out.html").string();
  const std::string err = Run("report --format html", "> " + out, status);
  ASSERT_EQ(status, 0) << err;
  ASSERT_GT(fs::file_size(out), 4096u);
  fs::remove(out);
  // ulimit -f counts 512-byte blocks (1 KiB in some shells): either way far below the report.
  const std::string err2 = (dir_ / "stderr2").string();
  RunShell("(ulimit -f 2; " + std::string(GPUFLEET_CLI) + " report --format html > " + out + " 2>" +
               err2 + "; echo $? > " + (dir_ / "status").string() + ")",
           status);
  int inner = -1;
  std::ifstream(dir_ / "status") >> inner;
  std::ifstream in(err2);
  const std::string msg(std::istreambuf_iterator<char>(in), {});
  EXPECT_NE(inner, 0);
  EXPECT_LT(inner, 128) << "killed by a signal instead of reporting the error";
  EXPECT_NE(msg.find("too large"), std::string::npos) << msg;
}

TEST_F(CliOutput, FileSizeLimitOnOutputLeavesNoTemporaryFile) {
  int status = 0;
  const std::string out = (dir_ / "out.html").string();
  const std::string err2 = (dir_ / "stderr2").string();
  RunShell("(ulimit -f 2; " + std::string(GPUFLEET_CLI) + " report --format html -o " + out +
               " 2>" + err2 + "; echo $? > " + (dir_ / "status").string() + ")",
           status);
  int inner = -1;
  std::ifstream(dir_ / "status") >> inner;
  EXPECT_EQ(inner, 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(CliOutput, DevNullIsWrittenThroughAndStaysADevice) {
  const fs::path null = dir_ / "null";
  if (mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "mknod not permitted here";
  const int fd = open(null.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) GTEST_SKIP() << "device nodes cannot be opened here (nodev)";
  close(fd);
  int status = 0;
  const std::string err = Run("fleet -o " + null.string(), "", status);
  EXPECT_EQ(status, 0) << err;
  struct stat st {};
  ASSERT_EQ(stat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the null device node is no longer a character device";
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(CliOutput, SymlinkIsFollowedAndModeKept) {
  const fs::path target = dir_ / "report.txt";
  std::ofstream(target) << "old\n";
  chmod(target.c_str(), 0600);
  fs::create_symlink(target, dir_ / "link.txt");
  int status = 0;
  const std::string err = Run("fleet -o " + (dir_ / "link.txt").string(), "", status);
  EXPECT_EQ(status, 0) << err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.txt"));
  EXPECT_GT(fs::file_size(target), 100u);
  struct stat st {};
  ASSERT_EQ(stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_TRUE(NoTempLeft());
}

TEST_F(CliOutput, ControlCharactersInAnArticleAreEscapedOnStdout) {
  const fs::path article = dir_ / "article.txt";
  std::ofstream(article) << "The site draws \x1b[2J\x1b]0;pwned\x07 700 W of power.\n";
  int status = 0;
  const std::string out_path = (dir_ / "stdout").string();
  const std::string err = Run("check --extract " + article.string(), "> " + out_path, status);
  EXPECT_EQ(status, 0) << err;
  std::ifstream in(out_path);
  const std::string out(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
  EXPECT_NE(out.find("\\x1b[2J"), std::string::npos) << out;
}

// /dev/stdout is a link to /proc/self/fd/1; when stdout is a pipe, realpath() cannot resolve it.
// It is written through, not refused as dangling (and never replaced).
TEST_F(CliOutput, DevStdoutOnAPipeIsWrittenThrough) {
  int status = 0;
  const std::string out = (dir_ / "out.txt").string();
  RunShell(std::string(GPUFLEET_CLI) + " fleet -o /dev/stdout 2>" + (dir_ / "err").string() +
               " | cat > " + out,
           status);
  std::ifstream in(dir_ / "err");
  const std::string err(std::istreambuf_iterator<char>(in), {});
  EXPECT_TRUE(err.empty()) << err;
  EXPECT_GT(fs::file_size(out), 100u);
}

// /dev/stdout on a file opened by `>>` appends, as the shell asked: the file behind fd 1 was
// replaced by a temporary file renamed over it, the earlier contents lost (found by an
// adversarial tester). /dev/fd/1 and /dev/stderr the same.
TEST_F(CliOutput, DevStdoutOnAFileOpenedToAppendAppends) {
  const fs::path log = dir_ / "log.txt";
  for (const std::string& path :
       std::vector<std::string>{"/dev/stdout", "/dev/fd/1", "/dev/stderr"}) {
    std::ofstream(log, std::ios::trunc) << "before\n";
    int status = 0;
    const std::string redirect = path == "/dev/stderr" ? " 2>>" : " >>";
    RunShell(std::string(GPUFLEET_CLI) + " catalog gpus -o " + path + redirect + log.string(),
             status);
    EXPECT_EQ(status, 0) << path;
    std::ifstream in(log);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    EXPECT_TRUE(text.starts_with("before\n")) << path << ": " << text.substr(0, 200);
    EXPECT_NE(text.find("h100-sxm"), std::string::npos) << path;
  }
  // Written twice through `>>`: both reports, one after the other.
  std::ofstream(log, std::ios::trunc) << "";
  int status = 0;
  RunShell("{ " + std::string(GPUFLEET_CLI) + " catalog sites -o /dev/stdout; " + GPUFLEET_CLI +
               " catalog sites -o /dev/stdout; } >> " + log.string(),
           status);
  std::ifstream in(log);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  ASSERT_NE(text.find("meta-fleet"), std::string::npos) << text;
  ASSERT_EQ(text.size() % 2, 0u) << text;
  EXPECT_EQ(text.substr(0, text.size() / 2), text.substr(text.size() / 2));
}

}  // namespace

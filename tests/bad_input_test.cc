// The bad-input suite: every case in tests/bad_inputs/*.toml runs the real gpufleet binary on a
// malformed or hostile input and must end with exit status 2 (never a crash, a hang or another
// status), print one message on stderr naming what was wrong (`expect`, a substring), and leave
// no output file behind when the case asks for --output.
//
// The case format is documented here (the tests/bad_inputs/*.toml files have no other
// description). BadCase fields:
//   category   a name for the test (default "misc")
//   args       the command line after `gpufleet`, with these placeholders replaced by paths in
//              the case's temporary directory:
//                {FILE}      a file holding `file` (input.toml)
//                {TXT}       the same bytes as input.txt (an article for `check`)
//                {DIR}       a directory holding `file` as bad.toml
//                {OUT}       a path that must not exist afterwards
//                {FIFO}      a FIFO nobody writes or reads
//                {FIFODIR}   a directory holding only a FIFO named fifo.toml
//                {LINKED}    a regular file with a second hard link
//                {DANGLING}  a symbolic link to a missing file
//                {DEVNULL}   a null device node (mknod 1,3); the case skips where mknod fails
//                {DEVFULL}   a full device node (mknod 1,7); the case skips where mknod fails
//   file       contents of {FILE}
//   file_hex   bytes of {FILE} as hex digits (instead of `file`)
//   repeat     repeat `file` this many times
//   expect     a substring of stderr (placeholders replaced as in args)
//   status     the exit status (default 2)
// The device placeholders keep the cases off the machine's real /dev/null and /dev/full: the
// tests run as root, and a regression to "temp file + rename" would replace them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "from_hex.h"

namespace {

namespace fs = std::filesystem;

struct BadCase {
  std::string id;  // file:index
  std::string category;
  std::vector<std::string> args;
  std::string file;
  int status = 2;
  std::string expect;
};

using gpufleet::testing_util::FromHex;

std::vector<BadCase> LoadBadCases() {
  std::vector<BadCase> cases;
  const fs::path dir = fs::path(GPUFLEET_SOURCE_DIR) / "tests" / "bad_inputs";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    toml::table t = toml::parse_file(f.string());
    const toml::array* arr = t["case"].as_array();
    if (!arr) continue;
    int i = 0;
    for (const auto& node : *arr) {
      const toml::table& c = *node.as_table();
      BadCase k;
      k.id = f.filename().string() + "#" + std::to_string(i++);
      k.category = c["category"].value_or(std::string("misc"));
      if (const toml::array* a = c["args"].as_array()) {
        for (const auto& x : *a) k.args.push_back(x.value_or(std::string()));
      }
      k.file = c["file"].value_or(std::string());
      if (auto hex = c["file_hex"].value<std::string>()) k.file = FromHex(*hex);
      const int64_t repeat = c["repeat"].value_or(int64_t{1});
      std::string one = k.file;
      for (int64_t r = 1; r < repeat; ++r) k.file += one;
      k.status = static_cast<int>(c["status"].value_or(int64_t{2}));
      k.expect = c["expect"].value_or(std::string());
      cases.push_back(std::move(k));
    }
  }
  return cases;
}

struct Outcome {
  int status = -1;  // exit status, or 128 + signal
  bool timed_out = false;
  std::string err;
};

// posix_spawn, not fork: a fork copies this process's page tables, 300-400 MB of them under the
// sanitizers by the time these cases run (30-40 ms a case).
Outcome RunCli(const std::vector<std::string>& args, const fs::path& err_path) {
  std::vector<std::string> full = {"timeout", "-s", "KILL", "30", GPUFLEET_CLI};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (spawn_error != 0)
    return Outcome{127, false, std::string("spawn failed: ") + std::strerror(spawn_error)};
  int ws = 0;
  waitpid(pid, &ws, 0);
  Outcome o;
  if (WIFEXITED(ws)) o.status = WEXITSTATUS(ws);
  if (WIFSIGNALED(ws)) o.status = 128 + WTERMSIG(ws);
  o.timed_out = (o.status == 137);
  std::ifstream in(err_path);
  o.err.assign(std::istreambuf_iterator<char>(in), {});
  return o;
}

// Readable test names in failure messages instead of a byte dump.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.id; }

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, ExitsTwoWithAClearMessage) {
  const BadCase& c = GetParam();
  const fs::path tmp =
      fs::temp_directory_path() / ("gpufleet-bad-" + std::to_string(getpid()) + "-" +
                                   std::to_string(std::hash<std::string>{}(c.id)));
  fs::create_directories(tmp);
  const fs::path in = tmp / "input.toml";
  const fs::path txt = tmp / "input.txt";
  const fs::path out = tmp / "out.txt";
  const fs::path dir = tmp / "catalog";
  fs::create_directories(dir);
  for (const fs::path& p : {in, txt, dir / "bad.toml"}) {
    std::ofstream f(p, std::ios::binary);
    f << c.file;
  }
  const fs::path fifo = tmp / "fifo";
  const fs::path fifodir = tmp / "fifodir";
  fs::create_directories(fifodir);
  mkfifo(fifo.c_str(), 0644);
  mkfifo((fifodir / "fifo.toml").c_str(), 0644);
  const fs::path linked = tmp / "linked.txt";
  std::ofstream(linked) << "keep\n";
  fs::create_hard_link(linked, tmp / "linked2.txt");
  const fs::path dangling = tmp / "dangling";
  fs::create_symlink(tmp / "nowhere", dangling);
  // Device nodes only for the cases that name them, so that the other cases run where mknod is
  // not permitted.
  const fs::path devnull = tmp / "devnull";
  const fs::path devfull = tmp / "devfull";
  std::vector<std::pair<fs::path, unsigned>> devices;  // path, minor number of major 1
  for (const std::string& a : c.args) {
    if (a.find("{DEVNULL}") != std::string::npos) devices.emplace_back(devnull, 3u);
    if (a.find("{DEVFULL}") != std::string::npos) devices.emplace_back(devfull, 7u);
  }
  for (const auto& [path, minor] : devices) {
    if (fs::exists(path)) continue;
    bool usable = mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0;
    if (usable) {
      const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);  // fails on a nodev mount
      usable = fd >= 0;
      if (fd >= 0) close(fd);
    }
    if (!usable) {
      fs::remove_all(tmp);
      GTEST_SKIP() << c.id << ": cannot make a usable device node here (mknod)";
    }
  }
  std::vector<std::string> args;
  std::vector<std::string> texts = c.args;
  texts.push_back(c.expect);  // placeholders are replaced in `expect` too
  for (std::string a : texts) {
    for (auto [key, val] : {std::pair{std::string("{FILE}"), in.string()},
                            std::pair{std::string("{TXT}"), txt.string()},
                            std::pair{std::string("{DIR}"), dir.string()},
                            std::pair{std::string("{OUT}"), out.string()},
                            std::pair{std::string("{FIFODIR}"), fifodir.string()},
                            std::pair{std::string("{FIFO}"), fifo.string()},
                            std::pair{std::string("{LINKED}"), linked.string()},
                            std::pair{std::string("{DANGLING}"), dangling.string()},
                            std::pair{std::string("{DEVNULL}"), devnull.string()},
                            std::pair{std::string("{DEVFULL}"), devfull.string()}}) {
      for (size_t p; (p = a.find(key)) != std::string::npos;) a.replace(p, key.size(), val);
    }
    args.push_back(a);
  }
  const std::string expect = args.back();
  args.pop_back();
  const Outcome o = RunCli(args, tmp / "stderr.txt");
  EXPECT_FALSE(o.timed_out) << c.id << " hung";
  EXPECT_EQ(o.status, c.status) << c.id << " stderr: " << o.err;
  EXPECT_FALSE(o.err.empty()) << c.id << ": no message";
  EXPECT_LT(o.err.size(), 4096u) << c.id << ": message too long";
  if (!expect.empty()) {
    EXPECT_NE(o.err.find(expect), std::string::npos)
        << c.id << ": message should name '" << expect << "', got: " << o.err;
  }
  EXPECT_EQ(o.err.find("internal error"), std::string::npos) << c.id << ": " << o.err;
  EXPECT_FALSE(fs::exists(out)) << c.id << ": output file written despite the error";
  EXPECT_TRUE(fs::is_fifo(fifo)) << c.id << ": the FIFO was replaced";
  EXPECT_EQ(fs::hard_link_count(linked), 2u) << c.id << ": a hard link was split";
  EXPECT_FALSE(fs::exists(tmp / "nowhere")) << c.id << ": a dangling link's target was created";
  for (const auto& [path, minor] : devices) {
    struct stat st {};
    EXPECT_EQ(lstat(path.c_str(), &st), 0) << c.id << ": " << path << " is gone";
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << c.id << ": " << path << " was replaced";
    EXPECT_EQ(st.st_rdev, makedev(1, minor)) << c.id << ": " << path << " was replaced";
  }
  for (const auto& e : fs::recursive_directory_iterator(tmp)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos)
        << c.id << ": temporary file left behind";
  }
  fs::remove_all(tmp);
}

std::string CaseName(const ::testing::TestParamInfo<BadCase>& info) {
  std::string n = info.param.category + "_" + std::to_string(info.index);
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Suite, BadInput, ::testing::ValuesIn(LoadBadCases()), CaseName);

TEST(BadInputSuite, HasAtLeast200Cases) { EXPECT_GE(LoadBadCases().size(), 200u); }

}  // namespace

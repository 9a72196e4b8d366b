// The independent bad-input suite (issue #12): every case in tests/bad_inputs_independent/*.toml
// becomes one parameterized test, named after the case. Written without reading tests/bad_inputs/.
//
// clang-format off
// Case format: one [[case]] table per input.
//
//   name          unique, [A-Za-z0-9_] (the test's name)
//   kind          "cli"  the real binary (GPUFLEET_CLI) with `args`, via fork/exec, no shell
//                 "file" the same, plus a temporary file {FILE} made from `file`, `file_hex`
//                        or `special`
//                 "http" a request over a socket to a real `gpufleet serve --listen 127.0.0.1:0`
//   expect        "error" (default), "ok", or "either" (ok or a clean error; post-checks still
//                 apply)
//   known_failure what the current binary does wrong; the case is skipped with this reason
//                 (GPUFLEET_RUN_KNOWN_FAILURES=1 runs it anyway). Remove the line once fixed.
//   timeout_s     per-case limit (default 10): a hang fails the case, it never blocks the suite
//
// cli / file:
//   args          array of strings; "{FILE}", "{DIR}" (the case's temp dir, also its cwd) and
//                 "{OUT}" ({DIR}/out) are substituted inside each argument
//   stdin         text fed on stdin (default: /dev/null)
//   stdout        "file" (default), "devfull" (stdout is /dev/full), "closed" (fd 1 closed)
//   file          text body of {FILE}; file_hex: bytes as hex; file_repeat: repeat the body N times
//   special       what {FILE} is instead: "fifo", "dir", "empty", "loop" (symlink to itself),
//                 "missing", "unreadable" (mode 000; skipped as root), "symlink" (a link to a
//                 regular file holding the body)
//   out_special   what stands at {OUT} before the run: "fifo", "dir", "symlink" (to {DIR}/target
//                 holding "keep"), "chardev" (a /dev/null-like node made with mknod), "file0600"
//                 (a regular file "keep" with mode 0600), "missing_dir" ({OUT} = {DIR}/no/such/out)
//   names         a substring (case-insensitive) the one stderr line must contain: the flag, file
//                 or field at fault; "{FILE}"/"{OUT}" are substituted
//   json          expect = "ok": stdout must parse as JSON
//   exit_status   the exit status an error must have (default 2; 127 for a command that cannot run)
// Expected for "error": exit status 2, exactly one line on stderr (naming `names`), nothing on
// stdout, no file left at {OUT} unless something stood there before (which must be intact), no new
// files in {DIR}, never a signal, a timeout or exit 1. For "ok": exit 0, non-empty stdout (unless
// stdout is redirected), no nan/inf, no negative energy, JSON that parses where `json` is set.
// After every cli/file case {FILE} (when it was a regular file) must be unchanged.
//
// http:
//   method, path     request line (path sent as is, query included)
//   headers          array of "Name: value" lines (Host and Connection: close are added unless
//                    given)
//   body / body_hex  request body; Content-Length is added unless a header sets it or
//                    no_length = true
//   body_repeat      repeat the body N times
//   raw / raw_hex    the whole request bytes instead (nothing added)
//   slow_ms          send the body in 4 pieces this many ms apart
//   half_close       shut down the sending side after the request (default: keep it open)
//   status           an exact status expected (optional; a 5xx is an error only where pinned)
//   field            expect = "error": the JSON error must name this field ("field" key or in
//                    "error")
// Expected for "error": a 4xx (or the 5xx `status` pins) whose body is JSON {"error": ...}, or
// the connection closed without an answer; for "ok": a 2xx (JSON bodies parse, no nan/inf).
// Always: the answer is at most 8 MB, and the server still answers GET /api/health afterwards
// (if it died, it is restarted for the next case and this case fails).
// clang-format on
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "from_hex.h"
#include "loopback.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using gpufleet::testing_util::FromHex;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

// Under AddressSanitizer the binary runs several times slower (the 10 MB extraction: 3.5 s plain,
// over 20 s sanitized on 2 shared cores): time limits scale so that only a real hang fails.
constexpr int kTimeScale = kAsan ? 4 : 1;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Printable(const std::string& s, size_t max = 400) {
  std::string out;
  for (char c : s.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\n') {
      out += "\\n";
    } else if (u < 32 || u == 127) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

struct Case {
  std::string name, kind, file_name, expect = "error", known_failure;
  int timeout_s = 10 * kTimeScale;
  toml::table t;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::set<std::string> names;
  const fs::path dir = fs::path(GPUFLEET_SOURCE_DIR) / "tests" / "bad_inputs_independent";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    toml::table doc;
    try {
      doc = toml::parse_file(f.string());
    } catch (const toml::parse_error& e) {
      std::fprintf(stderr, "%s: %s\n", f.c_str(), std::string(e.description()).c_str());
      std::abort();
    }
    const auto* arr = doc["case"].as_array();
    if (!arr) continue;
    for (const auto& node : *arr) {
      const auto* t = node.as_table();
      if (!t) continue;
      Case c;
      c.t = *t;
      c.file_name = f.filename().string();
      c.name = (*t)["name"].value_or(std::string());
      c.kind = (*t)["kind"].value_or(std::string());
      c.expect = (*t)["expect"].value_or(std::string("error"));
      c.known_failure = (*t)["known_failure"].value_or(std::string());
      c.timeout_s = kTimeScale * static_cast<int>((*t)["timeout_s"].value_or(int64_t{10}));
      const bool name_ok =
          !c.name.empty() && std::all_of(c.name.begin(), c.name.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
          });
      if (!name_ok || !names.insert(c.name).second ||
          (c.kind != "cli" && c.kind != "file" && c.kind != "http")) {
        std::fprintf(stderr, "%s: bad or duplicate case name/kind '%s'\n", f.c_str(),
                     c.name.c_str());
        std::abort();
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

std::string Str(const toml::table& t, const char* key) { return t[key].value_or(std::string()); }

std::vector<std::string> StrArray(const toml::table& t, const char* key) {
  std::vector<std::string> out;
  if (const auto* a = t[key].as_array())
    for (const auto& n : *a) out.push_back(n.value_or(std::string()));
  return out;
}

std::string ReadAll(const fs::path& p, size_t max = 64 << 20) {
  std::ifstream in(p, std::ios::binary);
  std::string s;
  char buf[65536];
  while (in && s.size() < max) {
    in.read(buf, sizeof buf);
    s.append(buf, static_cast<size_t>(in.gcount()));
  }
  return s;
}

void WriteAll(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

std::string Subst(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    for (size_t pos = 0; (pos = s.find(k, pos)) != std::string::npos; pos += v.size())
      s.replace(pos, k.size(), v);
  }
  return s;
}

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  double seconds = 0;
  std::string out, err;
  uintmax_t out_size = 0;  // the whole of stdout (only its first MiB is kept in `out`)
};

// Spawns `argv` in `cwd`, no shell, bounded in time, memory and file size; the whole process
// group is killed afterwards so nothing it started lingers. posix_spawn, not fork: a fork copies
// the page tables of this process, which under the sanitizers holds 300-400 MB by the time these
// cases run (30-40 ms a case, a third of the suite's time there). The limits are set by
// util-linux's prlimit, which execs the command in its own place (same pid, same group).
RunResult Run(const std::vector<std::string>& argv, const fs::path& cwd,
              const std::string& stdin_text, const std::string& stdout_mode, int timeout_s) {
  RunResult r;
  const fs::path in_p = cwd / ".runner_stdin", out_p = cwd / ".runner_stdout",
                 err_p = cwd / ".runner_stderr";
  WriteAll(in_p, stdin_text);
  std::vector<std::string> full = {"/usr/bin/prlimit"};
  if (!kAsan)
    full.push_back("--as=" + std::to_string(4ull << 30));     // bad_alloc, not the OOM killer
  full.push_back("--fsize=" + std::to_string(256ull << 20));  // files (stdout included) to 256 MiB
  full.push_back("--core=0");                                 // no core dumps
  full.push_back("--");
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> cargv;
  for (auto& a : full) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  posix_spawn_file_actions_addopen(&fa, 0, in_p.c_str(), O_RDONLY, 0);
  if (stdout_mode == "devfull") {
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/full", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_addopen(&fa, 1, out_p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawn_file_actions_addopen(&fa, 2, err_p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (stdout_mode == "closed") posix_spawn_file_actions_addclose(&fa, 1);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const auto start = Clock::now();
  pid_t pid = -1;
  const int spawn_error = posix_spawn(&pid, cargv[0], &fa, &attr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (spawn_error != 0) {
    r.err = std::string("spawn failed: ") + std::strerror(spawn_error);
    return r;
  }
  int status = 0;
  const auto deadline = start + std::chrono::seconds(timeout_s);
  for (;;) {
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (Clock::now() > deadline) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  kill(-pid, SIGKILL);  // grandchildren (measure's command) must not outlive the case
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!r.timed_out) {
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  }
  std::error_code size_ec;
  r.out_size = fs::exists(out_p) ? fs::file_size(out_p, size_ec) : 0;
  r.out = ReadAll(out_p, 1 << 20);
  r.err = ReadAll(err_p, 1 << 20);
  std::error_code ec;
  fs::remove(in_p, ec);
  fs::remove(out_p, ec);
  fs::remove(err_p, ec);
  return r;
}

std::string TypeOf(const fs::path& p) {
  struct stat st {};
  if (lstat(p.c_str(), &st) != 0) return "missing";
  if (S_ISLNK(st.st_mode)) return "symlink";
  if (S_ISFIFO(st.st_mode)) return "fifo";
  if (S_ISDIR(st.st_mode)) return "dir";
  if (S_ISCHR(st.st_mode)) return "chardev";
  if (S_ISREG(st.st_mode)) return "file";
  return "other";
}

// Text that looks like a number but is not one: nan, inf, -inf as words.
bool HasNanInf(const std::string& s) {
  static const std::regex re(R"((^|[^A-Za-z_])(-?nan|-?inf|infinity)([^A-Za-z_]|$))",
                             std::regex::icase);
  return std::regex_search(s, re);
}

void CheckJsonSane(const nlohmann::json& j, const std::string& key, std::vector<std::string>& bad) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) CheckJsonSane(it.value(), it.key(), bad);
  } else if (j.is_array()) {
    for (const auto& e : j) CheckJsonSane(e, key, bad);
  } else if (j.is_number()) {
    const double v = j.get<double>();
    const std::string k = Lower(key);
    if (v < 0 && (k.find("energy") != std::string::npos || k.find("joule") != std::string::npos ||
                  k.find("_wh") != std::string::npos || k == "power_w" ||
                  k.find("co2") != std::string::npos))
      bad.push_back(key + " = " + std::to_string(v));
  }
}

void CheckOkOutput(const std::string& out, bool want_json, const std::string& what) {
  EXPECT_FALSE(HasNanInf(out)) << what << " has nan/inf: " << Printable(out, 2000);
  const auto first = out.find_first_not_of(" \t\r\n");
  if (want_json || (first != std::string::npos && (out[first] == '{' || out[first] == '['))) {
    try {
      const auto j = nlohmann::json::parse(out);
      std::vector<std::string> bad;
      CheckJsonSane(j, "", bad);
      EXPECT_TRUE(bad.empty()) << what << " has negative energies: " << bad.front();
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << " is not JSON (" << e.what() << "): " << Printable(out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// cli / file cases

void RunCli(const Case& c) {
  const auto& t = c.t;
  char tmpl[] = "/tmp/gpufleet-bi2-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code ec;
      // make everything removable (mode 000 files/dirs)
      for (auto it = fs::recursive_directory_iterator(
               d, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (!it->is_symlink()) chmod(it->path().c_str(), 0700);
      fs::remove_all(d, ec);
    }
  } cleanup{dir};

  fs::path file = dir / "input";
  const std::string special = Str(t, "special");
  const std::string name_override = Str(t, "file_name");
  if (!name_override.empty()) file = dir / name_override;
  std::string body = Str(t, "file");
  if (t.contains("file_hex")) body = FromHex(Str(t, "file_hex"));
  const int64_t repeat = t["file_repeat"].value_or(int64_t{1});
  if (repeat > 1) {
    std::string b;
    b.reserve(body.size() * static_cast<size_t>(repeat));
    for (int64_t i = 0; i < repeat; ++i) b += body;
    body = std::move(b);
  }
  bool file_regular = false;
  fs::create_directories(file.parent_path());
  if (c.kind == "file") {
    if (special.empty()) {
      WriteAll(file, body);
      file_regular = true;
    } else if (special == "fifo") {
      ASSERT_EQ(mkfifo(file.c_str(), 0644), 0);
    } else if (special == "dir") {
      fs::create_directory(file);
    } else if (special == "empty") {
      WriteAll(file, "");
      file_regular = true;
    } else if (special == "loop") {
      fs::create_symlink(file.filename(), file);
    } else if (special == "missing") {
    } else if (special == "unreadable") {
      if (geteuid() == 0) GTEST_SKIP() << "root reads a mode-000 file";
      WriteAll(file, body);
      chmod(file.c_str(), 0);
    } else if (special == "symlink") {
      WriteAll(dir / "real_input", body);
      fs::create_symlink("real_input", file);
    } else {
      FAIL() << "unknown special " << special;
    }
  }

  fs::path out = dir / "out";
  const std::string out_special = Str(t, "out_special");
  std::string out_before_type = "missing";
  if (out_special == "fifo") {
    ASSERT_EQ(mkfifo(out.c_str(), 0644), 0);
  } else if (out_special == "dir") {
    fs::create_directory(out);
  } else if (out_special == "symlink") {
    WriteAll(dir / "target", "keep");
    fs::create_symlink("target", out);
  } else if (out_special == "chardev") {
    if (mknod(out.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
      GTEST_SKIP() << "mknod not permitted here";
  } else if (out_special == "file0600") {
    WriteAll(out, "keep");
    chmod(out.c_str(), 0600);
  } else if (out_special == "missing_dir") {
    out = dir / "no" / "such" / "out";
  } else if (!out_special.empty()) {
    FAIL() << "unknown out_special " << out_special;
  }
  out_before_type = TypeOf(out);

  const std::map<std::string, std::string> vars = {
      {"{FILE}", file.string()}, {"{OUT}", out.string()}, {"{DIR}", dir.string()}};
  std::vector<std::string> argv = {GPUFLEET_CLI};
  for (const auto& a : StrArray(t, "args")) argv.push_back(Subst(a, vars));

  std::set<std::string> before;
  for (const auto& e : fs::directory_iterator(dir)) before.insert(e.path().filename().string());

  const std::string stdout_mode = t["stdout"].value_or(std::string("file"));
  const RunResult r = Run(argv, dir, Str(t, "stdin"), stdout_mode, c.timeout_s);

  std::string cmd;
  for (size_t i = 1; i < argv.size(); ++i) cmd += " '" + Printable(argv[i], 80) + "'";
  SCOPED_TRACE("gpufleet" + cmd);
  SCOPED_TRACE("stderr: " + Printable(r.err, 600));

  ASSERT_FALSE(r.timed_out) << "hung: killed after " << c.timeout_s << " s";
  ASSERT_EQ(r.signal, 0) << "killed by signal " << r.signal << " (" << strsignal(r.signal) << ")";

  const bool ok_allowed = c.expect == "ok" || c.expect == "either";
  const bool err_allowed = c.expect == "error" || c.expect == "either";
  const bool is_ok = r.exit_code == 0;
  EXPECT_LE(r.out_size, 16u << 20)
      << "stdout is " << r.out_size << " bytes: output out of proportion to the input";
  if (is_ok) {
    EXPECT_TRUE(ok_allowed) << "exit 0 for bad input; stdout: " << Printable(r.out);
    if (ok_allowed && stdout_mode == "file") {
      const bool writes_file = std::find(argv.begin(), argv.end(), out.string()) != argv.end();
      if (!writes_file) {
        EXPECT_FALSE(r.out.empty()) << "exit 0 and nothing on stdout";
      }
      if (r.out_size <= r.out.size()) CheckOkOutput(r.out, t["json"].value_or(false), "stdout");
    }
  } else {
    EXPECT_TRUE(err_allowed) << "exit " << r.exit_code << " for valid input";
    const int want_exit = static_cast<int>(t["exit_status"].value_or(int64_t{2}));
    EXPECT_EQ(r.exit_code, want_exit)
        << "an input error must exit " << want_exit << " (1 is an internal error)";
    EXPECT_TRUE(r.out.empty()) << "stdout on error: " << Printable(r.out);
    const auto nl = std::count(r.err.begin(), r.err.end(), '\n');
    EXPECT_TRUE(nl == 1 && r.err.back() == '\n') << "want exactly one line on stderr, got " << nl;
    const std::string names = Subst(Str(t, "names"), vars);
    if (!names.empty()) {
      EXPECT_NE(Lower(r.err).find(Lower(names)), std::string::npos)
          << "the message does not name '" << names << "'";
    }
  }

  // The file system afterwards.
  if (file_regular) {
    EXPECT_EQ(TypeOf(file), "file") << "the input file was replaced";
    EXPECT_TRUE(ReadAll(file) == body) << "the input file was modified";
  }
  if (c.kind == "file" && !special.empty() && special != "missing" && special != "empty") {
    EXPECT_EQ(TypeOf(file), special == "loop" || special == "symlink" ? "symlink"
                            : special == "unreadable"                 ? "file"
                                                                      : special)
        << "the special input file was replaced";
  }
  const std::string out_after = TypeOf(out);
  if (out_special == "fifo" || out_special == "dir" || out_special == "chardev") {
    EXPECT_EQ(out_after, out_before_type) << "--output replaced a " << out_special;
  } else if (out_special == "symlink") {
    EXPECT_EQ(out_after, "symlink") << "--output replaced a symlink";
    if (!is_ok) {
      EXPECT_EQ(ReadAll(dir / "target"), "keep") << "a failed run changed the symlink's target";
    }
  } else if (out_special == "file0600") {
    struct stat st {};
    lstat(out.c_str(), &st);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "--output changed the mode of an existing file";
    if (!is_ok) {
      EXPECT_EQ(ReadAll(out), "keep") << "a failed run changed the existing output";
    }
  } else if (!is_ok) {
    EXPECT_EQ(out_after, "missing") << "a failed run left a file at --output";
  }
  std::vector<std::string> leftovers;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (!before.count(n) && !(is_ok && e.path() == out)) leftovers.push_back(n);
  }
  EXPECT_TRUE(leftovers.empty()) << "left behind in the working directory: " << leftovers.front();
}

// ---------------------------------------------------------------------------------------------
// http cases: one real `gpufleet serve` per test process, started on the first http case and
// restarted if a case kills it. A plain `gpufleet_tests` run shares one server across all the
// http cases; under ctest each case is its own process and so starts its own server.

class ServeProcess {
 public:
  ~ServeProcess() {
    StopServer();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  int port() {
    if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
    if (pid_ <= 0) StartServer();
    return port_;
  }
  bool Alive() { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }
  std::string DeathReason() {
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFSIGNALED(status))
        return std::string("killed by signal ") + strsignal(WTERMSIG(status));
      return "exited with status " + std::to_string(WEXITSTATUS(status));
    }
    return "";
  }
  void Restart() {
    StopServer();
    StartServer();
  }
  std::string log_tail() const {
    const std::string s = ReadAll(log_);
    return s.size() > 800 ? s.substr(s.size() - 800) : s;
  }

 private:
  void StartServer() {
    if (dir_.empty()) {
      char tmpl[] = "/tmp/gpufleet-bi2-serve-XXXXXX";
      if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
      dir_ = tmpl;
    }
    // A new log per start: the parent must never read the previous server's port.
    log_ = dir_ / ("serve-" + std::to_string(++starts_) + ".log");
    WriteAll(log_, "");
    const pid_t pid = fork();
    if (pid == 0) {
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int fd = open(log_.c_str(), O_WRONLY | O_APPEND);
      const int nul = open("/dev/null", O_RDWR);
      dup2(nul, 0);
      dup2(nul, 1);
      dup2(fd, 2);
      rlimit lim{};
      if (!kAsan) {
        lim.rlim_cur = lim.rlim_max = 6ull << 30;
        setrlimit(RLIMIT_AS, &lim);
      }
      lim.rlim_cur = lim.rlim_max = 0;
      setrlimit(RLIMIT_CORE, &lim);
      execl(GPUFLEET_CLI, GPUFLEET_CLI, "serve", "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    pid_ = pid;
    static const std::regex re(R"(serving on http://[^:]+:(\d+)/)");
    for (int i = 0; i < 1000; ++i) {
      std::smatch m;
      const std::string log = ReadAll(log_);
      if (std::regex_search(log, m, re)) {
        port_ = std::stoi(m[1]);
        return;
      }
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("gpufleet serve did not start: " + ReadAll(log_));
  }
  void StopServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      for (int i = 0; i < 200 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
  fs::path dir_, log_;
};

ServeProcess& Serve() {
  static ServeProcess s;
  return s;
}

struct HttpResult {
  bool connected = false;
  bool answered = false;  // a status line came back
  bool too_big = false;
  bool timed_out = false;
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body, raw;
};

// Sends `pieces` (with `gap_ms` between them) to 127.0.0.1:port and reads until the server closes
// or a full response (by Content-Length) has arrived.
HttpResult Exchange(int port, const std::vector<std::string>& pieces, int gap_ms, int timeout_s,
                    bool half_close = false) {
  HttpResult r;
  const int fd = gpufleet::testing::ConnectLoopback(port);
  if (fd < 0) return r;
  r.connected = true;
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0 && gap_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
    size_t sent = 0;
    while (sent < pieces[i].size()) {
      const ssize_t n = send(fd, pieces[i].data() + sent, pieces[i].size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may close early (413, 400): read what it said
      sent += static_cast<size_t>(n);
    }
    if (sent < pieces[i].size()) break;
  }
  if (half_close) shutdown(fd, SHUT_WR);
  constexpr size_t kMax = 8 << 20;
  char buf[65536];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    const int pr = poll(&p, 1, static_cast<int>(left));
    if (pr <= 0) {
      r.timed_out = pr == 0;
      break;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    r.raw.append(buf, static_cast<size_t>(n));
    if (r.raw.size() > kMax) {
      r.too_big = true;
      break;
    }
    // Complete by Content-Length?
    const auto hdr_end = r.raw.find("\r\n\r\n");
    if (hdr_end != std::string::npos) {
      static const std::regex cl(R"(\r\ncontent-length:\s*(\d+))", std::regex::icase);
      std::smatch m;
      const std::string head = r.raw.substr(0, hdr_end);
      if (std::regex_search(head, m, cl) && r.raw.size() >= hdr_end + 4 + std::stoull(m[1])) break;
    }
  }
  close(fd);
  static const std::regex status_re(R"(^HTTP/1\.[01] (\d{3}))");
  std::smatch m;
  if (std::regex_search(r.raw, m, status_re)) {
    r.answered = true;
    r.status = std::stoi(m[1]);
    const auto hdr_end = r.raw.find("\r\n\r\n");
    const std::string head = r.raw.substr(0, hdr_end);
    std::istringstream hs(head);
    std::string line;
    std::getline(hs, line);
    while (std::getline(hs, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string v = line.substr(colon + 1);
      v.erase(0, v.find_first_not_of(' '));
      r.headers[Lower(line.substr(0, colon))] = v;
    }
    r.body = hdr_end == std::string::npos ? "" : r.raw.substr(hdr_end + 4);
    if (r.headers.count("content-length"))
      r.body = r.body.substr(
          0, std::min<size_t>(r.body.size(), std::stoull(r.headers["content-length"])));
  }
  return r;
}

bool HealthOk(int port) {
  const auto r = Exchange(
      port, {"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"}, 0, 5);
  return r.answered && r.status == 200 && r.body.find("\"ok\"") != std::string::npos;
}

std::string method_of(const toml::table& t) { return t["method"].value_or(std::string("GET")); }

void RunHttp(const Case& c) {
  const auto& t = c.t;
  int port = 0;
  ASSERT_NO_THROW(port = Serve().port());
  std::vector<std::string> pieces;
  int gap_ms = 0;
  std::string shown;
  if (t.contains("raw") || t.contains("raw_hex")) {
    const std::string raw = t.contains("raw_hex") ? FromHex(Str(t, "raw_hex")) : Str(t, "raw");
    pieces = {raw};
    shown = raw;
  } else {
    const std::string method = t["method"].value_or(std::string("GET"));
    const std::string path = Str(t, "path");
    std::string body = t.contains("body_hex") ? FromHex(Str(t, "body_hex")) : Str(t, "body");
    const int64_t repeat = t["body_repeat"].value_or(int64_t{1});
    if (repeat > 1) {
      std::string b;
      for (int64_t i = 0; i < repeat; ++i) b += body;
      body = std::move(b);
    }
    const auto headers = StrArray(t, "headers");
    bool has_host = false, has_conn = false, has_len = false;
    std::string head = method + " " + path + " HTTP/1.1\r\n";
    for (const auto& h : headers) {
      const std::string l = Lower(h);
      has_host |= l.rfind("host:", 0) == 0;
      has_conn |= l.rfind("connection:", 0) == 0;
      has_len |= l.rfind("content-length:", 0) == 0 || l.rfind("transfer-encoding:", 0) == 0;
      head += h + "\r\n";
    }
    if (!has_host) head += "Host: 127.0.0.1\r\n";
    if (!has_conn) head += "Connection: close\r\n";
    if (!has_len && !t["no_length"].value_or(false) &&
        (!body.empty() || method == "POST" || method == "PUT"))
      head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    head += "\r\n";
    gap_ms = static_cast<int>(t["slow_ms"].value_or(int64_t{0}));
    if (gap_ms > 0 && body.size() >= 4) {
      pieces.push_back(head);
      const size_t q = body.size() / 4;
      for (int i = 0; i < 4; ++i)
        pieces.push_back(body.substr(i * q, i == 3 ? std::string::npos : q));
    } else {
      pieces = {head + body};
    }
    shown = head + body;
  }
  SCOPED_TRACE("request: " + Printable(shown, 300));
  const HttpResult r = Exchange(port, pieces, gap_ms, c.timeout_s, t["half_close"].value_or(false));
  SCOPED_TRACE("response: " + Printable(r.raw, 600));

  // The server must survive whatever the case did.
  const bool alive = Serve().Alive();
  std::string death;
  if (!alive) death = Serve().DeathReason();
  const bool healthy = alive && HealthOk(port);
  if (!healthy) {
    const std::string log = Serve().log_tail();
    Serve().Restart();
    ADD_FAILURE() << "the server does not answer /api/health after this request"
                  << (death.empty() ? "" : " (" + death + ")") << "; log: " << Printable(log);
  }
  ASSERT_TRUE(r.connected) << "could not connect";
  EXPECT_FALSE(r.too_big) << "answer larger than 8 MB";
  EXPECT_FALSE(r.timed_out) << "no complete answer within " << c.timeout_s << " s";
  if (r.answered) {
    const int want = static_cast<int>(t["status"].value_or(int64_t{0}));
    if (want) {
      EXPECT_EQ(r.status, want);
    }
  }
  const std::string ctype = r.headers.count("content-type") ? r.headers.at("content-type") : "";
  if (c.expect == "ok" || (c.expect == "either" && r.answered && r.status < 400)) {
    ASSERT_TRUE(r.answered) << "no answer";
    EXPECT_GE(r.status, 200);
    EXPECT_LT(r.status, 300);
    if (method_of(t) != "HEAD" && ctype.find("json") != std::string::npos)
      CheckOkOutput(r.body, true, "body");
    return;
  }
  if (!r.answered) return;  // a closed connection is an acceptable refusal
  if (method_of(t) == "HEAD" && r.status >= 400 && r.status < 500) return;  // HEAD: no body
  EXPECT_GE(r.status, 400) << "bad input accepted";
  // A 5xx only where the case pins it (505 for an HTTP version the server does not speak).
  if (t["status"].value_or(int64_t{0}) < 500) {
    EXPECT_LT(r.status, 500) << "bad input is a client error, not a server error";
  }
  try {
    const auto j = nlohmann::json::parse(r.body);
    EXPECT_TRUE(j.is_object() && j.contains("error") && j["error"].is_string())
        << "error body is not {\"error\": string}: " << Printable(r.body);
    const std::string field = Str(t, "field");
    if (!field.empty() && j.is_object()) {
      const std::string f = j.value("field", std::string());
      const std::string e = j.value("error", std::string());
      EXPECT_TRUE(f == field || Lower(e).find(Lower(field)) != std::string::npos)
          << "the error does not name field '" << field << "': " << Printable(r.body);
    }
  } catch (const std::exception&) {
    ADD_FAILURE() << "error body is not JSON (content-type '" << ctype
                  << "'): " << Printable(r.body);
  }
}

class BadInputIndependent : public ::testing::TestWithParam<Case> {};

TEST_P(BadInputIndependent, Case) {
  const Case& c = GetParam();
  if (!c.known_failure.empty() && !std::getenv("GPUFLEET_RUN_KNOWN_FAILURES"))
    GTEST_SKIP() << "known failure (" << c.file_name << "): " << c.known_failure;
  if (c.kind == "http") {
    RunHttp(c);
  } else {
    RunCli(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputIndependent, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

}  // namespace

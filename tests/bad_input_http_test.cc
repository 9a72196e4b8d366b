// The bad-input suite's HTTP part: every [[request]] in tests/bad_inputs/http.toml is sent as raw
// bytes over a loopback socket to a real serve::Server (the one `gpufleet serve` runs). Each must
// get its expected 4xx status with a JSON error naming what was wrong, or, for a request that
// never completes, a closed connection within the server's timeout; never a 5xx (but a 505 a case
// pins, for an HTTP version the server does not speak), a hang or a server that stops answering.
//
// Case fields: category, raw (the request; "{BIG:N:c}" stands for N copies of the character c),
// raw_hex (bytes appended after raw), half_close (default false; true: shut down our sending side
// after the request, as a client that gives up half-way; httplib then answers nothing),
// status (the expected status; 0: the server closes without answering), expect (substring of the
// response body).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "from_hex.h"
#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"
#include "loopback.h"

namespace {

namespace fs = std::filesystem;

struct HttpCase {
  std::string id;  // http.toml#index
  std::string category;
  std::string raw;
  bool half_close = false;
  int status = 400;
  std::string expect;
};

void PrintTo(const HttpCase& c, std::ostream* os) { *os << c.id; }

// Replaces every {BIG:N:c} with N copies of c.
std::string ExpandBig(std::string s) {
  for (size_t p; (p = s.find("{BIG:")) != std::string::npos;) {
    const size_t colon = s.find(':', p + 5);
    const size_t close = s.find('}', colon + 1);
    const size_t n = std::stoul(s.substr(p + 5, colon - p - 5));
    s.replace(p, close - p + 1, std::string(n, s[colon + 1]));
  }
  return s;
}

using gpufleet::testing_util::FromHex;

std::vector<HttpCase> LoadHttpCases() {
  const fs::path file = fs::path(GPUFLEET_SOURCE_DIR) / "tests" / "bad_inputs" / "http.toml";
  const toml::table t = toml::parse_file(file.string());
  std::vector<HttpCase> cases;
  const toml::array* arr = t["request"].as_array();
  if (!arr) return cases;
  int i = 0;
  for (const auto& node : *arr) {
    const toml::table& c = *node.as_table();
    HttpCase k;
    k.id = "http.toml#" + std::to_string(i++);
    k.category = c["category"].value_or(std::string("http"));
    k.raw = ExpandBig(c["raw"].value_or(std::string()));
    if (auto hex = c["raw_hex"].value<std::string>()) k.raw += FromHex(*hex);
    k.half_close = c["half_close"].value_or(false);
    k.status = static_cast<int>(c["status"].value_or(int64_t{400}));
    k.expect = c["expect"].value_or(std::string());
    cases.push_back(std::move(k));
  }
  return cases;
}

struct Reply {
  bool connected = false;
  bool timed_out = false;  // no end of the reply within the limit
  int status = 0;          // 0: closed without a status line
  std::string body;
};

// The length of a whole response at the start of `in` (headers and Content-Length body), or 0
// while it is incomplete.
size_t WholeResponse(const std::string& in) {
  const size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  std::string head = in.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  const size_t cl = head.find("\r\ncontent-length:");
  const size_t body = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 18));
  return in.size() >= head_end + 4 + body ? head_end + 4 + body : 0;
}

// Sends `raw` to 127.0.0.1:port and reads one response, or until the server closes.
Reply Exchange(int port, const std::string& raw, bool half_close, std::chrono::seconds limit) {
  Reply r;
  const int fd = gpufleet::testing::ConnectLoopback(port);
  if (fd < 0) return r;
  r.connected = true;
  // The server may answer (413, 414) and close before it has read everything: stop sending then.
  for (size_t sent = 0; sent < raw.size();) {
    const ssize_t n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  if (half_close) shutdown(fd, SHUT_WR);
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;  // closed (or reset after an early answer)
    in.append(buf, static_cast<size_t>(n));
    // An interim "100 Continue" is not the answer: drop it and read on, as a client would.
    while (in.starts_with("HTTP/1.1 1") && in.find("\r\n\r\n") != std::string::npos) {
      in.erase(0, in.find("\r\n\r\n") + 4);
    }
    if (WholeResponse(in) > 0) break;
  }
  close(fd);
  if (in.starts_with("HTTP/1.")) {
    r.status = std::atoi(in.c_str() + in.find(' ') + 1);
    const size_t head_end = in.find("\r\n\r\n");
    if (head_end != std::string::npos) r.body = in.substr(head_end + 4);
  }
  return r;
}

class BadHttp : public ::testing::TestWithParam<HttpCase> {
 protected:
  static void SetUpTestSuite() {
    gpufleet::serve::ServerOptions o;
    o.port = 0;
    o.threads = 4;
    o.timeout_seconds = 1;  // a stalled client is dropped after 1 s
    server_ = std::make_unique<gpufleet::serve::Server>(*api_, o);
    server_->Start();
  }
  static void TearDownTestSuite() { server_.reset(); }

  static inline std::unique_ptr<gpufleet::serve::Api> api_ =
      std::make_unique<gpufleet::serve::Api>(gpufleet::Catalog::Embedded());
  static inline std::unique_ptr<gpufleet::serve::Server> server_;
};

TEST_P(BadHttp, GetsA4xxOrAClosedConnectionAndTheServerLivesOn) {
  const HttpCase& c = GetParam();
  const Reply r = Exchange(server_->port(), c.raw, c.half_close, std::chrono::seconds(10));
  ASSERT_TRUE(r.connected) << c.id;
  EXPECT_FALSE(r.timed_out) << c.id << ": no reply and no close within 10 s";
  EXPECT_EQ(r.status, c.status) << c.id << " body: " << r.body.substr(0, 300);
  // A 5xx only where a case pins it (505 for an HTTP version the server does not speak).
  if (c.status < 500) {
    EXPECT_LT(r.status, 500) << c.id;
  }
  if (c.status >= 400) {
    EXPECT_NE(r.body.find("\"error\""), std::string::npos) << c.id << ": no JSON error";
    EXPECT_EQ(r.body.find("internal error"), std::string::npos) << c.id << ": " << r.body;
  }
  if (!c.expect.empty()) {
    EXPECT_NE(r.body.find(c.expect), std::string::npos)
        << c.id << ": body should name '" << c.expect << "', got: " << r.body.substr(0, 300);
  }
  // The server still answers a good request afterwards.
  const Reply health = Exchange(server_->port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n",
                                false, std::chrono::seconds(10));
  EXPECT_EQ(health.status, 200) << c.id << ": server stopped answering";
}

std::string HttpCaseName(const ::testing::TestParamInfo<HttpCase>& info) {
  std::string n = info.param.category + "_" + std::to_string(info.index);
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Suite, BadHttp, ::testing::ValuesIn(LoadHttpCases()), HttpCaseName);

TEST(BadHttpSuite, HasCasesForEveryKindOfHostileRequest) { EXPECT_GE(LoadHttpCases().size(), 40u); }

}  // namespace

// The server over real sockets on loopback (an ephemeral port), through httplib's client.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gpufleet/article.h"
#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/serve.h"
#include "loopback.h"

namespace gpufleet::serve {
namespace {

using Json = nlohmann::json;

// The API's server and a plain handler's (as the exporter's), each on a loopback port, started:
// the head checks run before either handler, so a test of them runs on both.
struct ApiAndPlainServers {
  static ServerOptions Loopback() {
    ServerOptions options;
    options.port = 0;
    return options;
  }
  const Api api{Catalog::Embedded()};
  Server server{api, Loopback()};
  Server plain{[](const Request&) { return Response{200, "text/plain", "metrics\n"}; }, Loopback()};
  ApiAndPlainServers() {
    server.Start();
    plain.Start();
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = 4096;
    server_ = std::make_unique<Server>(api_, options);
    server_->Start();
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_url_encode(false);  // send paths exactly as written
    return c;
  }
  int Status(const std::string& path) const {
    auto res = Client().Get(path.c_str());
    return res ? res->status : -1;
  }

  const Catalog& catalog_ = Catalog::Embedded();
  Api api_{catalog_};
  std::string gpu_ = catalog_.All("gpu").front()->id;
  std::unique_ptr<Server> server_;
};

// A query value's surrounding spaces, as a form encodes them (`+`) or percent-encoded, are
// dropped for an id as for a number ("unknown gpu 'h100 '" beside count=3+ read as 3).
TEST_F(ServerTest, AQueryValuesSurroundingSpacesAreDropped) {
  auto plain = Client().Get("/api/fleet?gpu=h100&count=3");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  for (const char* path : {"/api/fleet?gpu=h100%20&count=3+", "/api/fleet?gpu=+h100+&count=%093"}) {
    auto spaced = Client().Get(path);
    ASSERT_TRUE(spaced) << path;
    EXPECT_EQ(spaced->status, 200) << path << " " << spaced->body;
    EXPECT_EQ(spaced->body, plain->body) << path;
  }
}

TEST_F(ServerTest, BindsLoopbackByDefault) { EXPECT_EQ(ServerOptions().host, "127.0.0.1"); }

TEST_F(ServerTest, ServesTheDashboardAndTheApi) {
  auto index = Client().Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto fleet = Client().Get(("/api/fleet?gpu=" + gpu_ + "&count=300k..350k").c_str());
  ASSERT_TRUE(fleet);
  ASSERT_EQ(fleet->status, 200) << fleet->body;
  const Json j = Json::parse(fleet->body);
  EXPECT_EQ(j["inputs"]["count"]["low"], 300000);
  auto catalog = Client().Get("/api/catalog");
  ASSERT_TRUE(catalog);
  EXPECT_EQ(catalog->status, 200);
}

TEST_F(ServerTest, PostsAScenarioAndRejectsMalformedJson) {
  auto ok =
      Client().Post("/api/fleet", Json{{"gpu", gpu_}, {"count", 8}}.dump(), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto bad = Client().Post("/api/fleet", "{\"gpu\":", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Json::parse(bad->body)["field"], "body");
  EXPECT_EQ(bad->get_header_value("Content-Type"), "application/json");
}

// Found by an adversarial tester (seventeenth pass): an article whose first line is "[UPDATE]"
// alone, or "Energy = money, says Meta.", was refused over HTTP as malformed TOML ("line 2,
// column 6: ... expected '='"), while `gpufleet check ARTICLE.txt` and Python checked it. Over a
// loopback socket it is now checked as the CLI checks the same text; a claims file stays one.
TEST_F(ServerTest, AnArticleOpeningWithATagIsCheckedAsTheCliChecksIt) {
  const std::string prose =
      "Meta will buy 350,000 Nvidia H100 GPUs. Each H100 draws 700 W. One H100 draws 300 W.";
  for (const std::string first : {"[UPDATE]", "[Aggiornamento]", "Energy = money, says Meta."}) {
    const std::string text = first + "\n" + prose;
    auto res = Client().Post("/api/check", Json{{"claims", text}}.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << first << ": " << res->body;
    const Json got = Json::parse(res->body);
    const Json cli = Json::parse(
        claims::RenderArticleJson(*claims::CheckArticle(text, "article.txt", catalog_)));
    EXPECT_EQ(got["summary"], cli["summary"]) << first;
    EXPECT_EQ(got["summary"]["holds"], 1) << first;  // 700 W
    EXPECT_EQ(got["summary"]["off"], 1) << first;    // 300 W
  }
  auto toml = Client().Post("/api/check", Json{{"claims", "[UPDATE]\ntitle = \"x\""}}.dump(),
                            "application/json");
  ASSERT_TRUE(toml);
  EXPECT_EQ(toml->status, 400) << toml->body;
  EXPECT_EQ(Json::parse(toml->body)["field"], "claims");
}

TEST_F(ServerTest, OversizedBodiesAre413WithAJsonError) {
  const std::string big(8192, ' ');
  auto res = Client().Post("/api/fleet", big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_FALSE(Json::parse(res->body)["error"].get<std::string>().empty());
}

// A body is JSON whatever type it declares: curl -d sends application/x-www-form-urlencoded,
// which httplib alone refused with 413 above 8,192 bytes, under the server's 64 KiB limit (the
// seed claims, 12 KB, posted as the docs show; found by an adversarial tester).
TEST(ServerCore, FormTypedBodiesAreReadAsJsonUpToTheServersOwnLimit) {
  const Catalog& catalog = Catalog::Embedded();
  const Api api(catalog);
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  httplib::Client c("127.0.0.1", server.port());
  const std::string body = "{\"gpu\": \"" + catalog.All("gpu").front()->id + "\"," +
                           std::string(12000, ' ') + "\"count\": 5}";
  for (const char* type :
       {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
        "application/json"}) {
    auto res = c.Post("/api/fleet", body, type);
    ASSERT_TRUE(res) << type;
    EXPECT_EQ(res->status, 200) << type << " " << res->body.substr(0, 200);
  }
  auto over = c.Post("/api/fleet", std::string(options.max_body_bytes + 1, ' '),
                     "application/x-www-form-urlencoded");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);
  server.Stop();
}

// httplib drops an exact repeat of a query pair; the API refuses any repeat, so the server puts
// it back (count=1&count=1 was answered 200; found by an adversarial tester).
TEST_F(ServerTest, ARepeatedQueryParameterIsRefusedEvenWithTheSameValue) {
  EXPECT_EQ(Status("/api/fleet?gpu=" + gpu_ + "&count=1&count=1"), 400);
  EXPECT_EQ(Status("/api/fleet?gpu=" + gpu_ + "&gpu=" + gpu_), 400);
  EXPECT_EQ(Status("/api/fleet?gpu=" + gpu_ + "&count=1"), 200);
}

// An empty query key is the key "", as in a JSON body: httplib read "=5" as a key "5" ("field":
// "5") and skipped an empty part, so GET /api/check?= answered 200 (found by an adversarial
// tester).
TEST_F(ServerTest, AnEmptyQueryKeyIsNamedAsInABody) {
  for (const std::string& path :
       std::vector<std::string>{"/api/health?=5", "/api/check?=5", "/api/check?=", "/api/check?&",
                                "/api/fleet?gpu=" + gpu_ + "&=5"}) {
    auto res = Client().Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path << " " << res->body;
    const Json j = Json::parse(res->body, nullptr, false);
    EXPECT_EQ(j.value("field", "?"), "") << path << " " << res->body;
    EXPECT_TRUE(j.value("error", "").starts_with("an empty key: ")) << path << " " << res->body;
  }
  EXPECT_EQ(Status("/api/check"), 200);
  EXPECT_EQ(Status("/api/check?"), 200);
  EXPECT_EQ(Status("/api/fleet?gpu=" + gpu_ + "&count=2"), 200);
}

TEST_F(ServerTest, OverlongUrisAreRejected) {
  auto res = Client().Get(("/api/fleet?gpu=" + std::string(20000, 'a')).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  EXPECT_EQ(Status("/" + std::string(8000, 'a')), 404);  // just under the limit: routed, 404
}

TEST_F(ServerTest, UnknownRoutesAndTraversalAre404) {
  EXPECT_EQ(Status("/api/nope"), 404);
  for (const char* path :
       {"/../CMakeLists.txt", "/%2e%2e/%2e%2e/CMakeLists.txt", "/..%2f..%2fCMakeLists.txt",
        "/%2E%2E/data/gpus.toml", "/vendor/../../data/gpus.toml", "//etc/passwd", "/data/gpus.toml",
        "/web/src/index.html", "/src/app.js", "/vendor/%2e%2e/src/app.js", "/index.html%00.js"}) {
    EXPECT_EQ(Status(path), 404) << path;
  }
}

TEST_F(ServerTest, ServesConcurrentClients) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      httplib::Client c = Client();
      for (int i = 0; i < 10; ++i) {
        auto res = c.Get(("/api/fleet?gpu=" + gpu_ + "&count=" + std::to_string(100 + i)).c_str());
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 80);
}

TEST_F(ServerTest, StopClosesTheListeningSocket) {
  const int port = server_->port();
  server_->Stop();
  server_->Stop();  // idempotent
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(1);
  EXPECT_FALSE(c.Get("/"));
}

TEST(ServerBindTest, ABusyPortIsAnInputError) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server first(api, options);
  first.Start();
  options.port = first.port();
  Server second(api, options);
  EXPECT_THROW(second.Start(), InputError);
}

TEST(ServerCore, ServesAnyHandlerAndTurnsItsExceptionsInto500) {
  ServerOptions options;
  options.port = 0;
  options.threads = 4;
  Server server(
      [](const Request& req) {
        if (req.path == "/boom") throw std::runtime_error("bug");
        return Response{200, "text/plain", req.method + " " + req.path};
      },
      options);
  server.Start();
  httplib::Client c("127.0.0.1", server.port());
  auto ok = c.Get("/metrics");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "GET /metrics");
  EXPECT_EQ(ok->get_header_value("Content-Type"), "text/plain");
  auto boom = c.Get("/boom");
  ASSERT_TRUE(boom);
  EXPECT_EQ(boom->status, 500);
  EXPECT_NE(boom->body.find("error"), std::string::npos);
  server.Stop();
}

// Sends `request` on a new connection and returns what the server writes before it closes the
// connection or stays silent for `wait_s` seconds ("" if it cannot connect).
std::string ServerTestRawExchange(int port, const std::string& request, int wait_s) {
  const int fd = gpufleet::testing::ConnectLoopback(port);
  if (fd < 0) return "";
  timeval tv{wait_s, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    got.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return got;
}

// A GET of `target` with the Host header `host`, on a new connection closed after the answer.
std::string GetWithHost(const Server& s, const std::string& target, const std::string& host) {
  return ServerTestRawExchange(
      s.port(), "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n",
      5);
}

// RFC 9112 6.3: a request with neither Content-Length nor Transfer-Encoding has an empty body,
// and a Content-Length that is not digits is a framing error (400, connection closed). httplib
// alone waited for the client to close, or for its read timeout (here 60 s), before answering.
// The client below waits 10 s for each answer.
TEST(ServerCore, BodyFramingIsSettledWithoutWaitingForTheClient) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  options.timeout_seconds = 60;
  Server server(api, options);
  server.Start();
  const auto ask = [&](const std::string& head) {
    return ServerTestRawExchange(server.port(), head + "Host: x\r\nConnection: close\r\n\r\n", 10);
  };
  // No length: a POST is 411, naming Content-Length (it was 400 "malformed JSON" for the empty
  // body, however valid the JSON that followed); PATCH has an empty body: 405.
  std::string r = ask("POST /api/fleet HTTP/1.1\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 411", 0), 0u) << r;
  EXPECT_NE(r.find("\"field\":\"Content-Length\""), std::string::npos) << r;
  EXPECT_NE(r.find("\"error\""), std::string::npos) << r;
  r = ask("PATCH /api/health HTTP/1.1\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << r;
  EXPECT_NE(r.find("Allow: GET, HEAD\r\n"), std::string::npos) << r;  // RFC 9110
  // Not a number of bytes.
  for (const char* len : {"-1", "12abc", "+5", "0x10"}) {
    r = ask(std::string("POST /api/fleet HTTP/1.1\r\nContent-Length: ") + len + "\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << len << ": " << r;
  }
  // An empty value is not a number of bytes either: 400 (httplib drops a header line without a
  // value, and the POST was 411, a GET 200, as if no length had been given; found by an
  // adversarial tester).
  r = ask("POST /api/fleet HTTP/1.1\r\nContent-Length:  \r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Length '' is not a number of bytes"), std::string::npos) << r;
  // Digits, but over the limit or over 64 bits.
  for (const char* len : {"99999999", "99999999999999999999999"}) {
    r = ask(std::string("POST /api/fleet HTTP/1.1\r\nContent-Length: ") + len + "\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << len << ": " << r;
    EXPECT_NE(r.find("too large"), std::string::npos) << r;
  }
  // A valid length still frames the body: this one is read and answered.
  const std::string body = "{\"gpu\":\"h100-sxm\"}";
  r = ServerTestRawExchange(server.port(),
                            "POST /api/fleet HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            "Content-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body,
                            10);
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r.substr(0, 300);
  server.Stop();
}

// What the server wrote on one connection: `first` sent, its answer read, then a second request
// sent on the same connection and everything read until the server closed it or was silent for
// `wait_s` seconds.
struct Conversation {
  std::string got;
  bool closed = false;  // the server closed the connection (EOF or reset)
};

Conversation AnswerThenAsk(int port, const std::string& first, const std::string& second,
                           int wait_s) {
  Conversation c;
  const int fd = gpufleet::testing::ConnectLoopback(port);
  if (fd < 0) return c;
  timeval tv{wait_s, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::send(fd, first.data(), first.size(), MSG_NOSIGNAL);
  char buf[4096];
  // The first answer's head, then its body by Content-Length.
  ssize_t n = 0;
  while (c.got.find("\r\n\r\n") == std::string::npos && (n = ::recv(fd, buf, sizeof buf, 0)) > 0)
    c.got.append(buf, static_cast<size_t>(n));
  const size_t head = c.got.find("\r\n\r\n");
  const size_t length_at = c.got.find("Content-Length: ");
  if (head != std::string::npos && length_at != std::string::npos && length_at < head) {
    const size_t want = head + 4 + std::stoul(c.got.substr(length_at + 16));
    while (c.got.size() < want && (n = ::recv(fd, buf, sizeof buf, 0)) > 0)
      c.got.append(buf, static_cast<size_t>(n));
  }
  ::send(fd, second.data(), second.size(), MSG_NOSIGNAL);  // fails once the server has closed
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) c.got.append(buf, static_cast<size_t>(n));
  c.closed = n == 0 || (n < 0 && errno == ECONNRESET);
  ::close(fd);
  return c;
}

size_t StatusLines(const std::string& s) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find("HTTP/1.1 ", p)) != std::string::npos; ++p) ++n;
  return n;
}

// After an error that leaves the request's framing in doubt (a body not read, headers not read),
// the answer says `Connection: close` and the server closes the connection: what follows the
// request must never be read as a new one (request smuggling behind a proxy). The server answered
// with Connection: close, kept the connection open and answered the next request on it (found by
// an adversarial tester: the rejected request's body ran as a request).
TEST(ServerCore, AFramingErrorClosesTheConnection) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  options.max_body_bytes = 4096;
  Server server(api, options);
  server.Start();
  const std::string next = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
  const struct {
    std::string request;
    std::string status;
  } cases[] = {
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
       "400"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n", "413"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "400"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "411"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\nContent-Encoding: "
       "gzip\r\n\r\n",
       "415"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\n\r\n", "411"},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", "414"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", "400"},
      {"GARBAGE\r\n\r\n", "400"},
      {"PROPFIND /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", "405"},
      {"TRACE /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", "405"},
  };
  for (const auto& [request, status] : cases) {
    const std::string shown = request.substr(0, 80);
    const Conversation c = AnswerThenAsk(server.port(), request, next, 5);
    EXPECT_EQ(c.got.rfind("HTTP/1.1 " + status, 0), 0u) << shown << "\n" << c.got;
    EXPECT_EQ(StatusLines(c.got), 1u) << shown << ": the next request was answered\n" << c.got;
    EXPECT_TRUE(c.closed) << shown;
    EXPECT_NE(c.got.find("Connection: close\r\n"), std::string::npos) << shown << "\n" << c.got;
    EXPECT_EQ(c.got.find("Keep-Alive"), std::string::npos) << shown << "\n" << c.got;
    EXPECT_NE(c.got.find("{\"error\""), std::string::npos) << shown << "\n" << c.got;
    // As every other answer (they had none).
    EXPECT_NE(c.got.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos) << shown << "\n"
                                                                                    << c.got;
  }
  // A request whose body was read whole keeps its connection, refused or not; so do two requests
  // sent at once (pipelined): each is answered.
  const std::string bad = "POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  Conversation c = AnswerThenAsk(server.port(), bad, next, 1);
  EXPECT_EQ(c.got.rfind("HTTP/1.1 400", 0), 0u) << c.got;
  EXPECT_EQ(StatusLines(c.got), 2u) << c.got;
  EXPECT_NE(c.got.find("HTTP/1.1 200 OK"), std::string::npos) << c.got;
  c = AnswerThenAsk(server.port(), next + next, "", 1);
  EXPECT_EQ(StatusLines(c.got), 2u) << c.got;
  server.Stop();
}

// A method httplib does not route or does not know gets the API's 405 with Allow (404 off the
// routes), as PUT does; it got 400 "malformed HTTP request". The absolute form of a target
// (RFC 9112 3.2.2) is served as its path.
TEST(ServerCore, UnknownMethodsAre405AndAbsoluteTargetsAreServed) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  const auto ask = [&](const std::string& line) {
    return ServerTestRawExchange(server.port(), line + "\r\nHost: x\r\nConnection: close\r\n\r\n",
                                 5);
  };
  for (const char* method : {"TRACE", "CONNECT", "PROPFIND", "get", "BREW"}) {
    const std::string r = ask(std::string(method) + " /api/fleet HTTP/1.1");
    EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << method << ": " << r;
    EXPECT_NE(r.find("Allow: GET, HEAD, POST\r\n"), std::string::npos) << method << ": " << r;
    EXPECT_NE(r.find("{\"error\":\"use GET or POST\"}"), std::string::npos) << method << ": " << r;
  }
  EXPECT_EQ(ask("PROPFIND /nope HTTP/1.1").rfind("HTTP/1.1 404", 0), 0u);
  std::string r = ask("GET http://x/api/health HTTP/1.1");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("\"status\":\"ok\""), std::string::npos) << r;
  r = ask("GET https://127.0.0.1:8080/api/fleet?gpu=h100-sxm&count=8 HTTP/1.1");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r.substr(0, 300);
  r = ask("GET http://x HTTP/1.1");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r.substr(0, 300);  // the page, at "/"
  server.Stop();
}

// A compressed body is refused unread (415, naming Content-Encoding): httplib unpacked it and
// applied the body limit to the compressed size, so 64 KB of gzip became 66 MB of JSON parsed.
TEST(ServerCore, CompressedBodiesAre415) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  httplib::Client c("127.0.0.1", server.port());
  // {"gpu": "h100", "count": 8}, gzipped.
  const std::string gz = {'\x1f', '\x8b', '\x08', '\x00', '\x00', '\x00', '\x00', '\x00',
                          '\x02', '\x03', '\xab', '\x56', '\x4a', '\x2f', '\x28', '\x55',
                          '\xb2', '\x52', '\x50', '\xca', '\x30', '\x34', '\x30', '\x50',
                          '\xd2', '\x51', '\x50', '\x4a', '\xce', '\x2f', '\xcd', '\x2b',
                          '\x01', '\x0a', '\x58', '\xd4', '\x02', '\x00', '\x19', '\x0e',
                          '\x9b', '\x3e', '\x1b', '\x00', '\x00', '\x00'};
  for (const char* coding : {"gzip", "deflate", "br", "GZIP", "x-gzip", "identity, gzip"}) {
    auto res = c.Post("/api/fleet", {{"Content-Encoding", coding}}, gz, "application/json");
    ASSERT_TRUE(res) << coding;
    EXPECT_EQ(res->status, 415) << coding << " " << res->body;
    EXPECT_EQ(Json::parse(res->body)["field"], "Content-Encoding") << res->body;
    EXPECT_EQ(res->get_header_value("Accept-Encoding"), "identity") << coding;
  }
  // Announced with Expect: 100-continue: refused before the body is sent.
  std::string r = ServerTestRawExchange(
      server.port(),
      "POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 46\r\nContent-Encoding: gzip\r\n"
      "Expect: 100-continue\r\n\r\n",
      5);
  EXPECT_EQ(r.rfind("HTTP/1.1 415", 0), 0u) << r;
  // Its end is marked by its length, not only by the close (it had no Content-Length).
  const size_t end = r.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << r;
  EXPECT_NE(r.find("Content-Length: " + std::to_string(r.size() - end - 4) + "\r\n"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos) << r;
  // A POST announced with no length at all is 411 at once, not invited with 100 Continue.
  r = ServerTestRawExchange(
      server.port(), "POST /api/fleet HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 411", 0), 0u) << r;
  auto plain = c.Post("/api/fleet", {{"Content-Encoding", "identity"}},
                      "{\"gpu\": \"h100-sxm\", \"count\": 8}", "application/json");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200) << plain->body;
  server.Stop();
}

// A header line httplib cannot parse was skipped, so a length or a Transfer-Encoding in it framed
// nothing here while a proxy in front could read one: the body ran as a second request (an
// adversarial tester's find: "Content-Length : 45" and a smuggled GET after it got 200, then 404).
// Such a head is 400 and closes the connection (RFC 9112 5.1, 5.2, 2.2); so are two Host headers
// or none in HTTP/1.1 (3.2), and a double space in the request line; an empty Transfer-Encoding
// is 411 as any other. The same on any handler's server (`gpufleet export`'s).
TEST(ServerCore, MalformedHeadLinesAre400AndCloseTheConnection) {
  ApiAndPlainServers both;
  Server& server = both.server;
  Server& plain = both.plain;
  const std::string smuggled = "GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string length = std::to_string(smuggled.size());
  using namespace std::string_literals;
  const struct {
    std::string head;
    std::string status;
  } cases[] = {
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length : " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length\t: " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nX: y\r\n Content-Length: " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length\0: "s + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nX: a\rContent-Length: " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nX: a\nContent-Length: " + length + "\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nHost x\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: 1\x01\r\n", "400"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: "
       "4\r\n",
       "400"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 14\0\r\n"s, "400"},
      {"POST /api/fleet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\nContent-Length: 4\r\n", "411"},
      {"GET /api/health HTTP/1.1\r\n", "400"},
      {"GET /api/health HTTP/1.1\r\nHost: x\r\nHost: y\r\n", "400"},
      {"GET  /api/health HTTP/1.1\r\nHost: x\r\n", "400"},
      {"GET /api/health  HTTP/1.1\r\nHost: x\r\n", "400"},
      {"GET\t/api/health HTTP/1.1\r\nHost: x\r\n", "400"},
  };
  for (const auto& [head, status] : cases) {
    for (const Server* s : {&server, &plain}) {
      const std::string shown = EscapeControls(head);
      const Conversation c = AnswerThenAsk(s->port(), head + "\r\n" + smuggled, smuggled, 5);
      EXPECT_EQ(c.got.rfind("HTTP/1.1 " + status, 0), 0u) << shown << "\n" << c.got;
      EXPECT_EQ(StatusLines(c.got), 1u) << shown << ": the smuggled request was answered\n"
                                        << c.got;
      EXPECT_TRUE(c.closed) << shown;
      EXPECT_NE(c.got.find("Connection: close\r\n"), std::string::npos) << shown << "\n" << c.got;
      EXPECT_NE(c.got.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos) << shown;
      const size_t body = c.got.find("\r\n\r\n");
      ASSERT_NE(body, std::string::npos) << shown;
      const Json error = Json::parse(c.got.substr(body + 4), nullptr, false);
      EXPECT_TRUE(error.is_object() && error.contains("error")) << shown << "\n" << c.got;
    }
  }
  // What is well formed still passes: an empty value, a tab before a value, HTTP/1.0 without
  // Host, a header name with token punctuation.
  for (const std::string& request :
       {"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Tab:\tv\r\n\r\n"s,
        "GET /api/health HTTP/1.0\r\n\r\n"s,
        "GET /api/health HTTP/1.1\r\nhost: x\r\nX-A.b_c~d!: v\r\n\r\n"s}) {
    const std::string r = ServerTestRawExchange(server.port(), request, 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << EscapeControls(request) << "\n" << r;
  }
  // A HEAD refused here gets no body.
  const std::string r =
      ServerTestRawExchange(server.port(), "HEAD /api/health HTTP/1.1\r\n\r\n", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_EQ(r.substr(r.find("\r\n\r\n") + 4), "") << r;
  plain.Stop();
  server.Stop();
}

// A request head over 64 KiB is 431 (414 when the request line alone is): httplib bounded each
// line but not their number. One that stops half way is 400 after the read timeout, as is a body
// that stops short (saying how short).
TEST(ServerCore, AnOverlongOrUnfinishedHeadIsRefused) {
  ServerOptions options;
  options.port = 0;
  options.timeout_seconds = 1;
  Server server([](const Request&) { return Response{200, "text/plain", "ok"}; }, options);
  server.Start();
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  while (many.size() < 70 * 1024) many += "X-Filler: " + std::string(100, 'v') + "\r\n";
  std::string r = ServerTestRawExchange(server.port(), many + "\r\n", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 431", 0), 0u) << r.substr(0, 300);
  r = ServerTestRawExchange(server.port(), "GET /" + std::string(70 * 1024, 'a'), 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 414", 0), 0u) << r.substr(0, 300);
  r = ServerTestRawExchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r.substr(0, 300);
  EXPECT_NE(r.find("{\"error\":\"malformed HTTP request"), std::string::npos) << r;
  // A body that stops short of its length says how short (it said "malformed HTTP request").
  r = ServerTestRawExchange(server.port(),
                            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"a\":", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r.substr(0, 300);
  EXPECT_NE(r.find("5 of 50 bytes"), std::string::npos) << r;
  server.Stop();
}

// RFC 9112 2.2: a server should ignore at least one empty line (CRLF) before a request line (a
// client may send one after a POST's body). Up to 8 are ignored, on a new connection and
// between pipelined requests; a 9th is 400. httplib refused the first ("malformed request line
// ''").
TEST(ServerCore, EmptyLinesBeforeARequestLineAreIgnoredUpToEight) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  const std::string health = "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (int n : {1, 3, 8}) {
    std::string empty;
    for (int i = 0; i < n; ++i) empty += "\r\n";
    const std::string r = ServerTestRawExchange(server.port(), empty + health, 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << n << " CRLF\n" << r;
  }
  std::string r =
      ServerTestRawExchange(server.port(), "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n" + health, 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_NE(r.find("more than 8 empty lines before the request line"), std::string::npos) << r;
  // A CRLF after a POST's body, then the next request on the same connection: both answered.
  const std::string body = "{\"gpu\":\"h100-sxm\"}";
  r = ServerTestRawExchange(server.port(),
                            "POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n" + health,
                            5);
  EXPECT_EQ(StatusLines(r), 2u) << r.substr(0, 300);
  EXPECT_NE(r.find("\"status\":\"ok\""), std::string::npos) << r.substr(0, 300);
  // A bare LF is still no line end.
  r = ServerTestRawExchange(server.port(), "\n" + health, 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  server.Stop();
  // A kept connection with a CRLF after its request and nothing more is idle: it closes after the
  // timeout without a 400 for an unfinished head.
  options.timeout_seconds = 1;
  Server quick(api, options);
  quick.Start();
  r = ServerTestRawExchange(quick.port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n\r\n", 5);
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_EQ(StatusLines(r), 1u) << r;
  quick.Stop();
}

// The expectation token is case-insensitive (RFC 9110 10.1.1): "100-Continue" got neither the
// 100 that invites the body nor the early 411 (httplib compares the exact "100-continue"), so
// the client waited. Another expectation is ignored, as before (a server may answer 417, RFC
// 9110 10.1.1, and this one never does). A POST announced with no length where no POST is taken
// gets the route's 405 (it got the API's 411 about JSON fields, the exporter's /metrics too).
TEST(ServerCore, AnExpectationIsReadInAnyCase) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  Server plain(
      [](const Request& req) {
        if (req.method != "GET" && req.method != "HEAD")
          return Response{405, "text/plain", "no\n", "GET, HEAD"};
        return Response{200, "text/plain", "metrics\n"};
      },
      options);
  plain.Start();
  for (const char* expect : {"100-continue", "100-Continue", "100-CONTINUE"}) {
    // The head alone: 100 Continue, then silence until the body comes.
    std::string r = ServerTestRawExchange(
        server.port(),
        std::string("POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\nExpect: ") +
            expect + "\r\n\r\n",
        1);
    EXPECT_EQ(r, "HTTP/1.1 100 Continue\r\n\r\n") << expect;
    r = ServerTestRawExchange(
        server.port(),
        std::string("POST /api/fleet HTTP/1.1\r\nHost: x\r\nExpect: ") + expect + "\r\n\r\n", 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 411", 0), 0u) << expect << "\n" << r;
    for (const Server* s : {&server, &plain}) {
      const std::string path = s == &server ? "/api/health" : "/metrics";
      r = ServerTestRawExchange(
          s->port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nExpect: " + expect + "\r\n\r\n", 5);
      EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << expect << " " << path << "\n" << r;
      EXPECT_NE(r.find("Allow: GET, HEAD\r\n"), std::string::npos) << r;
    }
  }
  const std::string r = ServerTestRawExchange(
      server.port(),
      "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: something-else\r\n\r\n",
      5);
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  plain.Stop();
  server.Stop();
}

// A Host that is not host[:port] ("a b") and a target with a fragment (never sent in a request:
// RFC 9112 3.2, RFC 9110 4.2.5; httplib cut it off and served the rest) are 400, on any
// handler's server. Well-formed hosts still pass.
TEST(ServerCore, AMalformedHostOrAFragmentIs400) {
  ApiAndPlainServers both;
  Server& server = both.server;
  Server& plain = both.plain;
  const auto ask = GetWithHost;
  for (const Server* s : {&server, &plain}) {
    for (const char* host : {"a b", "a@b", "x:80a", "[::1", "[::1]x", "a/b", "a\tb"}) {
      const std::string r = ask(*s, "/api/health", host);
      EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << host << "\n" << r;
      const Json error = Json::parse(r.substr(r.find("\r\n\r\n") + 4), nullptr, false);
      EXPECT_EQ(error.value("field", ""), "Host") << r;
      EXPECT_NE(error.value("error", "").find("malformed Host"), std::string::npos) << r;
    }
    for (const char* target : {"/api/health#x", "/api/health?a=1#x", "/#", "http://x/a#b"}) {
      const std::string r = ask(*s, target, "x");
      EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << target << "\n" << r;
      EXPECT_NE(r.find("a fragment ('#') in the request target"), std::string::npos) << r;
    }
    for (const char* host : {"x", "127.0.0.1:8080", "[::1]:80", "[::1]", "a_b-c.d~", "", "x:"}) {
      const std::string r = ask(*s, "/api/health", host);
      EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << "'" << host << "'\n" << r;
    }
    // An escaped '#' is a path's character, not a fragment.
    EXPECT_EQ(ask(*s, "/api/health%23x", "x").rfind("HTTP/1.1 400", 0), std::string::npos);
  }
  plain.Stop();
  server.Stop();
}

// HTTP/2.0 and 3.0 (and 0.9) are 505, a major version the server does not speak; a higher minor
// version of HTTP/1 is served as HTTP/1.1 (RFC 9110 2.5), keeping its connection. httplib
// answered both with a bare 400 "malformed HTTP request".
TEST(ServerCore, OtherHttpVersionsAre505OrServedAsHttp11) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  const auto request = [](const std::string& version, const std::string& more = "") {
    return "GET /api/health " + version + "\r\nHost: x\r\n" + more + "\r\n";
  };
  for (const char* version : {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"}) {
    const Conversation c = AnswerThenAsk(server.port(), request(version), request("HTTP/1.1"), 5);
    EXPECT_EQ(c.got.rfind("HTTP/1.1 505 HTTP Version Not Supported\r\n", 0), 0u) << version << "\n"
                                                                                 << c.got;
    EXPECT_NE(c.got.find("is not supported: this server speaks HTTP/1.1"), std::string::npos)
        << c.got;
    EXPECT_EQ(c.got.find("HTTP/1.1 200"), std::string::npos) << "the next was answered\n" << c.got;
    EXPECT_TRUE(c.closed) << version;
  }
  for (const char* version : {"HTTP/1.2", "HTTP/1.9"}) {
    // Served, and the connection kept for the next request (as HTTP/1.1's, not 1.0's).
    const Conversation c = AnswerThenAsk(server.port(), request(version),
                                         request("HTTP/1.1", "Connection: close\r\n"), 5);
    EXPECT_EQ(c.got.rfind("HTTP/1.1 200", 0), 0u) << version << "\n" << c.got;
    EXPECT_EQ(StatusLines(c.got), 2u) << version << "\n" << c.got;
    // As HTTP/1.1: a Host is required.
    const std::string r = ServerTestRawExchange(
        server.port(), "GET /api/health " + std::string(version) + "\r\n\r\n", 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << version << "\n" << r;
  }
  server.Stop();
}

// An HTTP/1.0 request's Expect is ignored (RFC 9110 10.1.1; 15.2: no 1xx to an HTTP/1.0
// client), and its connection stays open only when it asks with a keep-alive option, in any
// case and in a list; one that closes says `Connection: close`. httplib sent `100 Continue` to a
// 1.0 client, and kept a 1.0 connection only on an exact "Keep-Alive": "keep-alive" (curl's) got
// an answer saying Keep-Alive, then the close. On the API's server and a plain handler's.
TEST(ServerCore, Http10IgnoresExpectAndReadsKeepAliveAsAList) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  options.no_body_routes = "GET /metrics";
  Server plain([](const Request&) { return Response{200, "text/plain", "metrics\n"}; }, options);
  plain.Start();
  for (const Server* s : {&server, &plain}) {
    const std::string path = s == &server ? "/api/health" : "/metrics";
    // The head alone: no invitation, the server waits for the body.
    const std::string body = "{\"gpu\":\"h100-sxm\",\"count\":8}";
    const std::string post =
        "POST /api/fleet HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    EXPECT_EQ(ServerTestRawExchange(s->port(), post, 1), "") << path;
    std::string r = ServerTestRawExchange(s->port(), post + body, 5);
    EXPECT_EQ(r.find("100 Continue"), std::string::npos) << r.substr(0, 300);
    EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << path << "\n" << r.substr(0, 300);
    const std::string get = "GET " + path + " HTTP/1.0\r\n";
    for (const char* keep : {"keep-alive", "Keep-Alive", "KEEP-ALIVE", "foo, keep-alive"}) {
      const Conversation c =
          AnswerThenAsk(s->port(), get + "Connection: " + keep + "\r\n\r\n", get + "\r\n", 5);
      EXPECT_EQ(StatusLines(c.got), 2u) << path << " " << keep << "\n" << c.got.substr(0, 400);
      const std::string first = c.got.substr(0, c.got.find("\r\n\r\n"));
      EXPECT_EQ(first.find("Connection: close"), std::string::npos) << keep << "\n" << first;
      // The second asked for nothing: HTTP/1.0 closes, and says so.
      const std::string second = c.got.substr(c.got.rfind("HTTP/1.1 "));
      EXPECT_NE(second.find("Connection: close\r\n"), std::string::npos) << second;
      EXPECT_EQ(second.find("Keep-Alive"), std::string::npos) << second;
      EXPECT_TRUE(c.closed) << keep;
    }
    for (const char* close : {"", "Connection: foo\r\n", "Connection: keep-alive, close\r\n",
                              "Connection: keep-alive\r\nConnection: Close\r\n"}) {
      const Conversation c = AnswerThenAsk(s->port(), get + close + "\r\n", get + "\r\n", 5);
      EXPECT_EQ(StatusLines(c.got), 1u) << path << " " << close << "\n" << c.got.substr(0, 400);
      EXPECT_NE(c.got.find("Connection: close\r\n"), std::string::npos) << close << "\n" << c.got;
      EXPECT_EQ(c.got.find("Keep-Alive"), std::string::npos) << close << "\n" << c.got;
      EXPECT_TRUE(c.closed) << close;
    }
    // HTTP/1.1: a close in a second Connection line closes too (httplib read the first only).
    const Conversation c = AnswerThenAsk(
        s->port(),
        "GET " + path +
            " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
        "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n", 5);
    EXPECT_EQ(StatusLines(c.got), 1u) << c.got.substr(0, 400);
    EXPECT_NE(c.got.find("Connection: close\r\n"), std::string::npos) << c.got;
  }
  plain.Stop();
  server.Stop();
}

// Expect is a list (RFC 9110 10.1.1): 100-continue anywhere in it, in any Expect line, with
// parameters, is honoured (100 Continue, or the refusal at once). httplib honoured only a first
// Expect of exactly "100-continue": the client waited its own timeout. And what the head alone
// refuses is refused before the invitation: a GET with a length got 100 Continue, then its 400.
TEST(ServerCore, AnExpectationListIsHonouredAndHeadErrorsComeFirst) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  options.no_body_routes = "GET /metrics";
  Server plain([](const Request&) { return Response{200, "text/plain", "metrics\n"}; }, options);
  plain.Start();
  const std::string head = "POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\n";
  for (const char* expect : {"100-continue, x", "foo, 100-continue", "100-continue;q=1",
                             "foo\r\nExpect: 100-continue", " 100-CONTINUE ,bar"}) {
    const std::string r =
        ServerTestRawExchange(server.port(), head + "Expect: " + expect + "\r\n\r\n", 1);
    EXPECT_EQ(r, "HTTP/1.1 100 Continue\r\n\r\n") << EscapeControls(expect);
  }
  // A list without it: no invitation.
  EXPECT_EQ(ServerTestRawExchange(server.port(), head + "Expect: foo, 100-continuex\r\n\r\n", 1),
            "");
  // In a list, the refusals before the body come at once too (413 over the limit).
  std::string r = ServerTestRawExchange(
      server.port(),
      "POST /api/fleet HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nExpect: x, "
      "100-continue\r\n\r\n",
      5);
  EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << r;
  for (const Server* s : {&server, &plain}) {
    const std::string path = s == &server ? "/api/health" : "/metrics";
    for (const char* method : {"GET", "HEAD"}) {
      r = ServerTestRawExchange(s->port(),
                                std::string(method) + " " + path +
                                    " HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nExpect: "
                                    "100-continue\r\n\r\n",
                                5);
      EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << method << " " << path << "\n" << r;
      EXPECT_EQ(r.find("100 Continue"), std::string::npos) << r;
    }
  }
  // A ';' in the query and an unknown method: refused before the invitation as well.
  r = ServerTestRawExchange(server.port(),
                            "POST /api/fleet?count=1;count=2 HTTP/1.1\r\nHost: x\r\n"
                            "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n",
                            5);
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  r = ServerTestRawExchange(server.port(),
                            "TRACE /api/fleet HTTP/1.1\r\nHost: x\r\n"
                            "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n",
                            5);
  EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << r;
  plain.Stop();
  server.Stop();
}

// An absolute-form target's authority is what the server uses (RFC 9112 3.2.2): it is checked
// as a Host is, and userinfo is refused (RFC 9110 4.2.4). It was not read at all. A port over
// 65535 is refused, in Host and in the target.
TEST(ServerCore, AnAbsoluteTargetsAuthorityIsCheckedAsHostIs) {
  ApiAndPlainServers both;
  Server& server = both.server;
  Server& plain = both.plain;
  const auto ask = GetWithHost;
  for (const Server* s : {&server, &plain}) {
    for (const char* target :
         {"http://x:abc/api/health", "http://[::1/api/health", "http:///api/health",
          "http://a@b@c/api/health", "http://x:-1/api/health", "http://user@x/api/health",
          "HTTPS://user:pw@x/api/health", "http://x:65536/api/health", "http://:80/api/health",
          "http://a%zz@b/api/health"}) {
      const std::string r = ask(*s, target, "x");
      EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << target << "\n" << r;
      EXPECT_NE(r.find("in the request target"), std::string::npos) << target << "\n" << r;
    }
    for (const char* target :
         {"http://x/api/health", "HTTP://X:8080/api/health", "http://[::1]:65535/api/health",
          "https://127.0.0.1/api/health", "http://x:/api/health", "http://x:00080/api/health"}) {
      const std::string r = ask(*s, target, "x");
      EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << target << "\n" << r;
    }
    for (const char* host : {"example.com:65536", "x:99999", "[::1]:70000"}) {
      const std::string r = ask(*s, "/api/health", host);
      EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << host << "\n" << r;
      EXPECT_NE(r.find("malformed Host"), std::string::npos) << r;
    }
    EXPECT_EQ(ask(*s, "/api/health", "x:65535").rfind("HTTP/1.1 200", 0), 0u);
  }
  plain.Stop();
  server.Stop();
}

std::string NineEmptyLines() {
  std::string s;
  for (int i = 0; i < 9; ++i) s += "\r\n";
  return s;
}

// The answers of the head check carry what every answer does (docs/dashboard.md): `Vary:
// Accept-Encoding` was missing from them. A malformed version says so; an HTTP/0.9 request (no
// version) is 505 at once, where it waited for the read timeout and got its 400.
TEST(ServerCore, HeadCheckAnswersCarryVaryAndNameWhatIsWrong) {
  ServerOptions options;
  options.port = 0;
  options.timeout_seconds = 3;
  Server server([](const Request&) { return Response{200, "text/plain", "ok"}; }, options);
  server.Start();
  std::string big = "GET / HTTP/1.1\r\nHost: x\r\n";
  while (big.size() < 70 * 1024) big += "X-Filler: " + std::string(100, 'v') + "\r\n";
  const struct {
    std::string request;
    std::string status;
  } cases[] = {
      {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505"},
      {"GET /#a HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
      {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "400"},
      {"GET / HTTP/1.1\r\n\r\n", "400"},
      {NineEmptyLines() + "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
      {"GET / HTTP/1.1\nHost: x\n\n", "400"},
      {"GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
      {big + "\r\n", "431"},
  };
  for (const auto& [request, status] : cases) {
    const std::string shown = EscapeControls(request.substr(0, 40));
    const std::string r = ServerTestRawExchange(server.port(), request, 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 " + status, 0), 0u) << shown << "\n" << r.substr(0, 300);
    const std::string head = r.substr(0, r.find("\r\n\r\n") + 2);
    EXPECT_NE(head.find("\r\nVary: Accept-Encoding\r\n"), std::string::npos) << shown << "\n"
                                                                             << head;
    EXPECT_NE(head.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << head;
  }
  for (const char* version : {"HTTP/1.10", "HTTP/01.1", "HTTP/1.1x", "http/1.1", "HTTP/1"}) {
    const std::string r = ServerTestRawExchange(
        server.port(), "GET / " + std::string(version) + "\r\nHost: x\r\n\r\n", 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << version << "\n" << r;
    EXPECT_NE(r.find("malformed HTTP version '" + std::string(version) + "'"), std::string::npos)
        << r;
  }
  for (const char* simple : {"GET /\r\n", "GET /\n", "GET /api/health\r\n\r\n"}) {
    const auto start = std::chrono::steady_clock::now();
    const std::string r = ServerTestRawExchange(server.port(), simple, 5);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4)) << r;
    EXPECT_EQ(r.rfind("HTTP/1.1 505", 0), 0u) << EscapeControls(simple) << "\n" << r;
    EXPECT_NE(r.find("HTTP/0.9"), std::string::npos) << r;
  }
  server.Stop();
}

// A server none of whose routes takes a body (the exporter: ServerOptions::no_body_routes) says
// so when it refuses one; it answered with the API's words ("send Content-Length", "a GET takes
// its fields in the query; send a body with POST"). The API's server keeps its own.
TEST(ServerCore, AServerThatTakesNoBodySaysSo) {
  ServerOptions options;
  options.port = 0;
  const Api api(Catalog::Embedded());
  Server server(api, options);
  server.Start();
  options.no_body_routes = "GET /metrics";
  Server plain([](const Request&) { return Response{200, "text/plain", "metrics\n"}; }, options);
  plain.Start();
  const std::string close = "Host: x\r\nConnection: close\r\n";
  const struct {
    std::string request;
    std::string status;
  } cases[] = {
      {"POST /metrics HTTP/1.1\r\n" + close + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "411"},
      {"GET /metrics HTTP/1.1\r\n" + close + "Transfer-Encoding:\r\n\r\n", "411"},
      {"GET /metrics HTTP/1.1\r\n" + close + "Content-Length: 5\r\n\r\nhello", "400"},
      {"GET /metrics HTTP/1.1\r\n" + close + "Content-Encoding: gzip\r\n\r\n", "415"},
      {"POST /metrics HTTP/1.1\r\n" + close +
           "Content-Encoding: gzip\r\nContent-Length: 3\r\n"
           "Expect: 100-continue\r\n\r\n",
       "415"},
  };
  for (const auto& [request, status] : cases) {
    const std::string shown = EscapeControls(request.substr(0, 80));
    std::string r = ServerTestRawExchange(plain.port(), request, 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 " + status, 0), 0u) << shown << "\n" << r;
    const Json error = Json::parse(r.substr(r.find("\r\n\r\n") + 4), nullptr, false);
    const std::string text = error.value("error", "");
    EXPECT_NE(text.find("this server serves GET /metrics, which takes none"), std::string::npos)
        << shown << "\n"
        << r;
    for (const char* api_word : {"POST", "Content-Length", "field", "uncompressed"}) {
      EXPECT_EQ(text.find(api_word), std::string::npos) << api_word << ": " << r;
    }
    // The API's server answers the same request with its own words.
    r = ServerTestRawExchange(server.port(), request, 5);
    EXPECT_EQ(r.rfind("HTTP/1.1 " + status, 0), 0u) << shown << "\n" << r;
    EXPECT_EQ(r.find("this server serves"), std::string::npos) << shown << "\n" << r;
  }
  plain.Stop();
  server.Stop();
}

// A Content-Length that is not a number of bytes ("-1", "12abc", digits beyond 64 bits) is said
// so on a GET as on a POST, by the exporter and the API's server alike: a GET's was refused as
// "a request body is not accepted", as if a body had been announced (found by an adversarial
// tester). A length that is one still gets the body's refusal.
TEST(ServerCore, AContentLengthThatIsNotOneIsSaidSoOnAGet) {
  ServerOptions options;
  options.port = 0;
  const Api api(Catalog::Embedded());
  Server server(api, options);
  server.Start();
  options.no_body_routes = "GET /metrics";
  Server plain([](const Request&) { return Response{200, "text/plain", "metrics\n"}; }, options);
  plain.Start();
  const auto ask = [](const Server& s, const std::string& method, const std::string& path,
                      const std::string& length) {
    return ServerTestRawExchange(s.port(),
                                 method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                     length + "\r\nConnection: close\r\n\r\n",
                                 5);
  };
  // An empty one too: httplib dropped the header, and a GET was answered 200 (found by an
  // adversarial tester).
  for (const std::string length : {"-1", "12abc", "99999999999999999999999", ""}) {
    for (const auto& [s, path] :
         {std::pair<const Server*, std::string>{&plain, "/metrics"}, {&server, "/api/health"}}) {
      for (const std::string method : {"GET", "HEAD", "POST"}) {
        if (method == "POST" && length[0] == '9') continue;  // a POST's: 413, too large
        const std::string r = ask(*s, method, path, length);
        EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << method << " " << path << " " << length << "\n"
                                                  << r;
        if (method == "HEAD") continue;  // no body
        const Json error = Json::parse(r.substr(r.find("\r\n\r\n") + 4), nullptr, false);
        EXPECT_NE(error.value("error", "")
                      .find("Content-Length '" + length + "' is not a number of bytes"),
                  std::string::npos)
            << method << " " << path << "\n"
            << r;
        EXPECT_EQ(error.value("field", ""), "Content-Length") << r;
      }
    }
  }
  // An OPTIONS's body is read (and ignored): digits past the limit are too large, whether or not
  // they pass 64 bits (past them it was 400, at 2^64 - 1 413; found by an adversarial tester).
  for (const std::string length : {"18446744073709551615", "99999999999999999999999"}) {
    const std::string r = ask(server, "OPTIONS", "/api/health", length);
    EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << length << "\n" << r;
  }
  const std::string body = ask(plain, "GET", "/metrics", "5");
  EXPECT_EQ(body.rfind("HTTP/1.1 400", 0), 0u) << body;
  EXPECT_NE(body.find("a request body is not accepted"), std::string::npos) << body;
  plain.Stop();
  server.Stop();
}

// A server may ignore Range (RFC 9110 14.2), and this one does: httplib applied a Range header to
// every answer after the handler, a JSON error or a POST's too, keeping the handler's 200 (never
// 206), and answered 416 to one it could not parse ("items=0-1", "bytes=5-2") or satisfy, after
// running the request. Every answer is now the whole body with its own status, and HEAD says
// no more about ranges than GET (it added "Accept-Ranges: bytes").
TEST(ServerCore, RangesAreIgnored) {
  const Api api(Catalog::Embedded());
  ServerOptions options;
  options.port = 0;
  Server server(api, options);
  server.Start();
  const auto ask = [&](const std::string& method, const std::string& path,
                       const std::string& headers, const std::string& body = "") {
    return ServerTestRawExchange(
        server.port(),
        method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
            (body.empty() ? "" : "Content-Length: " + std::to_string(body.size()) + "\r\n") +
            "\r\n" + body,
        5);
  };
  const auto body_of = [](const std::string& r) { return r.substr(r.find("\r\n\r\n") + 4); };
  using namespace std::string_literals;
  const std::string page = body_of(ask("GET", "/", ""));
  const std::string health = body_of(ask("GET", "/api/health", ""));
  ASSERT_GT(page.size(), 1000u);
  for (const char* range : {"bytes=0-9", "bytes=-5", "bytes=abc", "items=0-1", "bytes=5-2",
                            "bytes=100000000-", "bytes=-0", "bytes=0-1,3-4"}) {
    for (const std::string& extra : {""s, "If-Range: \"x\"\r\n"s}) {
      const std::string headers = std::string("Range: ") + range + "\r\n" + extra;
      std::string r = ask("GET", "/", headers);
      EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << range << "\n" << r.substr(0, 300);
      EXPECT_EQ(body_of(r), page) << range;
      EXPECT_EQ(r.find("Content-Range"), std::string::npos) << range;
      r = ask("GET", "/api/health", headers);
      EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << range << "\n" << r;
      EXPECT_EQ(body_of(r), health) << range;
      r = ask("GET", "/nope", headers);
      EXPECT_EQ(r.rfind("HTTP/1.1 404", 0), 0u) << range << "\n" << r;
      EXPECT_TRUE(Json::parse(body_of(r), nullptr, false).is_object()) << range << "\n" << r;
      r = ask("POST", "/api/fleet", headers, "{\"gpu\": \"h100-sxm\", \"count\": 8}");
      EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << range << "\n" << r.substr(0, 300);
      EXPECT_TRUE(Json::parse(body_of(r), nullptr, false).is_object()) << range;
    }
  }
  // HEAD and GET carry the same header fields: no Accept-Ranges on either.
  for (const char* path : {"/", "/api/health", "/nope"}) {
    const std::string get = ask("GET", path, "");
    const std::string head = ask("HEAD", path, "");
    EXPECT_EQ(get.find("Accept-Ranges"), std::string::npos) << path << "\n" << get;
    EXPECT_EQ(head.find("Accept-Ranges"), std::string::npos) << path << "\n" << head;
    EXPECT_EQ(head, get.substr(0, get.find("\r\n\r\n") + 4)) << path;
    // httplib gzips an answer when Accept-Encoding allows: every answer varies with it.
    EXPECT_NE(get.find("Vary: Accept-Encoding\r\n"), std::string::npos) << path << "\n" << get;
  }
  const std::string gz = ask("GET", "/api/health", "Accept-Encoding: gzip\r\nRange: bytes=0-9\r\n");
  EXPECT_NE(gz.find("Content-Encoding: gzip\r\n"), std::string::npos) << gz;
  EXPECT_NE(gz.find("Vary: Accept-Encoding\r\n"), std::string::npos) << gz;
  EXPECT_EQ(gz.find("Content-Range"), std::string::npos) << gz;
  server.Stop();
}

// A client that sends the start of a request header and nothing more: it holds a worker. -1
// (nothing left open) when it cannot connect or send.
int SlowClient(int port) {
  const int fd = gpufleet::testing::ConnectLoopback(port);
  if (fd < 0) return -1;
  const char head[] = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  if (::send(fd, head, sizeof(head) - 1, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof(head) - 1)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Threads of this process (/proc/self/task).
size_t ThreadCount() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& t : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// Workers start on demand up to `threads`: below the cap, slow clients leave the others served
// (with a fixed pool of 8, 8 slow clients stalled `gpufleet export`); at the cap, a request
// waits for a worker to free up.
TEST(ServerCore, WorkersStartOnDemandUpToTheCap) {
  for (const int cap : {3, 64}) {
    ServerOptions options;
    options.port = 0;
    options.threads = cap;
    Server server([](const Request&) { return Response{200, "text/plain", "ok"}; }, options);
    const size_t before = ThreadCount();
    server.Start();
    // No connection yet: no worker yet (a fixed pool would have started `cap` threads here).
    EXPECT_LT(ThreadCount(), before + 3) << "cap " << cap;
    std::vector<int> slow;
    for (int i = 0; i < 3; ++i) {
      slow.push_back(SlowClient(server.port()));
      EXPECT_GE(slow.back(), 0) << "slow client " << i << " could not connect";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(1, 0);
    auto res = c.Get("/health");
    if (cap == 3) {
      EXPECT_FALSE(res) << "a request past the cap is queued";
    } else {
      ASSERT_TRUE(res) << "below the cap, slow clients leave workers free";
      EXPECT_EQ(res->status, 200);
    }
    for (int fd : slow) {
      if (fd >= 0) ::close(fd);
    }
    httplib::Client after("127.0.0.1", server.port());
    after.set_read_timeout(5, 0);
    auto later = after.Get("/health");
    ASSERT_TRUE(later) << "cap " << cap;
    EXPECT_EQ(later->status, 200);
    server.Stop();
  }
}

}  // namespace
}  // namespace gpufleet::serve

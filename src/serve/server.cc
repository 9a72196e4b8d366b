// Server: cpp-httplib around Api (or any Handler). One catch-all route per method hands every
// request to the Handler, which does its own routing, so the HTTP layer only converts between
// httplib's types and ours; a pre-routing handler answers what must not reach it (PreRouting).
#include <httplib.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/serve.h"
#include "serve/handlers.h"
#include "util/ascii.h"

namespace gpufleet::serve {
namespace {

// The query's parameters, read from the raw target rather than httplib's parse, which lost:
// - a value cut at a raw '=' ("count=5=6" reached the API as count 5 or 6): the value is
//   everything after the first '=', refused or taken as it stands, as "5%3D6" is;
// - a repeated "key=value" pair, dropped silently ("count=1&count=1" reached the API as one
//   parameter, where any repeat is an error, docs/dashboard.md): kept, for the API to refuse
//   with the rest;
// - an empty key: httplib read "=5" as a key "5" (unknown field "5", or "field": "5" on a route
//   that takes no parameters) and skipped an empty part ("?=", "?&": GET /api/check answered
//   200). Each is the key "", as in a JSON body ("an empty key: ...", "field": ""; found by an
//   adversarial tester).
// Keys and values are percent-decoded, '+' as a space, as httplib decoded them.
Request FromHttplib(const httplib::Request& r) {
  Request out{r.method, r.path, {}, r.body};
  const size_t q = r.target.find('?');
  if (q == std::string::npos || q + 1 == r.target.size()) return out;
  const std::string_view query = std::string_view(r.target).substr(q + 1);
  for (size_t start = 0;;) {
    const size_t amp = query.find('&', start);
    const std::string_view part =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    const size_t eq = part.find('=');
    std::string key = httplib::detail::decode_url(std::string(part.substr(0, eq)), true);
    std::string value = eq == std::string_view::npos
                            ? std::string()
                            : httplib::detail::decode_url(std::string(part.substr(eq + 1)), true);
    out.query.emplace(std::move(key), std::move(value));
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

// SO_REUSEADDR (a restarted server can bind at once) but not httplib's default SO_REUSEPORT,
// which would let a second server bind the same port and silently share its traffic. Records
// the socket so that Start() can raise httplib's listen backlog (5, compiled into the library).
httplib::SocketOptions SocketOptions(std::atomic<int>* fd) {
  return [fd](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    fd->store(sock);
  };
}

httplib::Server::Handler ToHttplib(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    Response out;
    try {
      out = handler(FromHttplib(req));
    } catch (const std::exception&) {
      out = Response{500, "application/json", "{\"error\":\"internal error\"}"};
    }
    res.status = out.status;
    // What set_content(body, type) does, with the body moved instead of copied (httplib 0.11 has
    // no overload taking it by value): an answer of /api/fleet is 18 KB.
    res.body = std::move(out.body);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", out.content_type);
    res.set_header("X-Content-Type-Options", "nosniff");
    // A 405 says which methods the resource takes (RFC 9110; `export` sent none).
    if (!out.allow.empty()) res.set_header("Allow", out.allow);
  };
}

// Set while a worker answers a request whose framing is in doubt (a body or headers left unread,
// two lengths): the connection closes after the answer (HttplibServer). One worker serves one
// connection at a time, and the handlers run on its thread.
thread_local bool t_close_after_answer = false;

// Closes the connection of `req` after this answer, and makes httplib say so: it writes
// `Connection: close` (and no Keep-Alive) when the request asked for it. httplib 0.11 alone kept
// the connection after any error, so the unread rest of a refused request (its body) was read as
// the next request: request smuggling behind a proxy that framed it otherwise. `req` is httplib's
// own non-const Request, passed to the handlers as const.
void CloseAfterAnswer(const httplib::Request& req) {
  t_close_after_answer = true;
  auto& headers = const_cast<httplib::Request&>(req).headers;
  headers.erase("Connection");
  headers.emplace("Connection", "close");
}

// The path of an absolute-form target ("http://host:port/api/health" -> "/api/health", RFC 9112
// 3.2.2: a server must accept it); any other path as it is.
std::string OriginPath(const std::string& path) {
  const size_t scheme = path.find("://");
  if (scheme == std::string::npos || path.empty() || path[0] == '/') return path;
  std::string lower = path.substr(0, scheme);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower != "http" && lower != "https") return path;
  const size_t slash = path.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : path.substr(slash);
}

// A request line whose method httplib does not know ("PROPFIND", a lowercase "get": RFC 9110
// methods are case-sensitive tokens) but is otherwise well formed. httplib stops at such a method
// (before the headers) and answers 400; the API answers it as any other method it does not take.
bool UnknownMethod(const httplib::Request& req) {
  if (!req.path.empty() || req.method.empty() || req.method.size() > 32) return false;
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return false;
  if (req.target.empty()) return false;
  return std::all_of(req.method.begin(), req.method.end(), [](unsigned char c) {
    return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

// Fills a JSON body into responses that httplib produced itself (413, 414, 400 ...), and closes
// their connection: httplib answers so before it has read the request whole.
//
// An error with a body already (the handler's, Refuse's) is Handled too, untouched: httplib then
// writes its Content-Length, which it left out of an answer to "Expect: 100-continue" (the 415's
// end was marked only by the close).
httplib::Server::HandlerResponse FillError(const httplib::Request& req, httplib::Response& res,
                                           const httplib::Server::Handler& route) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Handled;
  CloseAfterAnswer(req);
  if (res.status == 400 && UnknownMethod(req)) {
    const std::string& target = req.target;
    const_cast<httplib::Request&>(req).path =
        OriginPath(httplib::detail::decode_url(target.substr(0, target.find('?')), false));
    route(req, res);  // 405 with Allow on a known path, 404 elsewhere
    return httplib::Server::HandlerResponse::Handled;
  }
  // httplib answers 400 when a body stops short of its Content-Length (the read timed out, or
  // the client closed and reads nothing more): said so. Still 400, not 408: tests/bad_inputs/
  // http.toml pins the status.
  if (uint64_t length = 0; res.status == 400 && req.has_header("Content-Length")) {
    const std::string value = req.get_header_value("Content-Length");
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc() && end == value.data() + value.size() && req.body.size() < length) {
      res.set_content(nlohmann::json{{"error", "malformed HTTP request: the body stopped short, " +
                                                   std::to_string(req.body.size()) + " of " +
                                                   value + " bytes before the read timeout"}}
                          .dump(),
                      "application/json");
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  std::string reason = "HTTP error " + std::to_string(res.status);
  if (res.status == 413) reason = "request body too large";
  if (res.status == 414) reason = "request URI too long";
  if (res.status == 400) reason = "malformed HTTP request";
  res.set_content("{\"error\":\"" + reason + "\"}", "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

// Answers `status` with a JSON `body` and closes the connection: what is left of the request in
// it (a body never read) must not be read as the next request.
httplib::Server::HandlerResponse Refuse(const httplib::Request& req, httplib::Response& res,
                                        int status, const std::string& body) {
  res.status = status;
  CloseAfterAnswer(req);
  if (!body.empty()) res.set_content(body, "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

// The first content coding of a request's body other than identity ("gzip", "deflate", "br" ...,
// from every Content-Encoding header), or "" when there is none. httplib 0.11 unpacks gzip,
// deflate and brotli bodies (Debian builds it with CPPHTTPLIB_ZLIB_SUPPORT and
// CPPHTTPLIB_BROTLI_SUPPORT) and applies the body limit to the packed size only: 64 KB of gzip
// became 66 MB of JSON parsed, an 8 MB article checked for minutes. A coded body is refused
// unread (415): the API's clients never send one.
std::string BodyCoding(const httplib::Request& req) {
  const size_t headers = req.get_header_value_count("Content-Encoding");
  for (size_t i = 0; i < headers; ++i) {
    // get_header_value returns a string by value: held here, a view of the temporary dangled
    // (found by the sanitizer build).
    const std::string value = req.get_header_value("Content-Encoding", i);
    std::string_view list = value;
    while (!list.empty()) {
      const size_t comma = list.find(',');
      std::string_view coding = list.substr(0, comma);
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
      coding = Trim(coding);
      std::string lower(coding.substr(0, 64));
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (!lower.empty() && lower != "identity") return lower;
    }
  }
  return "";
}

httplib::Server::HandlerResponse RefuseCoding(const httplib::Request& req, httplib::Response& res,
                                              const std::string& coding,
                                              const std::string& no_body) {
  res.set_header("Accept-Encoding", "identity");  // RFC 9110 15.5.16
  const std::string error =
      no_body.empty()
          ? "Content-Encoding '" + coding + "' is not accepted: send the body uncompressed"
          : "a request body is not accepted (Content-Encoding '" + coding +
                "'): this server serves " + no_body + ", which takes none";
  return Refuse(req, res, 415,
                nlohmann::json{{"error", error}, {"field", "Content-Encoding"}}.dump(
                    -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The message for a Transfer-Encoding request (411): RefuseChunked and CheckHead. `no_body` is
// ServerOptions::no_body_routes: a server none of whose routes takes a body (the exporter) says
// so, where the API's asks for Content-Length.
std::string NoTransferEncoding(const std::string& no_body) {
  if (!no_body.empty()) {
    return "a request body is not accepted (Transfer-Encoding): this server serves " + no_body +
           ", which takes none";
  }
  return "Transfer-Encoding request bodies (chunked or any other) are not accepted: send "
         "Content-Length";
}

// Runs before httplib reads a body. httplib 0.11 (Debian 12) enforces the body limit only on a
// Content-Length body: a chunked one would be read whole, however large. The API's clients
// (browsers, curl -d) always send Content-Length, so a chunked body is refused unread.
httplib::Server::HandlerResponse RefuseChunked(const httplib::Request& req, httplib::Response& res,
                                               const std::string& no_body) {
  if (!req.has_header("Transfer-Encoding")) return httplib::Server::HandlerResponse::Unhandled;
  return Refuse(req, res, 411, nlohmann::json{{"error", NoTransferEncoding(no_body)}}.dump());
}

// A request for several byte ranges ("Range: bytes=0-,0-,0-,...") was answered with one copy of
// the body per range: 64,000 times the request's size. A server may ignore Range (RFC 9110,
// 14.2), so a multi-range request gets the whole body once (200); a single range still works.
// httplib has parsed the header into req.ranges before routing and applies them after the
// handler; the Request it passes here as const is its own non-const object, so clearing the
// ranges is well defined.
//
// Two Content-Length headers that httplib resolved one way could be read another way by a proxy
// in front of it (request smuggling, RFC 9112 6.3): such a request is refused (400) and the
// connection closed.
//
// The body's framing is settled here, before httplib reads it (RFC 9112 6.3), because httplib
// 0.11 gets two cases wrong and each held a worker for the whole read timeout (5 s):
// - a Content-Length that is not digits ("-1", "12abc") or that exceeds the limit was read with
//   strtoull and "skipped" byte by byte until the timeout. Not digits: 400; over the limit: 413;
//   both close the connection, since the bytes that follow cannot be framed.
// - a POST/PUT/PATCH/DELETE with neither Content-Length nor Transfer-Encoding has an empty body
//   (rule 7), but httplib read until the client closed. A POST, which needs a body, gets 411
//   (the JSON a client sent after it was refused as "malformed JSON", and would have been read
//   as the next request); PUT, PATCH and DELETE go to `route` here with their empty body, as
//   they would after an empty read.
// Every answer here that leaves part of the request unread closes the connection.
// What a request's Content-Length says (RFC 9112 6.3), for PreRouting and the "Expect:
// 100-continue" handler alike: 0 when there is none, 200 when it is a number of bytes within
// `max_body`, 413 when it is digits beyond it (or beyond 64 bits), 400 when it is not a number
// of bytes at all ("-1", "12abc", "+5", "").
int LengthVerdict(const httplib::Request& req, size_t max_body) {
  if (!req.has_header("Content-Length")) return 0;
  const std::string len = req.get_header_value("Content-Length");
  if (len.empty() || len.find_first_not_of("0123456789") != std::string::npos) return 400;
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), n);
  return ec == std::errc() && n <= max_body ? 200 : 413;  // digits only: ok or out of range
}

// The 400 for a Content-Length that is not a number of bytes: not digits ("-1", "12abc"), or
// digits beyond 64 bits where no body is taken (a GET's: it was "a request body is not
// accepted", as if a length had been given; found by an adversarial tester). The value is
// echoed, cut to 64 bytes.
httplib::Server::HandlerResponse RefuseLength(const httplib::Request& req, httplib::Response& res) {
  const std::string value = req.get_header_value("Content-Length");
  return Refuse(req, res, 400,
                nlohmann::json{{"error", "Content-Length '" + value.substr(0, 64) +
                                             "' is not a number of bytes (digits, at most "
                                             "18446744073709551615)"},
                               {"field", "Content-Length"}}
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Whether a Content-Length of digits only exceeds 64 bits (LengthVerdict's other 413).
bool LengthBeyond64Bits(const httplib::Request& req) {
  const std::string len = req.get_header_value("Content-Length");
  uint64_t n = 0;
  return std::from_chars(len.data(), len.data() + len.size(), n).ec ==
         std::errc::result_out_of_range;
}

// A POST with neither Content-Length nor Transfer-Encoding (PreRouting, and the "Expect:
// 100-continue" handler before it invites a body): 411 where the route takes a POST (its body
// would be empty). Where no POST is taken the answer is the route's 405 (404 off it), as with a
// length: POST /api/health and the exporter's /metrics got the API's "a POST takes its fields in
// a JSON body" (found by an adversarial tester; under Expect: 100-continue still, found in the
// sixteenth pass). The route is asked with a method it never runs (TRACE: 405 with Allow on a
// known path, 404 elsewhere), so nothing is computed.
httplib::Server::HandlerResponse RefuseUnframedPost(const httplib::Request& req,
                                                    httplib::Response& res,
                                                    const httplib::Server::Handler& route) {
  httplib::Request probe_req = req;
  probe_req.method = "TRACE";
  httplib::Response probe;
  route(probe_req, probe);
  if (probe.status == 404 ||
      (probe.status == 405 && probe.get_header_value("Allow").find("POST") == std::string::npos)) {
    res = std::move(probe);
    CloseAfterAnswer(req);  // the body, if any, is unread
    return httplib::Server::HandlerResponse::Handled;
  }
  return Refuse(req, res, 411,
                nlohmann::json{{"error",
                                "a POST takes its fields in a JSON body: send it with "
                                "Content-Length (without one, the body is empty)"},
                               {"field", "Content-Length"}}
                    .dump());
}

httplib::Server::HandlerResponse PreRouting(const httplib::Request& req, httplib::Response& res,
                                            const httplib::Server::Handler& route, size_t max_body,
                                            const std::string& no_body) {
  if (req.ranges.size() > 1) const_cast<httplib::Request&>(req).ranges.clear();
  const_cast<httplib::Request&>(req).path = OriginPath(req.path);
  // Connection options are a case-insensitive list (RFC 9110 7.6.1); httplib closes only on an
  // exact "close", so "CLOSE" and "keep-alive, close" kept the connection (found by an
  // adversarial tester). The exact one stays httplib's.
  if (const std::string c = req.get_header_value("Connection"); !c.empty() && c != "close") {
    std::string lower(c.substr(0, 256));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    for (std::string_view list = lower; !list.empty();) {
      const size_t comma = list.find(',');
      std::string_view option = list.substr(0, comma);
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
      option = Trim(option);
      if (option == "close") {
        CloseAfterAnswer(req);
        break;
      }
    }
  }
  // httplib splits a query on ';' as well as '&', so "count=1;count=2" slipped past the rule that
  // a parameter is given once. A literal ';' in the query is refused; "%3B" is a value's ';'.
  if (const auto q = req.target.find('?');
      q != std::string::npos && req.target.find(';', q) != std::string::npos) {
    // Name the parameter whose part holds the ';' ("count" in "...&count=1;count=2").
    const size_t semi = req.target.find(';', q);
    const size_t start = req.target.rfind('&', semi);
    const size_t from = (start == std::string::npos || start < q ? q : start) + 1;
    const std::string key = req.target.substr(from, req.target.find('=', from) - from);
    nlohmann::json body{
        {"error", "';' is not a query separator: use '&' (a ';' in a value is %3B)"},
        {"field", key.size() <= 64 ? key : key.substr(0, 64)}};
    // Refused before any body is read: the connection closes.
    return Refuse(req, res, 400,
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (req.get_header_value_count("Content-Length") > 1) {
    return Refuse(req, res, 400, "{\"error\":\"more than one Content-Length header\"}");
  }
  if (RefuseChunked(req, res, no_body) == httplib::Server::HandlerResponse::Handled) {
    return httplib::Server::HandlerResponse::Handled;
  }
  if (const std::string coding = BodyCoding(req); !coding.empty()) {
    return RefuseCoding(req, res, coding, no_body);
  }
  // A method httplib parses but routes nowhere (TRACE, CONNECT): it answered 400 "malformed HTTP
  // request". The API answers it (405 with Allow, or 404), any body unread.
  static const std::set<std::string, std::less<>> kRouted = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  if (!kRouted.contains(req.method)) {
    CloseAfterAnswer(req);
    route(req, res);
    return httplib::Server::HandlerResponse::Handled;
  }
  // A length that is not one is said so whatever the method (a GET's was refused as a body);
  // digits beyond 64 bits too where no body is taken, a GET's or HEAD's. A method whose body is
  // read (POST, PUT, PATCH, DELETE, and OPTIONS, whose body is read and ignored) gets 413, too
  // large, for any digits past the limit: an OPTIONS got 400 past 64 bits but 413 for
  // 18446744073709551615 (found by an adversarial tester).
  const int length = LengthVerdict(req, max_body);
  if (length == 400) return RefuseLength(req, res);
  const bool bodiless = req.method == "GET" || req.method == "HEAD";
  if (bodiless && length == 413 && LengthBeyond64Bits(req)) return RefuseLength(req, res);
  // httplib reads no body after a GET or HEAD: it was left in the connection, and the request
  // answered as if it had none (docs/dashboard.md: such a body is a 400 naming "body").
  if ((req.method == "GET" || req.method == "HEAD") && req.has_header("Content-Length") &&
      req.get_header_value("Content-Length").find_first_not_of('0') != std::string::npos) {
    const std::string error = no_body.empty()
                                  ? kGetTakesTheQuery
                                  : "a request body is not accepted: this server serves " +
                                        no_body + ", which takes none";
    return Refuse(req, res, 400, nlohmann::json{{"error", error}, {"field", "body"}}.dump());
  }
  // Nor after an OPTIONS: it is answered, and its connection closed.
  if (req.method == "OPTIONS" && req.has_header("Content-Length") &&
      req.get_header_value("Content-Length").find_first_not_of('0') != std::string::npos) {
    CloseAfterAnswer(req);
  }
  switch (length) {
    case 200: {
      // A body is JSON whatever type it declares. httplib 0.11 reads some types itself: an
      // application/x-www-form-urlencoded body (curl -d's default) is refused over 8,192 bytes
      // with 413, a limit compiled into the library, under this server's own (64 KiB by
      // default): the seed claims posted with curl -d got 413; a multipart/form-data body is
      // parsed as a form, and JSON in it was 400 "malformed HTTP request". Every body is read
      // as the JSON it is.
      auto& headers = const_cast<httplib::Request&>(req).headers;
      if (req.has_header("Content-Type")) {
        headers.erase("Content-Type");
        headers.emplace("Content-Type", "application/json");
      }
      return httplib::Server::HandlerResponse::Unhandled;  // httplib reads the body
    }
    case 413:
      return Refuse(req, res, length, "");  // FillError writes a 413's body
    default:
      break;  // no Content-Length
  }
  if (req.method == "POST") return RefuseUnframedPost(req, res, route);
  if (req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") {
    route(req, res);
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

// httplib's TaskQueue with threads started on demand, up to `max`: a thread starts when a
// connection is queued and no worker is idle. httplib gives each connection a worker until it
// closes, so a slow client (a header one byte a second) holds one: a fixed pool of N stalls
// behind N slow clients. Started threads stay for the server's life (they cost nothing idle),
// so the cost is that of the peak number of connections, never more than `max`.
class OnDemandPool : public httplib::TaskQueue {
 public:
  explicit OnDemandPool(size_t max) : max_(max) {}
  ~OnDemandPool() override { shutdown(); }  // httplib calls shutdown() first; idempotent

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_) {
      try {
        threads_.emplace_back([this] { Work(); });
        return;
      } catch (const std::system_error&) {
        // No thread to be had (a resource limit): the job waits for a running worker.
      }
    }
    cond_.notify_one();
  }

  // Runs the queued jobs, then joins every thread. httplib calls it after the accept loop ends.
  void shutdown() override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    cond_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        cond_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // shutdown_ and nothing left to run
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  const size_t max_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

// The error to answer a request head with, before httplib reads it: status 0 when there is none.
struct HeadProblem {
  int status = 0;
  std::string error;
  std::string field;
};

// A change CheckHead makes to a head before httplib reads it: `count` bytes from `at` (an offset
// from the head's start) replaced by `text` ("" removes them).
struct HeadEdit {
  size_t at = 0;
  size_t count = 0;
  std::string text;
};

// Most empty lines (CRLF) taken before a request line: RFC 9112 2.2 asks a server to ignore at
// least one (a client may send one after a POST's body); more is refused (400).
constexpr size_t kMaxEmptyLinesBefore = 8;

// A token character (RFC 9110 5.6.2): what a method and a header name are made of.
bool IsTchar(unsigned char c) {
  return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

// `line` as an error message quotes it: at most 64 bytes, control bytes made visible
// (EscapeControls).
std::string Quoted(std::string_view line) {
  return "'" + EscapeControls(line.substr(0, 64)) + (line.size() > 64 ? "...'" : "'");
}

// Whether `host` is a Host header's value (RFC 9110 7.2, RFC 3986 3.2.2): uri-host [":" port],
// the host a name or an IPv4 address (letters, digits, -._~, %-escapes, !$&'()*+,;=) or an IP
// literal in brackets, the port digits up to 65535. Empty is one too (RFC 9112 3.2: no
// authority). httplib took any value ("a b").
bool ValidHost(std::string_view host) {
  const auto name_char = [](unsigned char c) {
    return std::isalnum(c) || std::strchr("-._~%!$&'()*+,;=", c) != nullptr;
  };
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    const std::string_view literal = host.substr(1, close - 1);
    if (!std::all_of(literal.begin(), literal.end(),
                     [&](unsigned char c) { return c == ':' || name_char(c); })) {
      return false;
    }
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const size_t colon = host.find(':');
    const std::string_view name = host.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), name_char)) return false;
    if (colon != std::string_view::npos) port = host.substr(colon + 1);
  }
  if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  // A port is 0 to 65535 (RFC 3986 leaves its range to the scheme; a TCP port has 16 bits):
  // "x:65536" passed. Leading zeros are digits like any other ("x:080").
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  return port.size() < 5 || (port.size() == 5 && port <= "65535");
}

// Whether `a` and `b` are the same but for the case of ASCII letters.
bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Whether the comma-separated list `list` (a header's value) holds `token`, in any case, alone or
// with parameters or a value ("100-continue;q=1", "100-continue=x"; RFC 9110 5.6.1).
bool ListHas(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    item = Trim(item.substr(0, item.find_first_of(";=")));
    if (EqualsIgnoringCase(item, token)) return true;
  }
  return false;
}

// Whether the head's first line is an HTTP/0.9 simple request: "METHOD SP target" and no version
// (ended by CRLF or a bare LF). ReadHead ends the head there: it waited for an empty line that
// never comes, then answered the timeout's 400.
bool IsSimpleRequest(std::string_view head) {
  std::string_view line = head.substr(0, head.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const size_t sp = line.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp + 1 == line.size()) return false;
  const std::string_view method = line.substr(0, sp);
  const std::string_view target = line.substr(sp + 1);
  return std::all_of(method.begin(), method.end(), IsTchar) &&
         std::none_of(target.begin(), target.end(),
                      [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

// Checks the authority of an absolute-form target ("http://host:port/path", RFC 9112 3.2.2),
// which the server then serves by its path: the same rule as a Host header's (ValidHost), and no
// userinfo (RFC 9110 4.2.4: "user@" is an error) nor an empty host (4.2.1). It was not read at
// all: "http://x:abc/", "http://[::1/", "http:///" and "http://user@x/" were served.
HeadProblem CheckAbsoluteTarget(std::string_view target) {
  const size_t scheme_end = target.find("://");
  if (target.empty() || target.front() == '/' || scheme_end == std::string_view::npos) return {};
  const std::string_view scheme = target.substr(0, scheme_end);
  if (!EqualsIgnoringCase(scheme, "http") && !EqualsIgnoringCase(scheme, "https")) return {};
  const std::string_view rest = target.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  const auto bad = [&](const std::string& what) {
    return HeadProblem{400, what + " in the request target " + Quoted(target) +
                                ": an absolute target is http://host[:port]/path, the host a name "
                                "or address and the port digits up to 65535"};
  };
  if (authority.find('@') != std::string_view::npos) {
    return bad("userinfo ('user@') before the host");
  }
  if (authority.empty() || authority.front() == ':') return bad("no host");
  if (!ValidHost(authority)) return bad("a malformed host " + Quoted(authority));
  return {};
}

// Checks a request head (request line, header lines, the empty line) as it came, before httplib
// parses it. httplib 0.11 skipped every header line it could not parse (no colon, whitespace
// before the colon, a folded line, a line ending in a bare LF) and cut a line at a NUL or a bare
// CR, so "Content-Length : 5" or "X: y\r\n Content-Length: 5" framed nothing here while a proxy
// in front could read a length in it: the body was then read as a new request (request
// smuggling). Refused (400), as RFC 9112 asks (5.1, 5.2, 2.2, 3.2):
// - a line that does not end in CRLF, a CR or a NUL inside a line, a control byte in a value;
// - a request line that is not "METHOD SP target SP HTTP/d.d" (one space each), or an empty one
//   (more than kMaxEmptyLinesBefore empty lines before it: ReadHead took those), or whose target
//   holds a '#' (a fragment is not sent in a request, RFC 9112 3.2, RFC 9110 4.2.5: httplib cut
//   it off and served the rest);
// - a header line that is not "name: value" with a token name: a space before the colon, a
//   folded continuation line (obs-fold), no colon;
// - two Host headers, or none in an HTTP/1.1 request, or one that is not host[:port] (3.2);
// and an empty Transfer-Encoding, which httplib dropped as if absent: 411, as any other
// (`no_body` is ServerOptions::no_body_routes, for its message). A major version other than 1
// (HTTP/2.0, HTTP/3.0, HTTP/0.9) is 505; httplib answered 400.
// `edits` gets what must change before httplib reads the head:
// - Range and If-Range lines are dropped: the server ignores ranges (RFC 9110 14.2 lets it), and
//   httplib applies them after the handler, truncating any answer (an API error, a POST's) under
//   a 200;
// - HTTP/1.2 ... HTTP/1.9 becomes HTTP/1.1, which the request is then served as (RFC 9110 2.5: a
//   higher minor version is read as the highest one the server speaks); httplib took only 1.0
//   and 1.1 (400);
// - an Expect of 100-continue in another case ("100-Continue") is written in lowercase: the
//   token is case-insensitive (RFC 9110 10.1.1), and httplib compares the exact string (it
//   invited no body and skipped the early 413, 415 and 411). Another expectation is ignored,
//   as httplib ignored it (RFC 9110 10.1.1 lets a server answer 417 to it, not must).
HeadProblem CheckHead(std::string_view head, std::vector<HeadEdit>& edits,
                      const std::string& no_body) {
  const auto bad = [](std::string error, std::string field = "") {
    return HeadProblem{400, std::move(error), std::move(field)};
  };
  if (const size_t nul = head.find('\0'); nul != std::string_view::npos) {
    return bad("a NUL byte in the request header (byte " + std::to_string(nul) + ")");
  }
  if (IsSimpleRequest(head)) {
    return HeadProblem{505,
                       "HTTP/0.9 (a request line without a version) is not supported: this "
                       "server speaks HTTP/1.1 (and 1.0)"};
  }
  size_t hosts = 0;
  bool http11 = false;
  // The Expect and Connection header lines: [start, end) of each, and its value.
  struct Field {
    size_t at;
    size_t next;
    std::string_view value;
  };
  std::vector<Field> expects;
  std::vector<Field> connections;
  size_t end_at = head.size();  // where the empty line that ends the head starts
  for (size_t start = 0, n = 0; start < head.size(); ++n) {
    const size_t lf = head.find('\n', start);  // ReadHead ends the head with one
    const size_t next = lf + 1;
    if (lf == start || head[lf - 1] != '\r') {
      return bad("a line ends in a bare LF: end each line with CRLF");
    }
    const std::string_view line = head.substr(start, lf - 1 - start);
    const size_t at = start;
    start = next;
    if (line.find('\r') != std::string_view::npos) {
      return bad("a bare CR inside the line " + Quoted(line));
    }
    if (n == 0) {
      // METHOD SP request-target SP HTTP-version (RFC 9112 3).
      const size_t sp1 = line.find(' ');
      const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      const std::string_view method = line.substr(0, sp1);
      const std::string_view target =
          sp2 == std::string_view::npos ? "" : line.substr(sp1 + 1, sp2 - sp1 - 1);
      const std::string_view version = sp2 == std::string_view::npos ? "" : line.substr(sp2 + 1);
      if (line.empty()) {
        return bad("more than " + std::to_string(kMaxEmptyLinesBefore) +
                   " empty lines before the request line");
      }
      const bool ok = !method.empty() && std::all_of(method.begin(), method.end(), IsTchar) &&
                      !target.empty() &&
                      std::none_of(target.begin(), target.end(),
                                   [](unsigned char c) { return c <= 0x20 || c == 0x7f; }) &&
                      version.size() == 8 && version.starts_with("HTTP/") &&
                      std::isdigit(version[5]) && version[6] == '.' && std::isdigit(version[7]);
      if (!ok) {
        // The method and target are well formed, and one space follows the target: the version
        // is what is wrong ("HTTP/1.10", "http/1.1": HTTP-name is case-sensitive).
        if (sp2 != std::string_view::npos && !method.empty() &&
            std::all_of(method.begin(), method.end(), IsTchar) && !target.empty() &&
            std::none_of(target.begin(), target.end(),
                         [](unsigned char c) { return c <= 0x20 || c == 0x7f; }) &&
            version.find(' ') == std::string_view::npos) {
          return bad("malformed HTTP version " + Quoted(version) +
                     " in the request line: it is HTTP/ and a digit, a dot and a digit (HTTP/1.1)");
        }
        return bad("malformed request line " + Quoted(line) +
                   ": it is METHOD, the target and HTTP/1.1, one space apart");
      }
      if (version[5] != '1') {
        return HeadProblem{505, "HTTP version " + std::string(version.substr(5)) +
                                    " is not supported: this server speaks HTTP/1.1 (and 1.0)"};
      }
      if (target.find('#') != std::string_view::npos) {
        return bad("a fragment ('#') in the request target " + Quoted(target) +
                   ": a fragment is not sent in a request; leave out the '#' and what follows "
                   "(or send it as %23)");
      }
      if (HeadProblem p = CheckAbsoluteTarget(target); p.status != 0) return p;
      if (version[7] > '1') edits.push_back({sp2 + 1, version.size(), "HTTP/1.1"});
      http11 = version[7] != '0';
      continue;
    }
    if (line.empty()) {  // the end of the head
      end_at = at;
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return bad("a folded header line (obs-fold) " + Quoted(line) +
                 ": give each header on one line");
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return bad("a header line without a colon " + Quoted(line) + ": it is 'name: value'");
    }
    const std::string_view name = line.substr(0, colon);
    // A token has at least one character: ": v" passed as a header with no name (found by an
    // adversarial tester).
    if (name.empty()) {
      return bad("a header line without a name " + Quoted(line) + ": it is 'name: value'");
    }
    if (!std::all_of(name.begin(), name.end(), IsTchar)) {
      const bool space = name.find_first_of(" \t") != std::string_view::npos;
      return bad("malformed header name in " + Quoted(line) +
                 (space ? ": no whitespace is allowed before the colon"
                        : ": a name is letters, digits and !#$%&'*+-.^_`|~"));
    }
    std::string_view value = line.substr(colon + 1);
    if (std::any_of(value.begin(), value.end(),
                    [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; })) {
      return bad("a control byte in the value of " + Quoted(line), std::string(name));
    }
    value = Trim(value);
    const auto is = [&name](std::string_view want) {
      return name.size() == want.size() && std::equal(name.begin(), name.end(), want.begin(),
                                                      [](unsigned char a, unsigned char b) {
                                                        return std::tolower(a) == std::tolower(b);
                                                      });
    };
    if (is("Host")) {
      ++hosts;
      if (!ValidHost(value)) {
        return bad("malformed Host " + Quoted(value) +
                       ": it is a host name or address, then an optional :port (no spaces)",
                   "Host");
      }
    }
    // httplib drops a header line whose value is empty, so "Content-Length:" was read as no
    // length at all (a GET's 200) against the rule that a length that is not a number of bytes
    // is a 400 (found by an adversarial tester).
    if (is("Content-Length") && value.empty()) {
      return bad(
          "Content-Length '' is not a number of bytes (digits, at most "
          "18446744073709551615)",
          "Content-Length");
    }
    if (is("Transfer-Encoding") && value.empty()) {
      return HeadProblem{411, NoTransferEncoding(no_body), "Transfer-Encoding"};
    }
    if (is("Range") || is("If-Range")) edits.push_back({at, next - at, ""});
    if (is("Expect")) expects.push_back({at, next, value});
    if (is("Connection")) connections.push_back({at, next, value});
  }
  if (hosts > 1) return bad("more than one Host header", "Host");
  if (hosts == 0 && http11) return bad("no Host header: one is required in HTTP/1.1", "Host");
  // Writes the fields `lines` as one line `replacement` (in place of the first; "" drops them
  // all), or inserts it before the empty line when there is none.
  const auto one_line = [&](const std::vector<Field>& lines, const std::string& replacement) {
    if (lines.empty()) {
      if (!replacement.empty()) edits.push_back({end_at, 0, replacement});
      return;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      edits.push_back({lines[i].at, lines[i].next - lines[i].at, i == 0 ? replacement : ""});
    }
  };
  // Expect is a list of expectations (RFC 9110 10.1.1), each a token with an optional "=value"
  // and parameters, the token case-insensitive; httplib honoured only a first Expect header of
  // exactly "100-continue". An HTTP/1.0 request's is ignored (10.1.1: a server MUST ignore it;
  // 15.2: no 1xx to an HTTP/1.0 client): dropped. Other expectations are ignored, never 417.
  if (!http11) {
    one_line(expects, "");
  } else if (std::any_of(expects.begin(), expects.end(),
                         [](const Field& f) { return ListHas(f.value, "100-continue"); }) &&
             !(expects.size() == 1 && expects[0].value == "100-continue")) {
    one_line(expects, "Expect: 100-continue\r\n");
  }
  // Connection is a list of options, case-insensitive (RFC 9110 7.6.1); httplib closes only on
  // a first Connection header of exactly "close", and keeps an HTTP/1.0 connection only on
  // exactly "Keep-Alive" (curl sends "keep-alive"): otherwise it closed the connection while its
  // answer said Keep-Alive and no `Connection: close`. Written as httplib reads it.
  const bool close = std::any_of(connections.begin(), connections.end(),
                                 [](const Field& f) { return ListHas(f.value, "close"); });
  const bool keep = std::any_of(connections.begin(), connections.end(),
                                [](const Field& f) { return ListHas(f.value, "keep-alive"); });
  if (close || (!http11 && !keep)) {
    if (!(connections.size() == 1 && connections[0].value == "close")) {
      one_line(connections, "Connection: close\r\n");
    }
  } else if (!http11 && !(connections.size() == 1 && connections[0].value == "Keep-Alive")) {
    one_line(connections, "Connection: Keep-Alive\r\n");
  }
  // From the first: the connection applies them from the last, each leaving the offsets before
  // it as they were.
  std::stable_sort(edits.begin(), edits.end(),
                   [](const HeadEdit& a, const HeadEdit& b) { return a.at < b.at; });
  return {};
}

// The reason phrase of the statuses CheckHead and ReadHead answer with.
const char* Reason(int status) {
  switch (status) {
    case 411:
      return "Length Required";
    case 505:
      return "HTTP Version Not Supported";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Bad Request";
  }
}

// One connection's socket as httplib's Stream, for the connection's whole life: httplib makes one
// per request, and the bytes it had read beyond a request were lost (of two pipelined requests,
// one was answered). A read waits up to `read_ms` for data, a write up to `write_ms` for room, as
// httplib's own stream does.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int sock, int read_ms, int write_ms)
      : sock_(sock), read_ms_(read_ms), write_ms_(write_ms) {}

  bool is_readable() const override { return buffered() > 0 || Wait(POLLIN, read_ms_); }
  // As httplib's: not once the client has closed its side (no answer to a half-closed request,
  // docs/dashboard.md).
  bool is_writable() const override { return Wait(POLLOUT, write_ms_) && Alive(); }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
      if (!Wait(POLLIN, read_ms_)) return -1;
      const ssize_t n = Receive();
      if (n <= 0) return n;
    }
    const size_t n = std::min(size, buf_.size() - pos_);
    std::memcpy(ptr, buf_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  enum class Head { kComplete, kClosed, kTimedOut, kTooLarge };

  // Reads until the bytes not yet taken hold a whole request head: lines up to the first empty
  // one (a line ends at LF here; CheckHead refuses one that does not end in CRLF), or an HTTP/0.9
  // request line alone (IsSimpleRequest; CheckHead answers it 505). Its size goes
  // to `size`. Up to `empty_before` empty lines (CRLF) before the request line are dropped (RFC
  // 9112 2.2; httplib refused one); one more is left for CheckHead to refuse. kTooLarge once
  // more than `limit` bytes came without the head's end, kTimedOut when a read waited `read_ms`
  // in vain, kClosed when the client closed (or the read failed) first, or sent nothing but
  // those empty lines before the wait.
  Head ReadHead(size_t limit, size_t empty_before, size_t& size) {
    buf_.erase(0, pos_);  // what httplib took of earlier requests
    pos_ = 0;
    size_t line = 0;  // where the first line not yet seen whole starts
    for (size_t dropped = 0;;) {
      if (line == 0) {
        size_t skip = 0;
        while (dropped < empty_before && buf_.compare(skip, 2, "\r\n") == 0) {
          skip += 2;
          ++dropped;
        }
        buf_.erase(0, skip);
      }
      for (size_t lf; (lf = buf_.find('\n', line)) != std::string::npos; line = lf + 1) {
        // An HTTP/0.9 request is its request line alone: no empty line follows it.
        if ((lf == line || (lf == line + 1 && buf_[line] == '\r')) ||
            (line == pos_ && IsSimpleRequest(std::string_view(buf_).substr(pos_, lf + 1 - pos_)))) {
          size = lf + 1 - pos_;
          return size <= limit ? Head::kComplete : Head::kTooLarge;
        }
      }
      if (buf_.size() - pos_ > limit) return Head::kTooLarge;
      // Nothing but empty lines since the last request: an idle connection, closed without an
      // answer as after the keep-alive timeout (a client that ends a POST's body with a CRLF got
      // a 400 for it).
      if (!Wait(POLLIN, read_ms_)) return buf_.empty() ? Head::kClosed : Head::kTimedOut;
      if (Receive() <= 0) return Head::kClosed;
    }
  }

  // The `size` bytes of the head ReadHead found.
  std::string_view HeadBytes(size_t size) const {
    return std::string_view(buf_).substr(pos_, size);
  }

  // Replaces bytes [from, from + count) of the head (offsets from its start) with `text`, before
  // httplib reads it.
  void EditHead(size_t from, size_t count, const std::string& text) {
    buf_.replace(pos_ + from, count, text);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(false, ip, port);
  }
  socket_t socket() const override { return sock_; }

  // Bytes read from the socket and not yet taken by httplib (the start of the next request).
  size_t buffered() const { return buf_.size() - pos_; }

 private:
  bool Wait(short events, int ms) const {
    pollfd p{sock_, events, 0};
    int n;
    do {
      n = ::poll(&p, 1, ms);
    } while (n < 0 && errno == EINTR);
    return n > 0;
  }

  // httplib's is_socket_alive: the client's side is open unless a read would say it has closed.
  bool Alive() const {
    if (!Wait(POLLIN, 0)) return true;
    char c;
    return ::recv(sock_, &c, 1, MSG_PEEK) > 0;
  }

  void Address(bool peer, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    auto* a = reinterpret_cast<sockaddr*>(&addr);
    ip.clear();
    port = 0;
    if ((peer ? ::getpeername(sock_, a, &len) : ::getsockname(sock_, a, &len)) != 0) return;
    char host[NI_MAXHOST];
    char serv[NI_MAXSERV];
    if (::getnameinfo(a, len, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(serv);
    }
  }

  // Appends what one recv returns to the buffer: the count, 0 at the end, -1 on an error.
  ssize_t Receive() {
    std::array<char, 4096> chunk;
    ssize_t n;
    do {
      n = ::recv(sock_, chunk.data(), chunk.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) buf_.append(chunk.data(), static_cast<size_t>(n));
    return n;
  }

  const int sock_;
  const int read_ms_;
  const int write_ms_;
  std::string buf_;  // bytes read from the socket; those before pos_ are taken
  size_t pos_ = 0;
};

// httplib's server with its connection loop (process_and_close_socket, the virtual that httplib's
// SSLServer overrides too) replaced: the loop of httplib 0.11's detail::process_server_socket, but
// with one stream per connection (ConnectionStream) and an end after an answer that had to close
// the connection (CloseAfterAnswer). httplib alone closed only when the client asked for it.
class HttplibServer final : public httplib::Server {
 public:
  // ServerOptions::no_body_routes, for CheckHead's messages.
  void SetNoBodyRoutes(std::string no_body) { no_body_ = std::move(no_body); }

 private:
  bool process_and_close_socket(socket_t sock) override {
    ConnectionStream stream(sock, Ms(read_timeout_sec_, read_timeout_usec_),
                            Ms(write_timeout_sec_, write_timeout_usec_));
    bool written = false;
    bool linger = false;
    for (size_t left = keep_alive_max_count_; left > 0 && NextRequest(stream); --left) {
      size_t head_size = 0;
      const auto head = stream.ReadHead(kMaxHead, kMaxEmptyLinesBefore, head_size);
      if (head == ConnectionStream::Head::kClosed) break;
      std::vector<HeadEdit> edits;
      HeadProblem problem;
      if (head == ConnectionStream::Head::kTimedOut) {
        // 400 as httplib answered it (tests/bad_inputs/http.toml pins it).
        problem = {400, "malformed HTTP request: the request header did not end within " +
                            std::to_string(read_timeout_sec_) + " s"};
      } else if (head == ConnectionStream::Head::kTooLarge) {
        problem = stream.HeadBytes(kMaxHead).find('\n') == std::string_view::npos
                      ? HeadProblem{414, "request URI too long"}
                      : HeadProblem{431, "the request header is over " +
                                             std::to_string(kMaxHead / 1024) + " KiB"};
      } else {
        problem = CheckHead(stream.HeadBytes(head_size), edits, no_body_);
      }
      if (problem.status != 0) {
        written = Answer(stream, problem, stream.HeadBytes(head_size).starts_with("HEAD "));
        linger = written;
        break;
      }
      // From the last: each leaves the offsets before it as they were.
      for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
        stream.EditHead(it->at, it->count, it->text);
      }
      bool client_closes = false;
      t_close_after_answer = false;
      written = process_request(stream, left == 1, client_closes, nullptr);
      if (t_close_after_answer) {
        linger = written;
        break;
      }
      if (!written || client_closes) break;
    }
    t_close_after_answer = false;
    if (linger) Linger(sock);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return written;
  }

  static int Ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

  // A request head's bytes (request line and header lines) at most: more is 431 (414 when the
  // request line alone is longer). httplib 0.11 bounded each line (8 KiB) but not their number.
  static constexpr size_t kMaxHead = 64 * 1024;

  std::string no_body_;

  // Writes the answer to a head refused before httplib read it: JSON, `Connection: close`, as
  // FillError's and Refuse's, and the headers every answer carries (the post-routing handler's:
  // `Vary: Accept-Encoding` was missing here); no body after a HEAD request.
  static bool Answer(ConnectionStream& stream, const HeadProblem& problem, bool head) {
    nlohmann::json body{{"error", problem.error}};
    if (!problem.field.empty()) body["field"] = problem.field;
    const std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string answer =
        "HTTP/1.1 " + std::to_string(problem.status) + " " + Reason(problem.status) +
        "\r\nConnection: close\r\nContent-Length: " + std::to_string(text.size()) +
        "\r\nContent-Type: application/json\r\nVary: Accept-Encoding\r\nX-Content-Type-Options: "
        "nosniff\r\n\r\n" +
        (head ? "" : text);
    for (size_t sent = 0; sent < answer.size();) {
      const ssize_t n = stream.write(answer.data() + sent, answer.size() - sent);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Waits for the next request: true once its first bytes are there (or the client closed, which
  // process_request reads as the end), false after the keep-alive timeout or once the server
  // stops listening.
  bool NextRequest(const ConnectionStream& stream) const {
    if (stream.buffered() > 0) return true;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {
      pollfd p{stream.socket(), POLLIN, 0};
      const int n = ::poll(&p, 1, 100);
      if (n > 0) return true;
      if ((n < 0 && errno != EINTR) || std::chrono::steady_clock::now() >= deadline) return false;
    }
    return false;
  }

  // After an answer that closes the connection: says that no more is coming, then reads and drops
  // what the client still sends, until it closes or for a second at most. Closing a socket with
  // unread data resets the connection, and a reset can destroy the answer before the client has
  // read it.
  static void Linger(int sock) {
    ::shutdown(sock, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    std::array<char, 4096> sink;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      pollfd p{sock, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return;
      if (::recv(sock, sink.data(), sink.size(), 0) <= 0) return;
    }
  }
};

}  // namespace

struct Server::Impl {
  HttplibServer http;
  std::thread thread;
  std::atomic<int> fd{-1};  // the listening socket
};

Server::Server(const Api& api, ServerOptions options)
    : Server([&api](const Request& req) { return api.Handle(req); }, std::move(options)) {}

Server::Server(Handler handler, ServerOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  auto& http = impl_->http;
  const size_t threads = options_.threads > 0 ? options_.threads : 1;
  http.new_task_queue = [threads] { return new OnDemandPool(threads); };
  http.set_payload_max_length(options_.max_body_bytes);
  http.set_keep_alive_max_count(options_.keep_alive_max_requests);
  http.set_keep_alive_timeout(options_.timeout_seconds);
  http.set_read_timeout(options_.timeout_seconds);
  http.set_write_timeout(options_.timeout_seconds);
  http.set_tcp_nodelay(true);
  http.set_socket_options(SocketOptions(&impl_->fd));
  // Every method goes to the handler, which does its own routing. The regular handlers (not a
  // pre-routing handler) run after httplib has read the body and enforced its size limit.
  const auto route = ToHttplib(std::move(handler));
  http.Get(".*", route);
  http.Post(".*", route);
  http.Put(".*", route);
  http.Patch(".*", route);
  http.Delete(".*", route);
  http.Options(".*", route);
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [route](const httplib::Request& req, httplib::Response& res) {
        return FillError(req, res, route);
      }));
  // Runs on every answer, last before httplib writes it:
  // - httplib adds "Accept-Ranges: bytes" to an answer to HEAD, never to GET (RFC 9110 9.3.2: the
  //   same header fields), though the server ignores ranges (CheckHead drops Range): none;
  // - X-Content-Type-Options on every answer, the errors httplib and PreRouting answer too;
  // - httplib compresses an answer when the request's Accept-Encoding allows it, so every answer
  //   varies with it (RFC 9110 12.5.5): a cache must not serve the gzip to a client without.
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.headers.erase("Accept-Ranges");
    if (!res.has_header("X-Content-Type-Options")) {
      res.set_header("X-Content-Type-Options", "nosniff");
    }
    if (!res.has_header("Vary")) res.set_header("Vary", "Accept-Encoding");
  });
  const size_t max_body = options_.max_body_bytes;
  const std::string no_body = options_.no_body_routes;
  http.SetNoBodyRoutes(no_body);
  http.set_pre_routing_handler(
      [route, max_body, no_body](const httplib::Request& req, httplib::Response& res) {
        return PreRouting(req, res, route, max_body, no_body);
      });
  // "Expect: 100-continue": whatever PreRouting answers from the head alone (a body over the
  // limit, in a coding, chunked, on a GET; a POST without a length; a ';' in the query; an
  // unknown method) is answered at once, instead of inviting the client to send a body that
  // would only be thrown away (a GET with a length got 100 Continue, then its 400). httplib
  // writes `res` for any answer but 100 and 417. When PreRouting lets the request through, it
  // runs again after the 100 (the same verdict: it changes nothing it reads).
  http.set_expect_100_continue_handler(
      [route, max_body, no_body](const httplib::Request& req, httplib::Response& res) {
        if (PreRouting(req, res, route, max_body, no_body) ==
            httplib::Server::HandlerResponse::Handled) {
          return res.status;
        }
        return 100;
      });
}

Server::~Server() { Stop(); }

void Server::Start() {
  auto& http = impl_->http;
  const bool any = options_.port == 0;
  port_ = any ? http.bind_to_any_port(options_.host)
              : (http.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    throw InputError(Where{"", 0, "--listen"},
                     "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  // A burst of connections (100 at once from a load test) overflows a backlog of 5: the kernel
  // drops SYNs and clients retry after a second. listen() again only resizes the queue.
  if (impl_->fd >= 0) ::listen(impl_->fd, SOMAXCONN);
  impl_->thread = std::thread([&http] { http.listen_after_bind(); });
  // Stop() is a no-op until the loop runs, so wait for it (microseconds).
  while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void Server::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->http.stop();
  impl_->thread.join();
}

int RunUntilSignal(Server& server, const std::function<void(int port)>& started) {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  server.Start();
  if (started) started(server.port());
  int sig = 0;
  sigwait(&set, &sig);
  server.Stop();
  return sig;
}

int RunUntilSignal(Server& server, std::string_view host) {
  const int sig = RunUntilSignal(server, [host](int port) {
    const std::string url_host = UrlHost(host);
    std::fprintf(stderr, "gpufleet: serving on http://%s:%d/ (Ctrl-C stops)\n", url_host.c_str(),
                 port);
  });
  std::fprintf(stderr, "gpufleet: signal %d, stopping\n", sig);
  return sig;
}

}  // namespace gpufleet::serve

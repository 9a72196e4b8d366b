// gpufleet serve: a JSON API over the library and the dashboard, whose files are embedded in the
// binary (web/src/ and web/vendor/, see assets.h). Two layers:
//
//  * Handlers (Api): pure functions from a request (method, path, query, body) to a response
//    (status, content type, body). No sockets, no clock, no files: unit-tested directly.
//  * Server: cpp-httplib around a Handler (the Api's, or any other: `gpufleet export` serves
//    /metrics on it), with a thread pool started on demand up to a cap, request size limits,
//    timeouts, socket options and a graceful stop; RunUntilSignal stops it cleanly on
//    SIGINT/SIGTERM/SIGHUP/SIGQUIT. The one HTTP server core of the project.
//
// Routes (the table kRoutes in src/serve/api.cc; docs/dashboard.md has examples). GET takes
// query parameters, POST (where allowed) a JSON object; field names and domains come from the
// input table (inputs.h), and every figure in an answer has the Figure shape (figure.h):
//   GET       /api/health      {"status":"ok","version":...,"routes":[the API routes served]}
//   GET       /api/catalog     the catalog document `gpufleet catalog --format json` prints
//   GET|POST  /api/fleet       a fleet scenario: the document `gpufleet fleet --format json`
//                              prints, plus the scenario as understood, breakdowns and sources
//   GET|POST  /api/train       a training run with failures (Monte Carlo): TrainingJson, a
//                              wall-time histogram and a sampled timeline of interruptions
//   GET|POST  /api/sweep       effective training time against GPUs in one job (SweepJson)
//   GET|POST  /api/check       the claims checker: the seed article's claims (GET), or
//                              {"claims": TOML or an article's text} (required in a POST)
//   GET|POST  /api/infer       the serving model (InferDocument), "simulate": true its simulator
//   GET|POST  /api/fit         failure and restart parameters fitted to a run's figures
//   GET       /, /<file>       the dashboard (web/src/index.html, web/src/<file>, /vendor/<file>)
// Errors: 400 {"error": msg, "field": name} on malformed JSON or a bad value (the field spelt as
// the API spells it); 404 {"error"} for any other path; 405 for a known path with the wrong
// method; 411 for a chunked body; 413 for an oversized body or a simulation over the work budget
// (ApiOptions); 503 when every simulation slot is busy for 10 s (train and sweep run one
// simulation per core at a time).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "gpufleet/catalog.h"

namespace gpufleet::serve {

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // decoded path, no query: "/api/fleet"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string body;                               // raw request body
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // a 405's methods the resource takes ("GET, HEAD"), sent as Allow
};

// Work budgets of one API request, on top of the inputs' domains. The defaults are the server's
// (`gpufleet serve`); a fuzzer or a test passes smaller ones so that one request stays cheap. A
// request over a budget gets 400 {"error", "field"} naming the field (replicas, count, to,
// points), or 413 {"error"} when a replica needs more than max_events simulated events or a
// request's replicas together more than max_request_events.
struct ApiOptions {
  uint64_t max_replicas = 2000;       // /api/train "replicas"
  uint64_t max_sweep_replicas = 500;  // /api/sweep "replicas"
  double max_gpus = 1e6;              // /api/train "count", /api/sweep "to"
  int max_points = 16;                // /api/sweep "points"
  // Simulated events per replica (0 = a local program's caps: kLocalMaxEventsPerReplica for
  // training, kServingRunEvents for a serving run). 10 million is ~0.3 s of one core and ~1,000
  // times a Llama 3 run's events; without it `failure_rate=10000&restart_s=1e7` held a worker for
  // minutes. /api/infer's runs share ten times it, 100 million (ShareServingBudget,
  // infer_sim.h).
  uint64_t max_events = 10'000'000;
  // Simulated events of one /api/train or /api/sweep request, every replica and point together
  // (0 = no cap): 200 million is a few seconds of one core. Without it, 2,000 replicas each just
  // under max_events held a worker and a simulation slot for about ten minutes.
  uint64_t max_request_events = 200'000'000;
  // /api/check: evaluations of quantity terms over the posted file (claims.h, CheckOptions).
  // One is about 7 us of one core: 1 million is ~7 s. The seed article's claims need 13,634, the
  // AI-prompt claims 28,590, a 49 KB file of 177 claims with solve_for 793,845; without a cap
  // one claim chaining 1,656 serving terms with 8 solve_for variables held a worker for 58 s.
  uint64_t max_check_work = 1'000'000;
  // The server's smaller defaults, so that a bare request stays cheap: /api/train 200 replicas,
  // /api/sweep 100 replicas from 1,024 GPUs over 9 points. false: the CLI's (inputs::DefaultFor),
  // as Python takes them (it took the server's: 72 figures of gpufleet.train() differed from
  // `gpufleet train`; found by an adversarial tester).
  bool server_defaults = true;
};

// The handlers. Thread-safe: every method is const and the catalog is read-only.
class Api {
 public:
  // `catalog` must outlive the Api.
  explicit Api(const Catalog& catalog, ApiOptions options = {})
      : catalog_(catalog), options_(options) {}
  const ApiOptions& options() const { return options_; }

  // Routes `req` to its handler. Never throws: bad input becomes 400, unknown paths 404, a bug
  // 500 with a JSON error body.
  Response Handle(const Request& req) const;

 private:
  Response Route(const Request& req) const;
  const Catalog& catalog_;
  ApiOptions options_;
};

// The embedded dashboard file for a URL path ("/" -> web/src/index.html, "/app.js" ->
// web/src/app.js, "/vendor/chart.umd.js" -> web/vendor/chart.umd.js), or 404. Lookup is by exact
// name in the embedded set (assets::Find), so
// "..", "%2e%2e" or absolute paths can never reach a file outside it.
Response StaticAsset(std::string_view url_path);

// Content type for a file name by extension ("text/html; charset=utf-8", ...).
std::string_view ContentType(std::string_view path);

// What a Server serves: a function from a request to a response. Called concurrently from the
// worker threads, so it must be thread-safe. An exception it throws becomes a 500 with a JSON
// error body.
using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";      // loopback by default; "0.0.0.0" exposes the server
  int port = 8080;                     // 0 picks a free port (see Server::port())
  int threads = 512;                   // most worker threads, started on demand; each open
                                       // connection (a slow one too) holds one until it closes
  size_t max_body_bytes = 64 * 1024;   // larger bodies get 413
  int keep_alive_max_requests = 1000;  // then the connection closes, freeing its worker
  int timeout_seconds = 5;             // read/write/keep-alive timeouts
  // Empty: the API's wording in the server's own refusals of a request body (a GET's body, a
  // chunked or compressed one, a POST without a length). Else no route takes a body, and this
  // names what the server serves instead ("GET /metrics", the exporter's): "a request body is not
  // accepted: this server serves GET /metrics, which takes none".
  std::string no_body_routes;
};

// An HTTP server around a Handler. Not copyable. Start() binds and serves on a background
// thread; Stop() (or the destructor) waits for in-flight requests and joins it. Errors httplib
// answers itself (400, 413, 414) get a JSON body {"error": ...}; chunked request bodies get 411
// unread, compressed ones (Content-Encoding) 415; "Expect: 100-continue" (in any case) over the
// body limit gets 413 at once; a request head is checked before httplib reads it (400; 505 for
// HTTP/2.0 and up, while HTTP/1.2 to 1.9 are served as 1.1; up to 8 empty lines before the
// request line are ignored). An error answered before the request was read whole closes the
// connection (docs/dashboard.md, "Errors and limits").
class Server {
 public:
  // Serves api.Handle; `api` must outlive the Server.
  Server(const Api& api, ServerOptions options);
  // Serves `handler` for every method and path.
  Server(Handler handler, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and starts serving. Throws InputError (field "listen") when the address
  // cannot be bound.
  void Start();
  // The bound port (useful with port 0). Valid after Start().
  int port() const { return port_; }
  // Stops accepting, finishes in-flight requests, joins the serving thread. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ServerOptions options_;
  int port_ = 0;
};

// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT in the calling thread (call before any thread
// starts, so every thread inherits the mask), starts `server` (throws as Start() does), calls
// `started(port)` once it serves, waits for one of the signals and stops the server. Returns the
// signal number received.
int RunUntilSignal(Server& server, const std::function<void(int port)>& started);
// The same, printing "gpufleet: serving on http://HOST:PORT/ (Ctrl-C stops)" to stderr.
int RunUntilSignal(Server& server, std::string_view host);

// The one listen-address parser (`serve --listen`, `export --listen`): "127.0.0.1:8080",
// "localhost:0", "[::1]:9400", "0.0.0.0:80" -> host (brackets removed), port. The host must be
// an IPv4 or IPv6 address or "localhost". Throws InputError (field "--listen") on a malformed
// address, a host that is not an address, or a port that is not an integer in 0..65535.
std::pair<std::string, int> ParseListen(std::string_view listen);
// `host` as a URL writes it: an IPv6 address in brackets ("[::1]"), anything else as it is.
std::string UrlHost(std::string_view host);
// Whether a ParseListen host is a loopback address: "localhost", 127.0.0.0/8, "::1", and
// 127.x as an IPv4-mapped IPv6 address ("::ffff:127.0.0.1").
bool IsLoopback(std::string_view host);

}  // namespace gpufleet::serve

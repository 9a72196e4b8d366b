// gpufleet export [--listen 127.0.0.1:9400]: a Prometheus exporter. A Meter samples every GPU
// and RAPL domain in the background; GET /metrics renders its state (PrometheusText); every
// other path is 404. Binds loopback unless told otherwise; stops cleanly on SIGINT, SIGTERM,
// SIGHUP or SIGQUIT. Runs on serve::Server, the HTTP core `gpufleet serve` uses (thread pool,
// timeouts, body limits, socket options).
#include <iostream>

#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/serve.h"
#include "measure/child.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_export {
namespace {

struct Flags {
  SourceFlags sources;
  SiteFlags site;
  std::string listen = "127.0.0.1:9400", interval = "1s";
};

// Prometheus scrapes one connection at a time, but every open connection holds a worker until
// it closes, a slow client (a header one byte a second) indefinitely: with 8 workers, 8 slow
// clients stalled the scrape. Workers start on demand (serve::Server), so this cap costs nothing
// until that many connections are open (bench/attack_serve.py: 200 slow clients). The same
// cap as `serve`'s default.
const int kExportThreads = serve::ServerOptions{}.threads;

// The text exposition format's content type, with the charset it recommends (the text is UTF-8).
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";

// GET /metrics renders the meter's state; every other path is 404. Every error is JSON
// ({"error": ...}, the server's own refusals' shape: 400, 411, 413, 415 ...), in the exporter's
// words; 404 and 405 were text/plain beside them.
serve::Handler MetricsHandler(const Meter& meter, const SiteFactors& site) {
  return [&meter, site](const serve::Request& req) {
    if (req.path != "/metrics") {
      return serve::Response{404, "application/json",
                             R"({"error":"not found: the metrics are at /metrics"})"};
    }
    if (req.method != "GET" && req.method != "HEAD") {
      return serve::Response{405, "application/json",
                             R"({"error":"method not allowed: use GET /metrics"})", "GET, HEAD"};
    }
    return serve::Response{200, kMetricsType, PrometheusText(meter.Snapshot(), site)};
  };
}

int RunExport(const Flags& f) {
  const auto [host, port] = serve::ParseListen(f.listen);
  MeterOptions mo;
  mo.interval = ParseSamplingInterval(f.interval);
  const SiteFactors site = ResolveSite(f.site);
  BlockForwardedSignals();  // before any thread: only RunUntilSignal's sigwait takes them
  Meter meter(OpenSources(f.sources), mo);
  serve::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = kExportThreads;
  options.no_body_routes = "GET /metrics";  // the refusals of a body say so, not the API's words
  serve::Server server(MetricsHandler(meter, site), options);
  meter.Start();
  try {
    serve::RunUntilSignal(server, [&](int bound) {
      for (const auto& n : meter.Snapshot().notes) {
        std::cerr << "gpufleet export: note: " << n << "\n";
      }
      if (!serve::IsLoopback(host)) {
        std::cerr << "gpufleet export: warning: listening beyond loopback on " << host << "\n";
      }
      std::cerr << "gpufleet export: serving http://" << serve::UrlHost(host) << ":" << bound
                << "/metrics\n";
    });
  } catch (...) {
    meter.Stop();
    throw;
  }
  meter.Stop();
  std::cerr << "gpufleet export: stopped\n";
  return 0;
}

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  AddSourceOptions(app, f->sources);
  AddSiteOptions(app, f->site);
  app.add_option("--listen", f->listen,
                 "HOST:PORT to serve /metrics on (default 127.0.0.1:9400; "
                 "port 0 picks a free one)");
  app.add_option("--interval", f->interval, "Sampling interval (default 1s)");
  return [f] { return RunExport(*f); };
}

Registration reg{"export", "Serve GPU and CPU power and energy as Prometheus metrics", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_export

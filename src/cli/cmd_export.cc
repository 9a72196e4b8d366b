// gpufleet export [--listen 127.0.0.1:9400]: a Prometheus exporter. A Meter samples every GPU
// and RAPL domain in the background; GET /metrics renders its state (PrometheusText); every
// other path is 404. Binds loopback unless told otherwise; stops cleanly on SIGINT/SIGTERM.
#include <httplib.h>
#include <pthread.h>

#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/error.h"
#include "measure/child.h"

namespace gpufleet::cli {
namespace {

struct Flags {
  SourceFlags sources;
  SiteFlags site;
  std::string listen = "127.0.0.1:9400", interval = "1s";
};

std::pair<std::string, int> ParseListen(const std::string& text) {
  const size_t colon = text.rfind(':');
  const Where where{"<flag>", 0, "--listen"};
  if (colon == std::string::npos || colon == 0) throw InputError(where, "expected HOST:PORT");
  const double port = ParseNumber(text.substr(colon + 1), "--listen");
  if (port < 0 || port > 65535 || port != static_cast<int>(port)) {
    throw InputError(where, "port must be 0..65535");
  }
  return {text.substr(0, colon), static_cast<int>(port)};
}

void Limit(httplib::Server& svr) {
  svr.new_task_queue = [] { return new httplib::ThreadPool(2); };
  svr.set_payload_max_length(4096);
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);
  svr.set_keep_alive_max_count(100);
  svr.set_keep_alive_timeout(5);
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_content(res.status == 404 ? "not found: the metrics are at /metrics\n" : "error\n",
                    "text/plain");
  });
}

int RunExport(const Flags& f) {
  const auto [host, port] = ParseListen(f.listen);
  MeterOptions mo;
  mo.interval = ParseSamplingInterval(f.interval);
  const SiteFactors site = ResolveSite(f.site);
  BlockForwardedSignals();  // before any thread: only the waiter below takes them
  Meter meter(OpenSources(f.sources), mo);
  httplib::Server svr;
  Limit(svr);
  svr.Get("/metrics", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(PrometheusText(meter.Snapshot(), site), "text/plain; version=0.0.4");
  });
  const int bound =
      port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "gpufleet export: cannot listen on " << f.listen << "\n";
    return 1;
  }
  meter.Start();
  for (const auto& n : meter.Snapshot().notes) std::cerr << "gpufleet export: note: " << n << "\n";
  if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
    std::cerr << "gpufleet export: warning: listening beyond loopback on " << host << "\n";
  }
  std::cerr << "gpufleet export: serving http://" << host << ":" << bound << "/metrics\n";
  std::thread waiter([&svr] {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, s);
    int sig = 0;
    sigwait(&set, &sig);
    svr.stop();
  });
  const bool ok = svr.listen_after_bind();
  if (!svr.is_running() && waiter.joinable()) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  meter.Stop();
  std::cerr << "gpufleet export: stopped\n";
  return ok ? 0 : 1;
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
}  // namespace gpufleet::cli

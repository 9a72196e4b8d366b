// gpufleet serve: the JSON API and the dashboard on http://127.0.0.1:8080/ (docs/dashboard.md).
#include <iostream>

#include "cli/command.h"
#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/serve.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_serve {
namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  int threads = serve::ServerOptions{}.threads;
  std::string catalog_dir;
};

Run Setup(CLI::App& app) {
  auto opt = std::make_shared<Options>();
  app.add_option("--listen", opt->listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->default_str(opt->listen);
  app.add_option("--threads", opt->threads,
                 "Most worker threads, started on demand (each open connection holds one)")
      ->check(CLI::Range(1, 1024))
      ->default_str(std::to_string(opt->threads));
  AddCatalogOption(app, opt->catalog_dir);
  return [opt] {
    const auto [host, port] = serve::ParseListen(opt->listen);
    const Catalog catalog = Catalog::Load(opt->catalog_dir);
    // Said at start, as `catalog` says it: the server answered each /api/train with an unknown
    // failure model and nothing before (found by an adversarial tester).
    const std::shared_ptr<const FailureModelSet> models = CatalogFailureModels(catalog);
    if (models != nullptr && models->models.empty()) {
      std::cerr
          << "gpufleet: warning: " << opt->catalog_dir
          << " has no failure_models.toml: no failure models, so every /api/train and "
             "/api/sweep request is refused (a catalog directory replaces the embedded catalog "
             "whole; copy data/failure_models.toml there)\n";
    }
    const serve::Api api(catalog);
    serve::ServerOptions options;
    options.host = host;
    options.port = port;
    options.threads = opt->threads;
    serve::Server server(api, options);
    serve::RunUntilSignal(server, host);
    return 0;
  };
}

Registration reg{"serve", "Serve the JSON API and the dashboard (loopback by default)", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_serve

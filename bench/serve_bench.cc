// Benchmarks of the HTTP API's handlers without sockets: /api/fleet with the query of
// bench/wrk_serve.sh (the model, its tables and the JSON of every request) against a peer in the
// same run, the static /index.html route (an embedded file looked up by name). wrk_serve.sh
// measures the same two routes through cpp-httplib; aim (issue 11): /api/fleet at least 0.5x the
// static route's requests/s there, so the handler itself must cost well under the HTTP stack.
#include <benchmark/benchmark.h>

#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"

namespace gpufleet::serve {
namespace {

Request Get(const std::string& path, std::multimap<std::string, std::string> query = {}) {
  return Request{"GET", path, std::move(query), ""};
}

// Handles `req` once per iteration; items and bytes answered per second. One call first, outside
// the timing: what the catalog keeps once (Catalog::Derived) is built then, not in the loop.
void HandleLoop(benchmark::State& state, const Api& api, const Request& req) {
  (void)api.Handle(req);
  size_t bytes = 0;
  for (auto _ : state) {
    const Response r = api.Handle(req);
    if (r.status != 200) state.SkipWithError(r.body.c_str());
    bytes += r.body.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_ApiFleet(benchmark::State& state) {
  const Catalog& catalog = Catalog::Embedded();
  const Api api(catalog);
  const std::string gpu = catalog.All("gpu").front()->id;
  const Request req = Get(
      "/api/fleet", {{"gpu", gpu}, {"count", "300k..350k"}, {"load", "0.6..0.8"}, {"pue", "1.08"}});
  HandleLoop(state, api, req);
}
BENCHMARK(BM_ApiFleet)->Unit(benchmark::kMicrosecond);

void BM_ApiStaticIndex(benchmark::State& state) {
  const Api api(Catalog::Embedded());
  HandleLoop(state, api, Get("/index.html"));
}
BENCHMARK(BM_ApiStaticIndex)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace gpufleet::serve

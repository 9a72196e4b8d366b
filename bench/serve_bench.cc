// Benchmarks of the HTTP API's handlers without sockets: /api/fleet with the query of
// bench/wrk_serve.sh (the model, its tables and the JSON of every request) against a peer in the
// same run, the static /index.html route (an embedded file looked up by name). wrk_serve.sh
// measures the same two routes through cpp-httplib; aim (issue 11): /api/fleet at least 0.5x the
// static route's requests/s there, so the handler itself must cost well under the HTTP stack.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"

// Heap allocations made through operator new in this binary, counted so that the handlers'
// benchmarks can report allocations per request (each one a trip through malloc and free, which
// under a loaded server's 100 threads costs more than its instructions: docs/validation.md).
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

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
  const long allocations = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) {
    const Response r = api.Handle(req);
    if (r.status != 200) state.SkipWithError(r.body.c_str());
    bytes += r.body.size();
  }
  state.counters["allocs_per_request"] =
      static_cast<double>(g_allocations.load(std::memory_order_relaxed) - allocations) /
      static_cast<double>(state.iterations());
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

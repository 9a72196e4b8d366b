// libFuzzer target: the HTTP API's request handling (Api::Handle) on arbitrary method, path,
// query and body. It must never throw, never answer 5xx, and always answer JSON for /api/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/serve.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gpufleet::Catalog& catalog = gpufleet::Catalog::Embedded();
  static const gpufleet::serve::Api api(catalog);
  // Layout: byte 0 picks method and route, then "key=value&..." query up to '\n', then the body.
  static const char* kPaths[] = {"/api/fleet", "/api/catalog", "/api/health", "/api/nope",
                                 "/api/check", "/",            "/index.html", "/../etc/passwd",
                                 "/%2e%2e/x"};
  if (size == 0) return 0;
  gpufleet::serve::Request req;
  req.method = (data[0] & 1) ? "POST" : "GET";
  std::string path = kPaths[(data[0] >> 1) % 9];
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  // /api/train and /api/sweep run Monte Carlo with the server's budgets; api_routes_fuzz drives
  // them (and every other route) with small work budgets. This target stays on the parsing routes.
  const size_t nl = rest.find('\n');
  std::string query = rest.substr(0, nl == std::string::npos ? 0 : nl);
  req.body = nl == std::string::npos ? rest : rest.substr(nl + 1);
  size_t pos = 0;
  while (pos < query.size()) {
    const size_t amp = std::min(query.find('&', pos), query.size());
    const std::string kv = query.substr(pos, amp - pos);
    const size_t eq = kv.find('=');
    if (eq != std::string::npos) req.query.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    pos = amp + 1;
  }
  req.path = path;
  const gpufleet::serve::Response r = api.Handle(req);
  if (r.status >= 500) std::abort();
  return 0;
}

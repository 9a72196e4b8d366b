// Api: routes a Request to its handler and maps errors to status codes.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/serve.h"
#include "gpufleet/version.h"
#include "serve/handlers.h"

namespace gpufleet::serve {
namespace {

// One API route. GET passes the query as a JSON object of strings; POST (when allowed) the body.
struct ApiRoute {
  std::string_view path;
  bool allows_post;
  Json (*handler)(const Catalog&, const Json& input, const ApiOptions& budget);
};

Json Health(const Catalog&, const Json&, const ApiOptions&);

const ApiRoute kRoutes[] = {
    {"/api/health", false, &Health},
    {"/api/catalog", false,
     [](const Catalog& c, const Json&, const ApiOptions&) { return CatalogJson(c); }},
    {"/api/fleet", true,
     [](const Catalog& c, const Json& in, const ApiOptions&) { return FleetJson(c, in); }},
    {"/api/train", true, &TrainJson},
    {"/api/sweep", true, &SweepApiJson},
    {"/api/check", true,
     [](const Catalog& c, const Json& in, const ApiOptions&) { return CheckJson(c, in); }},
};

Json Health(const Catalog&, const Json&, const ApiOptions&) {
  Json routes = Json::array();
  for (const ApiRoute& r : kRoutes) routes.push_back(r.path);
  return Json{{"status", "ok"}, {"version", std::string(kVersion)}, {"routes", routes}};
}

Response JsonResponse(int status, const Json& body) {
  // Replace invalid UTF-8 (from a hostile field name echoed in an error) instead of throwing.
  return Response{status, "application/json",
                  body.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

Response Error(int status, const std::string& message, const std::string& field = "") {
  Json body{{"error", message}};
  if (!field.empty()) body["field"] = field;
  return JsonResponse(status, body);
}

Response CallRouteNow(const ApiRoute& route, const Catalog& catalog, const ApiOptions& budget,
                      const Request& req) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (req.method == "POST" && route.allows_post) {
    return JsonResponse(200, route.handler(catalog, ParseBody(req.body), budget));
  }
  if (!get) return Error(405, route.allows_post ? "use GET or POST" : "use GET");
  return JsonResponse(200, route.handler(catalog, QueryToJson(req.query), budget));
}

// The Monte Carlo routes are CPU-bound for seconds; more of them at once than there are cores
// only slows each one and starves the light routes (/api/health p99 went from 11 ms to 110 ms
// with 6 at once on 2 loaded cores, bench/attack_serve.py). At most one per core runs; the others
// wait for a slot up to kSimulationWait, then get 503.
constexpr auto kSimulationWait = std::chrono::seconds(10);

// A slot for one simulation, held for the object's life; ok() is false after kSimulationWait.
class SimulationSlot {
 public:
  SimulationSlot() {
    std::unique_lock<std::mutex> lock(mutex_);
    ok_ = cond_.wait_for(lock, kSimulationWait, [] { return running_ < Slots(); });
    if (ok_) ++running_;
  }
  ~SimulationSlot() {
    if (!ok_) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
    }
    cond_.notify_one();
  }
  SimulationSlot(const SimulationSlot&) = delete;
  SimulationSlot& operator=(const SimulationSlot&) = delete;
  bool ok() const { return ok_; }

 private:
  static unsigned Slots() { return std::max(1u, std::thread::hardware_concurrency()); }
  static inline std::mutex mutex_;
  static inline std::condition_variable cond_;
  static inline unsigned running_ = 0;
  bool ok_ = false;
};

Response CallRoute(const ApiRoute& route, const Catalog& catalog, const ApiOptions& budget,
                   const Request& req) {
  if (route.path != "/api/train" && route.path != "/api/sweep") {
    return CallRouteNow(route, catalog, budget, req);
  }
  const SimulationSlot slot;
  if (!slot.ok()) {
    return Error(503, "busy: as many simulations are running as there are cores; retry later");
  }
  return CallRouteNow(route, catalog, budget, req);
}

}  // namespace

Response Api::Handle(const Request& req) const {
  try {
    return Route(req);
  } catch (const WorkBudgetError& e) {
    return Error(413, e.detail());
  } catch (const InputError& e) {
    const InputError spelt = inputs::Respell(e, inputs::Spelling::kApi);
    return Error(400, spelt.detail(), spelt.where().field);
  } catch (const std::exception& e) {
    return Error(500, std::string("internal error: ") + e.what());
  }
}

Response Api::Route(const Request& req) const {
  for (const ApiRoute& route : kRoutes) {
    if (req.path == route.path) return CallRoute(route, catalog_, options_, req);
  }
  if (req.path.starts_with("/api/")) return Error(404, "no such API route: " + req.path);
  if (req.method != "GET" && req.method != "HEAD") return Error(405, "use GET");
  Response asset = StaticAsset(req.path);
  if (asset.status == 404) return Error(404, "not found: " + req.path);
  return asset;
}

}  // namespace gpufleet::serve

// Api: routes a Request to its handler and maps errors to status codes.
#include <exception>

#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/serve.h"
#include "gpufleet/version.h"
#include "serve/handlers.h"
#include "serve/simulation_slot.h"

namespace gpufleet::serve {
namespace {

// One API route. GET passes the query as a JSON object of strings; POST (when allowed) the body.
// A route answers with a JSON value (`handler`), or with JSON text it writes itself (`text`, for
// /api/fleet: no DOM on the busiest route); exactly one of the two is set. `post`, where set,
// answers a POST in `handler`'s place (/api/check: a POST must give its claims).
struct ApiRoute {
  using JsonHandler = Json (*)(const Catalog&, const Json& input, const ApiOptions& budget);
  std::string_view path;
  bool allows_post;
  JsonHandler handler;
  std::string (*text)(const Catalog&, const Json& input, const ApiOptions& budget) = nullptr;
  JsonHandler post = nullptr;
};

Json Health(const Catalog&, const Json&, const ApiOptions&);

// Routes that take no input refuse one, as the others refuse an unknown field
// (/api/catalog?kind=gpu was answered in full, as if the parameter meant something).
void NoFields(const Json& input) {
  if (!input.empty()) throw Bad(input.begin().key(), "unknown field; this route takes none");
}

const ApiRoute kRoutes[] = {
    {"/api/health", false, &Health},
    {"/api/catalog", false,
     [](const Catalog& c, const Json& in, const ApiOptions&) {
       NoFields(in);
       return CatalogJson(c);
     }},
    {"/api/fleet", true, nullptr,
     [](const Catalog& c, const Json& in, const ApiOptions&) { return FleetAnswer(c, in); }},
    {"/api/train", true, &TrainJson},
    {"/api/sweep", true, &SweepApiJson},
    {"/api/check", true,
     // A GET checks the seed article's claims and takes no fields (docs/dashboard.md), as
     // /api/health and /api/catalog take none: ?claims=x was checked as an article, outside the
     // POST's body limit (found by an adversarial tester).
     [](const Catalog& c, const Json& in, const ApiOptions& o) {
       if (!in.empty()) {
         throw Bad(in.begin().key(),
                   "a GET takes no fields (it checks the seed article's claims); POST "
                   "{\"claims\": \"...\"} with a claims file's or an article's text to check it");
       }
       return CheckJson(c, in, o.max_check_work);
     },
     nullptr,
     // A POST of {} was answered with the seed article's verdicts, as if a file had been
     // checked (found by an adversarial tester): a POST sends the claims it means.
     [](const Catalog& c, const Json& in, const ApiOptions& o) {
       return CheckJson(c, in, o.max_check_work, /*claims_required=*/true);
     }},
    {"/api/infer", true, &InferApiJson},
    {"/api/fit", true,
     [](const Catalog&, const Json& in, const ApiOptions&) { return FitApiJson(in); }},
};

Json Health(const Catalog&, const Json& input, const ApiOptions&) {
  NoFields(input);
  Json routes = Json::array();
  for (const ApiRoute& r : kRoutes) routes.push_back(r.path);
  return Json{{"status", "ok"}, {"version", std::string(kVersion)}, {"routes", routes}};
}

Response JsonResponse(int status, const Json& body) {
  // Replace invalid UTF-8 (from a hostile field name echoed in an error) instead of throwing.
  return Response{status, "application/json",
                  body.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

Response Error(int status, const std::string& message, const std::string& field = "",
               bool named = false) {
  Json body{{"error", message}};
  if (!field.empty() || named) body["field"] = field;
  return JsonResponse(status, body);
}

Response Answer(const ApiRoute& route, const Catalog& catalog, const ApiOptions& budget,
                const Json& input, bool post = false) {
  if (route.text != nullptr) {
    return Response{200, "application/json", route.text(catalog, input, budget)};
  }
  return JsonResponse(
      200, (post && route.post != nullptr ? route.post : route.handler)(catalog, input, budget));
}

Response CallRoute(const ApiRoute& route, const Catalog& catalog, const ApiOptions& budget,
                   const Request& req) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  // Fields come from one place: a POST's query and a GET's body were ignored without a word, an
  // unknown field in them too (found by an adversarial tester).
  if (req.method == "POST" && route.allows_post) {
    if (!req.query.empty()) {
      throw Bad(req.query.begin()->first,
                "a POST takes its fields in the body; give this one there, not in the query");
    }
    const Body body = ParseBody(req.body);
    Response answer = Answer(route, catalog, budget, body.value, /*post=*/true);
    // Not reached while no field takes an object: the route refused the field first.
    if (body.nested_duplicate) {
      throw Bad(body.nested_duplicate_field.empty() ? "body" : body.nested_duplicate_field,
                "key '" + body.nested_duplicate_key + "' given more than once inside it");
    }
    return answer;
  }
  if (get && !req.body.empty()) {
    throw Bad("body", kGetTakesTheQuery);
  }
  if (!get) {
    Response r = Error(405, route.allows_post ? "use GET or POST" : "use GET");
    r.allow = route.allows_post ? "GET, HEAD, POST" : "GET, HEAD";
    return r;
  }
  return Answer(route, catalog, budget, QueryToJson(req.query));
}

}  // namespace

Response Api::Handle(const Request& req) const {
  try {
    return Route(req);
  } catch (const WorkBudgetError& e) {
    // Spelt like a 400's: the advice names inputs (`sim_hours`).
    return Error(413, inputs::Respell(e, inputs::Spelling::kApi).detail());
  } catch (const ServerBusy& e) {
    return Error(503, e.what());
  } catch (const InputError& e) {
    const InputError spelt = inputs::Respell(e, inputs::Spelling::kApi);
    // A JSON key "" is a field too: named as "" (Bad says so in the message).
    const bool empty_key = spelt.where().file == "<http>" && spelt.where().field.empty() &&
                           spelt.detail().starts_with(kEmptyKey);
    return Error(400, spelt.detail(), spelt.where().field, empty_key);
  } catch (const std::exception& e) {
    return Error(500, std::string("internal error: ") + e.what());
  }
}

Response Api::Route(const Request& req) const {
  for (const ApiRoute& route : kRoutes) {
    if (req.path == route.path) return CallRoute(route, catalog_, options_, req);
  }
  if (req.path.starts_with("/api/")) return Error(404, "no such API route: " + req.path);
  Response asset = StaticAsset(req.path);
  // A path with nothing behind it is 404 whatever the method (POST /x was 405, "use GET").
  if (asset.status == 404) return Error(404, "not found: " + req.path);
  if (req.method != "GET" && req.method != "HEAD") {
    Response r = Error(405, "use GET");
    r.allow = "GET, HEAD";
    return r;
  }
  return asset;
}

}  // namespace gpufleet::serve

// libFuzzer target: every API route (/api/health, catalog, fleet, train, sweep, check, the static
// files, unknown paths) through the real handlers (Api::Handle), the simulator included, with
// small work budgets (ApiOptions) so that one request stays cheap. Requests are built from the
// input with FuzzedDataProvider: GET queries and POST JSON bodies whose fields are mostly the
// input table's names (inputs::All(), so the fuzzer reaches the real parsers and the simulator)
// with numbers, unit and range strings, catalog ids or random values, plus random names and raw
// bodies.
//
// Invariants (abort on violation):
//  * no exception escapes Api::Handle;
//  * the status is 200, 400, 404, 405 or 413: never a 5xx. (503 is what a request gets after
//    waiting 10 s for a simulation slot; this fuzzer is single-threaded, so a slot is always
//    free and a 503 means a slot leaked);
//  * the body of an /api/ route is valid JSON, an object;
//  * every 4xx body is a JSON object with a string "error".
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/failure_model.h"
#include "gpufleet/inputs.h"
#include "gpufleet/serve.h"

namespace {

using Json = nlohmann::json;

// The small budgets: a request simulates at most 4 replicas (2 per sweep point, 3 points) of at
// most 3,000 events each, on at most 4096 GPUs.
gpufleet::serve::ApiOptions SmallBudget() {
  gpufleet::serve::ApiOptions o;
  o.max_replicas = 4;
  o.max_sweep_replicas = 2;
  o.max_gpus = 4096;
  o.max_points = 3;
  o.max_events = 3000;
  return o;
}

const char* const kPaths[] = {
    "/api/health", "/api/catalog", "/api/fleet",  "/api/train", "/api/sweep",  "/api/check",
    "/api/train",  "/api/sweep",   "/api/fleet",  "/",          "/index.html", "/app.js",
    "/style.css",  "/vendor/x.js", "/api/nope",   "/api/",      "/nope",       "/../etc/passwd",
    "/%2e%2e/x",   "/api/train/",  "/API/health", "/api/fit"};
const char* const kMethods[] = {"GET", "POST", "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"};
// Names that are not in the input table but that routes read, old names, near misses.
const char* const kExtraNames[] = {"from",  "to",     "points", "claims", "interval_h",  "system",
                                   "Count", "count ", "",       "gpu[]",  "replicas\x01"};
const char* const kUnits[] = {"",  "s", "ms", "m",  "h",   "d",  "w",  "y",  "k", "M",
                              "G", "T", "%",  " s", "min", "us", "ns", "e3", "x"};
const char* const kNumbers[] = {"0",     "1",       "-1",   "2",    "4",      "16",   "0.5",
                                "1e-50", "1e300",   "nan",  "inf",  "-0",     "1e6",  "4096",
                                "16384", "1e9",     "3.5",  "0x10", "1_000",  "",     "1e-9",
                                "405e9", "15.6e12", "0.38", "9e18", "1e-300", "2000", "7"};

struct Names {
  std::vector<std::string> fields;  // input table names and kExtraNames
  std::vector<std::string> ids;     // catalog and failure-model ids
};

const Names& AllNames() {
  static const Names names = [] {
    Names n;
    for (const gpufleet::inputs::Input& in : gpufleet::inputs::All()) n.fields.push_back(in.name);
    for (const char* x : kExtraNames) n.fields.push_back(x);
    const gpufleet::Catalog& c = gpufleet::Catalog::Embedded();
    for (const char* kind : {"gpu", "site", "system"}) {
      for (const auto* e : c.All(kind)) n.ids.push_back(e->id);
    }
    for (const gpufleet::FailureModel& m : gpufleet::EmbeddedFailureModels()) {
      n.ids.push_back(m.id);
    }
    n.ids.push_back("no-such-id");
    n.ids.push_back("");
    return n;
  }();
  return names;
}

template <size_t N>
const char* Pick(FuzzedDataProvider& fdp, const char* const (&xs)[N]) {
  return xs[fdp.ConsumeIntegralInRange<size_t>(0, N - 1)];
}

std::string PickOf(FuzzedDataProvider& fdp, const std::vector<std::string>& xs) {
  return xs[fdp.ConsumeIntegralInRange<size_t>(0, xs.size() - 1)];
}

// A number as text, maybe with a unit, maybe a range (of at most three numbers: an exhausted
// provider gives 0 for every choice).
std::string NumberText(FuzzedDataProvider& fdp, int depth = 0) {
  std::string s;
  switch (fdp.ConsumeIntegralInRange(0, 3)) {
    case 0:
      s = Pick(fdp, kNumbers);
      break;
    case 1:
      s = std::to_string(fdp.ConsumeIntegralInRange<int64_t>(-10, 100000));
      break;
    case 2:
      s = Json(fdp.ConsumeFloatingPoint<double>()).dump();
      break;
    default:
      s = std::to_string(fdp.ConsumeProbability<double>() * 100);
      break;
  }
  s += Pick(fdp, kUnits);
  if (depth < 2 && fdp.ConsumeIntegralInRange(0, 5) == 0) s += ".." + NumberText(fdp, depth + 1);
  return s;
}

// A JSON value for a field: numbers, unit and range strings, ids, odd types.
Json Value(FuzzedDataProvider& fdp, int depth = 0) {
  switch (fdp.ConsumeIntegralInRange(0, 9)) {
    case 0:
    case 1:
      return fdp.ConsumeIntegralInRange<int64_t>(0, 20000);
    case 2:
      return fdp.ConsumeFloatingPoint<double>();  // may be inf or NaN: dumps as null
    case 3:
    case 4:
      return NumberText(fdp);
    case 5:
      return PickOf(fdp, AllNames().ids);
    case 6:
      return fdp.ConsumeRandomLengthString(64);
    case 7:
      return fdp.ConsumeBool() ? Json(nullptr) : Json(fdp.ConsumeBool());
    case 8:
      if (depth < 2) return Json::array({Value(fdp, depth + 1), Value(fdp, depth + 1)});
      return Json::array();
    default:
      if (depth < 2) return Json{{PickOf(fdp, AllNames().fields), Value(fdp, depth + 1)}};
      return Json::object();
  }
}

std::string FieldName(FuzzedDataProvider& fdp) {
  if (fdp.ConsumeIntegralInRange(0, 7) == 0) return fdp.ConsumeRandomLengthString(24);
  return PickOf(fdp, AllNames().fields);
}

// A number as TOML writes it.
std::string TomlNumber(FuzzedDataProvider& fdp) {
  static const char* const kToml[] = {"0",    "1",     "-1",     "0.5",  "1e-50",  "1e300", "nan",
                                      "inf",  "-0.0",  "1e6",    "4096", "16384",  "1e9",   "3.5",
                                      "0x10", "1_000", "350000", "8760", "-1e308", "2.5e-3"};
  if (fdp.ConsumeBool()) return Pick(fdp, kToml);
  return std::to_string(fdp.ConsumeIntegralInRange<int64_t>(-10, 10000000));
}

// A claims file for /api/check: one claim with fuzzed numbers, quantity, unit and solve_for, or
// random text. (Without "claims" the route checks the seed article's 30 claims, about 2 s
// instrumented: the harness leaves it out but for 1 request in 64.)
std::string ClaimsText(FuzzedDataProvider& fdp) {
  if (fdp.ConsumeIntegralInRange(0, 3) == 0) return fdp.ConsumeRandomLengthString(256);
  static const char* const kQuantities[] = {
      "length_m", "energy_facility_kwh", "count", "power_facility_w", "cost_usd", "no_such", ""};
  static const char* const kClaimUnits[] = {"km", "m", "GWh", "MW", "USD", "", "x", "%"};
  std::string t = "title = \"t\"\n[scenario]\ngpu = \"" + PickOf(fdp, AllNames().ids) +
                  "\"\ncount = " + TomlNumber(fdp) + "\nhours = " + TomlNumber(fdp) +
                  "\n[[claim]]\nid = \"c\"\nsentence = 1\nwords = \"w\"\nquantity = \"" +
                  Pick(fdp, kQuantities) + "\"\nvalue = " + TomlNumber(fdp) + "\nunit = \"" +
                  Pick(fdp, kClaimUnits) + "\"\n";
  if (fdp.ConsumeBool()) {
    t += "solve_for = [\"" + PickOf(fdp, AllNames().fields) + "\"]\n";
  }
  if (fdp.ConsumeBool()) {
    t += "[[claim.reading]]\nlabel = \"r\"\nscenario = { gpu = \"" + PickOf(fdp, AllNames().ids) +
         "\" }\n";
  }
  return t;
}

// The value as a query string would carry it.
std::string QueryText(const Json& v) {
  return v.is_string() ? v.get<std::string>()
                       : v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

[[noreturn]] void Fail(const char* what, const gpufleet::serve::Request& req,
                       const gpufleet::serve::Response& r) {
  std::fprintf(stderr, "api_routes_fuzz: %s\n%s %s\nquery:", what, req.method.c_str(),
               req.path.c_str());
  for (const auto& [k, v] : req.query) std::fprintf(stderr, " [%s]=[%s]", k.c_str(), v.c_str());
  std::fprintf(stderr, "\nbody: %s\nstatus %d: %s\n", req.body.c_str(), r.status, r.body.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded(), SmallBudget());
  FuzzedDataProvider fdp(data, size);
  gpufleet::serve::Request req;
  req.method = Pick(fdp, kMethods);
  req.path = Pick(fdp, kPaths);
  const bool simulates = req.path == "/api/train" || req.path == "/api/sweep";

  // The fields: mostly the table's names. The simulating routes get small replicas, count, to
  // and points unless the fuzzer sets them itself (their defaults are over the small budget).
  Json fields = Json::object();
  if (simulates && fdp.ConsumeIntegralInRange(0, 7) != 0) {
    fields["replicas"] = fdp.ConsumeIntegralInRange(1, 4);
    fields["count"] = fdp.ConsumeIntegralInRange(1, 4096);
    if (fdp.ConsumeIntegralInRange(0, 3) != 0) {  // a small job (the default runs for centuries
      // on 4096 GPUs, so nearly every replica would reach the event budget: 413)
      fields["params"] = fdp.ConsumeIntegralInRange<int64_t>(1, 1000) * 10'000'000;
      fields["tokens"] = fdp.ConsumeIntegralInRange<int64_t>(1, 1000) * 100'000'000;
    }
    if (req.path == "/api/sweep") {
      fields["from"] = fdp.ConsumeIntegralInRange(1, 64);
      fields["to"] = fdp.ConsumeIntegralInRange(64, 4096);
      fields["points"] = fdp.ConsumeIntegralInRange(1, 3);
      fields["replicas"] = fdp.ConsumeIntegralInRange(1, 2);
    }
  }
  if (req.path == "/api/fleet" && fdp.ConsumeIntegralInRange(0, 7) != 0) {
    fields["gpu"] = PickOf(fdp, AllNames().ids);  // required by /api/fleet
  }
  if (req.path == "/api/check" && fdp.ConsumeIntegralInRange(0, 63) != 0) {
    fields["claims"] = ClaimsText(fdp);
  }
  const int n = fdp.ConsumeIntegralInRange(0, 6);
  for (int i = 0; i < n; ++i) {
    const std::string name = FieldName(fdp);
    fields[name] = Value(fdp);
  }

  const int body_kind = fdp.ConsumeIntegralInRange(0, 7);
  if (req.method == "POST" && body_kind == 0) {
    req.body = fdp.ConsumeRemainingBytesAsString();  // raw: malformed JSON, odd types
  } else if (req.method == "POST") {
    req.body = fields.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (body_kind == 1) req.body += fdp.ConsumeRandomLengthString(8);  // trailing garbage
  } else {
    for (const auto& [k, v] : fields.items()) req.query.emplace(k, QueryText(v));
    if (fdp.ConsumeIntegralInRange(0, 15) == 0 && !fields.empty()) {  // a repeated parameter
      req.query.emplace(fields.begin().key(), "1");
    }
  }

  gpufleet::serve::Response r;
  try {
    r = api.Handle(req);
  } catch (...) {
    std::fprintf(stderr, "api_routes_fuzz: an exception escaped Api::Handle\n");
    std::abort();
  }
  static const bool verbose = std::getenv("API_ROUTES_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "%s %s (%zu query, %zu body bytes) -> %d %.200s\n", req.method.c_str(),
                 req.path.c_str(), req.query.size(), req.body.size(), r.status, r.body.c_str());
  }
  switch (r.status) {
    case 200:
    case 400:
    case 404:
    case 405:
    case 413:
      break;
    default:
      Fail("status not in 200/400/404/405/413", req, r);
  }
  const bool api_route = req.path.starts_with("/api/");
  if (api_route || r.status >= 400) {
    const Json body = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) Fail("body is not a JSON object", req, r);
    if (r.status >= 400) {
      const auto e = body.find("error");
      if (e == body.end() || !e->is_string()) Fail("4xx body without \"error\"", req, r);
    }
  }
  return 0;
}

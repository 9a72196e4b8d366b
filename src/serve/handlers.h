// The API's handlers: pure functions from parsed input to JSON. They throw InputError (with the
// offending field) on bad input; Api::Handle turns that into a 400 response.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "gpufleet/catalog.h"
#include "gpufleet/error.h"
#include "gpufleet/inputs.h"
#include "gpufleet/interval.h"
#include "gpufleet/serve.h"

namespace gpufleet::serve {

// Why a GET's body is refused: the API's check (api.cc) and the server's, which answers before
// httplib would leave the unread body in the connection (server.cc).
inline constexpr const char* kGetTakesTheQuery =
    "a GET takes its fields in the query; send a body with POST";

using Json = nlohmann::json;

// An input error in the API's request, naming `field` (the handlers' one error helper). A field
// "" (a JSON key "") is said in the message, which starts with kEmptyKey, and its answer carries
// "field": "" (Api::Handle).
InputError Bad(const std::string& field, const std::string& message);
inline constexpr const char* kEmptyKey = "an empty key";

// The API fields of `command`'s inputs, "gpu, site, ...", for "unknown field" messages.
std::string KnownFields(inputs::Command command);

// The body of a POST: a JSON object, and a key given twice below its top level
// ({"x":{"a":1,"a":2}}: field "x", key "a"). No field of any route takes
// an object, so such a key lies in a value its route refuses (an unknown field, a wrong type):
// that error, naming the request's field, comes first; a route that took the value must still
// refuse the duplicate (Api's CallRoute does).
struct Body {
  Json value;
  bool nested_duplicate = false;
  std::string nested_duplicate_field;
  std::string nested_duplicate_key;
};
// Throws InputError when the body is not valid JSON or not an object (field "body"), gives a key
// of the object twice (naming it), or holds a number no double holds (naming the object's key it
// lies under).
Body ParseBody(const std::string& body);

// Query parameters as a JSON object of strings, each value without the spaces and tabs around
// it (`gpu=h100+` is h100, as `count=5+` is 5); a repeated parameter is an error.
Json QueryToJson(const std::multimap<std::string, std::string>& query);

// GET /api/catalog: every entry of every kind with its facts and sources.
Json CatalogJson(const Catalog& catalog);

// /api/fleet: `scenario` holds "gpu" (required), "site" and "system" (optional catalog ids) and
// any of InputNames() as overrides. Returns inputs, results, comparisons, breakdowns, sources.
Json FleetJson(const Catalog& catalog, const Json& scenario);
// The same answer as JSON text, written without building FleetJson's DOM (what the route
// serves): FleetJson(...).dump() with its keys in the same order; every number reads back to
// the same double (util/json_writer.h). Throws what FleetJson throws.
std::string FleetAnswer(const Catalog& catalog, const Json& scenario);

// /api/train: a training run with failures (train_request.h lists the fields): the training
// model, the reliability plan, the Monte Carlo summary (TrainingJson), a histogram of wall time
// over the replicas and a sampled timeline of interruptions.
Json TrainJson(const Catalog& catalog, const Json& request, const ApiOptions& budget = {});

// /api/check: the claims checker (claims.h). No field (or null): the seed article's embedded
// claims file, unless `claims_required` (a POST: an InputError naming "claims");
// {"claims": "<TOML text>"}: that file. Malformed files are InputErrors (400) naming the field
// "claims" and the line in the posted text.
Json CheckJson(const Catalog& catalog, const Json& request, uint64_t max_work = 0,
               bool claims_required = false);

// /api/sweep: the training request's fields plus from, to (GPUs, <= budget.max_gpus) and points
// (1..budget.max_points, log-spaced): SweepJson rows of effective training time per GPU count.
Json SweepApiJson(const Catalog& catalog, const Json& request, const ApiOptions& budget = {});

// /api/infer: the serving model (infer.h); the fields are the infer command's inputs (model, gpu,
// gpus_per_replica, precision, batch, input_tokens ...; "simulate": true and the sim_* fields run
// the serving simulator, sim_runs <= budget.max_replicas, budget.max_events per run). Returns the
// InferDocument (with its simulation section) as JSON.
Json InferApiJson(const Catalog& catalog, const Json& request, const ApiOptions& budget = {});

// /api/fit: failure and restart parameters fitted to a run's published figures (fit.h); the
// fields are the fit command's inputs (count, window_d, interruptions, effective ...). Returns the
// FitDocument as JSON.
Json FitApiJson(const Json& request);

}  // namespace gpufleet::serve

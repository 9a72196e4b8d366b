// /api/infer: the serving model (infer.h). The request's fields are the input table's rows for
// inputs::kInfer offered to the API (model, gpu, gpus_per_replica, precision, batch ...), each a
// JSON number or a string ("1..2", "auto", "50ms"), parsed and checked as the CLI's flags are.
// The response is the document `gpufleet infer --format json` prints.
#include "gpufleet/infer.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "serve/handlers.h"
#include "serve/train_request.h"

namespace gpufleet::serve {

Json InferApiJson(const Catalog& catalog, const Json& request) {
  if (!request.is_object()) throw Bad("body", "must be a JSON object");
  inputs::Given given(inputs::kInfer);
  for (const auto& [key, value] : request.items()) {
    const inputs::Input* in = inputs::Find(key, inputs::kInfer);
    if (in == nullptr || !(in->front_ends & inputs::kApi)) {
      throw Bad(key, "unknown field; known: " + KnownFields(inputs::kInfer));
    }
    if (!value.is_null()) SetFromJson(given, key, value);
  }
  const InferInputs in = InferInputsFrom(catalog, given);
  return report::ToJson(report::InferDocument(in, Evaluate(in)));
}

}  // namespace gpufleet::serve

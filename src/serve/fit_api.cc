// /api/fit: failure and restart parameters from a run's published figures (fit.h). The request's
// fields are the input table's rows for inputs::kFit (count, window_d, interruptions, effective,
// checkpoint_write_s, restart_s ...), parsed and checked as the CLI's flags are. The response is
// the document `gpufleet fit --format json` prints.
#include "gpufleet/fit.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"
#include "serve/handlers.h"
#include "serve/train_request.h"

namespace gpufleet::serve {

Json FitApiJson(const Json& request) {
  if (!request.is_object()) throw Bad("body", "must be a JSON object");
  inputs::Given given(inputs::kFit);
  for (const auto& [key, value] : request.items()) {
    const inputs::Input* in = inputs::Find(key, inputs::kFit);
    if (in == nullptr || !(in->front_ends & inputs::kApi)) {
      throw Bad(key, "unknown field; known: " + KnownFields(inputs::kFit));
    }
    if (!value.is_null()) SetFromJson(given, key, value);
  }
  for (const char* required : {"count", "window_d", "interruptions", "effective"}) {
    if (!given.Has(required)) throw Bad(required, "required: the run's published figure");
  }
  const FitInputs in = FitInputsFrom(given);
  return report::ToJson(report::FitDocument(in, Fit(in)));
}

}  // namespace gpufleet::serve

// libFuzzer target: the infer request (/api/infer, infer.h) through the real handler
// (Api::Handle). Bodies are JSON objects whose fields are mostly the infer command's inputs
// (inputs::For(kInfer, kApi)) with numbers, unit and range strings, "auto", precisions and
// catalog ids (models, GPUs, sites, systems), booleans (the `simulate` switch: the serving
// simulator runs under small work budgets), plus random names and values.
//
// Invariants (abort on violation):
//  * no exception escapes Api::Handle; the status is 200, 400 or 413 (a simulation over the
//    work budget), never a 5xx;
//  * the body is a JSON object; a 400 has a string "error";
//  * a 200 has every issue-13 result name in "results", each present figure with
//    low <= value <= high (or null bounds) and every energy non-negative.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/inputs.h"
#include "gpufleet/serve.h"

namespace {

using Json = nlohmann::json;

const char* const kValues[] = {"0",     "1",      "-1",   "2",        "8",    "16",   "0.5",
                               "1e-50", "1e300",  "nan",  "inf",      "auto", "bf16", "fp8",
                               "fp4",   "int3",   "1..2", "5..2",     "50ms", "2s",   "1e6",
                               "4096",  "100000", "350k", "0.3..0.9", "1e-9", "",     "1..2..3"};

struct Names {
  std::vector<std::string> fields, ids;
};

const Names& AllNames() {
  static const Names n = [] {
    Names x;
    for (const auto* in : gpufleet::inputs::For(gpufleet::inputs::kInfer, gpufleet::inputs::kApi)) {
      x.fields.push_back(in->name);
    }
    x.fields.push_back("catalog");
    x.fields.push_back("Model");
    const gpufleet::Catalog& c = gpufleet::Catalog::Embedded();
    for (const char* kind : {"model", "gpu", "site", "system"}) {
      for (const auto* e : c.All(kind)) x.ids.push_back(e->id);
    }
    x.ids.push_back("no-such-id");
    return x;
  }();
  return n;
}

std::string PickOf(FuzzedDataProvider& fdp, const std::vector<std::string>& xs) {
  return xs[fdp.ConsumeIntegralInRange<size_t>(0, xs.size() - 1)];
}

Json Value(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange(0, 6)) {
    case 0:
      return fdp.ConsumeIntegralInRange<int64_t>(-2, 200000);
    case 1:
      return fdp.ConsumeFloatingPoint<double>();
    case 2:
    case 3:
      return kValues[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kValues) - 1)];
    case 4:
      return PickOf(fdp, AllNames().ids);
    case 5:
      return fdp.ConsumeRandomLengthString(32);
    default:
      switch (fdp.ConsumeIntegralInRange(0, 3)) {
        case 0:
          return Json(nullptr);
        case 1:
          return Json::array({1, "x"});
        default:
          return Json(fdp.ConsumeIntegralInRange(0, 3) != 0);
      }
  }
}

[[noreturn]] void Fail(const char* what, const std::string& body, const std::string& out) {
  std::fprintf(stderr, "infer_fuzz: %s\nbody: %s\nresponse: %s\n", what, body.c_str(), out.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Small budgets for the simulator, as api_routes_fuzz: 20 runs, 200,000 events per run.
  static const gpufleet::serve::Api api(gpufleet::Catalog::Embedded(),
                                        gpufleet::serve::ApiOptions{20, 20, 1e6, 4, 200000});
  FuzzedDataProvider fdp(data, size);
  Json body = Json::object();
  // Most bodies name a catalog model so that the fuzzer reaches the model, not just the parse.
  if (fdp.ConsumeIntegralInRange(0, 3) != 0) body["model"] = PickOf(fdp, AllNames().ids);
  const int n = fdp.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < n; ++i) {
    const std::string name = fdp.ConsumeIntegralInRange(0, 9) == 0
                                 ? fdp.ConsumeRandomLengthString(16)
                                 : PickOf(fdp, AllNames().fields);
    body[name] = Value(fdp);
  }
  const std::string text = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  gpufleet::serve::Response r;
  try {
    r = api.Handle({"POST", "/api/infer", {}, text});
  } catch (...) {
    Fail("exception escaped Api::Handle", text, "");
  }
  if (r.status != 200 && r.status != 400 && r.status != 413) {
    Fail("status not 200/400/413", text, r.body);
  }
  const Json out = Json::parse(r.body, nullptr, false);
  if (!out.is_object()) Fail("body not a JSON object", text, r.body);
  if (r.status != 200) {
    if (!out.contains("error") || !out["error"].is_string())
      Fail("400 without error", text, r.body);
    return 0;
  }
  static const char* const kNames[] = {"max_batch_by_memory",
                                       "itl_s",
                                       "ttft_s",
                                       "throughput_output_tokens_per_s",
                                       "gpu_power_w",
                                       "energy_gpu_j_per_output_token",
                                       "energy_server_j_per_output_token",
                                       "energy_facility_wh_per_request",
                                       "co2e_g_per_request",
                                       "water_ml_per_request",
                                       "cost_usd_per_million_output_tokens",
                                       "fleet_requests_per_day"};
  const Json& res = out["results"];
  for (const char* name : kNames) {
    if (!res.contains(name)) Fail("a result name is missing", text, r.body);
  }
  for (const auto& [name, f] : res.items()) {
    if (f["value"].is_null()) continue;
    const double v = f["value"].get<double>();
    if (f["low"].is_number() && f["low"].get<double>() > v) Fail("low > value", text, name);
    if (f["high"].is_number() && f["high"].get<double>() < v) Fail("high < value", text, name);
    const bool energy = name.rfind("energy_", 0) == 0 || name.rfind("sim_energy_", 0) == 0;
    if (energy && f["low"].is_number() && f["low"].get<double>() < 0) {
      Fail("negative energy", text, name);
    }
  }
  return 0;
}

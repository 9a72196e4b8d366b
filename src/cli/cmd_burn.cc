// gpufleet burn [--seconds S] [--dtype bf16|fp16|fp32] [--size N] [--device I] [--format json]:
// runs gpufleet-burn, the CUDA/cuBLAS GEMM load built beside this binary when the CUDA toolkit
// was found (src/measure/burn/). Kept out of this binary so that it never links CUDA.
// gpufleet burn --decode --model ID --batch B [--gpus-per-replica N] [--plan]: the weight GEMMs of
// the model's decode step on one GPU (decode_load.h); the plan is checked here, without CUDA,
// and --plan prints it and stops.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "gpufleet/decode_load.h"
#include "gpufleet/error.h"
#include "gpufleet/interval.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_burn {
namespace {

struct Flags {
  std::string seconds, dtype, size, device, warmup, format;
  bool decode = false, plan = false;
  std::string model, batch, gpus_per_replica, precision, gpu;
};

// The decode load's plan from the flags; InputError naming the flag's input otherwise.
DecodeLoad DecodePlan(const Flags& f) {
  inputs::Given given(inputs::kInfer);
  if (!f.model.empty()) given.SetText("model", f.model);
  if (!f.batch.empty()) given.SetText("batch", f.batch);
  if (!f.gpus_per_replica.empty()) given.SetText("gpus_per_replica", f.gpus_per_replica);
  if (!f.precision.empty()) given.SetText("precision", f.precision);
  if (!f.gpu.empty()) given.SetText("gpu", f.gpu);
  given.CheckAll();
  return DecodeLoadFor(Catalog::Embedded(), given);
}

std::filesystem::path BurnBinary() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return self.parent_path() / "gpufleet-burn";
}

// The flag's value as a number in [lo, hi] (whole when `whole`), else InputError naming it.
// The same domains gpufleet-burn checks (src/measure/burn/burn_main.cpp), checked here first so
// that a bad flag is exit 2 naming it whether or not this build has the CUDA load.
// Not CLI::Range: it lets NaN through (every comparison with NaN is false), and the flags are
// passed on to gpufleet-burn as the user wrote them.
void CheckNumber(const char* flag, const std::string& v, double lo, double hi, bool whole) {
  const double x = ParseNumber(v, flag);
  if (!(x >= lo && x <= hi) || (whole && x != std::floor(x))) {
    throw InputError(Where{"", 0, flag}, fmt::format("must be {}from {} to {}, got '{}'",
                                                     whole ? "a whole number " : "", lo, hi, v));
  }
}

void CheckFlags(const Flags& f, const std::vector<const CLI::Option*>& given) {
  auto was_given = [&](const char* flag) {
    for (const CLI::Option* o : given) {
      if (o->check_lname(flag + 2) && o->count() > 0) return true;
    }
    return false;
  };
  if (was_given("--seconds")) CheckNumber("--seconds", f.seconds, 0.1, 86400, false);
  if (was_given("--warmup")) CheckNumber("--warmup", f.warmup, 0, 600, false);
  if (was_given("--size")) CheckNumber("--size", f.size, 256, 32768, true);
  if (was_given("--device")) CheckNumber("--device", f.device, 0, 1023, true);
  if (was_given("--dtype") && f.dtype != "bf16" && f.dtype != "fp16" && f.dtype != "fp32") {
    throw InputError(Where{"", 0, "--dtype"}, "must be bf16, fp16 or fp32, got '" + f.dtype + "'");
  }
  if (was_given("--format") && f.format != "text" && f.format != "json") {
    throw InputError(Where{"", 0, "--format"}, "must be text or json, got '" + f.format + "'");
  }
  for (const char* flag :
       {"--model", "--batch", "--gpus-per-replica", "--precision", "--gpu", "--plan"}) {
    if (!f.decode && was_given(flag)) {
      throw InputError(Where{"", 0, flag}, "only with --decode (the decode load of a model)");
    }
  }
  for (const char* flag : {"--size", "--dtype"}) {
    if (f.decode && was_given(flag)) {
      throw InputError(Where{"", 0, flag}, "not with --decode: the model sets the shapes, in BF16");
    }
  }
}

int RunBurn(const Flags& f, const std::vector<const CLI::Option*>& given) {
  CheckFlags(f, given);
  if (f.decode) {
    const DecodeLoad load = DecodePlan(f);
    if (f.plan) {
      if (f.format != "json") {
        Emit("", DecodeLoadText(load));
        return 0;
      }
      // --format json was ignored for the plan (found by an adversarial tester).
      nlohmann::json gemms = nlohmann::json::array();
      for (const DecodeGemm& g : load.per_layer) {
        gemms.push_back({{"what", g.what}, {"m", g.m}, {"n", g.n}, {"k", g.k}, {"count", g.count}});
      }
      const nlohmann::json doc{{"model", load.model},
                               {"batch", load.batch},
                               {"gpus", load.gpus},
                               {"precision", load.precision},
                               {"layers", load.layers},
                               {"gemms_per_layer", gemms},
                               {"weight_bytes_per_gpu", load.weight_bytes_per_gpu()},
                               {"model_weight_bytes_per_gpu", load.model_weight_bytes_per_gpu},
                               {"flops_per_gpu", load.flops_per_gpu()},
                               {"notes", load.notes}};
      Emit("", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      return 0;
    }
  }
  const std::string bin = BurnBinary().string();
  if (access(bin.c_str(), X_OK) != 0) {
    std::cerr << "gpufleet burn: not available in this build (" << bin
              << " not found): build with the CUDA toolkit installed (nvcc, cuBLAS)\n";
    return 1;
  }
  std::vector<std::string> args{bin};
  const std::pair<const char*, const std::string*> opts[] = {
      {"--seconds", &f.seconds}, {"--dtype", &f.dtype},   {"--size", &f.size},
      {"--device", &f.device},   {"--warmup", &f.warmup}, {"--format", &f.format}};
  for (const auto& [name, value] : opts) {
    if (!value->empty()) args.insert(args.end(), {name, *value});
  }
  if (f.decode) {
    args.push_back("--decode");
    const std::pair<const char*, const std::string*> decode_opts[] = {
        {"--model", &f.model},
        {"--batch", &f.batch},
        {"--gpus-per-replica", &f.gpus_per_replica},
        {"--precision", &f.precision},
        {"--gpu", &f.gpu}};
    for (const auto& [name, value] : decode_opts) {
      if (!value->empty()) args.insert(args.end(), {name, *value});
    }
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  execv(bin.c_str(), argv.data());
  std::cerr << "gpufleet burn: cannot run " << bin << "\n";
  return 1;
}

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  app.add_option("--seconds", f->seconds, "Timed duration in seconds (default 20)");
  app.add_option("--dtype", f->dtype, "bf16, fp16 or fp32 (default bf16)");
  app.add_option("--size", f->size, "Matrix size N for N x N GEMMs (default 8192)");
  app.add_option("--device", f->device, "CUDA device index (default 0)");
  app.add_option("--warmup", f->warmup, "Untimed warm-up seconds (default 2)");
  app.add_option("--format", f->format, "text or json");
  app.add_flag("--decode", f->decode,
               "The weight GEMMs of a model's decode step (--model, --batch) instead of N^3 GEMMs: "
               "tokens/s, W and J/token");
  app.add_option("--model", f->model, "Model id from the catalog (with --decode)");
  app.add_option("--batch", f->batch, "Sequences decoded together (with --decode)");
  app.add_option("--gpus-per-replica", f->gpus_per_replica,
                 "Tensor-parallel degree: the GPU runs its 1/N share (with --decode; default 1)");
  app.add_option("--precision", f->precision, "Weights: bf16 only (with --decode)");
  app.add_option("--gpu", f->gpu,
                 "Catalog GPU whose memory the plan is checked against (with --decode; default "
                 "h100-sxm)");
  app.add_flag("--plan", f->plan,
               "Print the decode step's GEMM shapes and bytes and stop (no GPU needed)");
  app.footer(
      "Needs an NVIDIA GPU; prints TFLOP/s, average W (NVML) and TFLOP/J (--decode: tokens/s, W "
      "and J/token).");
  std::vector<const CLI::Option*> given;
  for (const char* name :
       {"--seconds", "--dtype", "--size", "--device", "--warmup", "--format", "--model", "--batch",
        "--gpus-per-replica", "--precision", "--gpu", "--plan"}) {
    given.push_back(app.get_option(name));
  }
  return [f, given] { return RunBurn(*f, given); };
}

Registration reg{"burn",
                 "cuBLAS GEMM load on random data: TFLOP/s, W and TFLOP/J; --decode: a model's "
                 "decode step, tokens/s, W and J/token",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_burn

// gpufleet burn [--seconds S] [--dtype bf16|fp16|fp32] [--size N] [--device I] [--format json]:
// runs gpufleet-burn, the CUDA/cuBLAS GEMM load built beside this binary when the CUDA toolkit
// was found (src/measure/burn/). Kept out of this binary so that it never links CUDA.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "gpufleet/error.h"
#include "gpufleet/interval.h"

namespace gpufleet::cli {
namespace {

struct Flags {
  std::string seconds, dtype, size, device, warmup, format;
};

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
}

int RunBurn(const Flags& f, const std::vector<const CLI::Option*>& given) {
  CheckFlags(f, given);
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
  app.footer("Needs an NVIDIA GPU; prints TFLOP/s, average W (NVML) and TFLOP/J.");
  std::vector<const CLI::Option*> given;
  for (const char* name : {"--seconds", "--dtype", "--size", "--device", "--warmup", "--format"}) {
    given.push_back(app.get_option(name));
  }
  return [f, given] { return RunBurn(*f, given); };
}

Registration reg{"burn", "cuBLAS GEMM load on random data: TFLOP/s, W and TFLOP/J", &Setup};

}  // namespace
}  // namespace gpufleet::cli

// gpufleet burn [--seconds S] [--dtype bf16|fp16|fp32] [--size N] [--device I] [--format json]:
// runs gpufleet-burn, the CUDA/cuBLAS GEMM load built beside this binary when the CUDA toolkit
// was found (src/measure/burn/). Kept out of this binary so that it never links CUDA.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"

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

int RunBurn(const Flags& f) {
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
  return [f] { return RunBurn(*f); };
}

Registration reg{"burn", "cuBLAS GEMM load on random data: TFLOP/s, W and TFLOP/J", &Setup};

}  // namespace
}  // namespace gpufleet::cli

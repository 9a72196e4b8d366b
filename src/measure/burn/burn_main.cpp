// gpufleet-burn [--seconds S] [--dtype bf16|fp16|fp32] [--size N] [--device I] [--format json]
// gpufleet-burn --decode --model ID --batch B [--gpus-per-replica N] [--seconds S] ...
// A cuBLAS GEMM load on random inputs that reports TFLOP/s, the GPU's average power from NVML
// (whole-GPU energy counter over the timed loop) and TFLOP/J; with --decode, the weight GEMMs of
// a model's decode step on one GPU (decode_load.h), reporting tokens/s, W and J/token. Exit 1
// without a usable GPU, 2 on bad flags.
#include <cuda_runtime.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "gpufleet/catalog.h"
#include "gpufleet/decode_load.h"
#include "gpufleet/error.h"
#include "gpufleet/measure.h"
#include "measure/burn/burn.h"
#include "measure/burn/decode_gemms.h"

namespace {

using gpufleet::burn::DType;

struct Flags {
  double seconds = 20, warmup = 2;
  int size = 8192, device = 0;
  DType dtype = DType::kBf16;
  std::string dtype_name = "bf16", format = "text";
  bool decode = false;
  std::string model, batch, gpus_per_replica, precision, gpu;
};

// Whole-GPU energy of the device with `uuid` over [Start, Stop], or nullopt without NVML.
std::optional<gpufleet::DeviceResult> Find(const gpufleet::MeterResult& m,
                                           const std::string& uuid) {
  for (const auto& d : m.devices) {
    if (d.info.uuid == uuid) return d;
  }
  if (m.devices.size() == 1) return m.devices[0];  // UUIDs disagree but there is only one GPU
  return std::nullopt;
}

// Why there is no CUDA GPU, in words. The runtime answers "CUDA driver version is insufficient
// for CUDA runtime version" also when there is no driver at all (libcuda.so.1 missing), which
// sent a user to upgrade a driver that was not there (found by an adversarial tester).
std::string NoGpuReason(cudaError_t e, int count) {
  if (e == cudaSuccess) return count == 0 ? "no device" : "";
  if (e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice) {
    if (void* h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL)) {
      dlclose(h);
    } else {
      return "no NVIDIA driver: libcuda.so.1 cannot be loaded";
    }
  }
  return cudaGetErrorString(e);
}

int BurnDecode(const Flags& f, const gpufleet::DecodeLoad& load) {
  gpufleet::burn::DecodeGemms gemms(f.device, load);
  gemms.RunFor(f.warmup);
  const char* lib = std::getenv("GPUFLEET_NVML_LIB");
  auto source = std::shared_ptr<gpufleet::PowerSource>(
      gpufleet::OpenNvml({lib && *lib ? lib : "libnvidia-ml.so.1", {}}));
  gpufleet::Meter meter(source, gpufleet::MeterOptions{});
  meter.Start();
  const auto run = gemms.RunFor(f.seconds);
  auto m = meter.Stop();
  // The plan's own notes (an uneven head split) first: they qualify every figure below.
  m.notes.insert(m.notes.begin(), load.notes.begin(), load.notes.end());
  const double steps_per_s = double(run.iterations) / run.seconds;
  const double tokens_per_s = steps_per_s * load.batch;
  const double bytes_per_s = load.weight_bytes_per_gpu() * steps_per_s;
  const auto dev = Find(m, gemms.DeviceUuid());
  const double watts = dev && dev->method != "none" ? dev->average.si() : 0;
  nlohmann::json j{{"device", gemms.DeviceName()},
                   {"uuid", gemms.DeviceUuid()},
                   {"load", "decode"},
                   {"model", load.model},
                   {"batch", load.batch},
                   {"gpus_per_replica", load.gpus},
                   {"weight_bytes_per_step", load.weight_bytes_per_gpu()},
                   {"seconds", run.seconds},
                   {"steps", run.iterations},
                   {"step_s", run.seconds / double(run.iterations)},
                   {"tokens_per_s", tokens_per_s},
                   {"weight_bytes_per_s", bytes_per_s},
                   {"tflops", run.flops / run.seconds / 1e12},
                   {"notes", m.notes}};
  if (watts > 0) {
    j["avg_power_w"] = watts;
    j["energy_j"] = dev->energy.si().value;
    j["power_method"] = dev->method;
    j["j_per_token"] = watts / tokens_per_s;
  }
  if (f.format == "json") {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format(
      "gpufleet burn --decode: {} ({}), {} at batch {} on 1 of {} GPU(s), {:.1f} s, {} steps\n"
      "  {:.4g} ms per step, {:.0f} tokens/s, {:.0f} GB/s of weights, {:.1f} TFLOP/s",
      gemms.DeviceName(), gemms.DeviceUuid(), load.model, load.batch, load.gpus, run.seconds,
      run.iterations, 1e3 * run.seconds / double(run.iterations), tokens_per_s, bytes_per_s / 1e9,
      run.flops / run.seconds / 1e12);
  if (watts > 0) {
    std::cout << fmt::format(", {:.1f} W average (NVML {}, whole GPU), {:.4g} J/token\n", watts,
                             dev->method, watts / tokens_per_s);
  } else {
    std::cout << ", power unknown (GPU not found through NVML)\n";
  }
  for (const auto& n : m.notes) std::cout << "  note: " << n << "\n";
  return 0;
}

int Burn(const Flags& f) {
  int count = 0;
  if (cudaError_t e = cudaGetDeviceCount(&count); e != cudaSuccess || count == 0) {
    std::cerr << "gpufleet burn: no usable CUDA GPU (" << NoGpuReason(e, count) << ")\n";
    return 1;
  }
  if (f.device >= count) {
    std::cerr << "gpufleet burn: --device " << f.device << ": only " << count << " GPU(s)\n";
    return 2;
  }
  if (f.decode) {
    gpufleet::inputs::Given given(gpufleet::inputs::kInfer);
    given.SetText("model", f.model);
    given.SetText("batch", f.batch);
    if (!f.gpus_per_replica.empty()) given.SetText("gpus_per_replica", f.gpus_per_replica);
    if (!f.precision.empty()) given.SetText("precision", f.precision);
    if (!f.gpu.empty()) given.SetText("gpu", f.gpu);
    gpufleet::DecodeLoad load;
    try {
      load = gpufleet::DecodeLoadFor(gpufleet::Catalog::Embedded(), given);
    } catch (const gpufleet::InputError& e) {
      std::cerr << "gpufleet burn: " << e.where().field << ": " << e.detail() << "\n";
      return 2;
    }
    return BurnDecode(f, load);
  }
  gpufleet::burn::Gemm gemm(f.device, f.size, f.dtype);
  gemm.RunFor(f.warmup);  // clocks and power settle; cuBLAS picks its kernel
  const char* lib = std::getenv("GPUFLEET_NVML_LIB");
  auto source = std::shared_ptr<gpufleet::PowerSource>(
      gpufleet::OpenNvml({lib && *lib ? lib : "libnvidia-ml.so.1", {}}));
  gpufleet::Meter meter(source, gpufleet::MeterOptions{});
  meter.Start();
  const auto run = gemm.RunFor(f.seconds);
  const auto m = meter.Stop();
  const double tflops = run.flops / run.seconds / 1e12;
  const auto dev = Find(m, gemm.DeviceUuid());
  const double watts = dev && dev->method != "none" ? dev->average.si() : 0;
  nlohmann::json j{{"device", gemm.DeviceName()},
                   {"uuid", gemm.DeviceUuid()},
                   {"dtype", f.dtype_name},
                   {"size", f.size},
                   {"seconds", run.seconds},
                   {"iterations", run.iterations},
                   {"tflops", tflops},
                   {"notes", m.notes}};
  if (watts > 0) {
    j["avg_power_w"] = watts;
    j["energy_j"] = dev->energy.si().value;
    j["power_method"] = dev->method;
    j["peak_power_w"] = dev->peak.si();
    j["tflop_per_j"] = tflops / watts;
  }
  if (f.format == "json") {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format(
      "gpufleet burn: {} ({}), {} GEMM {}^3 on random inputs, {:.1f} s, {} "
      "iterations\n  {:.1f} TFLOP/s",
      gemm.DeviceName(), gemm.DeviceUuid(), f.dtype_name, f.size, run.seconds, run.iterations,
      tflops);
  if (watts > 0) {
    std::cout << fmt::format(
        ", {:.1f} W average (NVML {}, whole GPU; peak sample {:.0f} W), "
        "{:.3f} TFLOP/J\n",
        watts, dev->method, dev->peak.si(), tflops / watts);
  } else {
    std::cout << ", power unknown (GPU not found through NVML)\n";
  }
  for (const auto& n : m.notes) std::cout << "  note: " << n << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gpufleet-burn: cuBLAS GEMM load on random data, with NVML power"};
  Flags f;
  const std::map<std::string, DType> types{
      {"bf16", DType::kBf16}, {"fp16", DType::kFp16}, {"fp32", DType::kFp32}};
  app.add_option("--seconds", f.seconds, "Timed duration (default 20)")
      ->check(CLI::Range(0.1, 86400.0));
  app.add_option("--warmup", f.warmup, "Untimed warm-up seconds (default 2)")
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--size", f.size, "Matrix size N (N x N, default 8192)")
      ->check(CLI::Range(256, 32768));
  app.add_option("--device", f.device, "CUDA device index (default 0)")->check(CLI::Range(0, 1023));
  app.add_option("--dtype", f.dtype_name, "bf16, fp16 or fp32 (default bf16)")
      ->check(CLI::IsMember({"bf16", "fp16", "fp32"}));
  app.add_option("--format", f.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--decode", f.decode, "A model's decode step (--model, --batch) instead of N^3");
  app.add_option("--model", f.model, "Model id (with --decode)");
  app.add_option("--batch", f.batch, "Sequences per decode step (with --decode)");
  app.add_option("--gpus-per-replica", f.gpus_per_replica, "Tensor-parallel degree (default 1)");
  app.add_option("--precision", f.precision, "Weights: bf16 (the only one)");
  app.add_option("--gpu", f.gpu, "Catalog GPU for the plan's memory check (default h100-sxm)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "gpufleet burn: " << e.what() << "\n";
    return 2;
  }
  f.dtype = types.at(f.dtype_name);
  try {
    return Burn(f);
  } catch (const std::exception& e) {
    std::cerr << "gpufleet burn: " << e.what() << "\n";
    return 1;
  }
}

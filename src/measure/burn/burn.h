// The GEMM load of gpufleet-burn: square matrices filled with random values on the GPU (constant
// inputs draw far less power: ../shared/measurements/h100-nvml.json), multiplied with cuBLAS
// (cublasGemmEx) back to back until the time is up.
#pragma once

#include <cstdint>
#include <string>

namespace gpufleet::burn {

enum class DType { kBf16, kFp16, kFp32 };

// Fills n elements of `dst` (device memory, of type `t`) with uniform values in [-1, 1) from a
// counter-based hash of (seed, index). Launches on the default stream.
void FillRandom(void* dst, size_t n, DType t, uint64_t seed);
size_t ElementSize(DType t);

struct GemmRun {
  double seconds = 0;  // measured GPU time of the timed loop
  long iterations = 0;
  double flops = 0;  // 2 n^3 per iteration
};

// Owns the matrices and the cuBLAS handle on one device. Throws std::runtime_error with the
// CUDA/cuBLAS message on any failure.
class Gemm {
 public:
  Gemm(int device, int n, DType t);
  ~Gemm();
  // Runs GEMMs until `seconds` have passed (checked every few iterations).
  GemmRun RunFor(double seconds);
  std::string DeviceName() const { return name_; }
  std::string DeviceUuid() const { return uuid_; }  // NVML form: GPU-xxxxxxxx-xxxx-...

 private:
  int n_;
  DType t_;
  void *a_ = nullptr, *b_ = nullptr, *c_ = nullptr;
  void* handle_ = nullptr;
  std::string name_, uuid_;
};

}  // namespace gpufleet::burn

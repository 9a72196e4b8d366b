// The GEMM load of gpufleet-burn: square matrices filled with random values on the GPU (constant
// inputs draw far less power: ../shared/measurements/h100-nvml.json), multiplied with cuBLAS
// (cublasGemmEx) back to back until the time is up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gpufleet/decode_load.h"

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

// The decode load (decode_load.h): every layer's weight GEMMs with their own weights (random
// BF16, the plan's bytes in all, so each step reads them from memory as a decode step does) on
// the same activations, step after step. Throws std::runtime_error on a CUDA/cuBLAS failure or
// when the weights do not fit the device.
class DecodeGemms {
 public:
  DecodeGemms(int device, const DecodeLoad& load);
  ~DecodeGemms();
  // Runs decode steps until `seconds` have passed; iterations = steps, flops = the plan's.
  GemmRun RunFor(double seconds);
  std::string DeviceName() const { return name_; }
  std::string DeviceUuid() const { return uuid_; }

 private:
  DecodeLoad load_;
  std::vector<void*> weights_;  // one per (layer, GEMM, expert), in step order
  void *x_ = nullptr, *y_ = nullptr;
  void* handle_ = nullptr;
  std::string name_, uuid_;
};

}  // namespace gpufleet::burn

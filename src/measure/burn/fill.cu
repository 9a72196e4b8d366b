// Random fill kernel for gpufleet-burn.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <stdexcept>
#include <string>

#include "burn.h"

namespace gpufleet::burn {
namespace {

__device__ float Uniform(uint64_t seed, uint64_t i) {
  uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;  // splitmix64
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * (2.0f / 16777216.0f) - 1.0f;
}

template <typename T>
__global__ void Fill(T* dst, size_t n, uint64_t seed) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{blockDim.x} * gridDim.x) {
    dst[i] = static_cast<T>(Uniform(seed, i));
  }
}

}  // namespace

size_t ElementSize(DType t) { return t == DType::kFp32 ? 4 : 2; }

void FillRandom(void* dst, size_t n, DType t, uint64_t seed) {
  const int threads = 256, blocks = 1024;
  if (t == DType::kBf16) Fill<<<blocks, threads>>>(static_cast<__nv_bfloat16*>(dst), n, seed);
  if (t == DType::kFp16) Fill<<<blocks, threads>>>(static_cast<__half*>(dst), n, seed);
  if (t == DType::kFp32) Fill<<<blocks, threads>>>(static_cast<float*>(dst), n, seed);
  if (cudaError_t e = cudaGetLastError(); e != cudaSuccess) {
    throw std::runtime_error(std::string("fill kernel: ") + cudaGetErrorString(e));
  }
}

}  // namespace gpufleet::burn

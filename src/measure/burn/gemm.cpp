// cuBLAS GEMM loop for gpufleet-burn.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "burn.h"
#include "decode_gemms.h"

namespace gpufleet::burn {
namespace {

void Check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

void Check(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(what) + ": " + cublasGetStatusString(s));
  }
}

cudaDataType_t CudaType(DType t) {
  return t == DType::kBf16 ? CUDA_R_16BF : t == DType::kFp16 ? CUDA_R_16F : CUDA_R_32F;
}

std::string Uuid(const cudaUUID_t& u) {
  const auto* b = reinterpret_cast<const unsigned char*>(u.bytes);
  std::string s = "GPU-";
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    std::snprintf(hex, sizeof hex, "%02x", b[i]);
    s += hex;
  }
  return s;
}

}  // namespace

Gemm::Gemm(int device, int n, DType t) : n_(n), t_(t) {
  Check(cudaSetDevice(device), "cudaSetDevice");
  cudaDeviceProp prop{};
  Check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  name_ = prop.name;
  uuid_ = Uuid(prop.uuid);
  const size_t elems = size_t(n) * n, bytes = elems * ElementSize(t);
  Check(cudaMalloc(&a_, bytes), "cudaMalloc A");
  Check(cudaMalloc(&b_, bytes), "cudaMalloc B");
  Check(cudaMalloc(&c_, bytes), "cudaMalloc C");
  FillRandom(a_, elems, t, 1);
  FillRandom(b_, elems, t, 2);
  FillRandom(c_, elems, t, 3);
  cublasHandle_t h = nullptr;
  Check(cublasCreate(&h), "cublasCreate");
  handle_ = h;
  Check(cudaDeviceSynchronize(), "fill");
}

Gemm::~Gemm() {
  if (handle_) cublasDestroy(static_cast<cublasHandle_t>(handle_));
  cudaFree(a_);
  cudaFree(b_);
  cudaFree(c_);
}

GemmRun Gemm::RunFor(double seconds) {
  auto h = static_cast<cublasHandle_t>(handle_);
  const float alpha = 1.0f, beta = 0.0f;
  const cudaDataType_t type = CudaType(t_);
  const auto start = std::chrono::steady_clock::now();
  GemmRun run;
  const int batch = 10;
  for (;;) {
    for (int i = 0; i < batch; ++i) {
      Check(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, n_, n_, n_, &alpha, a_, type, n_, b_, type,
                         n_, &beta, c_, type, n_, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
            "cublasGemmEx");
    }
    Check(cudaDeviceSynchronize(), "GEMM");
    run.iterations += batch;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run.seconds >= seconds) break;
  }
  run.flops = 2.0 * n_ * double(n_) * n_ * run.iterations;
  return run;
}

DecodeGemms::DecodeGemms(int device, const DecodeLoad& load) : load_(load) {
  Check(cudaSetDevice(device), "cudaSetDevice");
  cudaDeviceProp prop{};
  Check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  name_ = prop.name;
  uuid_ = Uuid(prop.uuid);
  size_t free = 0, total = 0;
  Check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
  if (load.weight_bytes_per_gpu() > 0.95 * double(free)) {
    throw std::runtime_error(
        "the decode load's weights (" + std::to_string(load.weight_bytes_per_gpu() / 1e9) +
        " GB) do not fit the device's free memory (" + std::to_string(double(free) / 1e9) + " GB)");
  }
  int64_t act = 1;  // the largest activation or output: tokens x max(n, k)
  uint64_t seed = 10;
  for (int64_t l = 0; l < load.layers; ++l) {
    for (const DecodeGemm& g : load.per_layer) {
      act = std::max(act, g.m * std::max(g.n, g.k));
      for (int64_t e = 0; e < g.count; ++e) {
        void* w = nullptr;
        const size_t elems = size_t(g.n) * size_t(g.k);
        Check(cudaMalloc(&w, elems * ElementSize(DType::kBf16)), "cudaMalloc weights");
        weights_.push_back(w);
        FillRandom(w, elems, DType::kBf16, seed++);
      }
    }
  }
  Check(cudaMalloc(&x_, size_t(act) * ElementSize(DType::kBf16)), "cudaMalloc activations");
  Check(cudaMalloc(&y_, size_t(act) * ElementSize(DType::kBf16)), "cudaMalloc outputs");
  FillRandom(x_, size_t(act), DType::kBf16, 1);
  cublasHandle_t h = nullptr;
  Check(cublasCreate(&h), "cublasCreate");
  handle_ = h;
  Check(cudaDeviceSynchronize(), "fill");
}

DecodeGemms::~DecodeGemms() {
  if (handle_) cublasDestroy(static_cast<cublasHandle_t>(handle_));
  for (void* w : weights_) cudaFree(w);
  cudaFree(x_);
  cudaFree(y_);
}

GemmRun DecodeGemms::RunFor(double seconds) {
  auto h = static_cast<cublasHandle_t>(handle_);
  const float alpha = 1.0f, beta = 0.0f;
  const auto start = std::chrono::steady_clock::now();
  GemmRun run;
  for (;;) {
    // One decode step: y (n x m) = W^T (n x k) x (k x m) for each weight, column-major, W
    // stored k x n.
    size_t i = 0;
    for (int64_t l = 0; l < load_.layers; ++l) {
      for (const DecodeGemm& g : load_.per_layer) {
        for (int64_t e = 0; e < g.count; ++e, ++i) {
          Check(cublasGemmEx(h, CUBLAS_OP_T, CUBLAS_OP_N, int(g.n), int(g.m), int(g.k), &alpha,
                             weights_[i], CUDA_R_16BF, int(g.k), x_, CUDA_R_16BF, int(g.k), &beta,
                             y_, CUDA_R_16BF, int(g.n), CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                "cublasGemmEx");
        }
      }
    }
    Check(cudaDeviceSynchronize(), "decode step");
    ++run.iterations;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run.seconds >= seconds) break;
  }
  run.flops = load_.flops_per_gpu() * double(run.iterations);
  return run;
}

}  // namespace gpufleet::burn

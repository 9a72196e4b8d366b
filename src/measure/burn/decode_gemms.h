// The decode load of gpufleet-burn --decode (decode_load.h). Apart from burn.h because fill.cu
// includes burn.h and is compiled as C++17 without the project's include directory.
#pragma once

#include <string>
#include <vector>

#include "gpufleet/decode_load.h"
#include "measure/burn/burn.h"

namespace gpufleet::burn {

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

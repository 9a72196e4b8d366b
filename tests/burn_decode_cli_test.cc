// gpufleet burn --decode through the real binary, without a GPU: --plan prints the decode step's
// GEMMs and bytes and exits 0; without --plan, a valid plan goes on to the CUDA load (exit 0
// with a GPU build and a GPU, 1 without), never 2.
#include <gtest/gtest.h>

#include <string>

#include "cli_run.h"

namespace {

TEST(BurnDecode, PlanPrintsTheStepWithoutAGpu) {
  const auto r = gpufleet::testing::RunCliSplit(
      "burn --decode --model llama-3.1-70b --batch 16 --gpus-per-replica 4 --plan");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("decode step of llama-3.1-70b at batch 16 on 1 of 4 GPU(s), bf16: 80 "
                       "layers"),
            std::string::npos)
      << r.out;
  // Llama 3.1 70B: hidden 8192, 64 query and 8 KV heads of 128, over 4 GPUs.
  EXPECT_NE(r.out.find("qkv     GEMM m 16 (tokens) x k 8192 x n 2560"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("o       GEMM m 16 (tokens) x k 2048 x n 8192"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("weights read per step: 35."), std::string::npos) << r.out;
}

// --format json was ignored for the plan (found by an adversarial tester).
TEST(BurnDecode, ThePlanInJson) {
  const auto r = gpufleet::testing::RunCliSplit(
      "burn --decode --model llama-3.1-70b --batch 16 --gpus-per-replica 4 --plan --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\"gemms_per_layer\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"what\": \"qkv\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"layers\": 80"), std::string::npos) << r.out;
}

TEST(BurnDecode, AValidPlanGoesOnToTheCudaLoad) {
  const auto r = gpufleet::testing::RunCliSplit(
      "burn --decode --model llama-3.1-8b --batch 8 --seconds 0.1 --warmup 0 --format json");
  EXPECT_NE(r.status, 2) << r.err;
  if (r.status == 0) {
    EXPECT_NE(r.out.find("\"tokens_per_s\""), std::string::npos) << r.out;
  }
}

}  // namespace

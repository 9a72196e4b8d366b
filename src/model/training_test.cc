#include "gpufleet/training.h"

#include <gtest/gtest.h>

#include "gpufleet/error.h"

namespace gpufleet {
namespace {

TrainingInputs Llama3() {
  TrainingInputs in;
  in.work.flops = 3.8e25;
  in.gpus = 16384;
  in.peak_per_gpu = 989.5e12 * units::flop_per_s;
  in.mfu = Interval(0.41, 0.38, 0.43);  // Llama 3 paper, Table 4
  return in;
}

TEST(Training, SixNDForDenseAndMixtureOfExperts) {
  TrainingWork w;
  w.params = 405e9;
  w.tokens = 15.6e12;
  EXPECT_NEAR(In(TrainingFlops(w), units::flop).value, 6 * 405e9 * 15.6e12, 1e12);
  w.active_params = 37e9;  // an MoE that uses 37B of its parameters per token
  EXPECT_NEAR(In(TrainingFlops(w), units::flop).value, 6 * 37e9 * 15.6e12, 1e12);
}

TEST(Training, IdealTimeAndGpuHoursFollowTheMfuRange) {
  const TrainingEstimate e = EstimateTraining(Llama3());
  const Interval gh = e.gpu_hours;
  EXPECT_NEAR(gh.value, 3.8e25 / (989.5e12 * 0.41) / 3600, 1);
  EXPECT_NEAR(gh.low, 3.8e25 / (989.5e12 * 0.43) / 3600, 1);  // faster at higher MFU
  EXPECT_NEAR(gh.high, 3.8e25 / (989.5e12 * 0.38) / 3600, 1);
  EXPECT_NEAR(In(e.ideal_time, units::h).value, gh.value / 16384, 1e-6);
}

TEST(Training, GpuHoursGiveTimeAndFlops) {
  TrainingInputs in = Llama3();
  in.work = TrainingWork{};
  in.work.gpu_hours = 30.84e6;
  const TrainingEstimate e = EstimateTraining(in);
  EXPECT_NEAR(In(e.ideal_time, units::h).value, 30.84e6 / 16384, 1e-6);
  EXPECT_NEAR(In(e.flops, units::flop).value, 30.84e6 * 3600 * 989.5e12 * 0.41, 1e15);
}

TEST(Training, RejectsBadInput) {
  TrainingInputs in = Llama3();
  in.mfu = 1.2;
  EXPECT_THROW(EstimateTraining(in), InputError);
  in = Llama3();
  in.mfu = 0;
  EXPECT_THROW(EstimateTraining(in), InputError);
  in = Llama3();
  in.gpus = 0;
  EXPECT_THROW(EstimateTraining(in), InputError);
  in = Llama3();
  in.work.tokens = 1e9;  // ambiguous: FLOPs and tokens
  EXPECT_THROW(EstimateTraining(in), InputError);
  TrainingWork w;
  w.params = 1e9;
  w.tokens = 1e9;
  w.active_params = 2e9;
  EXPECT_THROW(TrainingFlops(w), InputError);
}

TEST(Training, CheckpointIsFourteenBytesPerParameter) {
  EXPECT_DOUBLE_EQ(CheckpointBytes(405e9).value, 5.67e12);
}

}  // namespace
}  // namespace gpufleet

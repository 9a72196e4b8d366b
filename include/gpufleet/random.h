// Reproducible random streams for the Monte Carlo runner. Nothing here uses <random>'s
// distributions, whose output differs between standard libraries: the generators and the
// exponential below are written out, so a (seed, stream) pair gives the same bits everywhere the
// C library's log1p is the same (glibc: every x86-64 and arm64 build of this project).
#pragma once

#include <cmath>
#include <cstdint>

namespace gpufleet {

// SplitMix64 (Steele, Lea, Flood 2014): used to expand seeds, never as the simulation stream.
inline constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256++ 1.0 (Blackman and Vigna 2019). Period 2^256 - 1; 8 bytes per call.
class Xoshiro256pp {
 public:
  // The stream for replica `stream` of a run seeded with `seed`: the state is four SplitMix64
  // outputs from a state mixing both, so neighbouring replicas get unrelated streams.
  Xoshiro256pp(uint64_t seed, uint64_t stream) {
    uint64_t sm = seed;
    uint64_t mixed = SplitMix64(sm) ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& w : s_) w = SplitMix64(mixed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[0] + s_[3], 23) + s_[0];
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Exponential with the given mean, by the inverse CDF: -mean * ln(1 - U). Never negative.
  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace gpufleet

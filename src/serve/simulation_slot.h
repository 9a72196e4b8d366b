// Internal to the API: at most one Monte Carlo simulation per core at a time.
//
// The simulating routes (/api/train, /api/sweep, /api/infer with a simulation) and a posted
// /api/check are CPU-bound for seconds; more of them at once
// than there are cores only slows each one and starves the light routes (/api/health p99 went
// from 11 ms to 110 ms with 6 at once on 2 loaded cores, bench/attack_serve.py). A handler takes
// a slot after it has parsed and checked its request (so a bad request gets its 400 at once) and
// holds it while it simulates; a slot not free within kSimulationWait throws ServerBusy (503).
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace gpufleet::serve {

struct ServerBusy : std::runtime_error {
  ServerBusy()
      : std::runtime_error(
            "busy: as many simulations are running as there are cores; retry "
            "later") {}
};

class SimulationSlot {
 public:
  static constexpr auto kSimulationWait = std::chrono::seconds(10);

  // Waits for a free slot; throws ServerBusy after kSimulationWait.
  SimulationSlot() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cond_.wait_for(lock, kSimulationWait, [] { return running_ < kSlots; })) {
      throw ServerBusy();
    }
    ++running_;
  }
  ~SimulationSlot() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
    }
    cond_.notify_one();
  }
  SimulationSlot(const SimulationSlot&) = delete;
  SimulationSlot& operator=(const SimulationSlot&) = delete;

 private:
  static inline const unsigned kSlots = std::max(1u, std::thread::hardware_concurrency());
  static inline std::mutex mutex_;
  static inline std::condition_variable cond_;
  static inline unsigned running_ = 0;
};

}  // namespace gpufleet::serve

// ParallelChunks: the one worker loop of the Monte Carlo runs (training replicas, serving
// replicas). Indices [0, n) are claimed `chunk` at a time from a shared counter by `threads`
// threads; each thread makes its own State once (an event queue, or nothing). Results are stored
// by index by the body, so what a run computes does not depend on the thread count.
//
// The body returns false to stop the run (a replica over the work budget): every thread stops
// taking chunks, and ParallelChunks returns false. With `progress`, the calling thread only
// reports (done, n) every 20 ms and at the end; without it, it works too.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace gpufleet::sim_internal {

// The threads worth starting: `requested` (0: one per core), at most one per chunk.
inline unsigned ChunkThreads(unsigned requested, uint64_t n, uint64_t chunk) {
  const unsigned t = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(
      std::max<uint64_t>(1, std::min<uint64_t>(t, (n + chunk - 1) / chunk)));
}

template <typename State, typename Body>
bool ParallelChunks(uint64_t n, uint64_t chunk, unsigned threads, Body body,
                    const std::function<void(uint64_t, uint64_t)>& progress = {}) {
  std::atomic<uint64_t> next{0}, done{0};
  std::atomic<bool> stopped{false};
  auto work = [&] {
    State state{};
    while (!stopped.load(std::memory_order_relaxed)) {
      const uint64_t begin = next.fetch_add(chunk);
      if (begin >= n) return;
      const uint64_t end = std::min(n, begin + chunk);
      for (uint64_t i = begin; i < end; ++i) {
        if (!body(state, i)) stopped.store(true, std::memory_order_relaxed);
        if (stopped.load(std::memory_order_relaxed)) break;
      }
      done.fetch_add(end - begin);
    }
  };
  const unsigned spawned = progress ? threads : threads - 1;
  std::vector<std::thread> pool;
  pool.reserve(spawned);
  for (unsigned t = 0; t < spawned; ++t) pool.emplace_back(work);
  if (progress) {
    while (done.load() < n && !stopped.load()) {
      progress(done.load(), n);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!stopped.load()) progress(n, n);
  } else {
    work();
  }
  for (std::thread& t : pool) t.join();
  return !stopped.load();
}

}  // namespace gpufleet::sim_internal

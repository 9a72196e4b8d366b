#include "gpufleet/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "gpufleet/random.h"

namespace gpufleet {
namespace {

TEST(EventQueue, PopsInTimeOrderAndTiesInPushOrder) {
  EventQueue q;
  q.Push(30, 1);
  q.Push(10, 2);
  q.Push(30, 3);
  q.Push(10, 4);
  std::vector<uint32_t> types;
  while (!q.empty()) types.push_back(q.Pop().type);
  EXPECT_EQ(types, (std::vector<uint32_t>{2, 4, 1, 3}));
}

// Random interleavings of Push and Pop (including pop-then-push, which reuses the root's slot)
// against a sorted reference.
TEST(EventQueue, MatchesASortedReference) {
  EventQueue q;
  std::vector<std::pair<SimTime, uint64_t>> ref;  // (time, push index)
  Xoshiro256pp rng(5, 0);
  uint64_t pushes = 0;
  for (int i = 0; i < 20000; ++i) {
    if (ref.empty() || rng.Uniform() < 0.55) {
      const SimTime t = static_cast<SimTime>(rng.Next() % 50);  // many ties
      q.Push(t, 0, static_cast<uint32_t>(pushes));
      ref.push_back({t, pushes++});
    } else {
      const auto it = std::min_element(ref.begin(), ref.end());
      const Event e = q.Pop();
      ASSERT_EQ(e.time, it->first);
      ASSERT_EQ(e.payload, it->second);
      ref.erase(it);
    }
    ASSERT_EQ(q.size(), ref.size());
  }
}

}  // namespace
}  // namespace gpufleet

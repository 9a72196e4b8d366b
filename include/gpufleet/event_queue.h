// The simulator's event queue: a binary min-heap of small plain structs, ordered by integer time
// (nanoseconds) and then by a sequence number given at push time, so two events at the same
// instant always come out in the order they were scheduled and every run is reproducible.
//
// No allocation per event (the heap's vector grows geometrically and is reused across runs via
// Clear()), no std::function: an event is a type tag and a 32-bit payload that the model
// interprets. Cancellation is the model's business (e.g. an epoch in the payload).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gpufleet {

using SimTime = int64_t;  // nanoseconds since the start of the run

struct Event {
  SimTime time;
  uint64_t seq;
  uint32_t type;
  uint32_t payload;
};

class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  // The earliest event. Precondition: !empty().
  const Event& top() const { return heap_.front(); }

  void Push(SimTime time, uint32_t type, uint32_t payload = 0) {
    heap_.push_back(Event{time, next_seq_++, type, payload});
    SiftUp(heap_.size() - 1);
  }

  // Removes and returns the earliest event. Precondition: !empty().
  Event Pop() {
    const Event out = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(last);
    return out;
  }

  // Empties the queue and restarts sequence numbers; keeps the memory.
  void Clear() {
    heap_.clear();
    next_seq_ = 0;
  }

 private:
  static bool Before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void SiftUp(size_t i) {
    const Event e = heap_[i];
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (!Before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  // Places `e` (the former last element) starting from the root.
  void SiftDown(const Event& e) {
    const size_t n = heap_.size();
    size_t i = 0;
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && Before(heap_[child + 1], heap_[child])) ++child;
      if (!Before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace gpufleet

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
  bool empty() const { return size() == 0; }
  size_t size() const { return heap_.size() - (hole_ ? 1 : 0); }
  // The earliest event. Precondition: !empty().
  const Event& top() {
    Settle();
    return heap_.front();
  }

  void Push(SimTime time, uint32_t type, uint32_t payload = 0) {
    const Event e{time, next_seq_++, type, payload};
    if (hole_) {  // the slot of the last popped event: one sift-down instead of two walks
      hole_ = false;
      return SiftDown(e);
    }
    heap_.push_back(e);
    SiftUp(heap_.size() - 1);
  }

  // A sequence number taken now for an event pushed later with PushTaken: it orders as if it had
  // been pushed now. For a model that keeps a line of events already in time order outside the
  // heap (the engine's repairs) and pushes only the line's head.
  uint64_t TakeSeq() { return next_seq_++; }
  void PushTaken(SimTime time, uint32_t type, uint32_t payload, uint64_t seq) {
    const Event e{time, seq, type, payload};
    if (hole_) {
      hole_ = false;
      return SiftDown(e);
    }
    heap_.push_back(e);
    SiftUp(heap_.size() - 1);
  }

  // Removes and returns the earliest event. Precondition: !empty(). The root's slot is only
  // refilled by the next Push or Pop, so the common "pop one, push one" costs a single sift-down.
  Event Pop() {
    Settle();
    hole_ = true;
    return heap_.front();
  }

  // Empties the queue and restarts sequence numbers; keeps the memory.
  void Clear() {
    heap_.clear();
    hole_ = false;
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
  // Fills the root's slot left by Pop with the last element.
  void Settle() {
    if (!hole_) return;
    hole_ = false;
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(last);
  }
  // Places `e` starting from the root (whose current content is discarded).
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
  bool hole_ = false;
};

}  // namespace gpufleet

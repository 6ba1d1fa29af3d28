// A store's running total of one resource against its limit (DESIGN
// decision 8): the bytes of all its linear memories, or the elements of all
// its tables. Memories and tables take from it when created or grown and
// give back when destroyed, so a module cannot exceed the store's budget by
// splitting it over many memories or tables (Wasmtime's ResourceLimiter
// bounds the same totals).
#pragma once

#include <cstdint>

namespace ember {

class ResourceCounter {
 public:
  explicit ResourceCounter(uint64_t limit) : limit_(limit) {}
  ResourceCounter(const ResourceCounter&) = delete;
  ResourceCounter& operator=(const ResourceCounter&) = delete;

  // False (taking nothing) when `n` more would pass the limit.
  bool take(uint64_t n) {
    if (n > limit_ - used_) return false;
    used_ += n;
    return true;
  }
  void give(uint64_t n) { used_ -= n; }

  uint64_t used() const { return used_; }
  uint64_t limit() const { return limit_; }
  uint64_t available() const { return limit_ - used_; }

 private:
  uint64_t limit_;
  uint64_t used_ = 0;
};

}  // namespace ember

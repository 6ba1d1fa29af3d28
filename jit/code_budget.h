// The machine code a module may grow to (JitOptions::maxCodeBytesPerBodyByte
// and minCodeBudget): a hostile body can expand by thousands, and the
// compile must end with an error before it takes gigabytes.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace ember {

// The budget of a whole module: so many bytes per body byte, at least the
// minimum.
constexpr uint64_t moduleCodeBudget(uint64_t bodyBytes, uint32_t perBodyByte, uint64_t minimum) {
  return std::max(minimum, bodyBytes * perBodyByte);
}

// The one budget the parts of a parallel compile share. Each part adds its
// code to a common count once it has `step` bytes not yet added, so that a
// check is a load, and the parts together stop near the module's budget
// instead of each taking all of it (with the minimum per part, a module
// cut into many parts could have emitted parts x 16 MiB). What is not yet
// added lets them pass the budget by at most parts x step.
class SharedCodeBudget {
 public:
  SharedCodeBudget(uint64_t limit, uint64_t step) : limit_(limit), step_(step) {}

  uint64_t limit() const { return limit_; }

  // Whether a part that has emitted `partBytes`, `added` of them already
  // counted, keeps the module within the budget.
  bool allows(uint64_t partBytes, uint64_t& added) {
    if (partBytes - added >= step_) {
      emitted_.fetch_add(partBytes - added, std::memory_order_relaxed);
      added = partBytes;
    }
    return emitted_.load(std::memory_order_relaxed) + (partBytes - added) <= limit_;
  }

 private:
  const uint64_t limit_;
  const uint64_t step_;
  std::atomic<uint64_t> emitted_{0};
};

}  // namespace ember

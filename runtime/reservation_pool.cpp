#include "runtime/reservation_pool.h"

#include <algorithm>
#include <mutex>  // std::lock_guard

#include "platform/ember-platform.h"

namespace ember {

ReservationPool::ReservationPool(uint64_t bytes, uint32_t capacity)
    : bytes_(bytes), capacity_(std::min(capacity, kMaxKept)) {}

ReservationPool::~ReservationPool() {
  for (uint32_t i = 0; i < count_; ++i) ember_vm_release(kept_[i], bytes_);
}

uint8_t* ReservationPool::take() {
  {
    std::lock_guard<RuntimeMutex> lock(mutex_);
    if (count_ > 0) return kept_[--count_];
  }
  void* base = nullptr;
  return ember_vm_reserve(bytes_, &base) == EMBER_PLATFORM_OK ? static_cast<uint8_t*>(base)
                                                              : nullptr;
}

// The decommit happens outside the lock: it is the slow part, and a
// reservation that cannot be decommitted is released instead of kept.
void ReservationPool::give(uint8_t* base, uint64_t committed) {
  bool clean = committed == 0 || ember_vm_decommit(base, committed) == EMBER_PLATFORM_OK;
  if (clean) {
    std::lock_guard<RuntimeMutex> lock(mutex_);
    if (count_ < capacity_) {
      kept_[count_++] = base;
      return;
    }
  }
  ember_vm_release(base, bytes_);
}

uint32_t ReservationPool::keptCount() {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  return count_;
}

}  // namespace ember

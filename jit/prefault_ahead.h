// Keeps the pages just past a growing buffer's end present, a chunk at a
// time, so that appending to it rarely takes a page fault. In a virtual
// machine a page faulted in alone can cost ~14 us, one of a chunk made
// present in bulk under 1 us: the faults of the trap-site, offset-map and
// function tables alone were ~3% of a one-shot compile's time here. The
// platform's prefault (ember_vm_prefault) is a hint that may do nothing,
// so nothing here changes what the buffer holds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ember {

class PrefaultAhead {
 public:
  using Prefault = void (*)(void* addr, size_t size);

  // Makes `chunk` bytes present at a time, once fewer than `margin` are
  // left ahead of what is used.
  constexpr PrefaultAhead(size_t chunk, size_t margin) : chunk_(chunk), margin_(margin) {}

  // Starts on the buffer at `data`, making its first `bytes` present now.
  void start(Prefault prefault, uint8_t* data, size_t bytes) {
    prefault_ = prefault;
    base_ = data;
    if (prefault_ && bytes) prefault_(data, bytes);
    present_ = bytes;
    at_ = present_ > margin_ ? present_ - margin_ : 0;
  }
  // Stops making pages present (the buffer is not one it may touch ahead).
  void stop() { prefault_ = nullptr; }

  // Whether `used` bytes of the buffer at `data` call for the next chunk.
  bool due(const uint8_t* data, size_t used) const {
    return prefault_ && (data != base_ || used > at_);
  }
  // Makes the next chunk past `used` present, within `capacity`. A buffer
  // that moved (a vector that grew) starts again: what was copied into it
  // is present.
  void advance(uint8_t* data, size_t used, size_t capacity) {
    if (data != base_) {
      base_ = data;
      present_ = used;
    }
    const size_t from = std::max(present_, used);
    const size_t to = std::min(capacity, from + chunk_);
    if (to > from) prefault_(data + from, to - from);
    present_ = to;
    at_ = to >= capacity ? SIZE_MAX : to - std::min(to, margin_);
  }

  // The same for a vector's capacity, between appends to it.
  template <typename T>
  void keepAhead(std::vector<T>& v) {
    auto* data = reinterpret_cast<uint8_t*>(v.data());
    const size_t used = v.size() * sizeof(T);
    if (due(data, used)) advance(data, used, v.capacity() * sizeof(T));
  }

 private:
  size_t chunk_;
  size_t margin_;
  Prefault prefault_ = nullptr;
  const uint8_t* base_ = nullptr;
  size_t present_ = 0;    // bytes from base_ made present
  size_t at_ = SIZE_MAX;  // the use that calls for more
};

}  // namespace ember

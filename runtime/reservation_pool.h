// Memory reservations of one size that an engine keeps when their memories
// are destroyed, for its next memories: guarded ones (4 GiB + guard,
// DESIGN decision 4) or compact ones (Memory::kPooledCompactReservationBytes).
// Reserving and releasing is cheap natively but not free (a mapping made
// and torn down, its page-table pages), and under an emulator such as
// qemu-user 4 GiB costs ~110 ms, as the emulator keeps flags for every
// page of the range, and never frees them: 100,000 compact memories made
// and destroyed took it past 4 GB. A kept reservation holds no memory: its
// pages are decommitted, so they read as zero when committed again.
#pragma once

#include <cstdint>

#include "runtime/threading.h"

namespace ember {

class ReservationPool {
 public:
  static constexpr uint32_t kMaxKept = 16;

  // Keeps at most `capacity` (up to kMaxKept) reservations of `bytes` each.
  ReservationPool(uint64_t bytes, uint32_t capacity);
  ~ReservationPool();  // releases what it keeps
  ReservationPool(const ReservationPool&) = delete;
  ReservationPool& operator=(const ReservationPool&) = delete;

  uint64_t reservationBytes() const { return bytes_; }
  // A kept reservation, nothing committed, or a new one; null when the
  // host has no address space left.
  uint8_t* take();
  // Takes back a reservation whose first `committed` bytes may be
  // committed: keeps it, decommitted, while there is room, else releases
  // it.
  void give(uint8_t* base, uint64_t committed);
  uint32_t keptCount();

 private:
  const uint64_t bytes_;
  const uint32_t capacity_;
  RuntimeMutex mutex_;
  uint8_t* kept_[kMaxKept] = {};
  uint32_t count_ = 0;
};

}  // namespace ember

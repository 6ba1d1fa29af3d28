// A linear memory (spec 4.2.8). DESIGN decision 4: for signals-mode JIT
// code the whole 32-bit index range plus a guard region is reserved up
// front and only the accessible pages are committed read-write, so the
// base address never moves — not even on memory.grow — and an access needs
// no bounds check. Code that checks every access (the interpreter,
// checks-mode JIT code) needs no such reservation: its memories hold only
// room to grow, and move when they outgrow it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "abi/vm_context.h"
#include "runtime/config.h"
#include "runtime/context_mirrors.h"
#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/reclaim_mark.h"
#include "runtime/resource_counter.h"

namespace ember {

// How a memory holds address space.
enum class MemoryLayout : uint8_t {
  // The 4 GiB index range and the guard after it, reserved at creation: the
  // base never moves and an access past the end faults. Builds without
  // signals (EMBER_SIGNALS=OFF) have no such layout.
  Guarded,
  // Only room to grow (twice the size, at least 64 MiB more, never past the
  // maximum): every access must be bounds-checked, and a memory.grow past
  // the room moves the contents to a larger reservation. Without signals,
  // a heap block of the size and, once grown, room to grow (twice the old
  // room).
  Compact,
};

// Guarded only where code relies on the guard: signals-mode JIT code.
inline MemoryLayout memoryLayoutFor(const Config& config) {
  bool guardsCatchAccesses = EMBER_HAVE_SIGNALS && config.engine == EngineKind::Jit &&
                             config.bounds == BoundsMode::Signals;
  return guardsCatchAccesses ? MemoryLayout::Guarded : MemoryLayout::Compact;
}

class ReservationPool;

// What a store gives each memory it creates (Store::memoryOptions).
struct MemoryOptions {
  // The store-level cap (Config::maxMemoryPages); the effective maximum is
  // the smaller of it, the type's max and 65536.
  uint64_t pageLimit = kMaxPages32;
  MemoryLayout layout = MemoryLayout::Compact;
  // When given, the store's total of memory bytes
  // (Config::maxStoreMemoryBytes): the memory takes its size from it and
  // gives it back when destroyed.
  ResourceCounter* storeBytes = nullptr;
  // When given, where the memory takes its reservation from and gives it
  // back to, when it is of the pool's size or smaller (the engine's, for
  // its memory layout: Config::keptMemoryReservations).
  ReservationPool* reservations = nullptr;
  // Builds with signals: ask the platform to back the committed pages with
  // large pages (Config::largePageMemory).
  bool largePages = false;
};

class Memory : public ReclaimMark {
 public:
  // Guard bytes reserved after the 4 GiB index range.
  static constexpr uint64_t kGuardBytes = 32ull << 20;
  static constexpr uint64_t kGuardedReservationBytes =
      uint64_t{kMaxPages32} * kPageSize + kGuardBytes;
  // Room a compact memory holds beyond its size, at the least.
  static constexpr uint64_t kCompactHeadroom = 64ull << 20;
  // The compact reservations an engine keeps (Config::keptMemoryReservations):
  // a memory whose own would be at most this large takes one of these.
  static constexpr uint64_t kPooledCompactReservationBytes = 2 * kCompactHeadroom;

  static Result<std::unique_ptr<Memory>> create(const MemoryType& type,
                                                const MemoryOptions& options);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* data() { return vm_.base; }
  const uint8_t* data() const { return vm_.base; }
  uint64_t size() const { return vm_.length; }  // bytes
  uint64_t pages() const { return vm_.length / kPageSize; }
  // The type with the current size as its minimum (spec 4.5.3.3, for
  // import matching).
  MemoryType type() const;

  // memory.grow (spec 4.4.7): the old size in pages, or -1 when the new
  // size would pass the maximum or the store's total, or cannot be
  // committed. Contents keep their address unless a compact memory
  // outgrows its reservation.
  int64_t grow(uint64_t deltaPages);

  VMMemory* vm() { return &vm_; }
  // Address space held from data(): for a guarded memory
  // kGuardedReservationBytes unless the host could not give that much (then explicit
  // bounds checks are required); for a compact one, the size and its room
  // to grow; without signals (EMBER_SIGNALS=OFF), the heap block's size.
  uint64_t reservedBytes() const { return reserved_; }
  // Keeps `*length` equal to the size in bytes and, when given, `*base`
  // equal to data() from now on (engine code reads memory 0's base and
  // length from each VMContext using this memory; the base of a guarded
  // memory never moves).
  void mirrorTo(ContextMirror& mirror, uint8_t** base, uint64_t* length) {
    mirrors_.add(mirror, base, length, vm_.base, vm_.length);
  }
  // Stops updating `mirror` (its context is going away).
  void stopMirroring(ContextMirror& mirror) { mirrors_.remove(mirror); }

 private:
  Memory() = default;
  bool reserveAndCommit(const MemoryOptions& options);
  void releaseStorage();
  bool growInto(uint64_t newLength);
#if EMBER_HAVE_SIGNALS
  bool moveContents(uint8_t* base, uint64_t newLength);
#else
  bool moveToLargerBlock(uint64_t newLength);
#endif

  VMMemory vm_;
  MemoryType type_;
  uint64_t maxPages_ = 0;
  uint64_t reserved_ = 0;  // bytes of address space held
  ContextMirrors mirrors_;
  ResourceCounter* storeBytes_ = nullptr;
  ReservationPool* reservations_ = nullptr;  // set while it holds a pooled reservation
  bool largePages_ = false;                  // MemoryOptions::largePages
};

}  // namespace ember

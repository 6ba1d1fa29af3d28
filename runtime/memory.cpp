#include "runtime/memory.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "platform/ember-platform.h"
#include "runtime/capacity_growth.h"
#include "runtime/reservation_pool.h"
#include "runtime/zeroed_allocation.h"

namespace ember {
namespace {

// Copies into a block that reads as zero already (freshly committed pages,
// or a calloc'd heap block): a 4 KiB block still zero is not written, so
// pages a program grew into but never wrote do not become resident memory
// in the copy (a program may grow to 4 GiB, a page at a time, and touch
// little of it).
void copySkippingZeroBlocks(uint8_t* to, const uint8_t* from, uint64_t bytes) {
  constexpr uint64_t kBlock = 4096;  // sizes are whole wasm pages, so whole blocks
  for (uint64_t at = 0; at < bytes; at += kBlock) {
    uint64_t any = 0;
    for (uint64_t i = 0; i < kBlock; i += 8) {
      uint64_t word;
      std::memcpy(&word, from + at + i, 8);  // a load; the bytes are not uint64_t objects
      any |= word;
    }
    if (any) std::memcpy(to + at, from + at, kBlock);
  }
}

#if EMBER_HAVE_SIGNALS
// Memories live in reservations (DESIGN decision 4): pages are committed as
// the memory grows. Commit sizes are whole wasm pages, so always multiples
// of the host page size.
uint8_t* reserveRegion(uint64_t bytes) {
  void* base = nullptr;
  return ember_vm_reserve(bytes, &base) == EMBER_PLATFORM_OK ? static_cast<uint8_t*>(base) : nullptr;
}
// With `largePages`, the pages are advised first: the advice is a property
// of the range the commit keeps, and a pooled reservation comes back
// decommitted, without it.
bool commitRegion(uint8_t* at, uint64_t bytes, bool largePages) {
  if (bytes == 0) return true;
  if (largePages) ember_vm_prefer_large_pages(at, bytes);
  return ember_vm_commit(at, bytes) == EMBER_PLATFORM_OK;
}
void releaseRegion(uint8_t* at, uint64_t bytes) {
  if (at) ember_vm_release(at, bytes);
}

// A compact memory of `bytes` holds room to grow: growth by doubling moves
// the contents a logarithmic number of times, and a small memory gets the
// headroom (few programs grow past it) for a few page-table entries.
uint64_t compactReservation(uint64_t bytes, uint64_t maxBytes) {
  uint64_t wanted = std::max(bytes * 2, bytes + Memory::kCompactHeadroom);
  return std::max(std::min(wanted, maxBytes), std::max<uint64_t>(bytes, kPageSize));
}
#else
// Without signals (EMBER_SIGNALS=OFF) nothing relies on virtual memory: the
// memory is a heap block of its size and, once it has grown, room to grow
// further; outgrowing the room moves it to a larger block (the base moves;
// engine code reloads it after anything that may grow memory, and every
// access is bounds-checked). Nothing ever writes past the memory's size.
constexpr size_t kHeapAlignment = 16;  // a v128 access may be aligned

#if EMBER_PLATFORM_CUSTOM
// A custom platform's heap gives blocks of unknown contents: each part is
// cleared when the memory first takes it in.
constexpr bool kBlocksStartZeroed = false;

uint8_t* allocateBlock(uint64_t bytes) {
  return static_cast<uint8_t*>(ember_heap_alloc(std::max<uint64_t>(bytes, 1), kHeapAlignment));
}
#else
// From calloc a large block is fresh zero pages that cost the host nothing
// until the guest writes them: growing to 4 GiB commits nothing at once
// (a memset would commit it all).
constexpr bool kBlocksStartZeroed = true;
static_assert(alignof(std::max_align_t) >= kHeapAlignment, "calloc's blocks are aligned enough");

uint8_t* allocateBlock(uint64_t bytes) {
  return static_cast<uint8_t*>(allocateZeroed(std::max<uint64_t>(bytes, 1), 1));
}
#endif
#endif

}  // namespace

Result<std::unique_ptr<Memory>> Memory::create(const MemoryType& type,
                                               const MemoryOptions& options) {
  uint64_t maxPages = std::min<uint64_t>(type.limits.max.value_or(kMaxPages32), kMaxPages32);
  maxPages = std::min(maxPages, options.pageLimit);
  ResourceCounter* storeBytes = options.storeBytes;
  if (type.limits.min > maxPages)
    return Error(ErrorKind::Resource,
                 formatMessage("memory of %llu pages exceeds the limit of %llu pages",
                               (unsigned long long)type.limits.min, (unsigned long long)maxPages));
  uint64_t bytes = type.limits.min * kPageSize;
  if (storeBytes && !storeBytes->take(bytes))
    return Error(ErrorKind::Resource,
                 formatMessage("memory of %llu pages passes the store's limit of %llu bytes of "
                               "memory (%llu in use)",
                               (unsigned long long)type.limits.min,
                               (unsigned long long)storeBytes->limit(),
                               (unsigned long long)storeBytes->used()));
  std::unique_ptr<Memory> m(new (std::nothrow) Memory());
  if (!m) {
    if (storeBytes) storeBytes->give(bytes);
    return Error(ErrorKind::Resource, "out of host memory creating a memory");
  }
  // From here on the destructor gives `length` back, also on failure below.
  m->storeBytes_ = storeBytes;
  m->vm_.length = bytes;
  m->type_ = type;
  m->maxPages_ = maxPages;
  m->largePages_ = options.largePages;
  if (!m->reserveAndCommit(options))
    return Error(
        ErrorKind::Resource,
        formatMessage("the host cannot give a memory of %llu pages (%llu bytes of address "
                      "space)",
                      (unsigned long long)type.limits.min, (unsigned long long)m->reserved_));
  return m;
}

Memory::~Memory() {
  releaseStorage();
  if (storeBytes_) storeBytes_->give(vm_.length);
}

#if EMBER_HAVE_SIGNALS
// A guarded memory reserves the full index range plus guard, from the
// engine's pool when there is one; if the host cannot give that much
// address space, the largest size it may reach (explicit bounds checks are
// then required, and the base still never moves). A compact one reserves
// its size and room to grow, or takes a kept reservation when that is
// enough (most memories: 64 MiB of room is what a small one wants).
bool Memory::reserveAndCommit(const MemoryOptions& options) {
  uint64_t maxBytes = maxPages_ * kPageSize;
  reserved_ = options.layout == MemoryLayout::Guarded ? kGuardedReservationBytes
                                                      : compactReservation(vm_.length, maxBytes);
  ReservationPool* pool = options.reservations;
  if (pool && reserved_ <= pool->reservationBytes()) {
    vm_.base = pool->take();
    if (vm_.base) {
      reservations_ = pool;
      reserved_ = pool->reservationBytes();
    }
  }
  if (!vm_.base) vm_.base = reserveRegion(reserved_);
  if (!vm_.base && options.layout == MemoryLayout::Guarded) {
    reserved_ = std::max<uint64_t>(maxBytes, kPageSize);
    vm_.base = reserveRegion(reserved_);
  }
  return vm_.base && commitRegion(vm_.base, vm_.length, largePages_);
}

// Commits the new pages in place when the reservation holds them; otherwise
// moves the contents to a larger reservation (a compact memory only: a
// guarded one reserves all it may reach).
bool Memory::growInto(uint64_t newLength) {
  if (newLength <= reserved_)
    return commitRegion(vm_.base + vm_.length, newLength - vm_.length, largePages_);
  uint64_t reservation = compactReservation(newLength, maxPages_ * kPageSize);
  uint8_t* base = reserveRegion(reservation);
  if (!base) return false;
  if (!moveContents(base, newLength)) {
    releaseRegion(base, reservation);
    return false;
  }
  releaseStorage();
  reservations_ = nullptr;
  vm_.base = base;
  reserved_ = reservation;
  return true;
}

// Into the fresh reservation at `base`: commits it up to `newLength` (so a
// failure changes nothing), then moves the pages where the platform can
// (ember_vm_move: time independent of the size, nothing read), or copies.
bool Memory::moveContents(uint8_t* base, uint64_t newLength) {
  if (!commitRegion(base, newLength, largePages_)) return false;
  if (vm_.length == 0 || ember_vm_move(vm_.base, vm_.length, base) != EMBER_PLATFORM_OK)
    copySkippingZeroBlocks(base, vm_.base, vm_.length);
  return true;
}

void Memory::releaseStorage() {
  if (reservations_) {
    reservations_->give(vm_.base, vm_.length);
  } else {
    releaseRegion(vm_.base, reserved_);
  }
}
#else
// Without signals a memory starts as one zeroed heap block of its size
// (either layout). The room past the size is not written until the guest
// writes it, so its pages cost the host nothing until then; a host heap
// that cannot give the larger room may still give exactly the new size.
bool Memory::reserveAndCommit(const MemoryOptions&) {
  vm_.base = allocateBlock(vm_.length);
  reserved_ = vm_.length;
  if (vm_.base && !kBlocksStartZeroed) std::memset(vm_.base, 0, vm_.length);
  return vm_.base != nullptr;
}

bool Memory::growInto(uint64_t newLength) {
  if (newLength > reserved_ && !moveToLargerBlock(newLength)) return false;
  if (!kBlocksStartZeroed) std::memset(vm_.base + vm_.length, 0, newLength - vm_.length);
  return true;
}

bool Memory::moveToLargerBlock(uint64_t newLength) {
  const uint64_t maxBytes = maxPages_ * kPageSize;
  const uint64_t storeAvailable = storeBytes_ ? storeBytes_->available() : maxBytes;
  uint64_t room =
      doubledCapacity(newLength, reserved_, capacityLimit(newLength, maxBytes, storeAvailable));
  uint8_t* larger = allocateBlock(room);
  if (!larger && room > newLength) {
    room = newLength;
    larger = allocateBlock(room);
  }
  if (!larger) return false;
  if (kBlocksStartZeroed)
    copySkippingZeroBlocks(larger, vm_.base, vm_.length);
  else
    std::memcpy(larger, vm_.base, vm_.length);
  freeZeroed(vm_.base);
  vm_.base = larger;
  reserved_ = room;
  return true;
}

void Memory::releaseStorage() { freeZeroed(vm_.base); }
#endif

MemoryType Memory::type() const {
  MemoryType t = type_;
  t.limits.min = pages();
  return t;
}

int64_t Memory::grow(uint64_t deltaPages) {
  uint64_t old = pages();
  if (deltaPages > maxPages_ - old) return -1;
  uint64_t bytes = deltaPages * kPageSize;
  if (storeBytes_ && !storeBytes_->take(bytes)) return -1;
  if (!growInto(vm_.length + bytes)) {
    if (storeBytes_) storeBytes_->give(bytes);
    return -1;
  }
  vm_.length += bytes;  // fresh pages read as zero
  mirrors_.update(vm_.base, vm_.length);
  return static_cast<int64_t>(old);
}

}  // namespace ember

#include "runtime/memory.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "platform/ember-platform.h"

namespace ember {
namespace {

#if EMBER_HAVE_SIGNALS
// With signal-based traps (DESIGN decision 4) the whole index range plus a
// guard is reserved once and pages are committed as the memory grows: the
// base never moves. Commit sizes are whole wasm pages, so always multiples
// of the host page size.
uint8_t* reserveRegion(uint64_t bytes) {
  void* base = nullptr;
  return ember_vm_reserve(bytes, &base) == EMBER_PLATFORM_OK ? static_cast<uint8_t*>(base) : nullptr;
}
bool commitRegion(uint8_t* at, uint64_t bytes) {
  return bytes == 0 || ember_vm_commit(at, bytes) == EMBER_PLATFORM_OK;
}
void releaseRegion(uint8_t* at, uint64_t bytes) {
  if (at) ember_vm_release(at, bytes);
}
#else
// Without signals (EMBER_SIGNALS=OFF) nothing relies on virtual memory: the
// memory is a heap block of exactly its current size, replaced by a larger
// one on memory.grow (the base moves; engine code reloads it after anything
// that may grow memory, and every access is bounds-checked).
constexpr size_t kHeapAlignment = 16;  // a v128 access may be aligned

uint8_t* allocateZeroed(uint64_t bytes) {
  auto* block = static_cast<uint8_t*>(ember_heap_alloc(std::max<uint64_t>(bytes, 1), kHeapAlignment));
  if (block) std::memset(block, 0, bytes);
  return block;
}
#endif

}  // namespace

Result<std::unique_ptr<Memory>> Memory::create(const MemoryType& type, uint64_t pageLimit,
                                               ResourceCounter* storeBytes) {
  uint64_t maxPages = std::min<uint64_t>(type.limits.max.value_or(kMaxPages32), kMaxPages32);
  maxPages = std::min(maxPages, pageLimit);
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
#if EMBER_HAVE_SIGNALS
  // The full index range plus guard; if the host cannot give that much
  // address space, fall back to the largest size this memory may reach
  // (the base still never moves).
  m->reserved_ = uint64_t{kMaxPages32} * kPageSize + kGuardBytes;
  m->vm_.base = reserveRegion(m->reserved_);
  if (!m->vm_.base) {
    m->reserved_ = std::max<uint64_t>(maxPages * kPageSize, kPageSize);
    m->vm_.base = reserveRegion(m->reserved_);
  }
  if (!m->vm_.base) return Error(ErrorKind::Resource, "cannot reserve address space for a memory");
  if (!commitRegion(m->vm_.base, bytes)) return Error(ErrorKind::Resource, "cannot commit memory");
#else
  m->vm_.base = allocateZeroed(bytes);
  if (!m->vm_.base) return Error(ErrorKind::Resource, "cannot allocate memory for a linear memory");
  m->reserved_ = bytes;
#endif
  return m;
}

Memory::~Memory() {
#if EMBER_HAVE_SIGNALS
  releaseRegion(vm_.base, reserved_);
#else
  ember_heap_free(vm_.base);
#endif
  if (storeBytes_) storeBytes_->give(vm_.length);
}

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
#if EMBER_HAVE_SIGNALS
  if (!commitRegion(vm_.base + vm_.length, bytes)) {
    if (storeBytes_) storeBytes_->give(bytes);
    return -1;
  }
#else
  if (bytes != 0) {
    uint8_t* larger = allocateZeroed(vm_.length + bytes);
    if (!larger) {
      if (storeBytes_) storeBytes_->give(bytes);
      return -1;
    }
    std::memcpy(larger, vm_.base, vm_.length);
    ember_heap_free(vm_.base);
    vm_.base = larger;
    reserved_ = vm_.length + bytes;
  }
#endif
  vm_.length += bytes;  // fresh pages read as zero
  mirrors_.update(vm_.base, vm_.length);
  return static_cast<int64_t>(old);
}

}  // namespace ember

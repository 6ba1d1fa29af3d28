#include "runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace ember {
namespace {

// The only code that touches virtual memory for linear memories; it will
// move behind the platform layer (platform/ember-platform.h) later.
uint8_t* reserveRegion(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

bool commitRegion(uint8_t* at, uint64_t bytes) {
  return bytes == 0 || mprotect(at, bytes, PROT_READ | PROT_WRITE) == 0;
}

void releaseRegion(uint8_t* at, uint64_t bytes) {
  if (at) munmap(at, bytes);
}

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
  if (!commitRegion(m->vm_.base, bytes))
    return Error(ErrorKind::Resource, "cannot commit memory");
  return m;
}

Memory::~Memory() {
  releaseRegion(vm_.base, reserved_);
  if (storeBytes_) storeBytes_->give(vm_.length);
}

void Memory::stopMirroring(uint64_t* field) {
  std::erase(lengthMirrors_, field);
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
  if (!commitRegion(vm_.base + vm_.length, bytes)) {
    if (storeBytes_) storeBytes_->give(bytes);
    return -1;
  }
  vm_.length += bytes;  // fresh pages read as zero (anonymous mapping)
  for (uint64_t* mirror : lengthMirrors_) *mirror = vm_.length;
  return static_cast<int64_t>(old);
}

}  // namespace ember

// Virtual memory on POSIX: reservations are PROT_NONE anonymous mappings
// with MAP_NORESERVE, so a 4 GiB + guard linear memory costs neither memory
// nor commit charge until its pages are made accessible.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"
#include "platform/posix/huge_page.h"

namespace {

bool isPageMultiple(uintptr_t value) { return (value & (ember_page_size() - 1)) == 0; }

// Every range argument must be non-empty and page aligned at both ends.
bool isPageRange(void* addr, size_t size) {
  return addr != nullptr && size != 0 && isPageMultiple(reinterpret_cast<uintptr_t>(addr)) &&
         isPageMultiple(size);
}

int osProtection(ember_protection prot) {
  switch (prot) {
    case EMBER_PROT_NONE:
      return PROT_NONE;
    case EMBER_PROT_READ:
      return PROT_READ;
    case EMBER_PROT_READ_WRITE:
      return PROT_READ | PROT_WRITE;
    case EMBER_PROT_READ_EXECUTE:
      return PROT_READ | PROT_EXEC;
  }
  return -1;
}

// Maps fresh inaccessible, unaccounted pages at `hint` (exactly there when
// `fixed`): both a new reservation and a decommit, which replaces pages in
// place so their memory and commit charge go back to the kernel.
void* mapInaccessible(void* hint, size_t size, bool fixed) {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | (fixed ? MAP_FIXED : 0);
  return mmap(hint, size, PROT_NONE, flags, -1, 0);
}

// A reservation of a huge page or more starts on one, so that every whole
// 2 MiB block of what is committed in it can be a huge page
// (ember_vm_prefer_large_pages): Linux aligns a large anonymous mapping
// itself only from 6.7 on, and then only one whose size is a multiple of
// 2 MiB, which a compact memory's (its size and 64 MiB) is not. The slack
// is address space only, unmapped again at once.
void* mapInaccessibleAligned(size_t size) {
  using ember::posix::kHugePage;
  const size_t slack = kHugePage == 0 || size < kHugePage ? 0 : kHugePage - ember_page_size();
  if (slack == 0 || size > SIZE_MAX - slack) return mapInaccessible(nullptr, size, false);
  auto* mapped = static_cast<uint8_t*>(mapInaccessible(nullptr, size + slack, false));
  if (mapped == MAP_FAILED) return MAP_FAILED;
  auto* aligned = reinterpret_cast<uint8_t*>(
      ember::posix::alignUp(reinterpret_cast<uintptr_t>(mapped), kHugePage));
  uint8_t* end = mapped + size + slack;
  if (aligned > mapped) munmap(mapped, aligned - mapped);
  if (end > aligned + size) munmap(aligned + size, end - (aligned + size));
  return aligned;
}

}  // namespace

extern "C" {

size_t ember_page_size(void) {
  // glibc answers this from a value the loader stored; no system call.
  return static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

ember_platform_status ember_vm_reserve(size_t size, void** out_base) {
  if (out_base == nullptr || size == 0 || !isPageMultiple(size)) {
    return EMBER_PLATFORM_INVALID_ARGUMENT;
  }
  void* base = mapInaccessibleAligned(size);
  if (base == MAP_FAILED) return ember::posix::statusFromErrno(errno);
  *out_base = base;
  return EMBER_PLATFORM_OK;
}

ember_platform_status ember_vm_commit(void* addr, size_t size) {
  return ember_vm_protect(addr, size, EMBER_PROT_READ_WRITE);
}

ember_platform_status ember_vm_protect(void* addr, size_t size, ember_protection prot) {
  int osProt = osProtection(prot);
  if (!isPageRange(addr, size) || osProt < 0) return EMBER_PLATFORM_INVALID_ARGUMENT;
  if (mprotect(addr, size, osProt) != 0) return ember::posix::statusFromErrno(errno);
  return EMBER_PLATFORM_OK;
}

ember_platform_status ember_vm_decommit(void* addr, size_t size) {
  if (!isPageRange(addr, size)) return EMBER_PLATFORM_INVALID_ARGUMENT;
  if (mapInaccessible(addr, size, true) == MAP_FAILED) {
    return ember::posix::statusFromErrno(errno);
  }
  return EMBER_PLATFORM_OK;
}

ember_platform_status ember_vm_release(void* base, size_t size) {
  if (!isPageRange(base, size)) return EMBER_PLATFORM_INVALID_ARGUMENT;
  if (munmap(base, size) != 0) return ember::posix::statusFromErrno(errno);
  return EMBER_PLATFORM_OK;
}

// Linux moves the pages' table entries (mremap), keeping `from` mapped
// (MREMAP_DONTUNMAP, Linux 5.7): unmapping it would leave a hole another
// thread's mmap could take before the range is reserved again. The moved
// range must be one mapping (commits of adjacent pages merge into one);
// when it is not, or the kernel is older, mremap fails having changed
// nothing, and the caller copies.
ember_platform_status ember_vm_move(void* from, size_t size, void* to) {
  if (!isPageRange(from, size) || !isPageRange(to, size)) return EMBER_PLATFORM_INVALID_ARGUMENT;
#if defined(__linux__)
#ifndef MREMAP_DONTUNMAP
  constexpr int MREMAP_DONTUNMAP = 4;
#endif
  void* moved = mremap(from, size, size, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, to);
  if (moved == MAP_FAILED) return EMBER_PLATFORM_UNSUPPORTED;
  // The pages are at `to` now. Should the decommit fail, `from` keeps
  // empty pages until its reservation goes, which costs nothing more.
  (void)ember_vm_decommit(from, size);
  return EMBER_PLATFORM_OK;
#else
  (void)to;
  return EMBER_PLATFORM_UNSUPPORTED;
#endif
}

// Transparent huge pages on Linux, where the usual system setting
// ("madvise") gives them only to ranges that ask. A huge page's fault
// brings in 2 MiB at once: on a virtual machine, where a 4 KiB fault can
// cost ~10 us, a guest writing fresh memory ran its benchmark region in a
// quarter of the time. The advice is a flag of the mapping: the commit that
// follows (mprotect) keeps it, a decommit (a fresh mapping) drops it.
// Fails harmlessly where the kernel has no transparent huge pages.
void ember_vm_prefer_large_pages(void* addr, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (isPageRange(addr, size)) (void)madvise(addr, size, MADV_HUGEPAGE);
#else
  (void)addr;
  (void)size;
#endif
}

// One madvise for the whole pages of the range: on a virtual machine a page
// fault can cost ~9 us, against ~4 us a page made present in one call. Only
// a hint: on a kernel without MADV_POPULATE_WRITE (Linux < 5.14) or another
// system the pages fault in as before. Populating changes no byte (present
// pages are left as they are, absent ones come in as a write fault would
// bring them), so memory the caller already wrote is safe.
void ember_vm_prefault(void* addr, size_t size) {
#if defined(__linux__)
#ifndef MADV_POPULATE_WRITE
  constexpr int MADV_POPULATE_WRITE = 23;
#endif
  uintptr_t page = ember_page_size();
  uintptr_t begin = reinterpret_cast<uintptr_t>(addr);
  if (size < page || size > UINTPTR_MAX - begin) return;  // no whole page, or it wraps
  uintptr_t first = (begin + page - 1) & ~(page - 1);
  uintptr_t end = (begin + size) & ~(page - 1);
  if (end > first) (void)madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE);
#else
  (void)addr;
  (void)size;
#endif
}

}  // extern "C"

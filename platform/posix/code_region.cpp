// Executable code regions on POSIX, built on the virtual memory functions:
// [guard page][usable pages][guard page], RW while the JIT fills it, then
// RX for good (W^X: no page is ever writable and executable at once).
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "platform/ember-platform.h"
#include "platform/posix/huge_page.h"

struct ember_code_region {
  uint8_t* mapping;  // the reservation, guards included (once sealed, what is kept)
  size_t mappingSize;
  uint8_t* start;  // first usable byte, a guard page or more past `mapping`
  size_t size;     // usable bytes
  bool sealed;
};

namespace {

// Rounds up to whole pages; 0 when that would overflow.
size_t pageRoundUp(size_t size) {
  size_t page = ember_page_size();
  if (size > SIZE_MAX - (page - 1)) return 0;
  return (size + page - 1) & ~(page - 1);
}

// A region large enough for huge pages to pay starts on a huge page and
// holds whole ones, so that a large module's code can have them
// (ember_code_region_expect).
using ember::posix::alignUp;
using ember::posix::kHugePage;

// Huge pages pay once the code fills a quarter of one. Here (a virtual
// machine) a fresh 4 KiB page first written costs 5-10 us and a whole
// huge page ~0.15 ms; on bare metal the two ways cost about the same.
constexpr size_t kHugePageWorthwhile = kHugePage / 4;

// The usable bytes of a region asked for `size`: whole pages, and whole
// huge pages from a quarter of one up (address space only: pages past
// the code are never touched). 0 when that would overflow.
size_t usableBytesFor(size_t size) {
  size_t usable = pageRoundUp(size);
  if (kHugePage == 0 || usable < kHugePageWorthwhile) return usable;
  return usable > SIZE_MAX - kHugePage ? 0 : alignUp(usable, kHugePage);
}

// After the seal a region keeps the address space of its code and one
// guard page on each side; the room the JIT did not use and the alignment
// slack go back to the system (a module's reservation was 16 bytes per
// body byte, and at least 2 MiB, for about 2 of code).
void keepOnlyCodeAndGuards(ember_code_region& region, size_t codeBytes) {
  const size_t page = ember_page_size();
  uint8_t* keepBegin = region.start - page;
  uint8_t* keepEnd = region.start + codeBytes + page;
  uint8_t* mappingEnd = region.mapping + region.mappingSize;
  // A part munmap refuses (no room for another mapping entry) stays
  // reserved, and is released with the rest by ember_code_region_free.
  if (keepEnd < mappingEnd && munmap(keepEnd, mappingEnd - keepEnd) == 0) mappingEnd = keepEnd;
  if (region.mapping < keepBegin && munmap(region.mapping, keepBegin - region.mapping) == 0)
    region.mapping = keepBegin;
  region.mappingSize = mappingEnd - region.mapping;
}

}  // namespace

extern "C" {

ember_platform_status ember_code_region_alloc(size_t size, ember_code_region** out_region) {
  size_t page = ember_page_size();
  size_t usable = usableBytesFor(size);
  // Room to slide the start to a huge page boundary: address space only.
  const size_t slack = kHugePage != 0 && usable >= kHugePage ? kHugePage - page : 0;
  if (out_region == nullptr || usable == 0 || usable > SIZE_MAX - 2 * page - slack) {
    return EMBER_PLATFORM_INVALID_ARGUMENT;
  }
  auto* region = static_cast<ember_code_region*>(std::calloc(1, sizeof(ember_code_region)));
  if (region == nullptr) return EMBER_PLATFORM_OUT_OF_MEMORY;
  region->mappingSize = usable + 2 * page + slack;
  void* mapping = nullptr;
  ember_platform_status status = ember_vm_reserve(region->mappingSize, &mapping);
  if (status == EMBER_PLATFORM_OK) {
    region->mapping = static_cast<uint8_t*>(mapping);
    region->start = region->mapping + page;
    if (slack != 0) {
      region->start = reinterpret_cast<uint8_t*>(
          alignUp(reinterpret_cast<uintptr_t>(region->start), kHugePage));
    }
    region->size = usable;
    // Committed, not made present: the caller prefaults what it is about to
    // write (ember_vm_prefault), which may be far less than the region.
    status = ember_vm_commit(region->start, usable);
    if (status != EMBER_PLATFORM_OK) ember_vm_release(mapping, region->mappingSize);
  }
  if (status != EMBER_PLATFORM_OK) {
    std::free(region);
    return status;
  }
  *out_region = region;
  return EMBER_PLATFORM_OK;
}

void ember_code_region_expect(ember_code_region* region, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (region == nullptr || region->sealed || size < kHugePageWorthwhile) return;
  if (reinterpret_cast<uintptr_t>(region->start) % kHugePage != 0) return;
  size_t blocks = region->size & ~(kHugePage - 1);
  // A hint too: a kernel without huge pages says EINVAL, and pages come
  // 4 KiB at a time as before.
  if (blocks != 0) (void)madvise(region->start, blocks, MADV_HUGEPAGE);
#else
  (void)region;
  (void)size;
#endif
}

uint8_t* ember_code_region_start(const ember_code_region* region) { return region->start; }

size_t ember_code_region_size(const ember_code_region* region) { return region->size; }

ember_platform_status ember_code_region_seal(ember_code_region* region, size_t used) {
  if (region == nullptr || region->sealed || used > region->size) {
    return EMBER_PLATFORM_INVALID_ARGUMENT;
  }
  size_t codeBytes = pageRoundUp(used);
  if (codeBytes != 0) {
    ember_icache_flush(region->start, used);
    ember_platform_status status =
        ember_vm_protect(region->start, codeBytes, EMBER_PROT_READ_EXECUTE);
    if (status != EMBER_PLATFORM_OK) return status;
  }
  keepOnlyCodeAndGuards(*region, codeBytes);
  // The unused pages still held (the guard page after the code, or more
  // where munmap refused) join the trailing guard: a jump past the code
  // faults.
  uint8_t* tail = region->start + codeBytes;
  uint8_t* tailEnd = std::min(region->start + region->size, region->mapping + region->mappingSize);
  if (tail < tailEnd) {
    ember_platform_status status = ember_vm_decommit(tail, tailEnd - tail);
    if (status != EMBER_PLATFORM_OK) return status;
  }
  region->sealed = true;
  return EMBER_PLATFORM_OK;
}

void ember_code_region_free(ember_code_region* region) {
  if (region == nullptr) return;
  ember_vm_release(region->mapping, region->mappingSize);
  std::free(region);
}

void ember_icache_flush(void* start, size_t size) {
  // A no-op on x86-64, whose instruction fetch snoops stores. On AArch64 it
  // cleans the data cache and invalidates the instruction cache to the point
  // of unification, broadcast to all cores (inner shareable): enough for
  // code written once into pages no core has executed before.
  char* begin = static_cast<char*>(start);
  __builtin___clear_cache(begin, begin + size);
}

}  // extern "C"

// Reserve / commit / protect / decommit / release / prefault, and the linear-memory
// pattern they exist for: a 4 GiB + guard reservation whose base never moves.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "platform/ember-platform.h"
#include "tests/platform/fault_probe.h"

namespace ember::test {
namespace {

constexpr uint64_t kGiB = uint64_t{1} << 30;
constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr size_t kWasmPage = 64 * 1024;

uint8_t* reserve(size_t size) {
  void* base = nullptr;
  EXPECT_EQ(ember_vm_reserve(size, &base), EMBER_PLATFORM_OK);
  return static_cast<uint8_t*>(base);
}

TEST(VirtualMemory, PageSizeIsAPowerOfTwo) {
  size_t size = page();
  EXPECT_GE(size, 4096u);
  EXPECT_EQ(size & (size - 1), 0u);
}

TEST(VirtualMemory, ReservedPagesAreInaccessible) {
  uint8_t* base = reserve(4 * page());
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(base) % page(), 0u);
  EXPECT_TRUE(readFaults(base));
  EXPECT_TRUE(writeFaults(base + 3 * page() + 7));
  EXPECT_EQ(ember_vm_release(base, 4 * page()), EMBER_PLATFORM_OK);
}

TEST(VirtualMemory, CommittedPagesAreZeroAndWritable) {
  uint8_t* base = reserve(4 * page());
  ASSERT_EQ(ember_vm_commit(base + page(), 2 * page()), EMBER_PLATFORM_OK);
  for (size_t i = 0; i < 2 * page(); ++i) ASSERT_EQ(base[page() + i], 0) << i;
  std::memset(base + page(), 0xAB, 2 * page());
  EXPECT_EQ(base[3 * page() - 1], 0xAB);
  // Only the committed sub-range became accessible.
  EXPECT_TRUE(readFaults(base + page() - 1));
  EXPECT_TRUE(writeFaults(base + 3 * page()));
  EXPECT_EQ(ember_vm_release(base, 4 * page()), EMBER_PLATFORM_OK);
}

TEST(VirtualMemory, ProtectRoundTrips) {
  uint8_t* base = reserve(page());
  ASSERT_EQ(ember_vm_commit(base, page()), EMBER_PLATFORM_OK);
  base[10] = 77;

  ASSERT_EQ(ember_vm_protect(base, page(), EMBER_PROT_READ), EMBER_PLATFORM_OK);
  EXPECT_FALSE(readFaults(base + 10));
  EXPECT_EQ(base[10], 77);
  EXPECT_TRUE(writeFaults(base + 10));

  ASSERT_EQ(ember_vm_protect(base, page(), EMBER_PROT_NONE), EMBER_PLATFORM_OK);
  EXPECT_TRUE(readFaults(base + 10));

  // The contents survive the trip through no access.
  ASSERT_EQ(ember_vm_protect(base, page(), EMBER_PROT_READ_WRITE), EMBER_PLATFORM_OK);
  EXPECT_EQ(base[10], 77);
  EXPECT_FALSE(writeFaults(base + 10));
  EXPECT_EQ(ember_vm_release(base, page()), EMBER_PLATFORM_OK);
}

TEST(VirtualMemory, DecommitKeepsTheReservationAndZeroes) {
  uint8_t* base = reserve(2 * page());
  ASSERT_EQ(ember_vm_commit(base, 2 * page()), EMBER_PLATFORM_OK);
  std::memset(base, 0xCD, 2 * page());
  ASSERT_EQ(ember_vm_decommit(base, page()), EMBER_PLATFORM_OK);
  EXPECT_TRUE(readFaults(base));
  EXPECT_EQ(base[page()], 0xCD);  // the page not decommitted is untouched
  ASSERT_EQ(ember_vm_commit(base, page()), EMBER_PLATFORM_OK);
  EXPECT_EQ(base[0], 0);
  EXPECT_EQ(base[page() - 1], 0);
  EXPECT_EQ(ember_vm_release(base, 2 * page()), EMBER_PLATFORM_OK);
}

// A move hands the pages to another reservation: their contents there,
// the old range inaccessible and zero when committed again. Or, where the
// platform cannot, nothing changes. The pages were committed in two steps,
// as a memory grows; the target was committed first, as Memory does.
TEST(VirtualMemory, MoveTakesThePagesAlong) {
  const size_t n = 4 * page();
  uint8_t* from = reserve(2 * n);
  uint8_t* to = reserve(4 * n);
  ASSERT_EQ(ember_vm_commit(from, n / 2), EMBER_PLATFORM_OK);
  ASSERT_EQ(ember_vm_commit(from + n / 2, n / 2), EMBER_PLATFORM_OK);
  for (size_t i = 0; i < n; ++i) from[i] = static_cast<uint8_t>(i * 7 + 1);
  ASSERT_EQ(ember_vm_commit(to, 2 * n), EMBER_PLATFORM_OK);

  const ember_platform_status status = ember_vm_move(from, n, to);
#if defined(__linux__) && !EMBER_TEST_UNDER_EMULATION
  EXPECT_EQ(status, EMBER_PLATFORM_OK) << "Linux >= 5.7 moves the pages";
#endif
  if (status == EMBER_PLATFORM_OK) {
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(to[i], static_cast<uint8_t>(i * 7 + 1)) << i;
    EXPECT_EQ(to[n], 0);  // committed past the moved pages, still zero
    EXPECT_TRUE(readFaults(from));
    EXPECT_TRUE(writeFaults(from + n - 1));
    ASSERT_EQ(ember_vm_commit(from, n), EMBER_PLATFORM_OK);
    EXPECT_EQ(from[5], 0);
  } else {
    EXPECT_EQ(status, EMBER_PLATFORM_UNSUPPORTED);
    EXPECT_EQ(from[5], static_cast<uint8_t>(5 * 7 + 1));
    EXPECT_EQ(to[5], 0);
  }
  EXPECT_EQ(ember_vm_release(from, 2 * n), EMBER_PLATFORM_OK);
  EXPECT_EQ(ember_vm_release(to, 4 * n), EMBER_PLATFORM_OK);
}

// DESIGN decision 4: reserve 4 GiB + 32 MiB guard, commit `size` bytes,
// grow in place.
TEST(VirtualMemory, LinearMemoryReservationGrowsInPlace) {
  if (sizeof(void*) < 8) GTEST_SKIP() << "needs a 64-bit address space";
  const size_t reservation = size_t(4 * kGiB + 32 * kMiB);
  uint8_t* base = reserve(reservation);
  ASSERT_NE(base, nullptr);
  ASSERT_EQ(ember_vm_commit(base, kWasmPage), EMBER_PLATFORM_OK);
  base[0] = 1;
  base[kWasmPage - 1] = 2;
  EXPECT_TRUE(readFaults(base + kWasmPage));  // one past the memory's end

  // memory.grow by one page: commit the next page, same base.
  ASSERT_EQ(ember_vm_commit(base + kWasmPage, kWasmPage), EMBER_PLATFORM_OK);
  EXPECT_EQ(base[0], 1);
  EXPECT_EQ(base[kWasmPage - 1], 2);
  EXPECT_EQ(base[kWasmPage], 0);
  base[2 * kWasmPage - 1] = 3;
  EXPECT_TRUE(readFaults(base + 2 * kWasmPage));

  // The largest 32-bit index plus offsets reaching into the guard fault.
  EXPECT_TRUE(readFaults(base + size_t(4 * kGiB) - 1));
  EXPECT_TRUE(writeFaults(base + reservation - 1));
  EXPECT_EQ(ember_vm_release(base, reservation), EMBER_PLATFORM_OK);
}

// Which of `count` pages from `base` are resident (mincore).
std::vector<bool> residentPages(uint8_t* base, size_t count) {
  std::vector<unsigned char> bits(count);
  EXPECT_EQ(mincore(base, count * page(), bits.data()), 0);
  std::vector<bool> resident;
  for (unsigned char b : bits) resident.push_back(b & 1);
  return resident;
}

// Whether this system can populate pages in one call: Linux >= 5.14, and
// not under qemu-user, whose madvise says yes and does nothing.
bool systemPopulates() {
  uint8_t* probe = reserve(page());
  EXPECT_EQ(ember_vm_commit(probe, page()), EMBER_PLATFORM_OK);
  bool populates =
      madvise(probe, page(), 23 /* MADV_POPULATE_WRITE */) == 0 && residentPages(probe, 1)[0];
  EXPECT_EQ(ember_vm_release(probe, page()), EMBER_PLATFORM_OK);
  return populates;
}

// A hint that changes no byte: the whole pages inside the range are then
// present (where the kernel can do that), the partial pages at its ends and
// the pages outside it are left alone.
TEST(VirtualMemory, PrefaultMakesTheWholePagesInsideTheRangePresent) {
  uint8_t* base = reserve(8 * page());
  ASSERT_EQ(ember_vm_commit(base, 8 * page()), EMBER_PLATFORM_OK);
  base[page() + 5] = 0xAB;
  // From the last byte of page 1 to the first of page 6: pages 2-5 whole.
  ember_vm_prefault(base + 2 * page() - 1, 4 * page() + 2);
  EXPECT_EQ(base[page() + 5], 0xAB);
  std::vector<bool> resident = residentPages(base, 8);
  std::vector<bool> expected = {false, true, true, true, true, true, false, false};
  if (!systemPopulates()) expected = {false, true, false, false, false, false, false, false};
  EXPECT_EQ(resident, expected);
  for (size_t i = 2 * page(); i < 6 * page(); ++i) ASSERT_EQ(base[i], 0) << i;
  // Ranges with no whole page, or that wrap, do nothing.
  ember_vm_prefault(nullptr, 0);
  ember_vm_prefault(base + 7 * page() + 1, page() - 1);
  ember_vm_prefault(base + 7 * page(), SIZE_MAX);
  EXPECT_FALSE(residentPages(base, 8)[7]);
  EXPECT_EQ(ember_vm_release(base, 8 * page()), EMBER_PLATFORM_OK);
}

#if defined(__linux__) && !EMBER_TEST_UNDER_EMULATION
// The process's address space in bytes (/proc/self/statm), read without
// allocating: a heap that grew in between would change it.
size_t addressSpaceBytes() {
  char text[128] = {};
  int fd = open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  return n > 0 ? std::strtoull(text, nullptr, 10) * page() : 0;
}

// Linux: a reservation of 2 MiB or more starts on a 2 MiB boundary, so
// that all its whole blocks can be huge pages, whatever its size (the
// kernel aligns only sizes that are multiples of 2 MiB, and only from
// 6.7 on). The slack it took to align is given back: the process holds
// exactly the size more, and after the release exactly as much as before.
TEST(VirtualMemory, LargeReservationsStartOnAHugePage) {
  for (size_t size : {size_t{2} * kMiB, 64 * kMiB + kWasmPage, 3 * kMiB + 4096}) {
    const size_t before = addressSpaceBytes();
    uint8_t* base = reserve(size);
    ASSERT_NE(base, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(base) % (2 * kMiB), 0u) << size;
    EXPECT_EQ(addressSpaceBytes() - before, size);
    EXPECT_EQ(ember_vm_release(base, size), EMBER_PLATFORM_OK);
    EXPECT_EQ(addressSpaceBytes(), before);
  }
}

// A hint that changes no byte: the range, advised and then committed,
// reads zero and keeps what is written; a range that is not whole pages
// is ignored. (Whether the advice sticks, the memory tests check.)
TEST(VirtualMemory, PreferringLargePagesKeepsEveryByte) {
  const size_t size = 4 * kMiB;
  uint8_t* base = reserve(size);
  ASSERT_NE(base, nullptr);
  ember_vm_prefer_large_pages(base, size);
  ASSERT_EQ(ember_vm_commit(base, size), EMBER_PLATFORM_OK);
  for (size_t i = 0; i < size; i += page()) ASSERT_EQ(base[i], 0) << i;
  std::memset(base, 0x5A, size);
  EXPECT_EQ(base[size - 1], 0x5A);
  ember_vm_prefer_large_pages(nullptr, 0);  // not a page range: nothing
  ember_vm_prefer_large_pages(base + 1, page());
  EXPECT_EQ(ember_vm_release(base, size), EMBER_PLATFORM_OK);
}
#endif

TEST(VirtualMemory, BadArgumentsAreReportedNotFatal) {
  void* base = nullptr;
  EXPECT_EQ(ember_vm_reserve(0, &base), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_reserve(page() + 1, &base), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_reserve(page(), nullptr), EMBER_PLATFORM_INVALID_ARGUMENT);

  uint8_t* reserved = reserve(2 * page());
  EXPECT_EQ(ember_vm_commit(reserved + 1, page()), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_commit(reserved, page() - 1), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_commit(reserved, 0), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_protect(reserved, page(), static_cast<ember_protection>(9)),
            EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_decommit(reserved + 3, page()), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_release(reserved + 1, page()), EMBER_PLATFORM_INVALID_ARGUMENT);
  EXPECT_EQ(ember_vm_release(reserved, 2 * page()), EMBER_PLATFORM_OK);
}

TEST(VirtualMemory, ExhaustedAddressSpaceIsOutOfMemory) {
  // No system has a page-aligned SIZE_MAX of address space to give.
  void* base = nullptr;
  size_t huge = SIZE_MAX & ~(page() - 1);
  EXPECT_EQ(ember_vm_reserve(huge, &base), EMBER_PLATFORM_OUT_OF_MEMORY);
}

}  // namespace
}  // namespace ember::test

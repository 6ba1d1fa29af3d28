// Reserve / commit / protect / decommit / release, and the linear-memory
// pattern they exist for: a 4 GiB + guard reservation whose base never moves.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "platform/ember-platform.h"
#include "tests/platform/fault_probe.h"

namespace ember::test {
namespace {

constexpr uint64_t kGiB = uint64_t{1} << 30;
constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr size_t kWasmPage = 64 * 1024;

size_t page() { return ember_page_size(); }

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

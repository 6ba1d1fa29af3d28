// Linear memory: creation limits, growth against the module's maximum and
// the store's cap, the two layouts (a guarded base that never moves, a
// compact reservation that moves when outgrown), bulk operators.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "runtime/reservation_pool.h"
#include "tests/runtime/resident_bytes.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;
#if defined(__linux__)
using test::residentBytes;
#endif

TEST(MemoryObject, GrowUpToTheMaximum) {
  auto m = Memory::create(MemoryType{{1, 3}}, {65536, MemoryLayout::Guarded});
  ASSERT_TRUE(m);
  Memory& mem = **m;
  uint8_t* base = mem.data();
  EXPECT_EQ(mem.size(), 65536u);
  mem.data()[65535] = 1;
  EXPECT_EQ(mem.grow(2), 1);
  EXPECT_EQ(mem.pages(), 3u);
  if (EMBER_HAVE_SIGNALS) {
    EXPECT_EQ(mem.data(), base);  // a heap block moves without signals
  }
  EXPECT_EQ(mem.data()[65535], 1);
  EXPECT_EQ(mem.data()[3 * 65536 - 1], 0);  // new pages are zero
  EXPECT_EQ(mem.grow(1), -1);
  EXPECT_EQ(mem.grow(0), 3);
  EXPECT_EQ(mem.type().limits.min, 3u);
  EXPECT_EQ(mem.type().limits.max, 3u);
}

TEST(MemoryObject, StoreLimitCapsGrowthAndCreation) {
  EXPECT_FALSE(Memory::create(MemoryType{{5, std::nullopt}}, {4, MemoryLayout::Compact}));
  auto m = Memory::create(MemoryType{{1, std::nullopt}}, {4, MemoryLayout::Compact});
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->grow(4), -1);
  EXPECT_EQ((*m)->grow(3), 1);
}

TEST(MemoryObject, ZeroPages) {
  auto m = Memory::create(MemoryType{{0, 0}}, {65536, MemoryLayout::Compact});
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->size(), 0u);
  EXPECT_EQ((*m)->grow(1), -1);
  EXPECT_EQ((*m)->grow(0), 0);
}

// One page, no maximum, growable to 4 GiB: the memory the growth tests use.
Result<std::unique_ptr<Memory>> growableCompactMemory() {
  return Memory::create(MemoryType{{1, std::nullopt}}, {65536, MemoryLayout::Compact});
}

// A program growing its memory a page at a time must not have the whole
// contents copied on every grow: a compact memory, in any build, moves a
// logarithmic number of times, and keeps what was written.
TEST(MemoryObject, GrowingPageByPageMovesLogarithmicallyOften) {
  constexpr uint64_t kPages = 1024;
  auto m = growableCompactMemory();
  ASSERT_TRUE(m);
  Memory& mem = **m;
  mem.data()[0] = 1;
  int moves = 0;
  for (uint64_t page = 1; page < kPages; ++page) {
    const uint8_t* before = mem.data();
    ASSERT_EQ(mem.grow(1), static_cast<int64_t>(page));
    moves += mem.data() != before;
    ASSERT_EQ(mem.data()[page * 65536 + 65535], 0);  // the new page reads as zero
    mem.data()[page * 65536] = static_cast<uint8_t>(page + 1);
    ASSERT_GE(mem.reservedBytes(), mem.size());
  }
  EXPECT_LE(moves, 11);  // log2(1024) + 1
  for (uint64_t page = 0; page < kPages; ++page)
    ASSERT_EQ(mem.data()[page * 65536], static_cast<uint8_t>(page + 1)) << "page " << page;
}

#if defined(__linux__)
// Moving to a larger block copies only what was written: a program growing
// a page at a time to 512 MiB and writing two bytes must not make the host
// hold 512 MiB (a heap memory without signals once copied every byte, so
// the last move made the whole new block resident).
TEST(MemoryObject, MovesCopyOnlyWrittenPages) {
  constexpr uint64_t kPages = 8192;
  auto m = growableCompactMemory();
  ASSERT_TRUE(m);
  Memory& mem = **m;
  mem.data()[1] = 7;
  for (uint64_t page = 1; page < kPages; ++page) {
    ASSERT_EQ(mem.grow(1), static_cast<int64_t>(page));
    if (page == kPages / 2) mem.data()[page * 65536 + 3] = 8;
  }
  EXPECT_LT(residentBytes(mem.data(), mem.size()), 32u << 20);
  EXPECT_EQ(mem.data()[1], 7);
  EXPECT_EQ(mem.data()[kPages / 2 * 65536 + 3], 8);
  EXPECT_EQ(mem.data()[mem.size() - 1], 0);
}
#endif

#if !EMBER_HAVE_SIGNALS
// A heap memory's room to grow stays within what the store's limit still
// allows (on a custom platform every byte of the block is the heap's).
TEST(MemoryObject, HeapRoomToGrowStaysWithinTheStoreLimit) {
  ResourceCounter storeBytes(40 * 65536);
  auto m =
      Memory::create(MemoryType{{1, std::nullopt}}, {65536, MemoryLayout::Compact, &storeBytes});
  ASSERT_TRUE(m);
  Memory& mem = **m;
  while (mem.grow(1) != -1) {
    ASSERT_LE(mem.reservedBytes(), 40u * 65536) << "at " << mem.pages() << " pages";
  }
  EXPECT_EQ(mem.pages(), 40u);
}
#endif

TEST(MemoryObject, OnlySignalsModeJitCodeGetsTheGuardedLayout) {
  Config config;
  config.engine = EngineKind::Interpreter;
  EXPECT_EQ(memoryLayoutFor(config), MemoryLayout::Compact);
  config.engine = EngineKind::Jit;
  config.bounds = BoundsMode::Checks;
  EXPECT_EQ(memoryLayoutFor(config), MemoryLayout::Compact);
  config.bounds = BoundsMode::Signals;
  EXPECT_EQ(memoryLayoutFor(config),
            EMBER_HAVE_SIGNALS ? MemoryLayout::Guarded : MemoryLayout::Compact);
}

#if EMBER_HAVE_SIGNALS
TEST(MemoryObject, GuardedReservesTheIndexRangeAndGuard) {
  auto m = Memory::create(MemoryType{{1, 2}}, {65536, MemoryLayout::Guarded});
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->reservedBytes(), 65536ull * 65536 + Memory::kGuardBytes);
  EXPECT_EQ(Memory::kGuardedReservationBytes, 65536ull * 65536 + Memory::kGuardBytes);
}

// Room to grow: twice the size, at least the headroom more, never past the
// maximum.
TEST(MemoryObject, CompactReservesRoomToGrowUpToTheMaximum) {
  auto unbounded = growableCompactMemory();
  ASSERT_TRUE(unbounded);
  EXPECT_EQ((*unbounded)->reservedBytes(), 65536 + Memory::kCompactHeadroom);
  auto large = Memory::create(MemoryType{{2048, std::nullopt}}, {65536, MemoryLayout::Compact});
  ASSERT_TRUE(large);
  EXPECT_EQ((*large)->reservedBytes(), 2 * 2048 * 65536ull);
  auto bounded = Memory::create(MemoryType{{1, 3}}, {65536, MemoryLayout::Compact});
  ASSERT_TRUE(bounded);
  EXPECT_EQ((*bounded)->reservedBytes(), 3 * 65536u);
  auto capped = Memory::create(MemoryType{{1, std::nullopt}}, {2, MemoryLayout::Compact});
  ASSERT_TRUE(capped);
  EXPECT_EQ((*capped)->reservedBytes(), 2 * 65536u);
  auto empty = Memory::create(MemoryType{{0, 0}}, {65536, MemoryLayout::Compact});
  ASSERT_TRUE(empty);
  EXPECT_EQ((*empty)->reservedBytes(), 65536u);  // a reservation is never empty
}

// Growth inside the room keeps the base; past it the contents move to a
// larger reservation, and the new pages read as zero.
TEST(MemoryObject, CompactMovesWhenItOutgrowsItsRoom) {
  auto m = growableCompactMemory();
  ASSERT_TRUE(m);
  Memory& mem = **m;
  uint8_t* base = mem.data();
  mem.data()[0] = 1;
  mem.data()[65535] = 2;
  uint64_t roomPages = Memory::kCompactHeadroom / 65536;
  EXPECT_EQ(mem.grow(roomPages), 1);
  EXPECT_EQ(mem.data(), base);
  mem.data()[mem.size() - 1] = 3;
  EXPECT_EQ(mem.grow(1), static_cast<int64_t>(roomPages + 1));
  EXPECT_NE(mem.data(), base);
  EXPECT_EQ(mem.data()[0], 1);
  EXPECT_EQ(mem.data()[65535], 2);
  EXPECT_EQ(mem.data()[mem.size() - 65536 - 1], 3);
  EXPECT_EQ(mem.data()[mem.size() - 1], 0);
  EXPECT_EQ(mem.reservedBytes(), 2 * mem.size());  // twice the size is the larger room here
#if defined(__linux__)
  // Only the written pages came along: the rest of the copy is not resident.
  EXPECT_LT(residentBytes(mem.data(), mem.size()), mem.size() / 8);
#endif
}

#if defined(__linux__) && !EMBER_TEST_UNDER_EMULATION
// On Linux the pages move (ember_vm_move) instead of being copied: a page
// the program wrote zeros to is still resident at the new base, where a
// copy skips it (the copy reads every page; a move reads none).
TEST(MemoryObject, CompactMovesItsPagesWithoutCopying) {
  auto m = growableCompactMemory();
  ASSERT_TRUE(m);
  Memory& mem = **m;
  std::memset(mem.data(), 0, 65536);  // resident, and zero
  const uint8_t* base = mem.data();
  ASSERT_EQ(mem.grow(Memory::kCompactHeadroom / 65536 + 1), 1);  // past the room
  ASSERT_NE(mem.data(), base);
  EXPECT_EQ(residentBytes(mem.data(), 65536), 65536u);
}
#endif

#if defined(__linux__) && !EMBER_TEST_UNDER_EMULATION
// The flags of the mapping holding `address` ("VmFlags:" in
// /proc/self/smaps), each followed by a space; empty when none holds it.
std::string mappingFlags(const void* address) {
  const auto at = reinterpret_cast<uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t start = 0, end = 0;
    // A mapping's first line starts "start-end" in hex; its fields are
    // "Name:" lines (none of which parses as two numbers around a dash).
    if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR, &start, &end) == 2) {
      inside = start <= at && at < end;
    } else if (inside && line.starts_with("VmFlags:")) {
      return line.substr(8) + " ";
    }
  }
  return "";
}
bool advisedHuge(const void* address) {
  return mappingFlags(address).find(" hg ") != std::string::npos;
}

MemoryOptions compactOptions(bool largePages) {
  MemoryOptions options{65536, MemoryLayout::Compact};
  options.largePages = largePages;
  return options;
}

// Config::largePageMemory: every committed page is advised, at creation,
// after growing in place and after moving to a larger reservation; and
// none is without it. The advice is the mapping's "hg" flag, which Linux
// sets whatever the system's THP setting, if it has THP at all.
TEST(MemoryObject, AsksForLargePagesOnEveryCommittedPage) {
  if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0)
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  auto m = Memory::create(MemoryType{{32, std::nullopt}}, compactOptions(true));
  ASSERT_TRUE(m);
  Memory& mem = **m;
  const uint8_t* base = mem.data();
  EXPECT_TRUE(advisedHuge(mem.data()));
  EXPECT_TRUE(advisedHuge(mem.data() + mem.size() - 1));
  EXPECT_FALSE(advisedHuge(mem.data() + mem.size()));  // reserved, not committed
  ASSERT_EQ(mem.grow(32), 32);
  EXPECT_EQ(mem.data(), base);
  EXPECT_TRUE(advisedHuge(mem.data() + mem.size() - 1));
  // Written whole, so that its blocks can be huge pages when it moves.
  for (uint64_t i = 0; i < mem.size(); i++) mem.data()[i] = static_cast<uint8_t>(i * 7 + 1);
  const uint64_t written = mem.size();
  ASSERT_EQ(mem.grow(Memory::kCompactHeadroom / 65536), 64);  // past the room: it moves
  ASSERT_NE(mem.data(), base);
  EXPECT_TRUE(advisedHuge(mem.data()));
  EXPECT_TRUE(advisedHuge(mem.data() + mem.size() - 1));
  for (uint64_t i = 0; i < written; i++)
    ASSERT_EQ(mem.data()[i], static_cast<uint8_t>(i * 7 + 1)) << i;
  EXPECT_EQ(mem.data()[written], 0);
  EXPECT_EQ(mem.data()[mem.size() - 1], 0);

  auto plain = Memory::create(MemoryType{{32, std::nullopt}}, compactOptions(false));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(advisedHuge((*plain)->data()));
  EXPECT_FALSE(advisedHuge((*plain)->data() + (*plain)->size() - 1));
}

// A kept reservation comes back decommitted, without the advice: the
// memory that takes it next asks again.
TEST(MemoryObject, AsksForLargePagesInAKeptReservation) {
  if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0)
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  ReservationPool pool(Memory::kPooledCompactReservationBytes, 1);
  MemoryOptions options = compactOptions(true);
  options.reservations = &pool;
  const uint8_t* first = nullptr;
  {
    auto m = Memory::create(MemoryType{{32, std::nullopt}}, options);
    ASSERT_TRUE(m);
    first = (*m)->data();
  }
  options.largePages = false;
  {
    auto m = Memory::create(MemoryType{{32, std::nullopt}}, options);
    ASSERT_TRUE(m);
    ASSERT_EQ((*m)->data(), first);  // the kept reservation
    EXPECT_FALSE(advisedHuge((*m)->data()));
  }
  options.largePages = true;
  auto m = Memory::create(MemoryType{{32, std::nullopt}}, options);
  ASSERT_TRUE(m);
  ASSERT_EQ((*m)->data(), first);
  EXPECT_TRUE(advisedHuge((*m)->data() + (*m)->size() - 1));
}

// A store's memories follow its engine's Config::largePageMemory (off by
// default).
TEST(MemoryObject, StoresAskForLargePagesAsConfigured) {
  if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0)
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  for (bool largePages : {true, false}) {
    Config config;
    config.largePageMemory = largePages;
    test::Harness h(config);
    Memory* mem = h.store.createMemory(MemoryType{{32, std::nullopt}});
    ASSERT_NE(mem, nullptr);
    EXPECT_EQ(advisedHuge(mem->data()), largePages);
  }
  EXPECT_FALSE(Config{}.largePageMemory);
}
#endif
#endif

// Each engine's store gives its memories the layout its code needs: code
// that checks every access holds no 4 GiB reservation, and reads the moved
// base after memory.grow, in the frame that grew it and in its caller.
TEST(MemoryWasm, EachEngineGetsTheLayoutItsCodeNeeds) {
  for (const test::EngineCase& c : test::engineCases()) {
    SCOPED_TRACE(test::caseName(c));
    Config config = c.config();
    test::Harness h(config);
    Instance* inst = h.load("unbounded_memory");
    ASSERT_TRUE(inst);
    Memory* mem = inst->memory(0);
    bool guarded = memoryLayoutFor(config) == MemoryLayout::Guarded;
    EXPECT_EQ(mem->reservedBytes() >= uint64_t{1} << 32, guarded);
    uint8_t* base = mem->data();
    mem->data()[100] = 4;
    uint32_t last = 2001 * 65536 - 1;
    EXPECT_EQ(h.one(inst, "grow_and_touch", {i32(2000), i32(last)}).i32, 9u);
    EXPECT_EQ(h.one(inst, "load8", {i32(last)}).i32, 9u);
    EXPECT_EQ(h.one(inst, "load8", {i32(100)}).i32, 4u);
    EXPECT_EQ(h.trap(inst, "load8", {i32(last + 1)}), TrapCode::MemoryOutOfBounds);
    if (guarded) {
      EXPECT_EQ(mem->data(), base);
    }
  }
}

TEST(MemoryWasm, GrowRespectsModuleMaximum) {
  test::Harness h;
  Instance* inst = h.load("memory");
  EXPECT_EQ(h.one(inst, "size").i32, 1u);
  EXPECT_EQ(h.one(inst, "grow", {i32(1)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "grow", {i32(2)}).i32, 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "grow", {i32(1)}).i32, 2u);
  EXPECT_EQ(h.one(inst, "size").i32, 3u);
  // The new pages are accessible from wasm.
  ASSERT_TRUE(h.call(inst, "store8", {i32(3 * 65536 - 1), i32(7)}));
  EXPECT_EQ(h.one(inst, "load8", {i32(3 * 65536 - 1)}).i32, 7u);
  EXPECT_EQ(h.trap(inst, "load8", {i32(3 * 65536)}), TrapCode::MemoryOutOfBounds);
}

TEST(MemoryWasm, GrowRespectsStoreLimit) {
  Config config;
  config.maxMemoryPages = 10;
  test::Harness h(config);
  Instance* inst = h.load("unbounded_memory");
  EXPECT_EQ(h.one(inst, "grow", {i32(10)}).i32, 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "grow", {i32(9)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "grow", {i32(1)}).i32, 0xFFFFFFFFu);
}

TEST(MemoryWasm, GrowToTheFullIndexRange) {
  test::Harness h;
  Instance* inst = h.load("unbounded_memory");
  EXPECT_EQ(h.one(inst, "grow", {i32(65536)}).i32, 0xFFFFFFFFu);  // 1 + 65536 > 65536
  EXPECT_EQ(h.one(inst, "grow", {i32(65535)}).i32, 1u);
  Memory* mem = inst->memory(0);
  EXPECT_EQ(mem->size(), 65536ull * 65536);
  mem->data()[mem->size() - 1] = 5;  // the last byte is committed
#if defined(__linux__)
  // Growth commits nothing the guest has not written, in a reservation or
  // a heap block alike: a plugin cannot make the host hold 4 GiB at once.
  EXPECT_LT(residentBytes(mem->data(), mem->size()), 64u << 20);
#endif
}

TEST(MemoryWasm, BulkOperators) {
  test::Harness h;
  Instance* inst = h.load("memory");
  ASSERT_TRUE(h.call(inst, "init", {i32(10), i32(1), i32(4)}));  // "ello"
  EXPECT_EQ(h.one(inst, "load8", {i32(10)}).i32, static_cast<uint32_t>('e'));
  EXPECT_EQ(h.one(inst, "load8", {i32(13)}).i32, static_cast<uint32_t>('o'));
  EXPECT_EQ(h.trap(inst, "init", {i32(0), i32(2), i32(4)}), TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(h.call(inst, "init", {i32(0), i32(5), i32(0)}));  // empty at the end: fine
  ASSERT_TRUE(h.call(inst, "drop"));
  EXPECT_EQ(h.trap(inst, "init", {i32(0), i32(0), i32(1)}), TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(h.call(inst, "init", {i32(0), i32(0), i32(0)}));
  ASSERT_TRUE(h.call(inst, "fill", {i32(100), i32(0x1FF), i32(3)}));
  EXPECT_EQ(h.one(inst, "load8", {i32(102)}).i32, 0xFFu);
  EXPECT_EQ(h.one(inst, "load8", {i32(103)}).i32, 0u);
  ASSERT_TRUE(h.call(inst, "copy", {i32(101), i32(100), i32(3)}));  // overlapping
  EXPECT_EQ(h.one(inst, "load8", {i32(103)}).i32, 0xFFu);
  EXPECT_EQ(h.trap(inst, "fill", {i32(65535), i32(0), i32(2)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(h.trap(inst, "copy", {i32(0), i32(65535), i32(2)}), TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(h.call(inst, "fill", {i32(65536), i32(0), i32(0)}));
}

}  // namespace
}  // namespace ember

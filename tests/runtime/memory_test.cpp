// Linear memory: creation limits, growth against the module's maximum and
// the store's cap, a base address that never moves, bulk operators.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;

TEST(MemoryObject, GrowUpToTheMaximum) {
  auto m = Memory::create(MemoryType{{1, 3}}, 65536);
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
  EXPECT_FALSE(Memory::create(MemoryType{{5, std::nullopt}}, 4));
  auto m = Memory::create(MemoryType{{1, std::nullopt}}, 4);
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->grow(4), -1);
  EXPECT_EQ((*m)->grow(3), 1);
}

TEST(MemoryObject, ZeroPages) {
  auto m = Memory::create(MemoryType{{0, 0}}, 65536);
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->size(), 0u);
  EXPECT_EQ((*m)->grow(1), -1);
  EXPECT_EQ((*m)->grow(0), 0);
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

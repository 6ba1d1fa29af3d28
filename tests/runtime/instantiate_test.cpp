// Instantiation (spec 4.5.4): segments applied in order with their bounds
// traps, start functions, and what remains after a failed instantiation.
#include <gtest/gtest.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tests/runtime/runtime_test_util.h"
#include "tests/wasm_bytes.h"

namespace ember {
namespace {

TEST(Instantiate, DataSegmentsApplyInOrderUntilOneTraps) {
  test::Harness h;
  Memory* mem = h.store.createMemory(MemoryType{{1, std::nullopt}});
  h.linker.define("env", "memory", Extern::of(mem));
  auto r = h.linker.instantiate(h.store, h.compile("segments"));
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::MemoryOutOfBounds);
  // The first segment was written before the second trapped.
  EXPECT_EQ(mem->data()[0], 7);
  EXPECT_EQ(mem->data()[1], 8);
  EXPECT_EQ(mem->data()[65535], 0);
  // With room for it, the same module instantiates.
  EXPECT_EQ(mem->grow(1), 1);
  EXPECT_NE(h.load("segments"), nullptr);
  EXPECT_EQ(mem->data()[65536], 2);
}

TEST(Instantiate, ElementSegmentsApplyInOrderUntilOneTraps) {
  test::Harness h;
  Table* table = h.store.createTable(TableType{ValType::FuncRef, {2, std::nullopt}}, Ref{});
  h.linker.define("env", "table", Extern::of(table));
  auto r = h.linker.instantiate(h.store, h.compile("elems"));
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::TableOutOfBounds);
  EXPECT_FALSE(table->get(0).isNull());  // the first segment was applied
  EXPECT_TRUE(table->get(1).isNull());
  // The function it refers to stays valid (it belongs to the store).
  Function* f = static_cast<Function*>(table->get(0).ptr);
  EXPECT_TRUE(h.store.call(f, {}, {}));
  EXPECT_EQ(table->grow(1, Ref{}), 2);
  EXPECT_NE(h.load("elems"), nullptr);
  EXPECT_FALSE(table->get(2).isNull());
}

TEST(Instantiate, StartFunctionRunsAndItsTrapIsReturned) {
  test::Harness h;
  Memory* mem = h.store.createMemory(MemoryType{{1, std::nullopt}});
  h.linker.define("env", "memory", Extern::of(mem));
  h.linker.define("env", "should_trap",
                  Extern::of(h.store.createGlobal({ValType::I32, false}, Value::fromI32(0))));
  EXPECT_NE(h.load("start"), nullptr);
  EXPECT_EQ(mem->data()[5], 55);
  mem->data()[5] = 0;
  h.linker.define("env", "should_trap",
                  Extern::of(h.store.createGlobal({ValType::I32, false}, Value::fromI32(1))));
  auto r = h.linker.instantiate(h.store, h.compile("start"));
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::Unreachable);
  EXPECT_EQ(mem->data()[5], 55);  // the start function ran up to its trap
}

TEST(Instantiate, ImportsByPosition) {
  test::Harness h;
  Memory* mem = h.store.createMemory(MemoryType{{2, std::nullopt}});
  GlobalInstance* g = h.store.createGlobal({ValType::I32, false}, Value::fromI32(0));
  Extern imports[] = {Extern::of(mem), Extern::of(g)};
  EXPECT_TRUE(instantiate(h.store, h.compile("start"), imports));
  Extern tooFew[] = {Extern::of(mem)};
  auto r = instantiate(h.store, h.compile("start"), tooFew);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Unlinkable);
}

// Extended constant expressions (WebAssembly 3.0) are evaluated as in a
// function body: i32 arithmetic wraps at 32 bits, i64 at 64.
TEST(Instantiate, ExtendedConstantExpressionsWrapAsInstructionsDo) {
  test::Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  test::appendSection(m, 2, {1, 1, 'm', 1, 'g', 0x03, 0x7F, 0x00});  // immutable i32 import
  test::appendSection(m, 6,
                      {3,
                       // 0x10000 * 0x10000
                       0x7F, 0x00, 0x41, 0x80, 0x80, 0x04, 0x41, 0x80, 0x80, 0x04, 0x6C, 0x0B,
                       // g - 7
                       0x7F, 0x00, 0x23, 0x00, 0x41, 0x07, 0x6B, 0x0B,
                       // -1 * 2 - INT64_MIN
                       0x7E, 0x00, 0x42, 0x7F, 0x42, 0x02, 0x7E, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80,
                       0x80, 0x80, 0x80, 0x80, 0x7F, 0x7D, 0x0B});
  test::Harness h;
  auto module = compileModule(h.engine, m);
  ASSERT_TRUE(module) << module.error().message();
  GlobalInstance* g = h.store.createGlobal({ValType::I32, false}, Value::fromI32(5));
  Extern imports[] = {Extern::of(g)};
  auto inst = instantiate(h.store, *module, imports);
  ASSERT_TRUE(inst) << inst.error().message();
  EXPECT_EQ((*inst)->global(1)->value().i32, 0u);
  EXPECT_EQ((*inst)->global(2)->value().i32, static_cast<uint32_t>(-2));
  EXPECT_EQ((*inst)->global(3)->value().i64, uint64_t{INT64_MAX} - 1);  // -2 + 2^63
}

TEST(Instantiate, ModuleIsSharedBetweenStores) {
  test::Harness h;
  auto module = h.compile("traps");
  Store other(h.engine);
  auto a = h.linker.instantiate(h.store, module);
  auto b = Linker().instantiate(other, module);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  Value out[1];
  ASSERT_TRUE(other.call((*b)->exportByName("ok").function(), {}, out));
  EXPECT_EQ(out[0].i32, 1u);
}

#ifdef __GLIBC__
// An active segment is dropped once applied, so an instance keeps none of
// its items: each used to keep a copy of every item of every segment (80
// MB for a segment of ten million). Eight instances of a module whose
// active segment fills an imported table with a million references take
// less heap than one such copy (8 MB) together.
TEST(Instantiate, AppliedSegmentsKeepNoItems) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator is not glibc's";
#endif
  constexpr uint32_t kItems = 1000000;
  test::Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  test::appendSection(m, 1, {1, 0x60, 0, 0});
  test::Bytes import = {1, 3, 'e', 'n', 'v', 5, 't', 'a', 'b', 'l', 'e', 0x01, 0x70, 0x00};
  test::appendLeb(import, kItems);
  test::appendSection(m, 2, import);
  test::appendSection(m, 3, {1, 0});
  test::Bytes elem = {1, 0x00, 0x41, 0x00, 0x0B};
  test::appendLeb(elem, kItems);
  elem.resize(elem.size() + kItems, 0x00);  // function 0 each time
  test::appendSection(m, 9, elem);
  test::appendSection(m, 10, {1, 2, 0, 0x0B});

  for (const test::EngineCase& e : test::engineCases()) {
    test::Harness h(e.config());
    auto module = compileModule(h.engine, m);
    ASSERT_TRUE(module) << module.error().message();
    Table* table = h.store.createTable(TableType{ValType::FuncRef, {kItems, std::nullopt}}, Ref{});
    Extern imports[] = {Extern::of(table)};
    auto heapInUse = [] {
      struct mallinfo2 info = mallinfo2();
      return info.uordblks + info.hblkhd;
    };
    size_t before = heapInUse();
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(instantiate(h.store, *module, imports));
    EXPECT_LT(heapInUse() - before, size_t{kItems} * sizeof(void*)) << test::caseName(e);
    EXPECT_FALSE(table->get(kItems - 1).isNull());
  }
}
#endif

}  // namespace
}  // namespace ember

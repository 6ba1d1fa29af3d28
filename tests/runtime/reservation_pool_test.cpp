// The engine's pool of guarded reservations: a destroyed memory's
// reservation goes back decommitted and serves the next memory, which
// reads zero; the pool keeps no more than its capacity; only engines whose
// memories are guarded have one.
#include "runtime/reservation_pool.h"

#include <gtest/gtest.h>

#include "platform/ember-platform.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

#if EMBER_HAVE_SIGNALS
constexpr uint64_t kSmall = 1 << 20;  // the pool works for any size; tests keep it small

TEST(ReservationPool, AGivenReservationIsTakenAgainAndReadsZero) {
  ReservationPool pool(kSmall, 2);
  uint8_t* base = pool.take();
  ASSERT_NE(base, nullptr);
  ASSERT_EQ(ember_vm_commit(base, 65536), EMBER_PLATFORM_OK);
  base[100] = 7;
  pool.give(base, 65536);
  EXPECT_EQ(pool.keptCount(), 1u);
  EXPECT_EQ(pool.take(), base);
  EXPECT_EQ(pool.keptCount(), 0u);
  ASSERT_EQ(ember_vm_commit(base, 65536), EMBER_PLATFORM_OK);
  EXPECT_EQ(base[100], 0);
  pool.give(base, 65536);
}

TEST(ReservationPool, KeepsNoMoreThanItsCapacity) {
  ReservationPool pool(kSmall, 2);
  uint8_t* a = pool.take();
  uint8_t* b = pool.take();
  uint8_t* c = pool.take();
  ASSERT_TRUE(a && b && c);
  pool.give(a, 0);
  pool.give(b, 0);
  pool.give(c, 0);  // released
  EXPECT_EQ(pool.keptCount(), 2u);
  ReservationPool none(kSmall, 0);
  none.give(none.take(), 0);
  EXPECT_EQ(none.keptCount(), 0u);
  ReservationPool capped(kSmall, 1000);
  uint8_t* many[ReservationPool::kMaxKept + 1];
  for (uint8_t*& r : many) r = capped.take();
  for (uint8_t* r : many) capped.give(r, 0);
  EXPECT_EQ(capped.keptCount(), ReservationPool::kMaxKept);
}

TEST(ReservationPool, EachEngineKeepsReservationsOfItsMemoriesLayout) {
  for (const test::EngineCase& c : test::engineCases()) {
    SCOPED_TRACE(test::caseName(c));
    Engine engine(c.config());
    bool guarded = memoryLayoutFor(engine.config()) == MemoryLayout::Guarded;
    ASSERT_NE(engine.memoryReservations(), nullptr);
    EXPECT_EQ(engine.memoryReservations()->reservationBytes(),
              guarded ? Memory::kGuardedReservationBytes : Memory::kPooledCompactReservationBytes);
  }
  Config config = test::EngineCase{EngineKind::Jit, BoundsMode::Signals}.config();
  config.keptMemoryReservations = 0;
  EXPECT_EQ(Engine(config).memoryReservations(), nullptr);
}

// Instantiates `module` in a store of its own, checks its memory's
// reservation and writes to the memory, then destroys them all. Returns
// the memory's base.
uint8_t* useAndDestroyMemory(Engine& engine, std::shared_ptr<const CompiledModule> module,
                             uint64_t reservedBytes) {
  Store store(engine);
  Linker linker;
  auto inst = linker.instantiate(store, std::move(module));
  EXPECT_TRUE(inst);
  if (!inst) return nullptr;
  Memory* mem = inst.value()->memory(0);
  EXPECT_EQ(mem->reservedBytes(), reservedBytes);
  mem->data()[65535] = 3;
  return mem->data();
}

// Past the reserved 4 GiB + guard, a kept reservation still faults.
void expectTheGuardFaults(Store& store, Instance& inst) {
  Function* load8 = inst.exportByName("load8").function();
  ASSERT_NE(load8, nullptr);
  Value result[1];
  Value arg[] = {test::i32(65536)};
  auto trap = store.call(load8, arg, result);
  ASSERT_FALSE(trap);
  EXPECT_EQ(trapCodeOf(trap.error()), TrapCode::MemoryOutOfBounds);
}

// A compact memory that outgrows a kept reservation moves to its own,
// contents and all, and gives the kept one back.
void expectOutgrowingGivesItBack(Store& store, Instance& inst, ReservationPool& pool) {
  Memory* mem = inst.memory(0);
  uint8_t* kept = mem->data();
  mem->data()[100] = 7;
  Function* grow = inst.exportByName("grow").function();
  ASSERT_NE(grow, nullptr);
  Value result[1];
  const uint32_t pages = Memory::kPooledCompactReservationBytes / kPageSize;  // past the room
  Value arg[] = {test::i32(static_cast<int32_t>(pages))};
  ASSERT_TRUE(store.call(grow, arg, result));
  EXPECT_EQ(result[0].i32, 1u);  // the old size in pages
  EXPECT_NE(mem->data(), kept);
  EXPECT_GT(mem->reservedBytes(), Memory::kPooledCompactReservationBytes);
  EXPECT_EQ(mem->data()[100], 7);
  EXPECT_EQ(pool.keptCount(), 1u);
}

// An instance's memory, destroyed with its store, serves the next store's
// instance: same base, the old contents gone. Guarded memories (signals-mode
// JIT) and compact ones (the interpreter's) alike.
TEST(ReservationPool, TheNextInstanceReusesTheReservationZeroed) {
  std::vector<test::EngineCase> cases{{EngineKind::Interpreter, BoundsMode::Signals}};
#if EMBER_HAVE_JIT
  cases.push_back({EngineKind::Jit, BoundsMode::Signals});
#endif
  for (const test::EngineCase& c : cases) {
    SCOPED_TRACE(test::caseName(c));
    Engine engine(c.config());
    const bool guarded = memoryLayoutFor(engine.config()) == MemoryLayout::Guarded;
    ReservationPool& pool = *engine.memoryReservations();
    auto module = compileModule(engine, test::readWasm("unbounded_memory"));
    ASSERT_TRUE(module);
    uint8_t* firstBase = useAndDestroyMemory(
        engine, module.value(),
        guarded ? Memory::kGuardedReservationBytes : Memory::kPooledCompactReservationBytes);
    EXPECT_EQ(pool.keptCount(), 1u);
    Store store(engine);
    Linker linker;
    auto inst = linker.instantiate(store, module.value());
    ASSERT_TRUE(inst);
    Memory* mem = inst.value()->memory(0);
    EXPECT_EQ(mem->data(), firstBase);
    EXPECT_EQ(mem->data()[65535], 0);
    EXPECT_EQ(pool.keptCount(), 0u);
    if (guarded)
      expectTheGuardFaults(store, *inst.value());
    else
      expectOutgrowingGivesItBack(store, *inst.value(), pool);
  }
}
#endif

}  // namespace
}  // namespace ember

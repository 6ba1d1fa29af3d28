// Epoch interruption and fuel (DESIGN decision 8) in both engines and both
// bounds modes: another thread interrupts an infinite loop and a loop-free
// recursion, fuel ends execution at the same point in every engine, the
// store keeps working after either trap, and code compiled without the
// features contains no checks.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#if EMBER_HAVE_INTERP
#include "runtime/interp/code.h"
#endif
#include "tests/runtime/runtime_test_util.h"
#if EMBER_HAVE_JIT
#include "runtime/jit/engine.h"
#endif

namespace ember {
namespace {

using namespace std::chrono_literals;

using test::EngineCase;

class Interruption : public testing::TestWithParam<EngineCase> {
 protected:
  Config config(bool epoch, bool fuel) const {
    Config c;
    c.engine = GetParam().engine;
    c.bounds = GetParam().bounds;
    c.epochInterruption = epoch;
    c.consumeFuel = fuel;
    return c;
  }
};

uint64_t fuelLeft(const Store& store) {
  auto fuel = store.fuel();
  EXPECT_TRUE(fuel);
  return fuel ? fuel.value() : ~uint64_t{0};
}

// Bumps the engine's epoch after `delay`, as a watchdog would.
std::thread interruptAfter(Engine& engine, std::chrono::milliseconds delay) {
  return std::thread([&engine, delay] {
    std::this_thread::sleep_for(delay);
    engine.incrementEpoch();
  });
}

TEST_P(Interruption, EpochInterruptsAnInfiniteLoop) {
  test::Harness h(config(true, false));
  Instance* inst = h.load("interrupt");
  h.store.setEpochDeadline(1);
  auto start = std::chrono::steady_clock::now();
  std::thread watchdog = interruptAfter(h.engine, 20ms);
  auto r = h.call(inst, "spin");
  watchdog.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::Interrupted);
  EXPECT_EQ(r.error().message(), "interrupted");
  EXPECT_NE(r.error().context().find("spin"), std::string::npos) << r.error().context();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);

  // The deadline has passed: the next call traps at its function entry
  // until a new deadline is set, then runs normally.
  EXPECT_EQ(h.trap(inst, "count"), TrapCode::Interrupted);
  // (How far `spin` got is not asserted: on a loaded machine the watchdog
  // can fire before the guest reaches its first loop header.)
  h.store.setEpochDeadline(1);
  ASSERT_TRUE(h.call(inst, "count"));
  ASSERT_TRUE(h.call(inst, "reset"));
  EXPECT_EQ(h.one(inst, "iterate", {test::i32(5)}).i32, 5u);
  EXPECT_EQ(h.one(inst, "sum", {test::i32(10)}).i32, 55u);
}

TEST_P(Interruption, EpochInterruptsRecursionWithoutLoops) {
  test::Harness h(config(true, false));
  Instance* inst = h.load("interrupt");
  h.store.setEpochDeadline(1);
  std::thread watchdog = interruptAfter(h.engine, 20ms);
  // 2^62 calls: only a function-entry check can end it.
  auto r = h.call(inst, "tree", {test::i32(62)});
  watchdog.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::Interrupted);
  EXPECT_NE(r.error().context().find("tree"), std::string::npos);
}

// A bulk operator longer than a piece (runtime/bulk_pieces.h) checks the
// deadline before each piece instead of finishing first. The import "tick"
// bumps the epoch right before each operator, so nothing else can see the
// deadline first; the memory and table show that nothing was written.
TEST_P(Interruption, EpochStopsLargeBulkOperators) {
  for (bool epoch : {true, false}) {
    SCOPED_TRACE(epoch ? "epoch interruption" : "no epoch interruption");
    test::Harness h(config(epoch, false));
    auto tick = [&h](Caller&, std::span<const Value>, std::span<Value>) -> Result<void> {
      h.engine.incrementEpoch();
      return success();
    };
    h.linker.define("host", "tick", Extern::of(h.store.createHostFunction(FuncType{}, tick)));
    Instance* inst = h.load("bulk_interrupt");
    ASSERT_NE(inst, nullptr);
    uint8_t* memory = inst->memory(0)->data();
    const size_t last = inst->memory(0)->size() - 1;
    // The sources of the copies.
    memory[last] = 9;
    ASSERT_TRUE(h.call(inst, "set_entry", {test::i32(299999)}));

    auto run = [&](const char* name, std::vector<Value> args = {}) {
      h.store.setEpochDeadline(1);  // reached by the tick
      auto r = h.call(inst, name, std::move(args));
      if (epoch) {
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(trapCodeOf(r.error()), TrapCode::Interrupted) << name;
      } else {
        EXPECT_TRUE(r) << name;
      }
      h.store.setEpochDeadline(1000);
    };
    run("fill", {test::i32(7)});
    EXPECT_EQ(memory[0], epoch ? 0 : 7);
    memory[last] = 9;
    run("copy");
    EXPECT_EQ(memory[last - 0x200000], epoch ? 0 : 9);
    run("table_copy");
    EXPECT_EQ(h.one(inst, "entry_is_null", {test::i32(149999)}).i32, epoch ? 1u : 0u);
    run("table_fill");
    EXPECT_EQ(h.one(inst, "entry_is_null", {test::i32(0)}).i32, epoch ? 1u : 0u);
    run("table_grow");  // an interrupted grow adds nothing
    EXPECT_EQ(h.one(inst, "table_size").i32, epoch ? 300000u : 600000u);

    // A deadline that has not passed lets them finish.
    h.store.setEpochDeadline(1000);
    ASSERT_TRUE(h.call(inst, "fill", {test::i32(5)}));
    EXPECT_EQ(memory[0], 5);
    EXPECT_EQ(memory[last], 5);
  }
}

TEST_P(Interruption, DeadlineCountsTicksFromNow) {
  test::Harness h(config(true, false));
  Instance* inst = h.load("interrupt");
  // No deadline set yet: never interrupted.
  h.engine.incrementEpoch();
  EXPECT_EQ(h.one(inst, "iterate", {test::i32(3)}).i32, 3u);
  h.store.setEpochDeadline(2);
  h.engine.incrementEpoch();
  EXPECT_EQ(h.one(inst, "iterate", {test::i32(3)}).i32, 6u);  // one tick of two
  h.engine.incrementEpoch();
  EXPECT_EQ(h.trap(inst, "iterate", {test::i32(3)}), TrapCode::Interrupted);
  h.store.setEpochDeadline(0);  // already reached
  EXPECT_EQ(h.trap(inst, "count"), TrapCode::Interrupted);
}

TEST_P(Interruption, FuelStopsAtTheSamePointInEveryEngine) {
  test::Harness h(config(false, true));
  Instance* inst = h.load("interrupt");
  ASSERT_TRUE(h.store.setFuel(1000));
  EXPECT_EQ(h.trap(inst, "spin"), TrapCode::OutOfFuel);
  // One unit for spin's entry, one per arrival at the loop header; the
  // 1000th unit is the last arrival that passes.
  ASSERT_TRUE(h.store.setFuel(1));
  EXPECT_EQ(h.one(inst, "count").i32, 999u);
  auto left = h.store.fuel();
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, 0u);

  // Exact accounting: iterate(10) = 1 entry + 10 header arrivals.
  ASSERT_TRUE(h.store.setFuel(100));
  ASSERT_TRUE(h.call(inst, "reset"));  // 1 unit
  EXPECT_EQ(h.one(inst, "iterate", {test::i32(10)}).i32, 10u);
  EXPECT_EQ(fuelLeft(h.store), 100u - 1 - 11);
  // The loop-free recursion costs one unit per call: tree(3) is 15 calls.
  ASSERT_TRUE(h.store.setFuel(15));
  EXPECT_TRUE(h.call(inst, "tree", {test::i32(3)}));
  EXPECT_EQ(fuelLeft(h.store), 0u);
  ASSERT_TRUE(h.store.setFuel(14));
  EXPECT_EQ(h.trap(inst, "tree", {test::i32(3)}), TrapCode::OutOfFuel);
}

TEST_P(Interruption, FuelTrapMessageAndErrorsWhenOff) {
  test::Harness h(config(false, true));
  Instance* inst = h.load("interrupt");
  auto r = h.call(inst, "count");  // a new store has no fuel
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "out of fuel");
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::OutOfFuel);

  test::Harness off(config(false, false));
  EXPECT_FALSE(off.store.setFuel(10));
  EXPECT_FALSE(off.store.fuel());
}

TEST_P(Interruption, EpochAndFuelTogether) {
  test::Harness h(config(true, true));
  Instance* inst = h.load("interrupt");
  h.store.setEpochDeadline(1);
  ASSERT_TRUE(h.store.setFuel(500));
  EXPECT_EQ(h.trap(inst, "spin"), TrapCode::OutOfFuel);
  ASSERT_TRUE(h.store.setFuel(uint64_t{1} << 62));
  std::thread watchdog = interruptAfter(h.engine, 10ms);
  EXPECT_EQ(h.trap(inst, "spin"), TrapCode::Interrupted);
  watchdog.join();
}

INSTANTIATE_TEST_SUITE_P(Engines, Interruption, testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

// DESIGN decision 8: with the features off, the code has no checks at all.
#if EMBER_HAVE_INTERP
TEST(InterruptionCost, InterpreterCodeHasChecksOnlyWhenEnabled) {
  auto listing = [](bool epoch, bool fuel) {
    Config c;
    c.epochInterruption = epoch;
    c.consumeFuel = fuel;
    Engine engine(c);
    auto m = compileModule(engine, test::readWasm("interrupt"));
    EXPECT_TRUE(m);
    return interp::disassemble(m.value()->interpCode()->functions[0]);  // spin
  };
  std::string off = listing(false, false), on = listing(true, true);
  EXPECT_EQ(off.find("Check"), std::string::npos) << off;
  EXPECT_NE(on.find("CheckEpoch"), std::string::npos) << on;
  EXPECT_NE(on.find("CheckFuel"), std::string::npos) << on;
}
#endif

#if EMBER_HAVE_JIT
TEST(InterruptionCost, JitCodeGrowsOnlyWhenEnabled) {
  auto codeSize = [](bool epoch, bool fuel) -> size_t {
    Config c;
    c.engine = EngineKind::Jit;
    c.epochInterruption = epoch;
    c.consumeFuel = fuel;
    Engine engine(c);
    auto m = compileModule(engine, test::readWasm("interrupt"));
    EXPECT_TRUE(m);
    return m ? m.value()->jitCode()->codeSize() : 0;
  };
  size_t off = codeSize(false, false);
  EXPECT_GT(codeSize(true, false), off);
  EXPECT_GT(codeSize(false, true), off);
}
#endif

}  // namespace
}  // namespace ember

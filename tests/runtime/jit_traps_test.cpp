// Traps in JIT code through the runtime (DESIGN decision 5), in both bounds
// modes (decision 4): each trap reaches its own caller with its code and a
// backtrace, per thread; the store keeps working; deep recursion is
// StackExhausted rather than a crash.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/runtime/runtime_test_util.h"

#if EMBER_HAVE_JIT

namespace ember {
namespace {

using test::i32;

Config jitConfig(BoundsMode bounds) {
  Config c;
  c.engine = EngineKind::Jit;
  c.bounds = bounds;
  return c;
}

class JitTraps : public ::testing::TestWithParam<BoundsMode> {
 protected:
  test::Harness h{jitConfig(GetParam())};
};

constexpr uint32_t kOutOfBounds = 70000;  // past the single 64 KiB page

TEST_P(JitTraps, StoreKeepsWorkingAfterEachTrap) {
  Instance* inst = h.load("jit_traps");
  ASSERT_TRUE(inst);
  for (int round = 0; round < 3; round++) {
    EXPECT_EQ(h.trap(inst, "outer", {i32(kOutOfBounds)}), TrapCode::MemoryOutOfBounds);
    EXPECT_EQ(h.one(inst, "outer", {i32(0)}).i32, 2u);  // (0 + 1) * 2
    EXPECT_EQ(h.trap(inst, "div", {i32(1), i32(0)}), TrapCode::IntegerDivideByZero);
    EXPECT_EQ(h.trap(inst, "div", {i32(0x80000000u), i32(-1)}), TrapCode::IntegerOverflow);
    EXPECT_EQ(h.one(inst, "div", {i32(-9), i32(2)}).i32, static_cast<uint32_t>(-4));
    EXPECT_EQ(h.one(inst, "sum", {i32(100)}).i32, 4950u);
  }
}

TEST_P(JitTraps, BacktraceNamesFunctionsInnermostFirst) {
  Instance* inst = h.load("jit_traps");
  ASSERT_TRUE(inst);
  auto r = h.call(inst, "outer", {i32(kOutOfBounds)});
  ASSERT_FALSE(r);
  const std::string& bt = r.error().context();
  size_t inner = bt.find("<inner>"), middle = bt.find("<middle>"), outer = bt.find("<outer>");
  ASSERT_NE(inner, std::string::npos) << bt;
  ASSERT_NE(middle, std::string::npos) << bt;
  ASSERT_NE(outer, std::string::npos) << bt;
  EXPECT_LT(inner, middle) << bt;
  EXPECT_LT(middle, outer) << bt;
  EXPECT_NE(bt.find("0: func[0] <inner>"), std::string::npos) << bt;
}

TEST_P(JitTraps, DeepRecursionIsStackExhausted) {
  Instance* inst = h.load("jit_traps");
  ASSERT_TRUE(inst);
  auto r = h.call(inst, "recurse", {i32(0)});
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::StackExhausted);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  EXPECT_NE(r.error().context().find("more frames"), std::string::npos);
  EXPECT_EQ(h.one(inst, "sum", {i32(10)}).i32, 45u);
  // Again on another thread, whose stack has other bounds.
  std::thread other([&] {
    EXPECT_EQ(h.trap(inst, "recurse", {i32(0)}), TrapCode::StackExhausted);
    EXPECT_EQ(h.one(inst, "sum", {i32(10)}).i32, 45u);
  });
  other.join();
  EXPECT_EQ(h.trap(inst, "recurse", {i32(0)}), TrapCode::StackExhausted);
}

// Two threads, each with its own store, trap at the same time again and
// again; each must get its own trap code, never the other's.
TEST_P(JitTraps, TrapsOnTwoThreadsAtOnce) {
  Engine engine(jitConfig(GetParam()));
  auto module = compileModule(engine, test::readWasm("jit_traps"));
  ASSERT_TRUE(module) << module.error().message();
  std::atomic<int> ready{0};
  auto run = [&](bool memoryTraps, int* mismatches) {
    Store store(engine);
    auto inst = instantiate(store, module.value(), {});
    ASSERT_TRUE(inst);
    Function* outer = inst.value()->exportByName("outer").function();
    Function* div = inst.value()->exportByName("div").function();
    ready++;
    while (ready < 2) {
    }
    for (int i = 0; i < 2000; i++) {
      Value out[1];
      Result<void> r = memoryTraps ? store.call(outer, std::vector<Value>{i32(kOutOfBounds)}, out)
                                   : store.call(div, std::vector<Value>{i32(7), i32(0)}, out);
      TrapCode expected = memoryTraps ? TrapCode::MemoryOutOfBounds : TrapCode::IntegerDivideByZero;
      if (r || trapCodeOf(r.error()) != expected) ++*mismatches;
      Result<void> ok = store.call(div, std::vector<Value>{i32(i + 10), i32(1)}, out);
      if (!ok || out[0].i32 != static_cast<uint32_t>(i + 10)) ++*mismatches;
    }
  };
  int mismatchesA = 0, mismatchesB = 0;
  std::thread a(run, true, &mismatchesA), b(run, false, &mismatchesB);
  a.join();
  b.join();
  EXPECT_EQ(mismatchesA, 0);
  EXPECT_EQ(mismatchesB, 0);
}

// The wasm offsets of each frame (the JIT's pc -> wasm offset map) are the
// interpreter's: the trapping operator in the innermost frame, the call in
// the others, from the body's start and from the module's.
void expectInterpreterOffsets(test::Harness& h, BoundsMode bounds) {
  Instance* inst = h.load("trap_offsets");
  ASSERT_TRUE(inst);
  Config interpConfig;
  interpConfig.engine = EngineKind::Interpreter;
  interpConfig.bounds = bounds;
  test::Harness interp(interpConfig);
  Instance* reference = interp.load("trap_offsets");
  ASSERT_TRUE(reference);
  struct Case {
    uint32_t which, arg;
    TrapCode code;
    uint32_t frames;
  };
  const Case cases[] = {
      {0, kOutOfBounds, TrapCode::MemoryOutOfBounds, 3},
      {1, 0, TrapCode::MemoryOutOfBounds, 3},
      {1, 65534, TrapCode::MemoryOutOfBounds, 3},
      {2, 0, TrapCode::IntegerDivideByZero, 3},
      {3, 0, TrapCode::IntegerDivideByZero, 3},
      {3, 0xFFFFFFFFu, TrapCode::IntegerOverflow, 3},
      {4, 1, TrapCode::IntegerOverflow, 3},
      {5, 0, TrapCode::Unreachable, 3},
      {6, 7, TrapCode::IndirectCallTypeMismatch, 3},
      {6, 8, TrapCode::UninitializedElement, 3},
      {6, 100, TrapCode::UndefinedElement, 3},
      {100, 0, TrapCode::UndefinedElement, 2},
      {9, kOutOfBounds, TrapCode::MemoryOutOfBounds, 4},
      {9, 0, TrapCode::IntegerDivideByZero, 4},
      {10, kOutOfBounds, TrapCode::MemoryOutOfBounds, 5},
      {10, 0, TrapCode::Unreachable, 5},
      {11, kOutOfBounds, TrapCode::MemoryOutOfBounds, 4},
      {12, kOutOfBounds, TrapCode::MemoryOutOfBounds, 3},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "which " << c.which << " arg " << c.arg);
    auto got = h.call(inst, "run", {i32(c.which), i32(c.arg)});
    auto want = interp.call(reference, "run", {i32(c.which), i32(c.arg)});
    ASSERT_FALSE(got);
    ASSERT_FALSE(want);
    ASSERT_TRUE(got.error().trap() && want.error().trap());
    EXPECT_EQ(trapCodeOf(got.error()), c.code);
    const auto& jit = got.error().trap()->backtrace;
    const auto& ref = want.error().trap()->backtrace;
    ASSERT_EQ(jit.size(), c.frames) << got.error().context();
    ASSERT_EQ(ref.size(), c.frames) << want.error().context();
    for (size_t i = 0; i < jit.size(); ++i) {
      SCOPED_TRACE(testing::Message() << "frame " << i);
      EXPECT_EQ(jit[i].funcIndex, ref[i].funcIndex);
      ASSERT_NE(ref[i].moduleOffset, TrapFrameInfo::kUnknownOffset);
      // In checks mode both accesses of $two_loads check for the same trap:
      // each has its own trap entry, so the pc says which one failed.
      EXPECT_EQ(jit[i].funcOffset, ref[i].funcOffset);
      EXPECT_EQ(jit[i].moduleOffset, ref[i].moduleOffset);
    }
    EXPECT_EQ(got.error().context(), want.error().context());
  }
}

TEST_P(JitTraps, BacktraceOffsetsAreTheInterpreters) { expectInterpreterOffsets(h, GetParam()); }

// The same with every function compiled as a part of its own on two
// threads (parallel compilation): the joined offset map gives each frame
// the same offsets.
TEST_P(JitTraps, BacktraceOffsetsAreTheInterpretersWhenCompiledInParts) {
  Config config = jitConfig(GetParam());
  config.compileThreads = 2;
  config.compilePartBytes = 1;
  test::Harness parts(config);
  expectInterpreterOffsets(parts, GetParam());
}

INSTANTIATE_TEST_SUITE_P(BothBoundsModes, JitTraps,
                         ::testing::Values(BoundsMode::Signals, BoundsMode::Checks),
                         [](const auto& info) {
                           return info.param == BoundsMode::Signals ? "Signals" : "Checks";
                         });

}  // namespace
}  // namespace ember

#endif  // EMBER_HAVE_JIT

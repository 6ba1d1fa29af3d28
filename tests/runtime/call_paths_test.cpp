// Host <-> wasm calls on each engine: a trap in a nested host -> wasm ->
// host -> wasm call unwinds to the innermost entry only; the store keeps
// working after it; signatures wider than the registers and the inline
// argument buffers (runtime/inline_buffer.h) keep every value in place, in
// both directions and through the C++ and the cell-level host callbacks.
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::f32;
using test::f64;
using test::i32;
using test::i64;

const FuncType kWideType{{ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::I32,
                          ValType::I64, ValType::F32, ValType::F64, ValType::I32, ValType::I64,
                          ValType::F32, ValType::F64},
                         {ValType::I64, ValType::F64, ValType::I32, ValType::I64, ValType::F64,
                          ValType::I32, ValType::I64, ValType::F64, ValType::I32, ValType::I64}};

// What "wide" returns for its arguments (a = args[0]; the others are the
// constants call_wide passes, checked one by one).
bool wideArgumentsInPlace(std::span<const Value> a) {
  return a[1].i64 == 2 && a[2].asF32() == 3 && a[3].asF64() == 4 && a[4].i32 == 5 &&
         a[5].i64 == 6 && a[6].asF32() == 7 && a[7].asF64() == 8 && a[8].i32 == 9 &&
         a[9].i64 == 10 && a[10].asF32() == 11 && a[11].asF64() == 12;
}
void wideResults(std::span<const Value> a, std::span<Value> r) {
  r[0] = i64(a[1].i64 + a[0].i32);
  r[1] = f64(a[3].asF64() + a[2].asF32());
  r[2] = i32(a[4].i32);
  r[3] = i64(a[5].i64);
  r[4] = f64(a[7].asF64() + a[6].asF32());
  r[5] = i32(a[8].i32);
  r[6] = i64(a[9].i64);
  r[7] = f64(a[11].asF64() + a[10].asF32());
  r[8] = i32(a[0].i32 * 3);
  r[9] = i64(100);
}
// call_wide's fold of those results for a first argument x.
uint64_t expectedWideSum(uint32_t x) { return 177 + 4 * uint64_t{x}; }

class CallPaths : public ::testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    define("nested", {{ValType::I32}, {ValType::I32}},
           [this](Caller& caller, std::span<const Value> args,
                  std::span<Value> results) -> Result<void> {
             Function* inner = caller.exportByName("inner").function();
             Value out[1];
             Result<void> r = caller.store().call(inner, args, out);
             if (!r) {
               innerTrap = trapCodeOf(r.error());
               const Trap* t = r.error().trap().get();
               innerFrames.clear();
               if (t)
                 for (const TrapFrameInfo& f : t->backtrace) innerFrames.push_back(f.name);
               if (propagate) return r;
               results[0] = i32(7);  // the host handles the trap
               return success();
             }
             results[0] = out[0];
             return success();
           });
    define("wide", kWideType,
           [this](Caller&, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             if (!wideArgumentsInPlace(args)) {
               wideMisplaced = true;
               return Error(ErrorKind::Trap, "wide: an argument is out of place");
             }
             wideResults(args, results);
             return success();
           });
    inst = h.load("call_paths");
  }
  void define(const char* name, FuncType type, HostCallbackWithCaller cb) {
    h.linker.define("host", name, Extern::of(h.store.createHostFunction(type, std::move(cb))));
  }
  static Config configFor(EngineKind kind) {
    Config c;
    c.engine = kind;
    return c;
  }

  test::Harness h{configFor(GetParam())};
  Instance* inst = nullptr;
  bool propagate = false;
  bool wideMisplaced = false;
  std::optional<TrapCode> innerTrap;
  std::vector<std::string> innerFrames;
};

TEST_P(CallPaths, NestedCallsReturnThroughEveryLevel) {
  EXPECT_EQ(h.one(inst, "outer", {i32(21)}).i32, 1042u);
  EXPECT_FALSE(innerTrap);
}

TEST_P(CallPaths, NestedTrapUnwindsToTheInnermostEntryOnly) {
  // inner traps two wasm frames deep; the host sees the trap, handles it,
  // and outer carries on past its call.
  EXPECT_EQ(h.one(inst, "outer", {i32(0)}).i32, 1007u);
  ASSERT_TRUE(innerTrap);
  EXPECT_EQ(*innerTrap, TrapCode::Unreachable);
  // The inner trap's backtrace holds the inner frames, not outer's.
  EXPECT_EQ(innerFrames, (std::vector<std::string>{"inner_body", "inner"}));
}

TEST_P(CallPaths, CallsWorkAfterANestedTrap) {
  for (int round = 0; round < 3; ++round) {
    innerTrap.reset();
    EXPECT_EQ(h.one(inst, "outer", {i32(0)}).i32, 1007u);
    EXPECT_TRUE(innerTrap);
    innerTrap.reset();
    EXPECT_EQ(h.one(inst, "outer", {i32(5)}).i32, 1010u);
    EXPECT_FALSE(innerTrap);
    EXPECT_EQ(h.one(inst, "inner", {i32(4)}).i32, 8u);
  }
}

TEST_P(CallPaths, PropagatedNestedTrapReachesTheOuterCaller) {
  propagate = true;
  EXPECT_EQ(h.trap(inst, "outer", {i32(0)}), TrapCode::Unreachable);
  // The store still works, at every level.
  EXPECT_EQ(h.one(inst, "outer", {i32(3)}).i32, 1006u);
  EXPECT_EQ(h.trap(inst, "inner", {i32(0)}), TrapCode::Unreachable);
  EXPECT_EQ(h.one(inst, "inner", {i32(3)}).i32, 6u);
}

TEST_P(CallPaths, WideSignatureWasmToHost) {
  for (uint32_t x : {1u, 40u}) EXPECT_EQ(h.one(inst, "call_wide", {i32(x)}).i64, expectedWideSum(x));
  EXPECT_FALSE(wideMisplaced);
}

TEST_P(CallPaths, WideSignatureHostToWasm) {
  Function* f = h.func(inst, "wide_export");
  ASSERT_NE(f, nullptr);
  Value args[] = {i32(1), i64(2), f32(3), f64(4),  i32(5),  i64(6),
                  f32(7), f64(8), i32(9), i64(10), f32(11), f64(12)};
  Value results[10];
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(h.store.call(f, args, results));
    EXPECT_EQ(results[0].i64, 2u);
    EXPECT_EQ(results[1].asF64(), 4.0);
    EXPECT_EQ(results[2].i32, 5u);
    EXPECT_EQ(results[3].i64, 6u);
    EXPECT_EQ(results[4].asF64(), 8.0);
    EXPECT_EQ(results[5].i32, 9u);
    EXPECT_EQ(results[6].i64, 10u);
    EXPECT_EQ(results[7].asF64(), 12.0);
    EXPECT_EQ(results[8].i32, 4u);   // 1 + 3
    EXPECT_EQ(results[9].i64, 18u);  // 7 + 11
  }
}

// A host function on value cells (Store::createHostCellFunction), called
// from wasm and from the host (Store::call and Store::callWithCells).
TEST_P(CallPaths, CellHostFunction) {
  test::Harness cells{configFor(GetParam())};
  Function* wide = cells.store.createHostCellFunction(kWideType, [](Caller&, ValueCell* c) {
    Value args[12];
    for (size_t i = 0; i < 12; ++i) args[i] = valueOf(c[i], kWideType.params[i]);
    if (!wideArgumentsInPlace(args))
      return Result<void>(Error(ErrorKind::Trap, "wide: an argument is out of place"));
    Value results[10];
    wideResults(args, results);
    for (size_t i = 0; i < 10; ++i) c[i] = cellOf(results[i], kWideType.results[i]);
    return success();
  });
  Function* nested = cells.store.createHostCellFunction(
      {{ValType::I32}, {ValType::I32}}, [](Caller&, ValueCell* c) {
        c[0] = ValueCell{uint64_t{c[0].i32()} * 5, 0};
        return success();
      });
  cells.linker.define("host", "wide", Extern::of(wide));
  cells.linker.define("host", "nested", Extern::of(nested));
  Instance* i = cells.load("call_paths");
  EXPECT_EQ(cells.one(i, "call_wide", {i32(40)}).i64, expectedWideSum(40));
  EXPECT_EQ(cells.one(i, "outer", {i32(3)}).i32, 1015u);
  Value args[] = {i32(1), i64(2), f32(3), f64(4),  i32(5),  i64(6),
                  f32(7), f64(8), i32(9), i64(10), f32(11), f64(12)};
  Value results[10];
  ASSERT_TRUE(cells.store.call(wide, args, results));
  EXPECT_EQ(results[8].i32, 3u);
  args[1] = i64(3);  // out of place: the callback's error comes back
  EXPECT_FALSE(cells.store.call(wide, args, results));
  ValueCell direct[1] = {ValueCell{4, 0}};
  ASSERT_TRUE(cells.store.callWithCells(nested, direct));
  EXPECT_EQ(direct[0].i32(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CallPaths, ::testing::ValuesIn(test::builtEngines()),
                         [](const auto& info) { return test::engineName(info.param); });

}  // namespace
}  // namespace ember

// Calls between the host and JIT code: host functions reading the calling
// instance's memory, host traps unwinding through JIT frames, and
// signatures with stack arguments and results in both directions.
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

#if EMBER_HAVE_JIT

namespace ember {
namespace {

using test::i32;

class JitHostCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    Config c;
    c.engine = EngineKind::Jit;
    h = std::make_unique<test::Harness>(c);
    define(
        "sum_bytes", {{ValType::I32, ValType::I32}, {ValType::I32}},
        [](Caller& caller, std::span<const Value> args, std::span<Value> results) -> Result<void> {
          Memory* mem = caller.memory();
          if (!mem) return Error(ErrorKind::Trap, "no memory");
          uint32_t sum = 0;
          for (uint32_t i = 0; i < args[1].i32; i++) sum += mem->data()[args[0].i32 + i];
          results[0] = Value::fromI32(sum);
          return success();
        });
    define("fail", {{ValType::I32}, {}},
           [](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
             return Error(ErrorKind::Trap, "host refused " + std::to_string(args[0].i32));
           });
    std::vector<ValType> wideParams(8, ValType::I64);
    wideParams.insert(wideParams.end(), 9, ValType::F64);
    define("wide",
           {wideParams,
            {ValType::I64, ValType::I64, ValType::I64, ValType::F64, ValType::F64, ValType::F64}},
           [](Caller&, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             uint64_t isum = 0;
             double fsum = 0;
             for (size_t i = 0; i < 8; i++) isum += args[i].i64;
             for (size_t i = 8; i < 17; i++) fsum += args[i].asF64();
             results[0] = Value::fromI64(isum);
             results[1] = Value::fromI64(args[0].i64);
             results[2] = Value::fromI64(args[7].i64);
             results[3] = Value::fromF64(fsum);
             results[4] = Value::fromF64(args[8].asF64());
             results[5] = Value::fromF64(args[16].asF64());
             return success();
           });
    define("vectors", {std::vector<ValType>(10, ValType::V128), std::vector<ValType>(3, ValType::V128)},
           [](Caller&, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             V128 all;
             for (const Value& a : args) all.lo ^= a.v128.lo, all.hi ^= a.v128.hi;
             results[0] = Value::fromV128(all);
             results[1] = args[0];
             results[2] = args[9];
             return success();
           });
    inst = h->load("jit_calls");
    ASSERT_TRUE(inst);
  }

  void define(const char* name, FuncType type, HostCallbackWithCaller cb) {
    Function* f = h->store.createHostFunction(type, std::move(cb));
    h->linker.define("host", name, Extern::of(f));
  }

  std::unique_ptr<test::Harness> h;
  Instance* inst = nullptr;
};

TEST_F(JitHostCalls, HostReadsGuestMemory) {
  EXPECT_EQ(h->one(inst, "sum_bytes").i32, 15u);  // 1 + 2 + 3 + 4 + 5
}

TEST_F(JitHostCalls, HostTrapUnwindsAndKeepsItsError) {
  auto r = h->call(inst, "store_then_fail", {i32(42)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "host refused 42");
  // What the wasm code did before the host call stays done; the store works.
  EXPECT_EQ(h->one(inst, "load0").i32, 42u);
  EXPECT_EQ(h->one(inst, "sum_bytes").i32, 15u);
}

TEST_F(JitHostCalls, StackArgumentsAndResultsToTheHost) {
  // 36 + 10 * 1 + 100 * 8 + trunc(40.5 + 0.5 + 8.5)
  EXPECT_EQ(h->one(inst, "call_wide").i64, 895u);
}

TEST_F(JitHostCalls, StackArgumentsAndResultsFromTheHost) {
  std::vector<Value> args = {i32(1),
                             Value::fromI64(2),
                             i32(3),
                             Value::fromI64(4),
                             i32(5),
                             Value::fromI64(6),
                             i32(7),
                             Value::fromI64(8),
                             Value::fromF32(1.5f),
                             Value::fromF64(2.25)};
  auto r = h->call(inst, "many", args);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ((*r)[0].i64, 10u);
  EXPECT_EQ((*r)[1].i32, 8u);
  EXPECT_EQ((*r)[2].i64, 24u);
  EXPECT_EQ((*r)[3].asF64(), 3.75);
  EXPECT_EQ((*r)[4].i32, static_cast<uint32_t>(-2));
}

// v128 arguments and results cross the entry trampoline and the host-call
// stub whole (16-byte register slots), in registers and on the stack.
TEST_F(JitHostCalls, VectorsBothWays) {
  V128 in{0x1122334455667788ull, 0x99aabbccddeeff00ull};
  auto r = h->call(inst, "call_vectors", {Value::fromV128(in)});
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 3u);
  // The splats of 1..9 xor to the splat of 1.
  EXPECT_EQ((*r)[0].v128, (V128{in.lo ^ 0x0000000100000001ull, in.hi ^ 0x0000000100000001ull}));
  EXPECT_EQ((*r)[1].v128, in);
  EXPECT_EQ((*r)[2].v128, (V128{0x0000000900000009ull, 0x0000000900000009ull}));
}

}  // namespace
}  // namespace ember

#endif  // EMBER_HAVE_JIT

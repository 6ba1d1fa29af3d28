// Host functions: called from wasm with arguments and results, reading and
// writing the caller's memory, calling back into wasm, and trapping.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;
using test::i64;

class Host : public ::testing::Test {
 protected:
  void SetUp() override {
    define("add", {{ValType::I32, ValType::I64}, {ValType::I64}},
           [](Caller&, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             results[0] = Value::fromI64(args[0].i32 + args[1].i64);
             return success();
           });
    define("checksum", {{ValType::I32, ValType::I32}, {ValType::I32}},
           [](Caller& caller, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             Memory* mem = caller.memory();
             if (!mem || uint64_t{args[0].i32} + args[1].i32 > mem->size())
               return Error(ErrorKind::Trap, "bad range");
             uint32_t sum = 0;
             for (uint32_t i = 0; i < args[1].i32; ++i) sum = sum * 31 + mem->data()[args[0].i32 + i];
             results[0] = Value::fromI32(sum);
             return success();
           });
    define("fill", {{ValType::I32, ValType::I32, ValType::I32}, {}},
           [](Caller& caller, std::span<const Value> args, std::span<Value>) -> Result<void> {
             std::memset(caller.memory()->data() + args[0].i32, static_cast<int>(args[1].i32), args[2].i32);
             return success();
           });
    define("reenter", {{ValType::I32}, {ValType::I32}},
           [this](Caller& caller, std::span<const Value> args, std::span<Value> results) -> Result<void> {
             // Calls the instance's own export again: host -> wasm -> host ...
             Function* f = caller.exportByName("countdown").function();
             Value out[1];
             EMBER_TRY(caller.store().call(f, args, out));
             results[0] = out[0];
             ++reentries;
             return success();
           });
    define("fail", {{}, {}}, [](Caller&, std::span<const Value>, std::span<Value>) -> Result<void> {
      return Error(ErrorKind::Trap, "the host says no");
    });
    inst = h.load("host");
  }
  void define(const char* name, FuncType type, HostCallbackWithCaller cb) {
    h.linker.define("host", name, Extern::of(h.store.createHostFunction(type, std::move(cb))));
  }
  test::Harness h;
  Instance* inst = nullptr;
  int reentries = 0;
};

TEST_F(Host, ArgumentsAndResults) {
  EXPECT_EQ(h.one(inst, "call_add", {i32(2), i64(1ull << 40)}).i64, (2 + (1ull << 40)) * 2);
}

TEST_F(Host, ReadsCallerMemory) {
  EXPECT_EQ(h.one(inst, "checksum").i32, ((1u * 31 + 2) * 31 + 3) * 31 + 4);
}

TEST_F(Host, WritesCallerMemory) { EXPECT_EQ(h.one(inst, "fill_then_read").i32, 0xABABABABu); }

TEST_F(Host, HostCallsBackIntoWasm) {
  EXPECT_EQ(h.one(inst, "countdown", {i32(50)}).i32, 50u);
  EXPECT_EQ(reentries, 50);
}

TEST_F(Host, DeepHostRecursionIsBounded) {
  auto r = h.call(inst, "countdown", {i32(1000000)});
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::StackExhausted);
  EXPECT_EQ(h.one(inst, "countdown", {i32(3)}).i32, 3u);
}

TEST_F(Host, HostErrorBecomesTheCallersTrap) {
  auto r = h.call(inst, "fail_after_store");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(r.error().message(), "the host says no");
  // The store before the failing call happened, and the store still works.
  EXPECT_EQ(inst->memory(0)->data()[0], 99);
  EXPECT_EQ(h.one(inst, "checksum").i32, ((1u * 31 + 2) * 31 + 3) * 31 + 4);
}

TEST_F(Host, StoreCallsHostFunctionsDirectly) {
  Function* add = h.linker.find("host", "add").function();
  ASSERT_NE(add, nullptr);
  Value args[] = {i32(1), i64(2)};
  Value results[1];
  ASSERT_TRUE(h.store.call(add, args, results));
  EXPECT_EQ(results[0].i64, 3u);
}

TEST_F(Host, CallChecksArgumentTypes) {
  Function* f = h.func(inst, "call_add");
  Value wrong[] = {i64(1), i64(2)};
  Value results[1];
  EXPECT_FALSE(h.store.call(f, wrong, results));
  Value tooFew[] = {i32(1)};
  EXPECT_FALSE(h.store.call(f, tooFew, results));
}

TEST_F(Host, MemoryGrowSeenByHostAndWasm) {
  Memory* mem = inst->memory(0);
  uint8_t* base = mem->data();
  EXPECT_EQ(h.one(inst, "memory_grow", {i32(2)}).i32, 1u);
  EXPECT_EQ(mem->pages(), 3u);
  // The base never moves while a reservation backs the memory; without
  // signals the memory is a heap block that grow replaces.
  if (EMBER_HAVE_SIGNALS) {
    EXPECT_EQ(mem->data(), base);
  }
}

}  // namespace
}  // namespace ember

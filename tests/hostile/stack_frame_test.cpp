// Hostile class: JIT frames larger than the stack margin (issue 11, item 1).
// A function whose frame is bigger than what is left of the thread's stack
// must trap "call stack exhausted", never crash: the prologue checks the
// whole frame before the stack pointer moves, and the trap stub runs on
// the stack the caller already checked. Two shapes: one function with
// ~560 KiB of locals and spill slots called on a thread whose stack is
// smaller than that (no recursion), and a recursion of small frames whose
// last, failing frame is the large one, at every depth across the stack.
// Both engines; the JIT in both bounds modes.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/mman.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// The module is generated here, so no .wat of this suite may exist to
// define the directory runtime_test_util.h reads modules from.
#ifndef EMBER_TEST_WASM_DIR
#define EMBER_TEST_WASM_DIR ""
#endif
#include "tests/runtime/runtime_test_util.h"
#include "tests/wasm_bytes.h"

namespace ember {
namespace {

using test::appendLeb;
using test::appendSection;

// --- The module, encoded here so that its size is a parameter ---------------

constexpr uint32_t kBigLocals = 50000;  // the validator's limit (400 KiB of i64)
constexpr uint32_t kBigTerms = 20000;   // values live at once: ~160 KiB of spills

// (func $big (param i32) (result i32) (local i64 x kBigLocals)
//   kBigTerms times (local.get 0) (i32.const 1) (i32.add), then all summed):
// kBigTerms values are live at once, so most of them are spilled.
std::vector<uint8_t> bigBody() {
  std::vector<uint8_t> b = {0x01};  // one local declaration
  appendLeb(b, kBigLocals);
  b.push_back(0x7E);  // i64
  for (uint32_t i = 0; i < kBigTerms; i++) b.insert(b.end(), {0x20, 0x00, 0x41, 0x01, 0x6A});
  for (uint32_t i = 1; i < kBigTerms; i++) b.push_back(0x6A);
  b.push_back(0x0B);
  return b;
}

// (func $recurse (param i32) (result i32)
//   (if (result i32) (i32.eqz (local.get 0))
//     (then (call $big (local.get 0)))
//     (else (call $recurse (i32.sub (local.get 0) (i32.const 1))))))
std::vector<uint8_t> recurseBody() {
  return {0x00, 0x20, 0x00, 0x45, 0x04, 0x7F, 0x20, 0x00, 0x10, 0x00, 0x05,
          0x20, 0x00, 0x41, 0x01, 0x6B, 0x10, 0x01, 0x0B, 0x0B};
}

std::vector<uint8_t> largeFrameModule() {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  appendSection(m, 1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F});  // (i32) -> i32
  appendSection(m, 3, {0x02, 0x00, 0x00});
  appendSection(
      m, 7,
      {0x02, 0x03, 'b', 'i', 'g', 0x00, 0x00, 0x07, 'r', 'e', 'c', 'u', 'r', 's', 'e', 0x00, 0x01});
  std::vector<uint8_t> code = {0x02};
  for (const auto& body : {bigBody(), recurseBody()}) {
    appendLeb(code, static_cast<uint32_t>(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  appendSection(m, 10, code);
  return m;
}

uint32_t bigResult(uint32_t arg) { return kBigTerms * (arg + 1); }

// --- Running on a thread with a chosen, guarded stack ------------------------

// Runs `body` on a thread whose stack is `stackBytes` above a 4 MiB
// inaccessible region, so that any use of the stack below its end faults
// (a stack from pthread_attr_setstacksize may have another mapping right
// below its guard page, which would hide an overrun).
void runOnStack(size_t stackBytes, const std::function<void()>& body) {
  constexpr size_t kGuard = 4 << 20;
  void* region = mmap(nullptr, kGuard + stackBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(region, MAP_FAILED);
  uint8_t* stack = static_cast<uint8_t*>(region) + kGuard;
  ASSERT_EQ(mprotect(stack, stackBytes, PROT_READ | PROT_WRITE), 0);
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstack(&attr, stack, stackBytes), 0);
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&body)),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  munmap(region, kGuard + stackBytes);
}

// --- The tests ----------------------------------------------------------------

using test::EngineCase;

class LargeFrames : public ::testing::TestWithParam<EngineCase> {
 protected:
  static Config config() { return GetParam().config(); }
  bool jit() const { return GetParam().engine == EngineKind::Jit; }

  void SetUp() override {
    auto module = compileModule(h.engine, largeFrameModule());
    ASSERT_TRUE(module) << module.error().message();
    auto inst = h.linker.instantiate(h.store, module.value());
    ASSERT_TRUE(inst) << inst.error().message();
    instance = inst.value();
  }

  // The result of `name(arg)`: the value, or the trap's message.
  std::string outcome(const char* name, uint32_t arg) {
    auto r = h.call(instance, name, {test::i32(arg)});
    if (!r) return r.error().message();
    return std::to_string((*r)[0].i32);
  }

  test::Harness h{config()};
  Instance* instance = nullptr;
};

// The frame fits the main thread's stack: the large function runs (the
// AArch64 backend compiles frames beyond its 16 MiB-short prologue reach
// and beyond its 9-bit load offsets).
TEST_P(LargeFrames, LargeFrameRunsWhereItFits) {
  EXPECT_EQ(outcome("big", 6), std::to_string(bigResult(6)));
}

// No recursion: one frame larger than the whole thread stack.
TEST_P(LargeFrames, FrameLargerThanTheStackTraps) {
  std::string result;
  runOnStack(384 << 10, [&] { result = outcome("big", 6); });
  if (jit())
    EXPECT_EQ(result, "call stack exhausted");
  else  // the interpreter keeps wasm frames off the native stack
    EXPECT_EQ(result, std::to_string(bigResult(6)));
  // The store is still usable afterwards.
  EXPECT_EQ(outcome("big", 1), std::to_string(bigResult(1)));
}

// A recursion of small frames whose innermost call needs the large frame,
// at depths stepping across the whole stack: the large frame fails at
// every distance from the limit, including beyond the margin below it.
TEST_P(LargeFrames, RecursionEndingInALargeFrameTraps) {
  constexpr size_t kStack = 2 << 20;
  int succeeded = 0, exhausted = 0;
  runOnStack(kStack, [&] {
    for (uint32_t depth = 0; depth <= 40000; depth += 1000) {
      std::string result = outcome("recurse", depth);
      if (result == std::to_string(bigResult(0))) {
        succeeded++;
      } else {
        EXPECT_EQ(result, "call stack exhausted") << "depth " << depth;
        exhausted++;
      }
    }
  });
  EXPECT_GT(succeeded, 0);
  if (jit()) {
    EXPECT_GT(exhausted, 0);
  }
  EXPECT_EQ(outcome("recurse", 3), std::to_string(bigResult(0)));
}

INSTANTIATE_TEST_SUITE_P(Engines, LargeFrames, ::testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

}  // namespace
}  // namespace ember

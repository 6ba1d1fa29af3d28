// Hostile class: branches across more machine code than a conditional
// branch reaches (issue 11's leftover). AArch64's b.cond, cbz and cbnz
// reach +-1 MiB, so a generated module whose loop body or block compiles
// to more than that must still compile to correct branches: backward ones
// inverted over a `b`, forward ones through veneers (jit/a64/masm_a64.cpp),
// a br_table's default over a table larger than that by `b`. The module is
// built here: every branch kind the code generator emits conditionally
// (br_if forward and backward, if, br_table's default) spans a padding of
// ~1.2 MiB of AArch64 code (64-bit constants stored to a local). On x86-64
// the branches reach +-2 GiB, so there the test checks the results only.
// Both engines; the JIT in both bounds modes.
#include <gtest/gtest.h>

#include <cstdint>
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

using test::append;
using test::appendLeb;
using test::appendSection;
using test::Bytes;

// Each repetition is `i64.const C; local.set` (12 wasm bytes), four
// instructions to materialise C on AArch64 and a store: ~1.2 MiB in all.
constexpr uint32_t kPaddingRepetitions = 80000;
// br_table targets whose table (4 bytes each) outgrows the branch reach.
constexpr uint32_t kBigTableTargets = 300000;

// Stores distinct 64-bit constants (every 16-bit chunk non-zero) to the
// i64 local `sink`: code that is large and changes no result.
Bytes padding(uint8_t sink) {
  Bytes b;
  for (uint32_t i = 0; i < kPaddingRepetitions; ++i) {
    b.push_back(0x42);  // i64.const, signed LEB of a positive value below 2^62
    appendLeb(b, 0x1234567891ABCDE1ull + (uint64_t{i} << 4));
    b.insert(b.end(), {0x21, sink});  // local.set
  }
  return b;
}

// (func $far (param $n i32) (result i32) (local $acc i32) (local $sink i64)
//   (block $out (loop $top
//     (br_if $out (i32.eqz (local.get $n)))               ;; forward, far
//     (if (i32.eq (local.get $n) (i32.const 1))           ;; forward, far
//       (then PADDING (local.set $acc (i32.add (local.get $acc) (i32.const 100)))))
//     PADDING
//     (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
//     (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))  ;; backward, far
//   (local.get $acc))
// far(n) = 0 for n = 0, n + 100 otherwise.
Bytes farBody() {
  Bytes b = {0x02, 0x01, 0x7F, 0x01, 0x7E};  // locals: i32, i64
  b.insert(b.end(), {0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0D, 0x01});
  b.insert(b.end(), {0x20, 0x00, 0x41, 0x01, 0x46, 0x04, 0x40});
  append(b, padding(2));
  b.insert(b.end(), {0x20, 0x01, 0x41, 0xE4, 0x00, 0x6A, 0x21, 0x01, 0x0B});
  append(b, padding(2));
  b.insert(b.end(), {0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x01});
  b.insert(b.end(), {0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B, 0x0B});
  b.insert(b.end(), {0x20, 0x01, 0x0B});
  return b;
}
uint32_t farResult(uint32_t n) { return n == 0 ? 0 : n + 100; }

// (func $table (param $i i32) (result i32) (local $sink i64)
//   (block $default (block $zero (br_table $zero $default (local.get $i)))
//     PADDING (return (i32.const 7)))                     ;; default: forward, far
//   (i32.const 9))
Bytes tableBody() {
  Bytes b = {0x01, 0x01, 0x7E};
  b.insert(b.end(), {0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B});
  append(b, padding(1));
  b.insert(b.end(), {0x41, 0x07, 0x0F, 0x0B, 0x41, 0x09, 0x0B});
  return b;
}

// (func $bigTable (param $i i32) (result i32)
//   (block $default (block $zero (br_table $zero x kBigTableTargets $default (local.get $i)))
//     (return (i32.const 7)))
//   (i32.const 9))
// The default lies beyond a jump table larger than the branch reach.
Bytes bigTableBody() {
  Bytes b = {0x00, 0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E};
  appendLeb(b, kBigTableTargets);
  b.insert(b.end(), kBigTableTargets, 0x00);
  b.insert(b.end(), {0x01, 0x0B, 0x41, 0x07, 0x0F, 0x0B, 0x41, 0x09, 0x0B});
  return b;
}

Bytes farBranchModule() {
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  appendSection(m, 1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F});  // (i32) -> i32
  appendSection(m, 3, {0x03, 0x00, 0x00, 0x00});
  appendSection(m, 7, {0x03, 0x03, 'f',  'a', 'r', 0x00, 0x00, 0x05, 't', 'a', 'b', 'l',  'e',
                       0x00, 0x01, 0x08, 'b', 'i', 'g',  'T',  'a',  'b', 'l', 'e', 0x00, 0x02});
  Bytes code = {0x03};
  for (const Bytes& body : {farBody(), tableBody(), bigTableBody()}) {
    appendLeb(code, body.size());
    append(code, body);
  }
  appendSection(m, 10, code);
  return m;
}

using test::EngineCase;

class FarBranches : public ::testing::TestWithParam<EngineCase> {
 protected:
  static Config config() { return GetParam().config(); }

  void SetUp() override {
    auto module = compileModule(h.engine, farBranchModule());
    ASSERT_TRUE(module) << module.error().message();
    auto inst = h.linker.instantiate(h.store, module.value());
    ASSERT_TRUE(inst) << inst.error().message();
    instance = inst.value();
  }

  // The result of `name(arg)`: the value, or the error's message.
  std::string outcome(const char* name, uint32_t arg) {
    auto r = h.call(instance, name, {test::i32(arg)});
    if (!r) return r.error().message();
    return std::to_string((*r)[0].i32);
  }

  test::Harness h{config()};
  Instance* instance = nullptr;
};

TEST_P(FarBranches, ForwardBrIfAcrossTheWholeLoop) {
  EXPECT_EQ(outcome("far", 0), std::to_string(farResult(0)));
}

TEST_P(FarBranches, IfAndBackwardBrIfAcrossMoreThanTheReach) {
  EXPECT_EQ(outcome("far", 1), std::to_string(farResult(1)));
  EXPECT_EQ(outcome("far", 3), std::to_string(farResult(3)));
}

TEST_P(FarBranches, BrTableDefaultAcrossPadding) {
  EXPECT_EQ(outcome("table", 0), "7");
  EXPECT_EQ(outcome("table", 5), "9");
}

TEST_P(FarBranches, BrTableDefaultAcrossALargerTable) {
  EXPECT_EQ(outcome("bigTable", 0), "7");
  EXPECT_EQ(outcome("bigTable", kBigTableTargets - 1), "7");
  EXPECT_EQ(outcome("bigTable", kBigTableTargets), "9");
}

INSTANTIATE_TEST_SUITE_P(Engines, FarBranches, ::testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

}  // namespace
}  // namespace ember

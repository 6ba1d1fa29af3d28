// Control flow, locals and calls through the interpreter: the cases where
// the lowering moves values between slots, defers local reads, fuses
// instructions, or folds constants (tests/interp/wat/control.wat).
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;
using test::i64;

class Control : public ::testing::Test {
 protected:
  void SetUp() override { inst = h.load("control"); }
  uint32_t run32(const std::string& name, std::vector<Value> args = {}) {
    return h.one(inst, name, std::move(args)).i32;
  }
  test::Harness h;
  Instance* inst = nullptr;
};

TEST_F(Control, BrTableBackToLoopHeader) {
  EXPECT_EQ(run32("br_table_loop", {i32(1)}), 1u);
  EXPECT_EQ(run32("br_table_loop", {i32(100)}), 5050u);
}

TEST_F(Control, BrTableCarriesValuesToEachDepth) {
  // The value carried is the `i32.const 1` just below the index.
  EXPECT_EQ(run32("br_table_values", {i32(0)}), 1000u + 1);            // $a
  EXPECT_EQ(run32("br_table_values", {i32(1)}), 1000u + 100 + 1);      // $b
  EXPECT_EQ(run32("br_table_values", {i32(2)}), 1000u + 100 + 10 + 1);  // $c
  EXPECT_EQ(run32("br_table_values", {i32(99)}), 1000u + 100 + 10 + 1);  // default
}

TEST_F(Control, BrIfCarriesAValue) {
  EXPECT_EQ(run32("br_if_value", {i32(0)}), 7u);
  EXPECT_EQ(run32("br_if_value", {i32(1)}), 42u);
}

TEST_F(Control, MultiValueLoopAndCall) {
  EXPECT_EQ(run32("fib_loop", {i32(1)}), 1u);
  EXPECT_EQ(run32("fib_loop", {i32(10)}), 55u);
  EXPECT_EQ(run32("fib_loop", {i32(40)}), 102334155u);
}

TEST_F(Control, IfWithParameters) {
  EXPECT_EQ(run32("if_params", {i32(1), i32(5)}), 15u);
  EXPECT_EQ(run32("if_params", {i32(0), i32(5)}), 8u);
}

TEST_F(Control, LocalReadsSeeTheValueAtTheirPlace) {
  EXPECT_EQ(run32("read_before_write", {i32(12)}), 7u);
  auto r = h.call(inst, "swap", {i32(1), i32(2)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32, 2u);
  EXPECT_EQ((*r)[1].i32, 1u);
  r = h.call(inst, "return_crossed", {i32(10), i32(20)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].i32, 20u);
  EXPECT_EQ((*r)[1].i32, 10u);
  EXPECT_EQ(run32("tee_twice", {i32(4)}), 80u);
  EXPECT_EQ(run32("pending_across_block", {i32(0)}), 0u);
  EXPECT_EQ(run32("pending_across_block", {i32(3)}), 103u);
}

TEST_F(Control, FusedCompareBranches) {
  EXPECT_EQ(run32("count_below", {i32(5)}), 5u);
  EXPECT_EQ(run32("count_below", {i32(50)}), 10u);
  EXPECT_EQ(run32("count_below", {i32(-1)}), 0u);
  EXPECT_EQ(run32("i64_branch", {i64(static_cast<uint64_t>(-2))}), 1u);
  EXPECT_EQ(run32("i64_branch", {i64(static_cast<uint64_t>(-3))}), 0u);
  EXPECT_EQ(run32("eqz_branch", {i64(0)}), 1u);
  EXPECT_EQ(run32("eqz_branch", {i64(1ull << 40)}), 2u);
  EXPECT_EQ(run32("const_condition"), 2u);
}

TEST_F(Control, Select) {
  EXPECT_EQ(h.one(inst, "select", {i32(1), i64(10), i64(20)}).i64, 10u);
  EXPECT_EQ(h.one(inst, "select", {i32(0), i64(10), i64(20)}).i64, 20u);
}

TEST_F(Control, CallIndirect) {
  EXPECT_EQ(run32("call_indirect", {i32(0), i32(21)}), 42u);
  EXPECT_EQ(run32("call_indirect", {i32(1), i32(9)}), 81u);
  EXPECT_EQ(h.trap(inst, "call_indirect", {i32(2), i32(9)}), TrapCode::UndefinedElement);
}

TEST_F(Control, Recursion) {
  EXPECT_EQ(run32("fib", {i32(20)}), 6765u);
  EXPECT_EQ(run32("depth", {i32(5000)}), 5000u);
}

TEST_F(Control, FoldedAddressAdds) {
  EXPECT_EQ(run32("store_load_folded", {i32(100), i32(0xDEADBEEF)}), 0xDEADBEEFu);
  // 0xFFFFFFF8 + 8 wraps to 0: in bounds, unlike a folded memarg offset.
  EXPECT_EQ(run32("store_load_folded", {i32(0xFFFFFFF8u), i32(77)}), 77u);
  EXPECT_EQ(h.trap(inst, "store_load_folded", {i32(65536 - 8), i32(1)}),
            TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(run32("load_wrapping_add", {i32(0xFFFFFFF0u)}), 77u);  // address 0 written above
  EXPECT_EQ(h.one(inst, "store_const", {i32(64)}).i64, 0xFFFFFFFFFFFF34FEull);
}

}  // namespace
}  // namespace ember

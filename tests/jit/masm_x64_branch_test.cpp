// Branches to labels through the x86-64 masm, whose forward jumps are
// patched by FastAssembler's own fix-ups rather than asmjit's links
// (jit/x64/fast_assembler.h): what finalize makes of them.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/jit/masm_test_shared.h"

namespace ember::x64 {
namespace {

using masm_test::testOptions;

// A jump to a label that is never bound must fail finalize, as it did when
// asmjit kept the link, not leave a jump to the next instruction. Such a
// label is not handed out again after its function (CodeBuffer::newLabel).
TEST(MasmX64Branches, JumpToALabelNeverBoundFailsFinalize) {
  MacroAssembler masm(testOptions(), CpuFeatures::host());
  masm.beginFunction(0);
  Label never = masm.newLabel();
  masm.jump(never);
  masm.endFunction(0);
  masm.beginFunction(1);
  EXPECT_NE(masm.newLabel(), never);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_FALSE(code.ok());
  EXPECT_NE(code.error().message().find("a branch to an unbound label"), std::string::npos)
      << code.error().message();
}

TEST(MasmX64Branches, ConditionalBranchToALabelNeverBoundFailsFinalize) {
  MacroAssembler masm(testOptions(), CpuFeatures::host());
  masm.beginFunction(0);
  Label never = masm.newLabel();
  masm.branchIfZero(OpSize::S32, Reg::gp(0), never);
  masm.endFunction(0);
  EXPECT_FALSE(masm.finalize().ok());
}

// Forward and backward jumps to the same label, bound in between, land on
// it: every rel32 field holds the label's offset from its instruction's end.
TEST(MasmX64Branches, ForwardJumpsArePatchedWhenTheLabelIsBound) {
  MacroAssembler masm(testOptions(), CpuFeatures::host());
  masm.beginFunction(0);
  Label target = masm.newLabel();
  const uint32_t first = masm.codeOffset();
  masm.jump(target);
  masm.branchIfNotZero(OpSize::S64, Reg::gp(3), target);
  for (int i = 0; i < 200; ++i) masm.moveImm(ValType::I32, Reg::gp(0), 1);  // beyond rel8
  const uint32_t bound = masm.codeOffset();
  masm.bind(target);
  masm.jump(target);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  const std::vector<uint8_t>& b = code->bytes;
  ASSERT_EQ(b[first], 0xE9);  // jmp rel32
  int32_t rel;
  std::memcpy(&rel, &b[first + 1], 4);
  EXPECT_EQ(first + 5 + rel, bound);
  // test reg, reg (3 bytes) then jnz rel32 (0F 85).
  const uint32_t jnz = first + 5 + 3;
  ASSERT_EQ(b[jnz], 0x0F);
  ASSERT_EQ(b[jnz + 1], 0x85);
  std::memcpy(&rel, &b[jnz + 2], 4);
  EXPECT_EQ(jnz + 6 + rel, bound);
  EXPECT_EQ(b[bound], 0xEB);  // the backward jump to itself: jmp rel8 -2
  EXPECT_EQ(b[bound + 1], 0xFE);
}


// A label made inside a function is handed out again after that function
// has ended (CodeBuffer::newLabel), unbound: a forward jump to it in the
// next function waits for its new binding and lands there, not on the
// position it had before.
TEST(MasmX64Branches, LabelsOfAnEndedFunctionAreReusedUnbound) {
  MacroAssembler masm(testOptions(), CpuFeatures::host());
  masm.beginFunction(0);
  Label first = masm.newLabel();
  masm.jump(first);
  masm.bind(first);
  masm.endFunction(0);
  masm.beginFunction(1);
  Label reused = masm.newLabel();
  EXPECT_EQ(reused, first);
  const uint32_t jump = masm.codeOffset();
  masm.jump(reused);
  for (int i = 0; i < 200; ++i) masm.moveImm(ValType::I32, Reg::gp(0), 1);  // beyond rel8
  const uint32_t bound = masm.codeOffset();
  masm.bind(reused);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  const std::vector<uint8_t>& b = code->bytes;
  ASSERT_EQ(b[jump], 0xE9);  // jmp rel32: the label was unbound when used
  int32_t rel;
  std::memcpy(&rel, &b[jump + 1], 4);
  EXPECT_EQ(jump + 5 + rel, bound);
}

}  // namespace
}  // namespace ember::x64

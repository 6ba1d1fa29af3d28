// The lowered code itself (code.h): that the fusions the interpreter's
// speed depends on happen (tests/interp/wat/lowering.wat). Results are
// checked by the other tests; these check instruction counts and kinds.
#include <gtest/gtest.h>

#include <sstream>

#include "runtime/interp/code.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

class Lowered : public ::testing::Test {
 protected:
  void SetUp() override { module = h.compile("lowering"); }
  // The listing of the function exported as `name`, one instruction a line.
  std::vector<std::string> listing(const std::string& name) {
    const Module& m = module->module();
    for (const Export& e : m.exports) {
      if (e.name != name) continue;
      const auto& fn = module->interpCode()->functions[e.index - m.importedFuncCount];
      std::vector<std::string> lines;
      std::istringstream in(interp::disassemble(fn));
      for (std::string line; std::getline(in, line);) lines.push_back(line.substr(line.find(' ') + 1));
      return lines;
    }
    ADD_FAILURE() << "no export " << name;
    return {};
  }
  test::Harness h;
  std::shared_ptr<const CompiledModule> module;
};

TEST_F(Lowered, BinaryOperatorWritesTheLocalDirectly) {
  // params are slots 0 and 1, $c is slot 2.
  EXPECT_EQ(listing("add_to_local"),
            (std::vector<std::string>{"I32Add 2 0 1", "Return1 2"}));
}

TEST_F(Lowered, LoopIsTwoInstructions) {
  // Branch offsets count from the operand word (word 7 back to word 0).
  EXPECT_EQ(listing("count"),
            (std::vector<std::string>{"I32AddImm 1 1 1", "BrIfI32LtS 1 0 -7", "Return1 1"}));
}

TEST_F(Lowered, AddressAddFoldsIntoTheLoad) {
  // dst=home slot 1, address slot 0, add 12, memarg offset 0.
  EXPECT_EQ(listing("load_field"), (std::vector<std::string>{"I32Load 1 0 12 0", "Return1 1"}));
}

TEST_F(Lowered, ConstantStoreIsAnImmediate) {
  EXPECT_EQ(listing("store_zero"), (std::vector<std::string>{"I32Store8Imm 0 0 0 0", "Return0"}));
}

TEST_F(Lowered, SixtyFourBitImmediates) {
  // 0xFFFFFFFF as low word -1 and high word 0.
  EXPECT_EQ(listing("low_half"), (std::vector<std::string>{"I64AndImm 1 0 -1 0", "Return1 1"}));
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "low_half", {test::i64(0x123456789ull)}).i64, 0x23456789ull);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(0x100000001ull)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(0x100000000ull)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(5)}).i32, 0u);
}

TEST_F(Lowered, CountedLoopFusesDecrementAndBranch) {
  // $n is slot 0, $sum slot 1; the sub becomes an add of -1 that still
  // writes $n, which is read after the loop.
  EXPECT_EQ(listing("countdown"),
            (std::vector<std::string>{"I32Add 1 1 0", "BrIfAddImmNez 0 0 -1 -8", "I32Add 2 1 0",
                                      "Return1 2"}));
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "countdown", {test::i32(100)}).i32, 5050u);
  EXPECT_EQ(h.one(inst, "countdown", {test::i32(1)}).i32, 1u);
}

TEST_F(Lowered, LoweredCodeRuns) {
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "add_to_local", {test::i32(2), test::i32(40)}).i32, 42u);
  EXPECT_EQ(h.one(inst, "count", {test::i32(10)}).i32, 10u);
  EXPECT_EQ(h.one(inst, "count", {test::i32(-5)}).i32, 1u);
}

}  // namespace
}  // namespace ember

// Loop-carried locals on every engine and bounds mode this build has: the
// JIT keeps them in registers (jit/loop_locals.cpp), and which register a
// local lands in differs by ISA, so these run on AArch64 under qemu too.
// (tests/jit/codegen_test.cpp has more shapes, on x86-64 only.)
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;

TEST(LoopLocals, AReadAfterALabelKeepsTheHeadersRegister) {
  for (const test::EngineCase& c : test::engineCases()) {
    SCOPED_TRACE(test::caseName(c));
    test::Harness h(c.config());
    Instance* inst = h.load("loop_locals");
    ASSERT_TRUE(inst);
    for (uint32_t n : {0u, 1u, 3u, 10u}) {
      EXPECT_EQ(h.one(inst, "label_after_write", {i32(n), i32(0), i32(0), i32(0), i32(1000)}).i32,
                n * 1000 + 5)
          << "n = " << n;
    }
  }
}

TEST(LoopLocals, ABranchToAnOuterHeaderRestoresItsRegisters) {
  for (const test::EngineCase& c : test::engineCases()) {
    SCOPED_TRACE(test::caseName(c));
    test::Harness h(c.config());
    Instance* inst = h.load("loop_locals");
    ASSERT_TRUE(inst);
    for (int64_t p : {int64_t{0}, int64_t{7}, int64_t{-123456789}}) {
      auto r = h.call(inst, "continue_outer_from_inner",
                      {i32(0), Value::fromI64(static_cast<uint64_t>(p)), Value::fromI64(9),
                       Value::fromF32(0.0f)});
      ASSERT_TRUE(r) << r.error().message();
      EXPECT_EQ(r->at(0).i64, static_cast<uint64_t>(p));
    }
  }
}

}  // namespace
}  // namespace ember

// Deep recursion ends in a "call stack exhausted" trap at the configured
// depth, never a host stack overflow, and the store keeps working after it
// (and after every other trap).
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;

TEST(CallStack, InfiniteRecursionIsATrap) {
  test::Harness h;
  Instance* inst = h.load("control");
  EXPECT_EQ(h.trap(inst, "forever", {i32(0)}), TrapCode::StackExhausted);
  // The store is still usable, repeatedly.
  EXPECT_EQ(h.one(inst, "depth", {i32(100)}).i32, 100u);
  EXPECT_EQ(h.trap(inst, "forever", {i32(0)}), TrapCode::StackExhausted);
  EXPECT_EQ(h.one(inst, "fib", {i32(15)}).i32, 610u);
}

TEST(CallStack, ConfiguredDepthIsTheLimit) {
  Config config;
  config.maxCallDepth = 64;
  test::Harness h(config);
  Instance* inst = h.load("control");
  // depth(n) is n + 1 activations deep.
  EXPECT_EQ(h.one(inst, "depth", {i32(63)}).i32, 63u);
  EXPECT_EQ(h.trap(inst, "depth", {i32(64)}), TrapCode::StackExhausted);
}

TEST(CallStack, ValueStackSpaceIsALimitToo) {
  Config config;
  config.maxCallDepth = 1000000;
  config.valueStackBytes = 64 * 1024;
  test::Harness h(config);
  Instance* inst = h.load("control");
  EXPECT_EQ(h.trap(inst, "forever", {i32(0)}), TrapCode::StackExhausted);
  EXPECT_EQ(h.one(inst, "depth", {i32(10)}).i32, 10u);
}

TEST(CallStack, TrapCarriesABacktraceWithNames) {
  test::Harness h;
  Instance* inst = h.load("control");
  auto r = h.call(inst, "store_load_folded", {i32(65536), i32(0)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(r.error().message(), "out of bounds memory access");
  EXPECT_NE(r.error().context().find("func["), std::string::npos);
  auto deep = h.call(inst, "forever", {i32(0)});
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().context().find("<forever>"), std::string::npos) << deep.error().context();
}

TEST(CallStack, TrapInAnInlinedLeafKeepsItsFrame) {
  test::Harness h;
  Instance* inst = h.load("control");
  EXPECT_EQ(h.one(inst, "load_inline", {i32(0)}).i32, 1u);
  auto inlined = h.call(inst, "load_inline", {i32(65536)});
  auto called = h.call(inst, "load_indirect", {i32(65536)});
  ASSERT_FALSE(inlined);
  ASSERT_FALSE(called);
  const auto& in = inlined.error().trap()->backtrace;
  const auto& out = called.error().trap()->backtrace;
  ASSERT_EQ(in.size(), 2u) << inlined.error().context();
  ASSERT_EQ(out.size(), 2u) << called.error().context();
  EXPECT_EQ(in[0].funcIndex, out[0].funcIndex);
  EXPECT_NE(in[0].funcOffset, TrapFrameInfo::kUnknownOffset);
  EXPECT_EQ(in[0].funcOffset, out[0].funcOffset);
  EXPECT_EQ(in[0].moduleOffset, out[0].moduleOffset);
  EXPECT_EQ(in[1].funcIndex, in[0].funcIndex + 1);  // load_inline, at its call
  EXPECT_NE(in[1].funcOffset, TrapFrameInfo::kUnknownOffset);
}

}  // namespace
}  // namespace ember

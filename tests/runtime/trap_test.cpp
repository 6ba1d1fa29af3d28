// Every trap reaches the caller with its code and the spec's message, and
// the store and instance keep working after each.
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

struct TrapCase {
  const char* function;
  TrapCode code;
  const char* message;
};

TEST(Traps, EachTrapHasItsCodeAndMessage) {
  test::Harness h;
  Instance* inst = h.load("traps");
  const TrapCase cases[] = {
      {"unreachable", TrapCode::Unreachable, "unreachable"},
      {"oob_load", TrapCode::MemoryOutOfBounds, "out of bounds memory access"},
      {"oob_table", TrapCode::TableOutOfBounds, "out of bounds table access"},
      {"null_entry", TrapCode::UninitializedElement, "uninitialized element"},
      {"bad_signature", TrapCode::IndirectCallTypeMismatch, "indirect call type mismatch"},
      {"undefined_entry", TrapCode::UndefinedElement, "undefined element"},
  };
  for (const TrapCase& c : cases) {
    auto r = h.call(inst, c.function);
    ASSERT_FALSE(r) << c.function;
    EXPECT_EQ(r.error().kind(), ErrorKind::Trap) << c.function;
    EXPECT_EQ(trapCodeOf(r.error()), c.code) << c.function;
    EXPECT_EQ(r.error().message(), c.message) << c.function;
    EXPECT_EQ(h.one(inst, "ok").i32, 1u) << "after " << c.function;
  }
  EXPECT_EQ(h.trap(inst, "div_zero", {test::i32(0)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(h.one(inst, "div_zero", {test::i32(1)}).i32, 1u);
}

TEST(Traps, BacktraceNamesTheFunction) {
  test::Harness h;
  Instance* inst = h.load("traps");
  auto r = h.call(inst, "oob_load");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().context().find("<oob_load>"), std::string::npos) << r.error().context();
}

TEST(Traps, NonTrapErrorsAreNotTraps) {
  EXPECT_FALSE(trapCodeOf(Error(ErrorKind::Invalid, "x")));
  EXPECT_EQ(trapCodeOf(makeTrapError(TrapCode::IntegerOverflow)), TrapCode::IntegerOverflow);
}

}  // namespace
}  // namespace ember

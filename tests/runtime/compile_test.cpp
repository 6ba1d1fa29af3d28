// compileModule: what each failure is, and the engine's feature limits.
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

#if EMBER_HAVE_INTERP
TEST(Compile, SimdRunsInTheInterpreter) {
  Config interpreter;
  interpreter.engine = EngineKind::Interpreter;
  test::Harness h(interpreter);
  Instance* inst = h.load("simd");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(h.one(inst, "splat", {test::i32(7)}).i32, 7u);
}
#endif

TEST(Compile, MalformedAndInvalid) {
  Engine engine;
  const uint8_t garbage[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  auto bad = compileModule(engine, garbage);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::Malformed);
  // (module (func (result i32) (i64.const 0)))
  const uint8_t invalid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
                             0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01,
                             0x04, 0x00, 0x42, 0x00, 0x0b};
  auto inv = compileModule(engine, invalid);
  ASSERT_FALSE(inv);
  EXPECT_EQ(inv.error().kind(), ErrorKind::Invalid);
}

TEST(Compile, TypeIdsAreCanonicalAcrossModules) {
  test::Harness h;
  auto a = h.compile("exporter");
  auto b = h.compile("table_user");
  // Both declare (func (param i32) (result i32)) as type 0.
  EXPECT_EQ(a->typeIds()[0], b->typeIds()[0]);
  EXPECT_NE(b->typeIds()[0], b->typeIds()[1]);
}

TEST(Compile, JitCompilesOrReportsUnsupported) {
  Config config;
  config.engine = EngineKind::Jit;
  Engine engine(config);
  auto m = compileModule(engine, test::readWasm("traps"));
#if EMBER_HAVE_JIT
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_NE(m.value()->jitCode(), nullptr);
  auto simd = compileModule(engine, test::readWasm("simd"));  // the JIT runs SIMD
  ASSERT_TRUE(simd) << simd.error().message();
  EXPECT_NE(simd.value()->jitCode(), nullptr);
#else
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Unsupported);
#endif
}

}  // namespace
}  // namespace ember

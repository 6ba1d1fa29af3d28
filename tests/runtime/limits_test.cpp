// Store limits (Config::maxInstances, maxMemories, maxTables) and the wasm
// stack size (Config::wasmStackBytes) in both engines (DESIGN decision 8).
#include <gtest/gtest.h>

#include <string>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

std::vector<EngineKind> engines() { return test::builtEngines(); }

std::string engineName(const testing::TestParamInfo<EngineKind>& info) {
  return info.param == EngineKind::Jit ? "Jit" : "Interp";
}

class StoreLimits : public testing::TestWithParam<EngineKind> {
 protected:
  Config config() const {
    Config c;
    c.engine = GetParam();
    return c;
  }
};

TEST_P(StoreLimits, InstanceLimit) {
  Config c = config();
  c.maxInstances = 2;
  test::Harness h(c);
  auto module = h.compile("exporter");
  ASSERT_TRUE(module);
  EXPECT_TRUE(h.linker.instantiate(h.store, module));
  EXPECT_TRUE(h.linker.instantiate(h.store, module));
  auto third = h.linker.instantiate(h.store, module);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().kind(), ErrorKind::Resource);
  EXPECT_EQ(third.error().message(), "store instance limit (2) reached");
  EXPECT_EQ(h.store.instanceCount(), 2u);
}

TEST_P(StoreLimits, MemoryAndTableLimits) {
  // "interrupt" defines one memory and one table.
  Config c = config();
  c.maxMemories = 1;
  test::Harness h(c);
  auto module = h.compile("interrupt");
  ASSERT_TRUE(module);
  EXPECT_TRUE(h.linker.instantiate(h.store, module));
  auto second = h.linker.instantiate(h.store, module);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind(), ErrorKind::Resource);
  EXPECT_EQ(second.error().message(), "store memory limit (1) reached");
  EXPECT_EQ(h.store.createMemory(MemoryType{Limits{1, std::nullopt, false}}), nullptr);

  Config t = config();
  t.maxTables = 1;
  test::Harness ht(t);
  auto tables = ht.compile("interrupt");
  ASSERT_TRUE(tables);
  EXPECT_TRUE(ht.linker.instantiate(ht.store, tables));
  auto again = ht.linker.instantiate(ht.store, tables);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message(), "store table limit (1) reached");
  EXPECT_EQ(ht.store.tableCount(), 1u);
}

// A recursion that fits the default stack but not 64 KiB, in both engines.
TEST_P(StoreLimits, WasmStackSize) {
  test::Harness big(config());
  Instance* inst = big.load("interrupt");
  EXPECT_EQ(big.one(inst, "deep", {test::i32(5000)}).i32, 5000u);

  Config c = config();
  c.wasmStackBytes = 64 << 10;
  test::Harness small(c);
  Instance* limited = small.load("interrupt");
  EXPECT_EQ(small.one(limited, "deep", {test::i32(100)}).i32, 100u);
  auto r = small.call(limited, "deep", {test::i32(5000)});
  ASSERT_FALSE(r);
  EXPECT_EQ(trapCodeOf(r.error()), TrapCode::StackExhausted);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  // The store is still usable, with the same limit.
  EXPECT_EQ(small.one(limited, "deep", {test::i32(100)}).i32, 100u);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreLimits, testing::ValuesIn(engines()), engineName);

}  // namespace
}  // namespace ember

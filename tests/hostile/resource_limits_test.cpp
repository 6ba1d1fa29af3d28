// Issue: per-store resource totals. A module's memories, tables and
// passive element segments are bounded by the store's totals
// (Config::maxStoreMemoryBytes, maxStoreTableElements), not only per
// object, and a host out of memory is an error or -1 from grow -- never an
// abort (the library is built without exceptions, so a throwing
// allocation would abort the host).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "../runtime/runtime_test_util.h"
#include "tests/wasm_bytes.h"

namespace ember {
namespace {

class ResourceLimits : public testing::TestWithParam<EngineKind> {
 protected:
  Config config() const {
    Config c;
    c.engine = GetParam();
    return c;
  }
};

TEST_P(ResourceLimits, HundredLargeTablesFailToInstantiateWithAClearError) {
  test::Harness h(config());
  auto module = h.compile("hundred_tables");
  ASSERT_TRUE(module);
  auto inst = h.linker.instantiate(h.store, module);
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().kind(), ErrorKind::Resource);
  EXPECT_NE(inst.error().message().find("store's limit"), std::string::npos)
      << inst.error().message();
  // The failed instantiation gave back what it took.
  EXPECT_EQ(h.store.tableElements().used(), 0u);
}

TEST_P(ResourceLimits, TotalsBoundGrowthAcrossTablesAndMemories) {
  Config c = config();
  c.maxStoreTableElements = 100;
  c.maxStoreMemoryBytes = 3 * kPageSize;
  test::Harness h(c);
  Instance* a = h.load("grow_tables");
  Instance* b = h.load("grow_tables");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(h.one(a, "grow_table", {test::i32(60)}).i32, 0u);
  EXPECT_EQ(h.one(b, "grow_table", {test::i32(41)}).i32, UINT32_MAX);  // 101 in all
  EXPECT_EQ(h.one(b, "grow_table", {test::i32(40)}).i32, 0u);
  EXPECT_EQ(h.one(a, "grow_memory", {test::i32(2)}).i32, 0u);
  EXPECT_EQ(h.one(b, "grow_memory", {test::i32(2)}).i32, UINT32_MAX);
  EXPECT_EQ(h.one(b, "grow_memory", {test::i32(1)}).i32, 0u);
  EXPECT_EQ(h.store.memoryBytes().used(), 3 * kPageSize);
}

// A passive segment's items are kept by each instance for table.init, so
// they count against the store's table elements like the tables they are
// bound for (an instance held 80 MB for ten million of them, outside every
// limit), and are given back with the instance.
// One passive segment of `items` references to function 0, and an export
// "drop" that runs elem.drop on it.
test::Bytes passiveSegmentModule(uint32_t items) {
  test::Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  test::appendSection(m, 1, {1, 0x60, 0, 0});
  test::appendSection(m, 3, {2, 0, 0});
  test::appendSection(m, 7, {1, 4, 'd', 'r', 'o', 'p', 0x00, 1});
  test::Bytes elem = {1, 0x01, 0x00};  // one passive segment of function indexes
  test::appendLeb(elem, items);
  elem.resize(elem.size() + items, 0x00);
  test::appendSection(m, 9, elem);
  test::appendSection(m, 10, {2, 2, 0, 0x0B, 5, 0, 0xFC, 0x0D, 0x00, 0x0B});
  return m;
}

// A store whose table elements allow one and a half instances of a
// passive segment of kItems, with that module compiled and instantiated once.
struct OnePassiveInstance {
  static constexpr uint32_t kItems = 1000;
  static Config limited(Config c) {
    c.maxStoreTableElements = kItems * 3 / 2;
    return c;
  }
  explicit OnePassiveInstance(const Config& config) : h(limited(config)) {
    auto compiled = compileModule(h.engine, passiveSegmentModule(kItems));
    if (!compiled) {
      ADD_FAILURE() << compiled.error().message();
      return;
    }
    module = *compiled;
    auto inst = instantiate(h.store, module, {});
    if (!inst) {
      ADD_FAILURE() << inst.error().message();
      return;
    }
    first = *inst;
  }
  test::Harness h;
  std::shared_ptr<const CompiledModule> module;
  Instance* first = nullptr;
};

TEST_P(ResourceLimits, PassiveSegmentItemsCountAgainstTheStoresTableElements) {
  OnePassiveInstance s(config());
  ASSERT_TRUE(s.first);
  EXPECT_EQ(s.h.store.tableElements().used(), s.kItems);
  auto second = instantiate(s.h.store, s.module, {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind(), ErrorKind::Resource);
  EXPECT_NE(second.error().message().find("passive element segments"), std::string::npos)
      << second.error().message();
  EXPECT_EQ(s.h.store.tableElements().used(), s.kItems);
  ASSERT_TRUE(s.h.store.reclaimInstance(s.first));
  EXPECT_EQ(s.h.store.tableElements().used(), 0u);
  EXPECT_TRUE(instantiate(s.h.store, s.module, {}));
}

TEST_P(ResourceLimits, ElemDropGivesTheItemsBack) {
  OnePassiveInstance s(config());
  ASSERT_TRUE(s.first);
  ASSERT_TRUE(s.h.call(s.first, "drop")) << "elem.drop failed";
  EXPECT_EQ(s.h.store.tableElements().used(), 0u);
  ASSERT_TRUE(s.h.call(s.first, "drop")) << "a second elem.drop failed";
  EXPECT_EQ(s.h.store.tableElements().used(), 0u);
  auto second = instantiate(s.h.store, s.module, {});
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(s.h.store.tableElements().used(), s.kItems);
}

// Runs `body` in a child process whose address space is limited to
// `limitBytes`; the child's exit status (or the signal that killed it).
int runUnderAddressSpaceLimit(uint64_t limitBytes, const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid == 0) {
    rlimit limit{limitBytes, limitBytes};
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(90);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

// With every configured limit lifted, only the host's memory stops the
// 7.8 GB of tables: instantiation must fail with an error, and table.grow
// by 2^31 elements (16 GiB) must give -1. Before the fix both aborted in
// std::vector (bad_alloc without exceptions).
TEST_P(ResourceLimits, HostOutOfMemoryIsAnErrorNotAnAbort) {
#if EMBER_TEST_UNDER_EMULATION
  GTEST_SKIP() << "RLIMIT_AS would bound the emulator's own address space, not the guest's";
#endif
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's shadow memory does not fit under RLIMIT_AS";
#endif
  Config c = config();
  c.maxTableElements = UINT32_MAX;
  c.maxStoreTableElements = UINT64_MAX;
  c.valueStackBytes = 1 << 20;
  c.maxMemoryPages = 16;  // grow_tables' memory then fits the address space
  c.bounds = BoundsMode::Checks;
  int status = runUnderAddressSpaceLimit(uint64_t{1} << 30, [&] {
    test::Harness h(c);
    auto module = h.compile("hundred_tables");
    if (!module) return 10;
    auto inst = h.linker.instantiate(h.store, module);
    if (inst || inst.error().kind() != ErrorKind::Resource) return 11;
    Instance* grower = h.load("grow_tables");
    if (!grower) return 12;
    if (h.one(grower, "grow_table", {test::i32(0x80000000u)}).i32 != UINT32_MAX) return 13;
    return 0;
  });
  EXPECT_EQ(status, 0) << "10+: a step failed; 134: abort (SIGABRT)";
}

// A module of `n` functions with empty bodies and `n` i32 globals, global i
// holding i % 64.
test::Bytes manyGlobalsAndFunctions(uint32_t n) {
  test::Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  test::appendSection(m, 1, {1, 0x60, 0, 0});
  test::Bytes funcs, globals, code;
  test::appendLeb(funcs, n);
  test::appendLeb(globals, n);
  test::appendLeb(code, n);
  for (uint32_t i = 0; i < n; ++i) {
    funcs.push_back(0);
    test::append(globals, {0x7F, 0x00, 0x41, static_cast<uint8_t>(i % 64), 0x0B});
    test::append(code, {2, 0, 0x0B});
  }
  test::appendSection(m, 3, funcs);
  test::appendSection(m, 6, globals);
  test::appendSection(m, 10, code);
  return m;
}

// Reclaiming an instance destroys its own objects in one pass over the
// store's (bench/instantiate_call_bench.cpp times it: searching for each
// object in turn took 15 s for 200,000 functions and globals), and only
// those: the instances around it keep theirs.
TEST_P(ResourceLimits, ReclaimingAnInstanceLeavesTheOthersWhole) {
  constexpr uint32_t kSmall = 5;
  test::Harness h(config());
  auto small = compileModule(h.engine, manyGlobalsAndFunctions(kSmall));
  auto large = compileModule(h.engine, manyGlobalsAndFunctions(20000));
  ASSERT_TRUE(small && large);
  auto before = instantiate(h.store, *small, {});
  auto reclaimed = instantiate(h.store, *large, {});
  auto after = instantiate(h.store, *small, {});
  ASSERT_TRUE(before && reclaimed && after);
  const size_t functions = h.store.functionCount(), globals = h.store.globalCount();
  ASSERT_TRUE(h.store.reclaimInstance(*reclaimed));
  EXPECT_EQ(h.store.instanceCount(), 2u);
  EXPECT_EQ(h.store.functionCount(), functions - 20000);
  EXPECT_EQ(h.store.globalCount(), globals - 20000);
  for (Instance* kept : {*before, *after}) {
    for (uint32_t i = 0; i < kSmall; ++i) {
      EXPECT_EQ(kept->global(i)->value().i32, i);
      std::vector<Value> noResults;
      EXPECT_TRUE(h.store.call(kept->function(i), {}, noResults));
    }
  }
  ASSERT_TRUE(h.store.reclaimInstance(*before));
  ASSERT_TRUE(h.store.reclaimInstance(*after));
  EXPECT_EQ(h.store.instanceCount(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ResourceLimits, testing::ValuesIn(test::builtEngines()),
                         [](const auto& info) { return test::engineName(info.param); });

}  // namespace
}  // namespace ember

// Import resolution and matching (spec 4.5.2): kinds, function signatures,
// limits subtyping for tables and memories, global types and mutability.
#include <gtest/gtest.h>

#include <memory>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;

// An exporter instance defined as "env", on the engine of the parameter.
class MirroredGrowth : public ::testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    Config config;
    config.engine = GetParam();
    harness = std::make_unique<test::Harness>(config);
    exporter = harness->load("exporter");
    ASSERT_TRUE(exporter);
    harness->linker.defineInstance("env", exporter);
  }
  std::unique_ptr<test::Harness> harness;
  Instance* exporter = nullptr;
};

class Linking : public ::testing::Test {
 protected:
  // Defines env.* with the given pieces; unspecified ones get matching defaults.
  void defineDefaults() {
    FuncType ii{{ValType::I32}, {ValType::I32}};
    f = h.store.createHostFunction(ii, [](std::span<const Value> a, std::span<Value> r) -> Result<void> {
      r[0] = Value::fromI32(a[0].i32 * 10);
      return success();
    });
    table = h.store.createTable(TableType{ValType::FuncRef, {2, 10}}, Ref{});
    memory = h.store.createMemory(MemoryType{{1, 4}});
    global = h.store.createGlobal(GlobalType{ValType::I64, true}, Value::fromI64(5));
    h.linker.define("env", "f", Extern::of(f));
    h.linker.define("env", "table", Extern::of(table));
    h.linker.define("env", "memory", Extern::of(memory));
    h.linker.define("env", "g", Extern::of(global));
  }
  Error instantiateError() {
    auto r = h.linker.instantiate(h.store, h.compile("imports"));
    if (r) return Error(ErrorKind::Io, "instantiation succeeded");
    return r.takeError();
  }
  test::Harness h;
  Function* f = nullptr;
  Table* table = nullptr;
  Memory* memory = nullptr;
  GlobalInstance* global = nullptr;
};

TEST_F(Linking, MatchingImportsLink) {
  defineDefaults();
  Instance* inst = h.load("imports");
  EXPECT_EQ(h.one(inst, "call_f", {i32(4)}).i32, 40u);
  EXPECT_EQ(h.one(inst, "get_g").i64, 5u);
  ASSERT_TRUE(h.call(inst, "bump_g"));
  EXPECT_EQ(global->value().i64, 6u);  // the global is shared, not copied
  memory->data()[3] = 9;
  EXPECT_EQ(h.one(inst, "load", {i32(3)}).i32, 9u);
  EXPECT_EQ(h.one(inst, "table_size").i32, 2u);
}

TEST_F(Linking, MissingImport) {
  defineDefaults();
  Linker empty;
  auto r = empty.instantiate(h.store, h.compile("imports"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Unlinkable);
  EXPECT_NE(r.error().message().find("unknown import"), std::string::npos);
}

TEST_F(Linking, WrongKind) {
  defineDefaults();
  h.linker.define("env", "f", Extern::of(memory));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
}

TEST_F(Linking, FunctionSignatureMismatch) {
  defineDefaults();
  FuncType il{{ValType::I32}, {ValType::I64}};
  h.linker.define("env", "f", Extern::of(h.store.createHostFunction(il, [](auto, auto) {
    return success();
  })));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
}

TEST_F(Linking, TableLimits) {
  defineDefaults();
  // Import wants min 2, max 10.
  h.linker.define("env", "table", Extern::of(h.store.createTable({ValType::FuncRef, {1, 10}}, Ref{})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);  // too small
  h.linker.define("env", "table", Extern::of(h.store.createTable({ValType::FuncRef, {2, 11}}, Ref{})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);  // max too large
  h.linker.define("env", "table", Extern::of(h.store.createTable({ValType::FuncRef, {2, std::nullopt}}, Ref{})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);  // no max
  h.linker.define("env", "table", Extern::of(h.store.createTable({ValType::ExternRef, {2, 10}}, Ref{})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);  // element type
  Table* bigger = h.store.createTable({ValType::FuncRef, {5, 8}}, Ref{});
  h.linker.define("env", "table", Extern::of(bigger));
  EXPECT_NE(h.load("imports"), nullptr);
}

TEST_F(Linking, TableMinimumIsTheCurrentSize) {
  defineDefaults();
  Table* t = h.store.createTable({ValType::FuncRef, {1, 10}}, Ref{});
  h.linker.define("env", "table", Extern::of(t));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
  EXPECT_EQ(t->grow(1, Ref{}), 1);
  EXPECT_NE(h.load("imports"), nullptr);
}

TEST_F(Linking, MemoryLimits) {
  defineDefaults();
  h.linker.define("env", "memory", Extern::of(h.store.createMemory({{1, 5}})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
  h.linker.define("env", "memory", Extern::of(h.store.createMemory({{0, 4}})));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
  h.linker.define("env", "memory", Extern::of(h.store.createMemory({{2, 3}})));
  EXPECT_NE(h.load("imports"), nullptr);
}

TEST_F(Linking, GlobalTypeAndMutability) {
  defineDefaults();
  h.linker.define("env", "g", Extern::of(h.store.createGlobal({ValType::I64, false}, Value::fromI64(1))));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
  h.linker.define("env", "g", Extern::of(h.store.createGlobal({ValType::I32, true}, Value::fromI32(1))));
  EXPECT_EQ(instantiateError().kind(), ErrorKind::Unlinkable);
}

TEST_F(Linking, InstanceExportsSatisfyImports) {
  Instance* exporter = h.load("exporter");
  h.linker.defineInstance("env", exporter);
  Instance* inst = h.load("imports");
  EXPECT_EQ(h.one(inst, "call_f", {i32(4)}).i32, 5u);  // wasm-to-wasm across instances
  EXPECT_EQ(h.one(inst, "get_g").i64, 40u);
  EXPECT_EQ(h.one(inst, "load", {i32(0)}).i32, 42u);
}

TEST_F(Linking, SharedTableCallsAcrossInstances) {
  Instance* exporter = h.load("exporter");
  h.linker.defineInstance("env", exporter);
  h.load("table_user");
  // Slot 1 now holds table_user's $triple: same signature as the caller's
  // type, though from another module, so call_indirect accepts it.
  EXPECT_EQ(h.one(exporter, "call_slot", {i32(0), i32(4)}).i32, 5u);
  EXPECT_EQ(h.one(exporter, "call_slot", {i32(1), i32(4)}).i32, 12u);
  EXPECT_EQ(h.trap(exporter, "call_slot", {i32(2), i32(4)}), TrapCode::IndirectCallTypeMismatch);
}

// Engine code reads table 0's elements and size from each instance's own
// context (VMContext::table0): a grow by any instance or by the host must
// reach every instance that imported the table.
TEST_P(MirroredGrowth, TableGrowthReachesEveryInstance) {
  test::Harness& h = *harness;
  Instance* user = h.load("table_user");
  ASSERT_TRUE(user);
  EXPECT_EQ(h.trap(user, "call_slot", {i32(3), i32(4)}), TrapCode::UndefinedElement);

  // The importer grows: the exporter sees the new slots, and so does the
  // importer's own table.set and call_indirect.
  EXPECT_EQ(h.one(user, "grow", {i32(2)}).i32, 3u);
  EXPECT_EQ(h.trap(exporter, "call_slot", {i32(4), i32(4)}), TrapCode::UninitializedElement);
  ASSERT_TRUE(h.call(user, "set_triple", {i32(4)}));
  EXPECT_EQ(h.one(exporter, "call_slot", {i32(4), i32(5)}).i32, 15u);
  EXPECT_EQ(h.one(user, "call_slot", {i32(4), i32(5)}).i32, 15u);

  // The host grows (the elements move): both instances call the new slot.
  Table* table = exporter->exportByName("table").table();
  ASSERT_NE(table, nullptr);
  Ref inc{exporter->exportByName("f").function()};
  EXPECT_EQ(table->grow(3, inc), 5);
  EXPECT_EQ(h.one(user, "size").i32, 8u);
  EXPECT_EQ(h.one(user, "call_slot", {i32(7), i32(4)}).i32, 5u);
  EXPECT_EQ(h.one(exporter, "call_slot", {i32(7), i32(4)}).i32, 5u);
  EXPECT_EQ(h.one(user, "call_slot", {i32(4), i32(2)}).i32, 6u);
  EXPECT_EQ(h.trap(user, "call_slot", {i32(8), i32(4)}), TrapCode::UndefinedElement);
}

// Memory 0's length is mirrored the same way. Instances that import the
// memory and are reclaimed leave the list (first, middle and last of it);
// a grow then reaches the ones left, and writes into nothing freed.
TEST_P(MirroredGrowth, MemoryGrowthSkipsReclaimedInstances) {
  test::Harness& h = *harness;
  Instance* users[4];
  for (Instance*& u : users) {
    u = h.load("memory_user");
    ASSERT_TRUE(u);
  }
  ASSERT_TRUE(h.store.reclaimInstance(users[0]));
  ASSERT_TRUE(h.store.reclaimInstance(users[2]));
  ASSERT_TRUE(h.store.reclaimInstance(users[3]));
  Memory* memory = exporter->exportByName("memory").memory();
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ(memory->grow(1), 1);
  EXPECT_EQ(h.one(users[1], "pages").i32, 2u);
  EXPECT_EQ(h.one(users[1], "load", {i32(65536)}).i32, 0u);  // the new page, in bounds
  EXPECT_EQ(h.one(users[1], "load", {i32(0)}).i32, 42u);
  EXPECT_EQ(h.trap(users[1], "load", {i32(2 * 65536 - 2)}), TrapCode::MemoryOutOfBounds);
}

INSTANTIATE_TEST_SUITE_P(Engines, MirroredGrowth, ::testing::ValuesIn(test::builtEngines()),
                         [](const auto& info) { return test::engineName(info.param); });

TEST_F(Linking, ImmutableGlobalCannotBeSet) {
  Instance* exporter = h.load("exporter");
  GlobalInstance* g = exporter->exportByName("const_g").global();
  ASSERT_NE(g, nullptr);
  EXPECT_FALSE(g->set(Value::fromI64(1)));
  GlobalInstance* m = exporter->exportByName("g").global();
  EXPECT_TRUE(m->set(Value::fromI64(1)));
  EXPECT_FALSE(m->set(Value::fromI32(1)));  // wrong type
}

}  // namespace
}  // namespace ember

// The engine's canonical function type ids: equal types share an id,
// different ones never do while both are referenced, a type's reference
// stays valid while the registry grows, and the last release frees a type
// (modules and host functions give theirs back when they are destroyed).
#include "runtime/type_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "runtime/compiled_module.h"
#include "runtime/store.h"

namespace ember {
namespace {

// Distinct types for distinct n: 1-40 parameters of one kind, a result of
// another, and more results for the larger n.
FuncType numberedType(uint32_t n) {
  static constexpr ValType kKinds[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64};
  FuncType t;
  t.params.assign(n % 40 + 1, kKinds[n / 40 % 4]);
  t.results.assign(1, kKinds[n / 160 % 4]);
  if (n >= 640) t.results.insert(t.results.end(), n / 640, ValType::I32);
  return t;
}

TEST(TypeRegistry, EqualTypesShareAnIdAndDifferentOnesNever) {
  TypeRegistry registry;
  std::vector<uint32_t> ids;
  for (uint32_t n = 0; n < 3000; ++n) ids.push_back(registry.intern(numberedType(n)));
  for (uint32_t n = 0; n < 3000; ++n) {
    EXPECT_EQ(ids[n], n) << "ids are handed out in order of first sight";
    EXPECT_EQ(registry.intern(numberedType(n)), ids[n]) << "type " << n;
    EXPECT_EQ(registry.type(ids[n]), numberedType(n)) << "type " << n;
  }
  EXPECT_EQ(registry.liveCount(), 3000u);
}

TEST(TypeRegistry, ATypesReferenceOutlivesGrowth) {
  TypeRegistry registry;
  const FuncType& first = registry.type(registry.intern(numberedType(7)));
  for (uint32_t n = 100; n < 2000; ++n) registry.intern(numberedType(n));
  EXPECT_EQ(&registry.type(registry.intern(numberedType(7))), &first);
  EXPECT_EQ(first, numberedType(7));
}

TEST(TypeRegistry, TheLastReleaseFreesATypeAndItsIdIsTakenAgain) {
  TypeRegistry registry;
  uint32_t a = registry.intern(numberedType(1));
  EXPECT_EQ(registry.intern(numberedType(1)), a);
  registry.release(a);
  EXPECT_EQ(registry.liveCount(), 1u) << "one reference is left";
  EXPECT_EQ(registry.type(a), numberedType(1));
  registry.release(a);
  EXPECT_EQ(registry.liveCount(), 0u);
  EXPECT_EQ(registry.intern(numberedType(2)), a) << "the freed id serves the next new type";
  EXPECT_NE(registry.intern(numberedType(1)), a) << "the freed type is new again";
}

// Releasing entries from the middle of probe runs must leave every other
// type findable under its own id (linear probing's deletion moves entries
// back into the hole).
TEST(TypeRegistry, ReleasesInAnyOrderKeepTheOthersFindable) {
  TypeRegistry registry;
  constexpr uint32_t kTypes = 2000;
  std::vector<uint32_t> ids;
  for (uint32_t n = 0; n < kTypes; ++n) ids.push_back(registry.intern(numberedType(n)));
  std::vector<uint32_t> order(kTypes);
  for (uint32_t n = 0; n < kTypes; ++n) order[n] = n;
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  for (uint32_t k = 0; k < kTypes / 2; ++k) registry.release(ids[order[k]]);
  EXPECT_EQ(registry.liveCount(), kTypes / 2);
  for (uint32_t k = kTypes / 2; k < kTypes; ++k) {
    uint32_t n = order[k];
    EXPECT_EQ(registry.intern(numberedType(n)), ids[n]) << "type " << n;
  }
  EXPECT_EQ(registry.liveCount(), kTypes / 2) << "no kept type was added again";
}

void appendLeb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
}

// A module of `count` function types, all taking `params` i32s and
// returning from 0 to count - 1 i64s: distinct from every other module's
// when `params` differs.
std::vector<uint8_t> moduleOfTypes(uint32_t params, uint32_t count) {
  std::vector<uint8_t> types;
  appendLeb(types, count);
  for (uint32_t r = 0; r < count; ++r) {
    types.push_back(0x60);
    appendLeb(types, params);
    types.insert(types.end(), params, 0x7F);
    appendLeb(types, r);
    types.insert(types.end(), r, 0x7E);
  }
  std::vector<uint8_t> module = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01};
  appendLeb(module, static_cast<uint32_t>(types.size()));
  module.insert(module.end(), types.begin(), types.end());
  return module;
}

// A service that compiles and drops modules on one engine for as long as it
// runs must not keep their types: they once stayed until the engine died.
TEST(TypeRegistry, DroppedModulesAndHostFunctionsGiveTheirTypesBack) {
  Engine engine;
  for (uint32_t params = 0; params < 50; ++params) {
    auto module = compileModule(engine, moduleOfTypes(params, 40));
    ASSERT_TRUE(module) << module.error().message();
    EXPECT_EQ(engine.types().liveCount(), 40u);
  }
  EXPECT_EQ(engine.types().liveCount(), 0u);

  auto kept = compileModule(engine, moduleOfTypes(3, 10));
  ASSERT_TRUE(kept);
  {
    Store store(engine);
    FuncType hostType = numberedType(5);
    store.createHostFunction(
        hostType,
        [](std::span<const Value>, std::span<Value>) -> Result<void> { return success(); });
    EXPECT_EQ(engine.types().liveCount(), 11u);
  }
  EXPECT_EQ(engine.types().liveCount(), 10u) << "the host function's type went with its store";
}

}  // namespace
}  // namespace ember

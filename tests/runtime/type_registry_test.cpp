// The engine's canonical function type ids: equal types share an id,
// different ones never do, and a type's reference stays valid while the
// registry grows.
#include "runtime/type_registry.h"

#include <gtest/gtest.h>

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
}

TEST(TypeRegistry, ATypesReferenceOutlivesGrowth) {
  TypeRegistry registry;
  const FuncType& first = registry.type(registry.intern(numberedType(7)));
  for (uint32_t n = 100; n < 2000; ++n) registry.intern(numberedType(n));
  EXPECT_EQ(&registry.type(registry.intern(numberedType(7))), &first);
  EXPECT_EQ(first, numberedType(7));
}

}  // namespace
}  // namespace ember

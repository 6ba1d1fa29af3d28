// Tables: growth limits, host access, externref identity, and the traps of
// table access and call_indirect.
#include <gtest/gtest.h>

#include "abi/builtin_ids.h"
#include "runtime/bulk_pieces.h"
#include "tests/runtime/resident_bytes.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;

TEST(TableObject, GrowAndLimits) {
  auto t = Table::create(TableType{ValType::FuncRef, {1, 3}}, Ref{}, 10000000);
  ASSERT_TRUE(t);
  EXPECT_EQ((*t)->grow(2, Ref{}), 1);
  EXPECT_EQ((*t)->grow(1, Ref{}), -1);
  EXPECT_EQ((*t)->size(), 3u);
  EXPECT_FALSE(Table::create(TableType{ValType::FuncRef, {20, std::nullopt}}, Ref{}, 10));
  auto capped = Table::create(TableType{ValType::ExternRef, {1, std::nullopt}}, Ref{}, 10);
  ASSERT_TRUE(capped);
  EXPECT_EQ((*capped)->grow(10, Ref{}), -1);
  EXPECT_EQ((*capped)->grow(9, Ref{}), 1);
}

// A guest growing a table one element at a time (table.grow in a loop)
// must not have the table copied on every grow: 65,536 grows move it at
// most 17 times, and every element keeps its value.
TEST(TableObject, GrowingOneAtATimeMovesLogarithmicallyOften) {
  constexpr uint64_t kElements = 65536;
  auto t = Table::create(TableType{ValType::ExternRef, {0, std::nullopt}}, Ref{}, 10000000);
  ASSERT_TRUE(t);
  Table& table = **t;
  int moves = 0;
  for (uint64_t i = 0; i < kElements; i++) {
    void* const* before = table.vm()->elements;
    ASSERT_EQ(table.grow(1, Ref{reinterpret_cast<void*>(i + 1)}), static_cast<int64_t>(i));
    moves += before != nullptr && table.vm()->elements != before;
  }
  EXPECT_LE(moves, 17);  // log2(65536) + 1
  for (uint64_t i = 0; i < kElements; i++)
    ASSERT_EQ(table.get(i).ptr, reinterpret_cast<void*>(i + 1)) << "element " << i;
}

// The room a table holds for later growth stays within what the store's
// limit still allows: doubling must not take up to twice the elements the
// embedder allowed (a custom platform's heap pays for every one).
TEST(TableObject, RoomToGrowStaysWithinTheStoreLimit) {
  ResourceCounter storeElements(1000);
  auto other = Table::create(TableType{ValType::ExternRef, {100, std::nullopt}}, Ref{}, 10000000,
                             &storeElements);
  ASSERT_TRUE(other);
  auto t = Table::create(TableType{ValType::ExternRef, {1, std::nullopt}}, Ref{}, 10000000,
                         &storeElements);
  ASSERT_TRUE(t);
  Table& table = **t;
  while (table.grow(1, Ref{}) != -1) {
    ASSERT_LE(table.capacity(), 900u) << "at size " << table.size();
  }
  EXPECT_EQ(table.size(), 900u);
  EXPECT_EQ(storeElements.used(), 1000u);
}

// A grow with a null init writes nothing: entries past the size are still
// null from allocation, so a large table's pages stay untouched.
TEST(TableObject, GrowingWithNullWritesNothing) {
  auto t = Table::create(TableType{ValType::ExternRef, {0, std::nullopt}}, Ref{}, 10000000);
  ASSERT_TRUE(t);
  Table& table = **t;
  constexpr uint64_t kElements = 4000000;  // 32 MB of elements
  ASSERT_EQ(table.grow(kElements, Ref{}), 0);
#if defined(__linux__)
  EXPECT_LT(test::residentBytes(table.vm()->elements, kElements * sizeof(void*)), 1u << 20);
#endif
  EXPECT_EQ(table.get(kElements - 1).ptr, nullptr);
}

// A grow from wasm stops at the deadline between pieces, leaving the table
// as it was; the entries it had set past the size must not show through a
// later grow with null. To stop it after exactly one piece, the epoch
// counter it reads is the last entry of that piece: null (0) before, the
// init value (past the deadline of 1) once the piece is written.
TEST(TableObject, AnInterruptedGrowLeavesNothingBehind) {
  constexpr uint64_t kPiece = kBulkPieceBytes / sizeof(void*);
  auto t =
      Table::create(TableType{ValType::ExternRef, {4 * kPiece, std::nullopt}}, Ref{}, 10000000);
  ASSERT_TRUE(t);
  Table& table = **t;
  ASSERT_EQ(table.grow(1, Ref{}), static_cast<int64_t>(4 * kPiece));  // room for 4 more pieces
  const uint64_t size = table.size();
  ASSERT_GE(table.capacity(), size + 3 * kPiece);
  void** elements = table.vm()->elements;
  VMContext caller;
  caller.epochCounter = reinterpret_cast<std::atomic<uint64_t>*>(&elements[size + kPiece - 1]);
  caller.epochDeadline = 1;
  int marker = 0;
  EXPECT_EQ(table.grow(3 * kPiece, Ref{&marker}, &caller), kGrowInterrupted);
  EXPECT_EQ(table.size(), size);
  ASSERT_EQ(table.vm()->elements, elements);
  EXPECT_EQ(elements[size], &marker);  // the first piece was written
  EXPECT_EQ(elements[size + kPiece], nullptr);

  ASSERT_EQ(table.grow(3 * kPiece, Ref{}), static_cast<int64_t>(size));
  for (uint64_t i = size; i < table.size(); i++) ASSERT_EQ(table.get(i).ptr, nullptr) << i;
}

class Tables : public ::testing::Test {
 protected:
  void SetUp() override { inst = h.load("tables"); }
  test::Harness h;
  Instance* inst = nullptr;
};

TEST_F(Tables, GrowFromWasm) {
  EXPECT_EQ(h.one(inst, "size").i32, 2u);
  EXPECT_EQ(h.one(inst, "grow", {i32(3)}).i32, 2u);
  EXPECT_EQ(h.one(inst, "grow", {i32(1)}).i32, 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "size").i32, 5u);
}

TEST_F(Tables, CallIndirectTraps) {
  EXPECT_EQ(h.trap(inst, "call", {i32(0)}), TrapCode::UninitializedElement);
  EXPECT_EQ(h.trap(inst, "call", {i32(2)}), TrapCode::UndefinedElement);
  ASSERT_TRUE(h.call(inst, "set_one", {i32(1)}));
  EXPECT_EQ(h.one(inst, "call", {i32(1)}).i32, 1u);
  EXPECT_EQ(h.trap(inst, "call_void", {i32(1)}), TrapCode::IndirectCallTypeMismatch);
  EXPECT_EQ(h.trap(inst, "set_one", {i32(2)}), TrapCode::TableOutOfBounds);
  EXPECT_EQ(h.trap(inst, "fill", {i32(1), i32(2)}), TrapCode::TableOutOfBounds);
  ASSERT_TRUE(h.call(inst, "fill", {i32(0), i32(2)}));
  EXPECT_EQ(h.one(inst, "call", {i32(0)}).i32, 1u);
}

TEST_F(Tables, HostSeesFunctionReferences) {
  Table* table = inst->exportByName("table").table();
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->get(0).isNull());
  ASSERT_TRUE(h.call(inst, "set_one", {i32(0)}));
  Ref r = table->get(0);
  ASSERT_FALSE(r.isNull());
  Function* f = static_cast<Function*>(r.ptr);
  Value out[1];
  ASSERT_TRUE(h.store.call(f, {}, out));
  EXPECT_EQ(out[0].i32, 1u);
  // And the host can put a function in for wasm to call.
  table->set(1, r);
  EXPECT_EQ(h.one(inst, "call", {i32(1)}).i32, 1u);
}

TEST_F(Tables, ExternrefIdentityRoundTrips) {
  int token = 0;
  Value ref = Value::fromRef(ValType::ExternRef, Ref{&token});
  EXPECT_EQ(h.one(inst, "identity", {ref}).ref.ptr, &token);
  EXPECT_EQ(h.one(inst, "is_null", {ref}).i32, 0u);
  EXPECT_EQ(h.one(inst, "is_null", {Value::null(ValType::ExternRef)}).i32, 1u);
  ASSERT_TRUE(h.call(inst, "set_extern", {i32(0), ref}));
  EXPECT_EQ(h.one(inst, "get_extern", {i32(0)}).ref.ptr, &token);
  EXPECT_EQ(inst->exportByName("externs").table()->get(0).ptr, &token);
  EXPECT_EQ(h.trap(inst, "get_extern", {i32(1)}), TrapCode::TableOutOfBounds);
}

}  // namespace
}  // namespace ember

// v128 values in the interpreter where they are moved as two slots: the
// host boundary, locals, blocks, branches, select, globals and multi-value
// calls (tests/interp/wat/simd.wat). Operator semantics are covered by the
// spec suite's simd_* files.
#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using test::i32;
using test::i64;

Value v128Of(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return Value::fromV128(V128{a | (uint64_t{b} << 32), c | (uint64_t{d} << 32)});
}
uint32_t lane32(const Value& v, int i) {
  uint64_t half = i < 2 ? v.v128.lo : v.v128.hi;
  return static_cast<uint32_t>(half >> (32 * (i % 2)));
}

class Simd : public ::testing::Test {
 protected:
  void SetUp() override {
    FuncType v2v{{ValType::V128}, {ValType::V128}};
    h.linker.define("host", "twice",
                    Extern::of(h.store.createHostFunction(
                        v2v, [this](Caller&, std::span<const Value> args, std::span<Value> results)
                                 -> Result<void> {
                          ++hostCalls;
                          V128 v = args[0].v128;
                          uint32_t l[4] = {uint32_t(v.lo), uint32_t(v.lo >> 32), uint32_t(v.hi),
                                           uint32_t(v.hi >> 32)};
                          results[0] = v128Of(2 * l[0], 2 * l[1], 2 * l[2], 2 * l[3]);
                          return success();
                        })));
    inst = h.load("simd");
  }
  uint32_t run32(const std::string& name, std::vector<Value> args = {}) {
    return h.one(inst, name, std::move(args)).i32;
  }
  test::Harness h;
  Instance* inst = nullptr;
  int hostCalls = 0;
};

TEST_F(Simd, V128ParametersAndResultCrossTheHostBoundary) {
  Value r = h.one(inst, "add", {v128Of(1, 2, 3, 0xFFFFFFFFu), v128Of(10, 20, 30, 2)});
  ASSERT_EQ(r.type, ValType::V128);
  EXPECT_EQ(lane32(r, 0), 11u);
  EXPECT_EQ(lane32(r, 1), 22u);
  EXPECT_EQ(lane32(r, 2), 33u);
  EXPECT_EQ(lane32(r, 3), 1u);
}

TEST_F(Simd, ScalarAndV128LocalsKeepTheirOwnSlots) {
  // b + (a + 1) + (v[3] + a)
  Value r = h.one(inst, "mixed_locals", {i32(5), v128Of(0, 0, 0, 100), i64(1000)});
  EXPECT_EQ(r.i64, 1000u + 6 + 105);
}

TEST_F(Simd, PendingReadOfAV128LocalSurvivesItsOverwrite) {
  EXPECT_EQ(run32("pending_read", {v128Of(7, 8, 9, 10)}), 8u);
}

TEST_F(Simd, HostImportWithV128) {
  EXPECT_EQ(run32("via_host", {i32(21)}), 42u);
  EXPECT_EQ(hostCalls, 1);
}

TEST_F(Simd, CallIndirectWithV128ToHostAndWasm) {
  EXPECT_EQ(run32("via_table", {i32(4), i32(0)}), 8u);           // the host's twice
  EXPECT_EQ(run32("via_table", {i32(4), i32(1)}), 0xFFFFFFFCu);  // wasm's negate
  EXPECT_EQ(hostCalls, 1);
}

TEST_F(Simd, BranchesAndSelectCarryV128) {
  EXPECT_EQ(run32("branches", {i32(0)}), 40u);
  EXPECT_EQ(run32("branches", {i32(1)}), 8u + 1000);
  EXPECT_EQ(run32("branches", {i32(2)}), 100u);
  EXPECT_EQ(run32("branches", {i32(3)}), 200u);
}

TEST_F(Simd, V128Global) {
  EXPECT_EQ(run32("bump_global"), 8u);
  EXPECT_EQ(run32("bump_global"), 16u);
}

TEST_F(Simd, ShufflesThatRotateOrPickWholeLanes) {
  Value v = v128Of(0x11223344u, 0x55667788u, 0x99AABBCCu, 0xDDEEFF00u);
  Value r = h.one(inst, "rotr8_of_b", {v});
  EXPECT_EQ(lane32(r, 0), 0x44112233u);
  EXPECT_EQ(lane32(r, 3), 0x00DDEEFFu);
  r = h.one(inst, "rotr16_of_a", {v});
  EXPECT_EQ(lane32(r, 1), 0x77885566u);
  EXPECT_EQ(lane32(r, 2), 0xBBCC99AAu);
  r = h.one(inst, "whole_lanes", {v, v128Of(1, 2, 3, 4)});
  EXPECT_EQ(lane32(r, 0), 0x55667788u);
  EXPECT_EQ(lane32(r, 1), 1u);
  EXPECT_EQ(lane32(r, 2), 4u);
  EXPECT_EQ(lane32(r, 3), 0x11223344u);
  r = h.one(inst, "almost_rotation", {v});  // the last byte breaks the pattern
  EXPECT_EQ(lane32(r, 0), 0x44112233u);
  EXPECT_EQ(lane32(r, 3), 0xFFDDEEFFu);  // bytes FF EE DD FF
}

TEST_F(Simd, RotatesBuiltFromShifts) {
  Value v = v128Of(0x80000001u, 0x12345678u, 0, 0xFFFFFFFFu);
  Value r = h.one(inst, "rotl7", {v});
  EXPECT_EQ(lane32(r, 0), 0xC0u);
  EXPECT_EQ(lane32(r, 1), 0x1A2B3C09u);
  EXPECT_EQ(lane32(r, 3), 0xFFFFFFFFu);
  r = h.one(inst, "rotr24_64", {v128Of(0x89ABCDEFu, 0x01234567u, 0, 0)});
  EXPECT_EQ(r.v128.lo, 0xABCDEF0123456789ull);
  r = h.one(inst, "not_rotate", {v});
  EXPECT_EQ(lane32(r, 0), 0x80u | 0x80u);  // (x << 7) | (x >> 24)
  r = h.one(inst, "shifted_twice", {v});
  EXPECT_EQ(lane32(r, 0), 0x80u);  // (x << 7) | ((x << 7) >> 25)
  r = h.one(inst, "rotate_after_label", {v, i32(0)});
  EXPECT_EQ(lane32(r, 0), 0xC0u);
  r = h.one(inst, "rotate_after_label", {v, i32(1)});  // the branch's value, or'ed
  EXPECT_EQ(lane32(r, 0), 0x100u | 0x40u);
}

TEST_F(Simd, ShiftsByConstantsOfAnyValue) {
  Value v = v128Of(0x80000001u, 0x12345678u, 0, 0xFFFFFFFFu);
  Value r = h.one(inst, "shl_by_minus_one", {v});  // by 31
  EXPECT_EQ(lane32(r, 0), 0x80000000u);
  EXPECT_EQ(lane32(r, 1), 0u);
  // By 15 in each 16-bit lane: 0x8000 -> 0xFFFF, 0x0001 -> 0; then + 5.
  EXPECT_EQ(run32("shr_s_by_minus_one_then_more", {v128Of(0x80000001u, 0, 0, 0), i32(5)}),
            0xFFFF0000u + 5);
  r = h.one(inst, "rotl7_by_large_counts", {v});  // shl 39 = 7, shr_u -7 = 25
  EXPECT_EQ(lane32(r, 0), 0xC0u);
  EXPECT_EQ(lane32(r, 1), 0x1A2B3C09u);
}

TEST_F(Simd, MultiValueResultsMixingV128AndScalars) {
  EXPECT_EQ(run32("multi", {i32(10)}), 10u + 11 + 10);
}

}  // namespace
}  // namespace ember

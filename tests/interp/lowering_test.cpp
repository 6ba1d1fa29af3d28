// The lowered code itself (code.h): that the fusions the interpreter's
// speed depends on happen (tests/interp/wat/lowering.wat). Results are
// checked by the other tests; these check instruction counts and kinds.
#include <gtest/gtest.h>

#include <bit>
#include <limits>
#include <sstream>

#include "runtime/interp/code.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

class Lowered : public ::testing::Test {
 protected:
  void SetUp() override { module = h.compile("lowering"); }
  // The listing of the function exported as `name`, one instruction a line.
  std::vector<std::string> listing(const std::string& name) {
    const Module& m = module->module();
    for (const Export& e : m.exports) {
      if (e.name != name) continue;
      const auto& fn = module->interpCode()->functions[e.index - m.importedFuncCount];
      std::vector<std::string> lines;
      std::istringstream in(interp::disassemble(fn));
      for (std::string line; std::getline(in, line);) lines.push_back(line.substr(line.find(' ') + 1));
      return lines;
    }
    ADD_FAILURE() << "no export " << name;
    return {};
  }
  test::Harness h;
  std::shared_ptr<const CompiledModule> module;
};

TEST_F(Lowered, BinaryOperatorWritesTheLocalDirectly) {
  // params are slots 0 and 1, $c is slot 2 (the zero slot is 3).
  EXPECT_EQ(listing("add_to_local"),
            (std::vector<std::string>{"I32Add 2 0 1", "Return1 2"}));
}

// The loop counter's fused update and branch (BrIfAdd forms) are built
// with EMBER_INTERP_SUPERINSTRUCTIONS only.
constexpr bool kCounterFusion = EMBER_INTERP_SUPERINSTRUCTIONS;

TEST_F(Lowered, CountedLoopIsOneInstruction) {
  // The counter's update fuses into the compare and branch: `a src imm b
  // target`. Branch offsets count from the operand word (word 5 back to 0).
  std::vector<std::string> fused{"BrIfAddI32LtS 1 1 1 0 -5", "Return1 1"};
  std::vector<std::string> plain{"I32AddImm 1 1 1", "BrIfI32LtS 1 0 -7", "Return1 1"};
  EXPECT_EQ(listing("count"), kCounterFusion ? fused : plain);
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "count", {test::i32(7)}).i32, 7u);
  EXPECT_EQ(h.one(inst, "count", {test::i32(-3)}).i32, 1u);  // the body runs once
}

TEST_F(Lowered, CounterUpdateFusesWithAConstantBound) {
  // $n -= 2 is an add of -2; the unsigned compare with 1 is the Imm form.
  if (kCounterFusion) {
    EXPECT_EQ(listing("count_down_by_two")[1], "BrIfAddI32GtUImm 0 0 -2 1 -9");
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "count_down_by_two", {test::i32(9)}).i32, 401u);  // 7 5 3 1
  EXPECT_EQ(h.one(inst, "count_down_by_two", {test::i32(2)}).i32, 100u);
  // The counter compared with itself reads the value just written: from
  // 0xFFFFFFFF, 0 < 0 does not hold (0 < 0xFFFFFFFF, the old value, would).
  if (kCounterFusion) {
    EXPECT_EQ(listing("count_self")[0], "BrIfAddI32LtU 0 0 1 0 6");
  }
  EXPECT_EQ(h.one(inst, "count_self", {test::i32(4)}).i32, 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "count_self", {test::i32(-1)}).i32, 0xFFFFFFFFu);
}

TEST_F(Lowered, CounterUpdateDoesNotFuseAcrossALabelOrIntoAnIf) {
  std::vector<std::string> pastLabel = listing("count_past_label");
  ASSERT_EQ(pastLabel.size(), 4u);
  EXPECT_EQ(pastLabel[1], "I32AddImm 2 2 1");
  EXPECT_TRUE(pastLabel[2].starts_with("BrIfI32LtS 2 0 ")) << pastLabel[2];
  EXPECT_EQ(listing("count_if")[0], "I32AddImm 0 0 1");
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "count_past_label", {test::i32(5), test::i32(0)}).i32, 5u);
  EXPECT_EQ(h.one(inst, "count_past_label", {test::i32(0), test::i32(1)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "count_if", {test::i32(8)}).i32, 9u);
  EXPECT_EQ(h.one(inst, "count_if", {test::i32(9)}).i32, 0u);
}

TEST_F(Lowered, AddressAddFoldsIntoTheLoad) {
  // dst=home slot 2 (after the zero slot 1), address slot 0, add 12,
  // memarg offset 0.
  EXPECT_EQ(listing("load_field"), (std::vector<std::string>{"I32Load 2 0 12 0", "Return1 2"}));
}

TEST_F(Lowered, ConstantStoreIsAnImmediate) {
  EXPECT_EQ(listing("store_zero"), (std::vector<std::string>{"I32Store8Imm 0 0 0 0", "Return0"}));
}

TEST_F(Lowered, SixtyFourBitImmediates) {
  // 0xFFFFFFFF as low word -1 and high word 0.
  EXPECT_EQ(listing("low_half"), (std::vector<std::string>{"I64AndImm 2 0 -1 0", "Return1 2"}));
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "low_half", {test::i64(0x123456789ull)}).i64, 0x23456789ull);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(0x100000001ull)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(0x100000000ull)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "above_2_32", {test::i64(5)}).i32, 0u);
}

TEST_F(Lowered, CountedLoopFusesDecrementAndBranch) {
  // $n is slot 0, $sum slot 1; the sub becomes an add of -1 that still
  // writes $n, which is read after the loop.
  EXPECT_EQ(listing("countdown"),
            (std::vector<std::string>{"I32Add 1 1 0", "BrIfAddImmNez 0 0 -1 -8", "I32Add 3 1 0",
                                      "Return1 3"}));
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "countdown", {test::i32(100)}).i32, 5050u);
  EXPECT_EQ(h.one(inst, "countdown", {test::i32(1)}).i32, 1u);
}

TEST_F(Lowered, IndexedAddressFoldsIntoTheAccess) {
  // dst base index shift offset; slot 2 is the zero slot, 3 the first home.
  EXPECT_EQ(listing("load_indexed"),
            (std::vector<std::string>{"I32LoadIdx 3 0 1 2 4", "Return1 3"}));
  EXPECT_EQ(listing("load_sum"), (std::vector<std::string>{"I32Load8UIdx 3 0 1 0 0", "Return1 3"}));
  // base index shift value offset.
  EXPECT_EQ(listing("store_indexed"),
            (std::vector<std::string>{"I64StoreIdx 0 1 3 2 8", "Return0"}));
  EXPECT_EQ(listing("add_shift"), (std::vector<std::string>{"I32AddShl 3 0 1 1", "Return1 3"}));
  Instance* inst = h.load("lowering");
  ASSERT_TRUE(h.call(inst, "poke", {test::i32(12), test::i32(0x11223344)}));
  ASSERT_TRUE(h.call(inst, "poke", {test::i32(0), test::i32(0x55667788)}));
  // base 4, index 1: 4 + (1 << 2) + offset 4 = 12.
  EXPECT_EQ(h.one(inst, "load_indexed", {test::i32(4), test::i32(1)}).i32, 0x11223344u);
  // The add wraps at 2^32 (0xFFFFFFF8 + 4 = 0xFFFFFFFC, + offset 4 = 2^32:
  // out of bounds, the offset does not wrap) ...
  EXPECT_EQ(h.trap(inst, "load_indexed", {test::i32(-8), test::i32(1)}), TrapCode::MemoryOutOfBounds);
  // ... and 0xFFFFFFF8 + (3 << 2) = 4, + 4 = 8, which holds 0.
  EXPECT_EQ(h.one(inst, "load_indexed", {test::i32(-8), test::i32(3)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "load_sum", {test::i32(10), test::i32(3)}).i32, 0x33u);
  EXPECT_EQ(h.one(inst, "load_sum", {test::i32(-1), test::i32(1)}).i32, 0x88u);  // wraps to 0
  EXPECT_EQ(h.trap(inst, "load_sum", {test::i32(65535), test::i32(1)}), TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(h.call(inst, "store_indexed",
                     {test::i32(8), test::i32(2), test::i64(0x0102030405060708ull)}));
  EXPECT_EQ(h.one(inst, "peek", {test::i32(32)}).i32, 0x05060708u);  // 8 + 16 + 8
  EXPECT_EQ(h.one(inst, "peek", {test::i32(36)}).i32, 0x01020304u);
  EXPECT_EQ(h.trap(inst, "store_indexed", {test::i32(65536 - 15), test::i32(0), test::i64(1)}),
            TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(h.one(inst, "add_shift", {test::i32(1), test::i32(0x80000001)}).i32, 3u);
}

TEST_F(Lowered, ConstantAddressIsTheZeroSlotPlusTheConstant) {
  // No parameters: slot 0 is the zero slot, 1 the first home.
  EXPECT_EQ(listing("load_const"), (std::vector<std::string>{"I32Load 1 0 8 4", "Return1 1"}));
  EXPECT_EQ(listing("store_const"), (std::vector<std::string>{"I32Store 1 0 16 0", "Return0"}));
  Instance* inst = h.load("lowering");
  ASSERT_TRUE(h.call(inst, "poke", {test::i32(12), test::i32(77)}));
  EXPECT_EQ(h.one(inst, "load_const").i32, 77u);
  ASSERT_TRUE(h.call(inst, "store_const", {test::i32(99)}));
  EXPECT_EQ(h.one(inst, "peek", {test::i32(16)}).i32, 99u);
  // 0xFFFFFFFF + offset 1 is 2^32, past the end: the offset does not wrap.
  EXPECT_EQ(h.trap(inst, "load_const_past_end"), TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, FlagTestFusesWithTheBranch) {
  EXPECT_EQ(listing("test_flag")[0], "BrIfAndImmEqz 0 4 6");
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "test_flag", {test::i32(4)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "test_flag", {test::i32(-1)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "test_flag", {test::i32(3)}).i32, 0u);
}

TEST_F(Lowered, FloatCompareFusesWithTheBranch) {
  EXPECT_EQ(listing("br_if_f64_gt")[0], "BrIfF64Lt 1 0 6");  // a > b is b < a
  EXPECT_EQ(listing("if_f32_ne")[0], "BrIfF32Eq 0 1 6");
  Instance* inst = h.load("lowering");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double values[] = {-1.5, -0.0, 0.0, 2.0, nan};
  for (const char* type : {"f32", "f64"}) {
    for (const char* cmp : {"eq", "ne", "lt", "gt", "le", "ge"}) {
      for (double a : values) {
        for (double b : values) {
          std::string c = cmp;
          bool expected = c == "eq" ? a == b : c == "ne" ? a != b : c == "lt" ? a < b
                        : c == "gt" ? a > b : c == "le" ? a <= b : a >= b;
          std::vector<Value> args = std::string(type) == "f32"
              ? std::vector<Value>{Value::fromF32(static_cast<float>(a)), Value::fromF32(static_cast<float>(b))}
              : std::vector<Value>{Value::fromF64(a), Value::fromF64(b)};
          for (const char* form : {"if_", "br_if_"}) {
            std::string name = std::string(form) + type + "_" + cmp;
            EXPECT_EQ(h.one(inst, name, args).i32, expected ? 1u : 0u) << name << " " << a << " " << b;
            name = std::string(form) + "not_" + type + "_" + cmp;  // i32.eqz of the compare
            EXPECT_EQ(h.one(inst, name, args).i32, expected ? 0u : 1u) << name << " " << a << " " << b;
          }
        }
      }
    }
  }
}

TEST_F(Lowered, EqzOfACompareFusesWithTheBranch) {
  EXPECT_EQ(listing("if_not_i32_lt_s")[0], "BrIfI32LtS 0 1 6");
  EXPECT_EQ(listing("br_if_not_i32_lt_s")[0], "BrIfI32GeS 0 1 6");
  EXPECT_EQ(listing("br_if_not_f64_lt")[0], "BrIfNotF64Lt 0 1 6");
  EXPECT_EQ(listing("if_not_f64_gt")[0], "BrIfF64Lt 1 0 6");
  EXPECT_EQ(listing("flag_clear")[0], "BrIfGlobalEqz 0 6");
  Instance* inst = h.load("lowering");
  for (int32_t a : {-3, 0, 5}) {
    for (int32_t b : {-3, 0, 5}) {
      EXPECT_EQ(h.one(inst, "if_not_i32_lt_s", {test::i32(a), test::i32(b)}).i32, a < b ? 0u : 1u);
      EXPECT_EQ(h.one(inst, "br_if_not_i32_lt_s", {test::i32(a), test::i32(b)}).i32, a < b ? 0u : 1u);
      bool geu = static_cast<uint32_t>(a) >= static_cast<uint32_t>(b);
      EXPECT_EQ(h.one(inst, "if_not_i32_ge_u", {test::i32(a), test::i32(b)}).i32, geu ? 0u : 1u);
      EXPECT_EQ(h.one(inst, "br_if_not_i32_ge_u", {test::i32(a), test::i32(b)}).i32, geu ? 0u : 1u);
    }
  }
  EXPECT_EQ(h.one(inst, "flag_clear").i32, 1u);
  ASSERT_TRUE(h.call(inst, "set_flag", {test::i32(2)}));
  EXPECT_EQ(h.one(inst, "flag_clear").i32, 0u);
}

TEST_F(Lowered, MultiplyAddIsOneInstruction) {
  EXPECT_EQ(listing("mul_add"), (std::vector<std::string>{"I32MulAdd 4 0 1 2", "Return1 4"}));
  EXPECT_EQ(listing("mul_add64"), (std::vector<std::string>{"I64MulAdd 4 0 1 2", "Return1 4"}));
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "mul_add", {test::i32(0x10001), test::i32(0x10001), test::i32(5)}).i32,
            0x20006u);  // the product wraps at 2^32
  EXPECT_EQ(h.one(inst, "mul_add64", {test::i64(1ull << 33), test::i64(1ull << 31), test::i64(7)}).i64,
            7u);  // 2^64 wraps to 0
}

TEST_F(Lowered, ShiftsRotatesAndMasksFuse) {
  EXPECT_EQ(listing("xor_shl")[0], "I32XorShl 3 0 1 5");  // 37 mod 32
  EXPECT_EQ(listing("xor_shr_u")[0], "I32XorShrU 3 0 1 7");
  EXPECT_EQ(listing("add_shr_u64")[0], "I64AddShrU 3 0 1 51");
  EXPECT_EQ(listing("xor_rotl")[0], "I32XorRotl 3 0 1 16");
  EXPECT_EQ(listing("xor_rotr")[0], "I32XorRotl 3 0 1 25");
  EXPECT_EQ(listing("xor_rotr64")[0], "I64XorRotl 3 0 1 40");
  EXPECT_EQ(listing("xor_rotl64_0")[0], "I64XorRotl 3 0 1 0");
  EXPECT_EQ(listing("bit_field")[0], "I32ShrUAnd 2 0 10 63");
  EXPECT_EQ(listing("bit_field64")[0], "I64ShrUAnd 2 0 36 -1048561 255");
  Instance* inst = h.load("lowering");
  const uint64_t samples[] = {0, 1, 0x80000000u, 0xDEADBEEFu, 0x0123456789ABCDEFull, ~0ull};
  for (uint64_t x : samples) {
    for (uint64_t y : samples) {
      uint32_t a = static_cast<uint32_t>(x), b = static_cast<uint32_t>(y);
      EXPECT_EQ(h.one(inst, "xor_shl", {test::i32(a), test::i32(b)}).i32, a ^ (b << 5));
      EXPECT_EQ(h.one(inst, "xor_shr_u", {test::i32(a), test::i32(b)}).i32, a ^ (b >> 7));
      EXPECT_EQ(h.one(inst, "add_shr_u64", {test::i64(x), test::i64(y)}).i64, x + (y >> 51));
      EXPECT_EQ(h.one(inst, "xor_rotl", {test::i32(a), test::i32(b)}).i32, std::rotl(a ^ b, 16));
      EXPECT_EQ(h.one(inst, "xor_rotr", {test::i32(a), test::i32(b)}).i32, std::rotr(a ^ b, 7));
      EXPECT_EQ(h.one(inst, "xor_rotr64", {test::i64(x), test::i64(y)}).i64, std::rotr(x ^ y, 24));
      EXPECT_EQ(h.one(inst, "xor_rotl64_0", {test::i64(x), test::i64(y)}).i64, x ^ y);
    }
    EXPECT_EQ(h.one(inst, "bit_field", {test::i32(static_cast<uint32_t>(x))}).i32,
              (static_cast<uint32_t>(x) >> 10) & 0x3F);
    EXPECT_EQ(h.one(inst, "bit_field64", {test::i64(x)}).i64, (x >> 36) & 0xFFFFF0000Full);
  }
}

TEST_F(Lowered, ArithmeticChainsUseTheAccumulator) {
  EXPECT_EQ(listing("acc_chain"),
            (std::vector<std::string>{"I32AddImm 3 0 5", "I32XorAcc 3 3 1", "Return1 3"}));
  EXPECT_EQ(listing("acc_swapped")[1], "I32AndAcc 3 4 1");
  EXPECT_EQ(listing("acc_not_second")[1], "I32Sub 3 1 4");
  EXPECT_EQ(listing("acc_through_local")[1], "I32MulImmAcc 4 2 3");
  EXPECT_EQ(listing("acc_not_across_label")[1], "I32MulImm 1 1 2");
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "acc_chain", {test::i32(10), test::i32(6)}).i32, 15u ^ 6u);
  EXPECT_EQ(h.one(inst, "acc_swapped", {test::i32(6), test::i32(5)}).i32, 7u & 5u);
  EXPECT_EQ(h.one(inst, "acc_not_second", {test::i32(6), test::i32(5)}).i32, 5u - 7u);
  EXPECT_EQ(h.one(inst, "acc_through_local", {test::i32(6), test::i32(5)}).i32, 33u);
  // (3 + 1) doubled 3 times; a stale acc (the loop's i32.sub) would differ.
  EXPECT_EQ(h.one(inst, "acc_not_across_label", {test::i32(3)}).i32, 32u);
}

// The operand a removed instruction read from acc is read from acc by the
// fused instruction too, so a chain still skips the round trip through
// memory (a store, then a load of it right after), which costs several
// times a dispatch on some cores.
TEST_F(Lowered, FusedInstructionsReadTheAccumulator) {
  // Built with EMBER_INTERP_SUPERINSTRUCTIONS only; the plain fused form
  // without it.
  auto form = [](std::string line) {
    if (!EMBER_INTERP_SUPERINSTRUCTIONS) line.erase(line.find("Acc "), 3);
    return line;
  };
  EXPECT_EQ(listing("acc_add_shl")[1], form("I32AddShlAcc 3 0 4 3"));
  EXPECT_EQ(listing("acc_mul_add")[1], form("I32MulAddAcc 4 4 1 2"));
  EXPECT_EQ(listing("acc_mul_add64")[1], form("I64MulAddAcc 4 4 1 2"));
  EXPECT_EQ(listing("acc_xor_shl")[1], form("I32XorShlAcc 3 0 4 9"));
  EXPECT_EQ(listing("acc_xor_shr_u")[1], form("I32XorShrUAcc 3 0 4 9"));
  EXPECT_EQ(listing("acc_add_shr_u64")[1], form("I64AddShrUAcc 3 0 4 32"));
  EXPECT_EQ(listing("acc_xor_rotl")[1], form("I32XorRotlAcc 3 3 1 16"));
  EXPECT_EQ(listing("acc_xor_rotr64")[1], form("I64XorRotlAcc 3 4 1 40"));
  EXPECT_EQ(listing("acc_bit_field")[1], form("I32ShrUAndAcc 2 2 4 255"));
  EXPECT_EQ(listing("acc_bit_field64")[1], form("I64ShrUAndAcc 2 2 36 1048575 0"));
  Instance* inst = h.load("lowering");
  const uint64_t samples[] = {0, 1, 0x7FFFFFFFu, 0xDEADBEEFu, 0x0123456789ABCDEFull, ~0ull};
  for (uint64_t x : samples) {
    uint32_t a = static_cast<uint32_t>(x);
    for (uint64_t y : samples) {
      uint32_t b = static_cast<uint32_t>(y);
      EXPECT_EQ(h.one(inst, "acc_add_shl", {test::i32(a), test::i32(b)}).i32, a + ((b + 2) << 3));
      EXPECT_EQ(h.one(inst, "acc_mul_add", {test::i32(a), test::i32(b), test::i32(b ^ 5)}).i32,
                (a + 3) * b + (b ^ 5));
      EXPECT_EQ(h.one(inst, "acc_mul_add64", {test::i64(x), test::i64(y), test::i64(~y)}).i64,
                (x + 3) * y + ~y);
      EXPECT_EQ(h.one(inst, "acc_xor_shl", {test::i32(a), test::i32(b)}).i32, a ^ ((b - 1) << 9));
      EXPECT_EQ(h.one(inst, "acc_xor_shr_u", {test::i32(a), test::i32(b)}).i32, a ^ ((b * 3) >> 9));
      EXPECT_EQ(h.one(inst, "acc_add_shr_u64", {test::i64(x), test::i64(y)}).i64, x + ((y * 5) >> 32));
      EXPECT_EQ(h.one(inst, "acc_xor_rotl", {test::i32(a), test::i32(b)}).i32, std::rotl((a + 1) ^ b, 16));
      EXPECT_EQ(h.one(inst, "acc_xor_rotr64", {test::i64(x), test::i64(y)}).i64, std::rotr((x + 1) ^ y, 24));
    }
    EXPECT_EQ(h.one(inst, "acc_bit_field", {test::i32(a)}).i32, ((a * 7) >> 4) & 0xFF);
    EXPECT_EQ(h.one(inst, "acc_bit_field64", {test::i64(x)}).i64, ((x + 7) >> 36) & 0xFFFFF);
  }
}

TEST_F(Lowered, GlobalTestedByABranch) {
  EXPECT_EQ(listing("flag_set")[0], "BrIfGlobalNez 0 6");
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "flag_set").i32, 0u);
  ASSERT_TRUE(h.call(inst, "set_flag", {test::i32(-1)}));
  EXPECT_EQ(h.one(inst, "flag_set").i32, 1u);
}

// Inlining comes with EMBER_INTERP_SUPERINSTRUCTIONS only.
constexpr bool kInlining = EMBER_INTERP_SUPERINSTRUCTIONS;

bool hasCall(const std::vector<std::string>& lines) {
  for (const std::string& line : lines)
    if (line.starts_with("Call")) return true;
  return false;
}

TEST_F(Lowered, SmallFunctionsRunInline) {
  for (const char* name :
       {"inline_mul_add", "inline_second", "inline_nothing", "call_branchy", "call_loop", "call_early"}) {
    SCOPED_TRACE(name);
    bool inlined = kInlining && std::string(name) != "call_early";
    EXPECT_EQ(hasCall(listing(name)), !inlined);
  }
  if (kInlining) {
    // $x is slot 0, $y 1, the zero slot 2; the callee's frame starts at 3.
    // Its $a is read from $x until it writes it (to 3), its $c (a zero
    // constant) and unwritten $t from the zero slot, and the last add
    // writes the result where the call leaves it.
    EXPECT_EQ(listing("inline_mul_add"),
              (std::vector<std::string>{"I64MulAdd 3 0 1 2", "Copy 6 2", "I64Add 3 3 6",
                                        "I64Add 3 3 0", "Return1 3"}));
    EXPECT_EQ(listing("inline_second"),
              (std::vector<std::string>{"Const32 3 7", "Copy 3 1", "I32Sub 3 3 0", "Return1 3"}));
    EXPECT_EQ(listing("inline_nothing"), (std::vector<std::string>{"Return1 0"}));
    // $x is slot 0, the zero slot 1, the callee's frame starts at 2: its
    // $p and $t (both written on one path) start as copies of $x and of
    // zero; its result (slot 5) is copied to where the call's goes.
    EXPECT_EQ(listing("call_branchy"),
              (std::vector<std::string>{"Copy 2 0", "Copy 3 1", "BrIfEqz 2 8", "I32AddImm 2 2 100",
                                        "Const32 3 5", "I32Add 5 2 3", "Copy 2 5", "I32Add 2 2 0",
                                        "Return1 2"}));
    // The loop's branches keep their offsets.
    EXPECT_EQ(listing("call_loop"),
              (std::vector<std::string>{"Copy 2 0", "Copy 3 1", "BrIfEqz 2 11", "I32SubImm 2 2 1",
                                        "I32AddAcc 3 2 3", "Br -12", "Copy 2 3", "I32Add 2 2 0",
                                        "Return1 2"}));
  }
  Instance* inst = h.load("lowering");
  for (uint64_t x : {0ull, 3ull, 0x123456789ull, ~0ull}) {
    uint64_t y = x * 7 + 5;
    EXPECT_EQ(h.one(inst, "inline_mul_add", {test::i64(x), test::i64(y)}).i64, x * y + x);
    EXPECT_EQ(h.one(inst, "inline_second", {test::i32(uint32_t(x)), test::i32(uint32_t(y))}).i32,
              uint32_t(y) - uint32_t(x));
    EXPECT_EQ(h.one(inst, "inline_nothing", {test::i32(uint32_t(y))}).i32, uint32_t(y));
  }
  EXPECT_EQ(h.one(inst, "call_branchy", {test::i32(0)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "call_branchy", {test::i32(5)}).i32, 115u);
  EXPECT_EQ(h.one(inst, "call_loop", {test::i32(0)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "call_loop", {test::i32(5)}).i32, 15u);
  EXPECT_EQ(h.one(inst, "call_early", {test::i32(0)}).i32, 12u);
  EXPECT_EQ(h.one(inst, "call_early", {test::i32(5)}).i32, 11u);
}

TEST_F(Lowered, ConstantAddsFoldIntoOne) {
  // $frame is slot 0, the zero slot 1, the result's home 2.
  std::vector<std::string> folded{"I32Load8U 2 0 4000 0", "Return1 2"};
  std::vector<std::string> plain{"I32AddImm 2 0 2147483647", "I32Load8U 2 2 -2147479647 0",
                                 "Return1 2"};
  EXPECT_EQ(listing("field_load"), kCounterFusion ? folded : plain);
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "field_load", {test::i32(0)}).i32, 42u);
  EXPECT_EQ(h.one(inst, "field_load", {test::i32(1)}).i32, 0u);
}

TEST_F(Lowered, CarryIsOneInstruction) {
  // Parameters are slots 0-3, $lo 4, the zero slot 5, the stack from 6.
  std::vector<std::string> fused{"I64Add 4 0 2", "I64Add 6 1 3", "I64AddLtU 6 4 0 6", "Return1 6"};
  std::vector<std::string> plain{"I64Add 4 0 2", "I64Add 6 1 3", "I64LtU 7 4 0",
                                 "I64ExtendI32U 7 7", "I64Add 6 6 7", "Return1 6"};
  EXPECT_EQ(listing("add_carry"), kCounterFusion ? fused : plain);
  std::vector<std::string> eqz{"I32Eqz 2 0", "Return1 2"};
  if (kCounterFusion) {
    EXPECT_EQ(listing("eqz_wide"), eqz);
  }
  EXPECT_EQ(listing("sum_wide").size(), 3u);  // a sum is extended
  Instance* inst = h.load("lowering");
  auto addCarry = [&](uint64_t alo, uint64_t ahi, uint64_t blo, uint64_t bhi) {
    return h.one(inst, "add_carry", {test::i64(alo), test::i64(ahi), test::i64(blo), test::i64(bhi)})
        .i64;
  };
  EXPECT_EQ(addCarry(~0ull, 5, 1, 7), 13u);
  EXPECT_EQ(addCarry(~0ull, 5, 0, 7), 12u);
  EXPECT_EQ(addCarry(1ull << 63, ~0ull, 1ull << 63, 0), 0u);
  EXPECT_EQ(h.one(inst, "eqz_wide", {test::i32(0)}).i64, 1u);
  EXPECT_EQ(h.one(inst, "eqz_wide", {test::i32(9)}).i64, 0u);
  EXPECT_EQ(h.one(inst, "sum_wide", {test::i32(0x7FFFFFFF), test::i32(1)}).i64, 0xFFFFFFFF80000000ull);
}

TEST_F(Lowered, AddOfALoadIsOneInstruction) {
  // $p is slot 0, $x 1, the zero slot 2, the stack from 3.
  if (kCounterFusion) {
    EXPECT_EQ(listing("add_load64"), (std::vector<std::string>{"I64AddLoad 3 1 0 0 8", "Return1 3"}));
    EXPECT_EQ(listing("add_load32"), (std::vector<std::string>{"I32AddLoad 3 1 0 0 4000", "Return1 3"}));
  }
  Instance* inst = h.load("lowering");
  // 4000 holds 0x2a (field_load's data); 8..15 are zero.
  EXPECT_EQ(h.one(inst, "add_load32", {test::i32(0), test::i32(0xFFFFFFF0u)}).i32, 0x1Au);
  EXPECT_EQ(h.one(inst, "add_load64", {test::i32(3992), test::i64(~0ull)}).i64, 0x29u);
  EXPECT_EQ(h.trap(inst, "add_load64", {test::i32(65530), test::i64(1)}), TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, FloatOpOfALoadIsOneInstruction) {
  if (kCounterFusion) {
    EXPECT_EQ(listing("mul_load_f64"), (std::vector<std::string>{"F64MulLoad 3 1 0 0 8", "Return1 3"}));
    EXPECT_EQ(listing("add_load_f32"), (std::vector<std::string>{"F32AddLoad 3 1 0 0 4000", "Return1 3"}));
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "mul_load_f64", {test::i32(4088), test::f64(3.0)}).f64,
            test::f64(4.5).f64);  // 3 * 1.5
  EXPECT_EQ(h.one(inst, "add_load_f32", {test::i32(104), test::f32(0.25f)}).f32,
            test::f32(2.75f).f32);
  EXPECT_EQ(h.trap(inst, "mul_load_f64", {test::i32(65530), test::f64(1.0)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(h.trap(inst, "add_load_f32", {test::i32(0xFFFFFFFFu), test::f32(1.0f)}),
            TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, IntegerDotProductStepIsOneInstruction) {
  if (kCounterFusion) {
    EXPECT_EQ(listing("mul_load32"), (std::vector<std::string>{"I32MulLoad 3 1 0 0 4", "Return1 3"}));
    EXPECT_EQ(listing("dot_step"), (std::vector<std::string>{"I32MulLoadAdd 4 1 0 0 0 2", "Return1 4"}));
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "mul_load32", {test::i32(4196), test::i32(6)}).i32, 42u);
  EXPECT_EQ(h.one(inst, "mul_load32", {test::i32(4196), test::i32(0x80000000u)}).i32, 0x80000000u);
  EXPECT_EQ(h.one(inst, "dot_step", {test::i32(4200), test::i32(3), test::i32(100)}).i32, 121u);
  EXPECT_EQ(h.one(inst, "dot_step", {test::i32(4200), test::i32(-1), test::i32(0)}).i32, uint32_t(-7));
  EXPECT_EQ(h.trap(inst, "mul_load32", {test::i32(65532), test::i32(1)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(h.trap(inst, "dot_step", {test::i32(65533), test::i32(1), test::i32(0)}),
            TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, NotAndIsOneInstruction) {
  // $a is slot 0, $b 1, the zero slot 2, the stack from 3.
  if (kCounterFusion) {
    EXPECT_EQ(listing("and_not32"), (std::vector<std::string>{"I32AndNot 3 0 1", "Return1 3"}));
    EXPECT_EQ(listing("and_not64"), (std::vector<std::string>{"I64AndNot 3 0 1", "Return1 3"}));
    EXPECT_EQ(listing("and_not_product"),
              (std::vector<std::string>{"I32MulImm 4 1 5", "I32AndNot 3 0 4", "Return1 3"}));
  }
  EXPECT_EQ(listing("and_xor").size(), 3u);  // xor, and, return
  Instance* inst = h.load("lowering");
  auto call = [&](const char* name, uint32_t a, uint32_t b) {
    return h.one(inst, name, {test::i32(a), test::i32(b)}).i32;
  };
  EXPECT_EQ(call("and_not32", 0xFF00FF00u, 0x0FF00FF0u), 0xF000F000u);
  EXPECT_EQ(h.one(inst, "and_not64", {test::i64(0xFFFF0000FFFF0000ull), test::i64(0x00FFFF0000FFFF00ull)}).i64,
            0xFF000000FF000000ull);
  EXPECT_EQ(call("and_not_product", 0xFFFFu, 0x0303u), 0xF0F0u);  // ~(b * 5) = ~0x0F0F
  EXPECT_EQ(call("and_xor", 0xFFFFFFFFu, 0x0000FFFFu), 0x7FFF0000u);
}

TEST_F(Lowered, ConstantMinusValueIsOneInstruction) {
  // $x is slot 0, the zero slot 1, the stack from 2.
  if (kCounterFusion) {
    EXPECT_EQ(listing("rsub32"), (std::vector<std::string>{"I32RSubImm 2 0 122", "Return1 2"}));
    EXPECT_EQ(listing("rsub64"), (std::vector<std::string>{"I64RSubImm 2 0 0 0", "Return1 2"}));
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "rsub32", {test::i32(5)}).i32, 117u);
  EXPECT_EQ(h.one(inst, "rsub32", {test::i32(200)}).i32, 0xFFFFFFB2u);
  EXPECT_EQ(h.one(inst, "rsub64", {test::i64(3)}).i64, ~uint64_t{2});
}

TEST_F(Lowered, ConstantShiftedByAValueIsOneInstruction) {
  // $x is slot 0, the zero slot 1, the stack from 2.
  if (kCounterFusion) {
    EXPECT_EQ(listing("rshl32"), (std::vector<std::string>{"I32RShlImm 2 0 1", "Return1 2"}));
    EXPECT_EQ(listing("rshl64"), (std::vector<std::string>{"I64RShlImm 2 0 3 0", "Return1 2"}));
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "rshl32", {test::i32(5)}).i32, 32u);
  EXPECT_EQ(h.one(inst, "rshl32", {test::i32(33)}).i32, 2u);  // 33 mod 32
  EXPECT_EQ(h.one(inst, "rshl32", {test::i32(31)}).i32, 0x80000000u);
  EXPECT_EQ(h.one(inst, "rshl64", {test::i64(62)}).i64, 0xC000000000000000ull);
  EXPECT_EQ(h.one(inst, "rshl64", {test::i64(65)}).i64, 6u);  // 65 mod 64
}

TEST_F(Lowered, RangeCheckIsOneInstruction) {
  // $c is slot 0 ($n slot 1), the zero slot follows, then the stack.
  if (kCounterFusion) {
    EXPECT_EQ(listing("is_lower"), (std::vector<std::string>{"I32AddLtUImm 2 0 -97 26", "Return1 2"}));
    EXPECT_EQ(listing("count_digit"),
              (std::vector<std::string>{"I32AddLtUImm 4 0 -48 10", "I32AddAcc 3 4 1", "Return1 3"}));
    EXPECT_EQ(listing("scaled_in_range"), (std::vector<std::string>{"I32MulImm 2 0 3",
                                                                    "I32AddLtUImmAcc 2 2 5 100", "Return1 2"}));
    EXPECT_EQ(listing("branch_on_range")[0], "BrIfAddI32LtUImm 2 0 -48 10 6");
  }
  Instance* inst = h.load("lowering");
  for (uint32_t c : {0u, 96u, 97u, 122u, 123u, 0xFFFFFFFFu})
    EXPECT_EQ(h.one(inst, "is_lower", {test::i32(c)}).i32, c - 97 < 26) << c;
  EXPECT_EQ(h.one(inst, "count_digit", {test::i32('7'), test::i32(4)}).i32, 5u);
  EXPECT_EQ(h.one(inst, "count_digit", {test::i32('a'), test::i32(4)}).i32, 4u);
  EXPECT_EQ(h.one(inst, "count_digit", {test::i32('/'), test::i32(4)}).i32, 4u);
  for (uint32_t x : {0u, 31u, 32u, 0x55555554u, 0xFFFFFFFFu})
    EXPECT_EQ(h.one(inst, "scaled_in_range", {test::i32(x)}).i32, x * 3 + 5 < 100) << x;
  for (uint32_t c : {47u, 48u, 57u, 58u, 0u})
    EXPECT_EQ(h.one(inst, "branch_on_range", {test::i32(c)}).i32, c - 48 < 10) << c;
}

TEST_F(Lowered, BranchOnALoadIsOneInstruction) {
  if (kCounterFusion) {
    EXPECT_EQ(listing("strlen")[0], "BrIfLoad8UEqz 0 0 0 11");
    EXPECT_EQ(listing("if_loaded")[0], "BrIfLoadEqz 0 0 4 6");
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "strlen", {test::i32(300)}).i32, 5u);
  EXPECT_EQ(h.one(inst, "strlen", {test::i32(305)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "if_loaded", {test::i32(4196)}).i32, 1u);  // the 7 at 4200
  EXPECT_EQ(h.one(inst, "if_loaded", {test::i32(0)}).i32, 2u);
  // A trap names the load (body offset 9), not the br_if after it.
  auto trap = h.call(inst, "strlen", {test::i32(65536)});
  ASSERT_FALSE(trap);
  EXPECT_EQ(trap.error().trap()->code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(trap.error().trap()->backtrace.at(0).funcOffset, 9u);
  EXPECT_EQ(h.trap(inst, "if_loaded", {test::i32(65532)}), TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, StoreAddressAddFoldsPastTheLoad) {
  // $d is slot 0, $s 1, the zero slot 2, the stack from 3.
  if (kCounterFusion) {
    EXPECT_EQ(listing("copy_byte"),
              (std::vector<std::string>{"I32Load8U 4 1 0 4", "I32Store8 0 4 8 0", "Return0"}));
    // The load reads the add's result: the add stays.
    EXPECT_EQ(listing("copy_field_aliased")[0], "I32AddImm 3 0 8");
  }
  Instance* inst = h.load("lowering");
  ASSERT_TRUE(h.call(inst, "copy_byte", {test::i32(208), test::i32(4196)}));  // the 7 at 4200
  EXPECT_EQ(h.one(inst, "mul_load32", {test::i32(212), test::i32(1)}).i32, 7u);
  EXPECT_EQ(h.trap(inst, "copy_byte", {test::i32(65528), test::i32(0)}), TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, FieldCopyIsOneInstruction) {
  if (kCounterFusion) {
    EXPECT_EQ(listing("copy_field"), (std::vector<std::string>{"I32LoadStore 1 0 4 0 8 0", "Return0"}));
    EXPECT_EQ(listing("copy_field64"), (std::vector<std::string>{"I64LoadStore 1 0 0 0 0 16", "Return0"}));
  }
  Instance* inst = h.load("lowering");
  ASSERT_TRUE(h.call(inst, "copy_field", {test::i32(200), test::i32(4196)}));  // copies the 7 at 4200
  EXPECT_EQ(h.one(inst, "mul_load32", {test::i32(204), test::i32(1)}).i32, 7u);
  ASSERT_TRUE(h.call(inst, "copy_field64", {test::i32(284), test::i32(4096)}));  // f64 1.5 to 300
  EXPECT_EQ(h.one(inst, "mul_load_f64", {test::i32(292), test::f64(2.0)}).f64, test::f64(3.0).f64);
  // A trap names the operator that failed: the load (body offset 8), or
  // the store three bytes later.
  auto loadTrap = h.call(inst, "copy_field", {test::i32(0), test::i32(65534)});
  auto storeTrap = h.call(inst, "copy_field", {test::i32(65530), test::i32(0)});
  ASSERT_FALSE(loadTrap);
  ASSERT_FALSE(storeTrap);
  const TrapFrameInfo& atLoad = loadTrap.error().trap()->backtrace.at(0);
  const TrapFrameInfo& atStore = storeTrap.error().trap()->backtrace.at(0);
  EXPECT_EQ(atLoad.funcOffset, 8u);
  EXPECT_EQ(atStore.funcOffset, atLoad.funcOffset + 3);
  EXPECT_EQ(atStore.moduleOffset, atLoad.moduleOffset + 3);
  EXPECT_EQ(h.trap(inst, "copy_field64", {test::i32(65520), test::i32(0)}), TrapCode::MemoryOutOfBounds);
}

TEST_F(Lowered, AddOfAConstantFusesIntoShiftAndAnd) {
  if (kCounterFusion) {
    EXPECT_EQ(listing("add_shr"), (std::vector<std::string>{"I32AddShrUImm 2 0 -97 8", "Return1 2"}));
    EXPECT_EQ(listing("add_and"), (std::vector<std::string>{"I32AddAnd 3 0 65 1", "Return1 3"}));
  }
  Instance* inst = h.load("lowering");
  for (uint32_t c : {0u, 96u, 97u, 98u, 0xFFFFFFFFu})
    EXPECT_EQ(h.one(inst, "add_shr", {test::i32(c)}).i32, (c - 97) >> 8) << c;
  for (uint32_t x : {0u, 0xFFFFFFBEu, 0xFFFFFFBFu, 12345u})
    EXPECT_EQ(h.one(inst, "add_and", {test::i32(x), test::i32(0xF0F0F0F0u)}).i32, (x + 65) & 0xF0F0F0F0u) << x;
}

TEST_F(Lowered, SumAndRotatedXorAreOneInstruction) {
  // $a is slot 0, $b 1, $d 2, the zero slot 3, the stack from 4.
  if (kCounterFusion) {
    EXPECT_EQ(listing("round_step")[0], "I32AddXorRotl 2 2 0 0 1 16");
    EXPECT_EQ(listing("round_step_acc"),
              (std::vector<std::string>{"I32MulImm 4 0 3", "I32AddXorRotlAcc 4 2 0 4 1 25", "Return1 4"}));
  }
  Instance* inst = h.load("lowering");
  auto rotl = [](uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
  for (uint32_t a : {0u, 1u, 0x80000001u, 0xDEADBEEFu}) {
    uint32_t b = a * 7 + 3, d = ~a;
    uint32_t sum = a + b;
    EXPECT_EQ(h.one(inst, "round_step", {test::i32(a), test::i32(b), test::i32(d)}).i32,
              sum - rotl(d ^ sum, 16)) << a;
    uint32_t scaled = a * 3 + b;
    EXPECT_EQ(h.one(inst, "round_step_acc", {test::i32(a), test::i32(b), test::i32(d)}).i32,
              rotl(scaled ^ d, 25)) << a;
  }
}

TEST_F(Lowered, StridedLoopTestIsOneBranch) {
  // $step is slot 0, $k 1, $count 2; the loop starts with the count's
  // I32AddImm (four words), so the branch at word 4 jumps back by 9.
  if (kCounterFusion) {
    EXPECT_EQ(listing("strided_unsigned")[1], "BrIfStepI32LtUImm 1 1 0 100 -9");
    EXPECT_EQ(listing("strided_signed")[1], "BrIfStepI32GeSImm 1 0 1 -5 -9");
  }
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "strided_unsigned", {test::i32(10)}).i32, 10u);  // k = 10, 20, ..., 100
  EXPECT_EQ(h.one(inst, "strided_unsigned", {test::i32(7)}).i32, 15u);   // ..., 98, 105
  EXPECT_EQ(h.one(inst, "strided_unsigned", {test::i32(-1)}).i32, 1u);   // 0xFFFFFFFF is not < 100
  EXPECT_EQ(h.one(inst, "strided_signed", {test::i32(-1)}).i32, 6u);     // k = -1, ..., -6
  EXPECT_EQ(h.one(inst, "strided_signed", {test::i32(-7)}).i32, 1u);
}

TEST_F(Lowered, UnsignedDivisionByAConstantMultiplies) {
  // $x is slot 0, the zero slot 1, the stack from 2. The last two words
  // are ceil(2^64 / d).
  if (kCounterFusion) {
    EXPECT_EQ(listing("lcg"), (std::vector<std::string>{"I32MulImm 2 0 3877", "I32AddImmAcc 2 2 29573",
                                                        "I32RemUConstAcc 2 2 139968 1510210266 30685",
                                                        "Return1 2"}));
    EXPECT_EQ(listing("div_const"),
              (std::vector<std::string>{"I32DivUConst 2 0 10 -1717986918 429496729", "Return1 2"}));
    EXPECT_EQ(listing("div_one"), (std::vector<std::string>{"I32DivUImm 2 0 1", "Return1 2"}));
  }
  Instance* inst = h.load("lowering");
  for (uint32_t x : {0u, 1u, 36u, 139967u, 0x7FFFFFFFu, 0xFFFFFFFFu})
    EXPECT_EQ(h.one(inst, "lcg", {test::i32(x)}).i32, (x * 3877u + 29573u) % 139968u) << x;
  for (uint32_t x : {0u, 9u, 10u, 99999u, 0xFFFFFFFAu, 0xFFFFFFFFu})
    EXPECT_EQ(h.one(inst, "div_const", {test::i32(x)}).i32, x / 10) << x;
  EXPECT_EQ(h.one(inst, "div_one", {test::i32(0xFFFFFFFFu)}).i32, 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "rem_huge", {test::i32(0xFFFFFFFFu)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "rem_huge", {test::i32(0xFFFFFFFEu)}).i32, 0xFFFFFFFEu);
}

TEST_F(Lowered, NotOfAnAddChangesTheAdd) {
  // $x is slot 0, the zero slot 1, the stack from 2.
  if (kCounterFusion) {
    EXPECT_EQ(listing("not_add"), (std::vector<std::string>{"I32RSubImm 2 0 -6", "Return1 2"}));
    EXPECT_EQ(listing("not_sub64"), (std::vector<std::string>{"I64RSubImm 2 0 6 0", "Return1 2"}));
    EXPECT_EQ(listing("not_rsub"), (std::vector<std::string>{"I32AddImm 2 0 -91", "Return1 2"}));
    EXPECT_EQ(listing("not_acc"),
              (std::vector<std::string>{"I32XorImm 2 0 16321", "I32RSubImm 2 2 -2", "Return1 2"}));
  }
  Instance* inst = h.load("lowering");
  auto call = [&](const char* name, uint32_t x) { return h.one(inst, name, {test::i32(x)}).i32; };
  EXPECT_EQ(call("not_add", 7), 0xFFFFFFF3u);
  EXPECT_EQ(call("not_add", 0xFFFFFFFBu), 0xFFFFFFFFu);
  EXPECT_EQ(h.one(inst, "not_sub64", {test::i64(3)}).i64, 3u);
  EXPECT_EQ(h.one(inst, "not_sub64", {test::i64(100)}).i64, 0xFFFFFFFFFFFFFFA2ull);
  EXPECT_EQ(call("not_rsub", 65), 0xFFFFFFE6u);
  EXPECT_EQ(call("not_rsub", 200), 0x6Du);
  EXPECT_EQ(call("not_acc", 0), 0xFFFFC03Du);
  EXPECT_EQ(call("not_acc", 0x41), 0xFFFFC07Eu);
}

TEST_F(Lowered, LoweredCodeRuns) {
  Instance* inst = h.load("lowering");
  EXPECT_EQ(h.one(inst, "add_to_local", {test::i32(2), test::i32(40)}).i32, 42u);
  EXPECT_EQ(h.one(inst, "count", {test::i32(10)}).i32, 10u);
  EXPECT_EQ(h.one(inst, "count", {test::i32(-5)}).i32, 1u);
}

}  // namespace
}  // namespace ember

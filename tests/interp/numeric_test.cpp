// Exact numeric semantics (spec 4.3): numeric.h directly, and the same
// operators run through the interpreter in slot and immediate forms.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "runtime/interp/numeric.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

using namespace ember::interp;
using test::f32;
using test::f32bits;
using test::f64;
using test::f64bits;
using test::i32;
using test::i64;

constexpr uint32_t kIntMin32 = 0x80000000u;
constexpr uint64_t kIntMin64 = 0x8000000000000000ull;

TEST(Numeric, DivisionTrapsAndRemainderOfIntMin) {
  uint32_t out = 0;
  TrapCode trap = TrapCode::Unreachable;
  EXPECT_FALSE(divS<uint32_t>(1, 0, out, trap));
  EXPECT_EQ(trap, TrapCode::IntegerDivideByZero);
  EXPECT_FALSE(divS<uint32_t>(kIntMin32, 0xFFFFFFFFu, out, trap));
  EXPECT_EQ(trap, TrapCode::IntegerOverflow);
  ASSERT_TRUE(remS<uint32_t>(kIntMin32, 0xFFFFFFFFu, out, trap));
  EXPECT_EQ(out, 0u);
  ASSERT_TRUE(remS<uint32_t>(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, static_cast<uint32_t>(-1));  // sign of the dividend
  ASSERT_TRUE(divS<uint32_t>(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, static_cast<uint32_t>(-3));  // truncation toward zero
  EXPECT_FALSE(remU<uint32_t>(5, 0, out, trap));
}

// The portable 128-bit product (for hosts without a 128-bit type) is the
// native one, over carries out of every 32-bit half.
TEST(Numeric, Multiply128ByHalvesIsTheNativeProduct) {
  const uint64_t values[] = {0, 1, 0xFFFFFFFFull, 0x100000000ull, 0x7FFFFFFFFFFFFFFFull, ~0ull,
                             0x0123456789ABCDEFull, 0xFFFFFFFF00000001ull};
  for (uint64_t alo : values)
    for (uint64_t ahi : values)
      for (uint64_t blo : values) {
        uint64_t bhi = alo ^ ahi;
        U128 native = multiply128({alo, ahi}, {blo, bhi});
        U128 halves = multiply128ByHalves({alo, ahi}, {blo, bhi});
        EXPECT_EQ(native.lo, halves.lo);
        EXPECT_EQ(native.hi, halves.hi);
      }
  U128 allOnes = multiply128({~0ull, 0}, {~0ull, 0});  // (2^64 - 1)^2 = 2^128 - 2^65 + 1
  EXPECT_EQ(allOnes.lo, 1u);
  EXPECT_EQ(allOnes.hi, ~0ull - 1);
}

// Division by a constant through its magic number, against the divide
// instruction: divisors near powers of two and near 2^32, and dividends at
// the ends of the range, where an off-by-one in the magic would show.
TEST(Numeric, DivisionByMagicMatchesDivision) {
  std::vector<uint32_t> divisors, dividends = {0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF};
  for (uint32_t k = 1; k < 32; ++k)
    for (int64_t delta : {-1, 0, 1}) divisors.push_back(static_cast<uint32_t>((int64_t{1} << k) + delta));
  for (uint32_t d : {3u, 7u, 10u, 641u, 139968u, 6700417u, 1000000007u, 0xFFFFFFFFu}) divisors.push_back(d);
  uint32_t x = 12345;
  for (int i = 0; i < 64; ++i) dividends.push_back(x = x * 1103515245u + 12345u);
  for (uint32_t d : divisors) {
    if (d < 2) continue;
    uint64_t m = divisionMagic32(d);
    for (uint32_t a : {d - 1, d, d + 1, 2 * d - 1, 0xFFFFFFFF / d * d, 0xFFFFFFFF / d * d - 1})
      dividends.push_back(a);
    for (uint32_t a : dividends) {
      ASSERT_EQ(divUByMagic32(a, m), a / d) << a << " / " << d;
      ASSERT_EQ(remUByMagic32(a, m, d), a % d) << a << " % " << d;
    }
    dividends.resize(dividends.size() - 6);
  }
}

TEST(Numeric, MinMaxZerosAndNaN) {
  EXPECT_TRUE(std::signbit(fmin(0.0f, -0.0f)));
  EXPECT_TRUE(std::signbit(fmin(-0.0f, 0.0f)));
  EXPECT_FALSE(std::signbit(fmax(-0.0f, 0.0f)));
  EXPECT_FALSE(std::signbit(fmax(0.0, -0.0)));
  EXPECT_TRUE(std::isnan(fmin(1.0f, std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(fmax(std::numeric_limits<double>::quiet_NaN(), 1.0)));
  EXPECT_EQ(fmin(-1.0, 2.0), -1.0);
  EXPECT_EQ(fmax(-1.0f, 2.0f), 2.0f);
}

TEST(Numeric, NearestTiesToEven) {
  EXPECT_EQ(fnearest(0.5f), 0.0f);
  EXPECT_EQ(fnearest(1.5f), 2.0f);
  EXPECT_EQ(fnearest(2.5), 2.0);
  EXPECT_EQ(fnearest(-3.5), -4.0);
  EXPECT_TRUE(std::signbit(fnearest(-0.25)));
}

TEST(Numeric, RoundingQuietsSignalingNaN) {
  float snan = f32FromBits(0x7FA00000u);
  EXPECT_EQ(bitsOf(ffloor(snan)) & 0x00400000u, 0x00400000u);
  EXPECT_EQ(bitsOf(fnearest(snan)) & 0x00400000u, 0x00400000u);
}

TEST(Numeric, SignOperationsKeepNaNPayload) {
  float nan = f32FromBits(0x7FA12345u);  // signalling, with a payload
  EXPECT_EQ(bitsOf(fneg32(nan)), 0xFFA12345u);
  EXPECT_EQ(bitsOf(fabs32(f32FromBits(0xFFA12345u))), 0x7FA12345u);
  EXPECT_EQ(bitsOf(fcopysign32(nan, -1.0f)), 0xFFA12345u);
  EXPECT_EQ(bitsOf(fneg64(f64FromBits(0x7FF0000000000001ull))), 0xFFF0000000000001ull);
}

TEST(Numeric, TruncationBounds) {
  int32_t out = 0;
  TrapCode trap = TrapCode::Unreachable;
  EXPECT_TRUE(truncChecked<int32_t>(-2147483648.0f, out, trap));
  EXPECT_EQ(out, std::numeric_limits<int32_t>::min());
  EXPECT_FALSE(truncChecked<int32_t>(2147483648.0f, out, trap));
  EXPECT_EQ(trap, TrapCode::IntegerOverflow);
  EXPECT_TRUE(truncChecked<int32_t>(-2147483648.9, out, trap));
  EXPECT_FALSE(truncChecked<int32_t>(-2147483649.0, out, trap));
  EXPECT_FALSE(truncChecked<int32_t>(std::numeric_limits<float>::quiet_NaN(), out, trap));
  EXPECT_EQ(trap, TrapCode::InvalidConversionToInteger);
  uint32_t u = 0;
  EXPECT_TRUE(truncChecked<uint32_t>(-0.9, u, trap));
  EXPECT_EQ(u, 0u);
  EXPECT_FALSE(truncChecked<uint32_t>(-1.0, u, trap));
  EXPECT_TRUE(truncChecked<uint32_t>(4294967295.0, u, trap));
  uint64_t u64 = 0;
  EXPECT_FALSE(truncChecked<uint64_t>(18446744073709551616.0, u64, trap));
  EXPECT_TRUE(truncChecked<uint64_t>(18446744073709549568.0, u64, trap));
  int64_t s64 = 0;
  EXPECT_TRUE(truncChecked<int64_t>(-9223372036854775808.0f, s64, trap));
  EXPECT_FALSE(truncChecked<int64_t>(9223372036854775808.0, s64, trap));
}

TEST(Numeric, SaturatingTruncation) {
  EXPECT_EQ(truncSat<int32_t>(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(truncSat<int32_t>(3e9f), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(truncSat<int32_t>(-3e9f), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(truncSat<uint64_t>(-1.5), 0u);
  EXPECT_EQ(truncSat<uint64_t>(1e30), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(truncSat<uint32_t>(7.9f), 7u);
}

class NumericWasm : public ::testing::Test {
 protected:
  void SetUp() override { inst = h.load("numeric"); }
  test::Harness h;
  Instance* inst = nullptr;
};

TEST_F(NumericWasm, IntegerDivision) {
  EXPECT_EQ(h.one(inst, "i32.div_s", {i32(-7), i32(2)}).i32, static_cast<uint32_t>(-3));
  EXPECT_EQ(h.one(inst, "i32.div_u", {i32(-7), i32(2)}).i32, 0x7FFFFFFCu);
  EXPECT_EQ(h.one(inst, "i32.rem_s", {i32(kIntMin32), i32(-1)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "i32.rem_u", {i32(13), i32(5)}).i32, 3u);
  EXPECT_EQ(h.trap(inst, "i32.div_s", {i32(kIntMin32), i32(-1)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.trap(inst, "i32.div_u", {i32(1), i32(0)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(h.trap(inst, "i32.rem_s", {i32(1), i32(0)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(h.trap(inst, "i64.div_s", {i64(kIntMin64), i64(~0ull)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.one(inst, "i64.rem_s", {i64(kIntMin64), i64(~0ull)}).i64, 0u);
}

TEST_F(NumericWasm, ConstantDivisorsKeepTheirTraps) {
  EXPECT_EQ(h.trap(inst, "i32.div_s_by_minus1", {i32(kIntMin32)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.one(inst, "i32.div_s_by_minus1", {i32(5)}).i32, static_cast<uint32_t>(-5));
  EXPECT_EQ(h.one(inst, "i32.rem_s_by_minus1", {i32(kIntMin32)}).i32, 0u);
  EXPECT_EQ(h.trap(inst, "i32.div_u_by_0", {i32(1)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(h.one(inst, "i32.div_s_by_7", {i32(-50)}).i32, static_cast<uint32_t>(-7));
  EXPECT_EQ(h.one(inst, "i32.rem_u_by_max", {i32(0xFFFFFFFFu)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "i32.rem_u_by_max", {i32(0xFFFFFFFEu)}).i32, 0xFFFFFFFEu);
  EXPECT_EQ(h.trap(inst, "i64.div_s_by_minus1", {i64(kIntMin64)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.one(inst, "i64.div_u_by_big", {i64(0x500000003ull)}).i64, 5u);
}

TEST_F(NumericWasm, ShiftsAndImmediates) {
  EXPECT_EQ(h.one(inst, "i32.shl_33", {i32(3)}).i32, 6u);
  EXPECT_EQ(h.one(inst, "i64.shr_s_65", {i64(kIntMin64)}).i64, 0xC000000000000000ull);
  EXPECT_EQ(h.one(inst, "i32.rotl", {i32(0x80000001u), i32(33)}).i32, 3u);
  EXPECT_EQ(h.one(inst, "i64.add_big", {i64(1)}).i64, 0x100000001ull);
  EXPECT_EQ(h.one(inst, "i64.lt_u_big", {i64(0xFFFFFFFEull)}).i32, 1u);
  EXPECT_EQ(h.one(inst, "i64.lt_u_big", {i64(0xFFFFFFFFull)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "i64.add_neg", {i64(2)}).i64, static_cast<uint64_t>(-3));
  EXPECT_EQ(h.one(inst, "i32.clz", {i32(1)}).i32, 31u);
  EXPECT_EQ(h.one(inst, "i32.clz", {i32(0)}).i32, 32u);
  EXPECT_EQ(h.one(inst, "i64.ctz", {i64(0)}).i64, 64u);
  EXPECT_EQ(h.one(inst, "i64.extend8_s", {i64(0x180)}).i64, static_cast<uint64_t>(-128));
}

TEST_F(NumericWasm, Truncation) {
  EXPECT_EQ(h.one(inst, "i32.trunc_f32_s", {f32(-3.9f)}).i32, static_cast<uint32_t>(-3));
  EXPECT_EQ(h.trap(inst, "i32.trunc_f32_s", {f32(2147483648.0f)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.trap(inst, "i32.trunc_f32_u", {f32bits(0x7FC00000u)}),
            TrapCode::InvalidConversionToInteger);
  EXPECT_EQ(h.trap(inst, "i32.trunc_f32_u", {f32(-1.0f)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(h.one(inst, "i32.trunc_f64_s", {f64(-2147483648.9)}).i32, kIntMin32);
  EXPECT_EQ(h.one(inst, "i64.trunc_f64_u", {f64(1e19)}).i64, 10000000000000000000ull);
  EXPECT_EQ(h.one(inst, "i32.trunc_sat_f32_s", {f32bits(0xFFC00000u)}).i32, 0u);
  EXPECT_EQ(h.one(inst, "i32.trunc_sat_f32_s", {f32(-1e20f)}).i32, kIntMin32);
  EXPECT_EQ(h.one(inst, "i64.trunc_sat_f64_u", {f64(1e30)}).i64, ~0ull);
}

TEST_F(NumericWasm, FloatSemantics) {
  EXPECT_EQ(h.one(inst, "f32.min", {f32(0.0f), f32(-0.0f)}).f32, 0x80000000u);
  EXPECT_EQ(h.one(inst, "f32.max", {f32(-0.0f), f32(0.0f)}).f32, 0u);
  EXPECT_EQ(h.one(inst, "f64.min", {f64(-0.0), f64(0.0)}).f64, 0x8000000000000000ull);
  // A canonical NaN operand gives a canonical NaN (either sign).
  EXPECT_EQ(h.one(inst, "f64.max", {f64(1.0), f64bits(0x7FF8000000000000ull)}).f64 &
                0x7FFFFFFFFFFFFFFFull,
            0x7FF8000000000000ull);
  EXPECT_EQ(h.one(inst, "f32.nearest", {f32(2.5f)}).f32, std::bit_cast<uint32_t>(2.0f));
  EXPECT_EQ(h.one(inst, "f64.nearest", {f64(-0.5)}).f64, 0x8000000000000000ull);
  // An arithmetic NaN result for a signalling input: quiet bit set.
  EXPECT_EQ(h.one(inst, "f32.floor", {f32bits(0x7FA00000u)}).f32 & 0x00400000u, 0x00400000u);
  EXPECT_EQ(h.one(inst, "f32.neg", {f32bits(0x7FA00001u)}).f32, 0xFFA00001u);
  EXPECT_EQ(h.one(inst, "f64.abs", {f64bits(0xFFF0000000000001ull)}).f64, 0x7FF0000000000001ull);
  EXPECT_EQ(h.one(inst, "f32.copysign", {f32bits(0x7FA00001u), f32(-2.0f)}).f32, 0xFFA00001u);
  EXPECT_EQ(h.one(inst, "i32.reinterpret_f32", {f32bits(0xFFA00001u)}).i32, 0xFFA00001u);
  // Correct rounding of u64 -> f32 (round to nearest even, with a sticky bit).
  EXPECT_EQ(h.one(inst, "f32.convert_i64_u", {i64(0x8000008000000001ull)}).f32,
            std::bit_cast<uint32_t>(9223373136366403584.0f));
  EXPECT_EQ(h.one(inst, "f32.demote_f64", {f64(1e300)}).f32, 0x7F800000u);
}

}  // namespace
}  // namespace ember

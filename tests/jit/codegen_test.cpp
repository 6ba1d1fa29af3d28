// Runs code from the JIT's module compiler directly (codegen_harness.h):
// each operator family against expected values, traps, register pressure,
// control flow with multi-value merges, calls, memory in both bounds modes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "runtime/format/decoder.h"
#include "tests/jit/codegen_harness.h"

namespace ember::test {
namespace {

using R = Raw;

std::string module(const std::string& body) { return "(module " + body + ")"; }

TEST(CodegenInt, I32Arithmetic) {
  JitInstance m(module(R"(
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
    (func (export "mul") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
    (func (export "and") (param i32 i32) (result i32) (i32.and (local.get 0) (local.get 1)))
    (func (export "or") (param i32 i32) (result i32) (i32.or (local.get 0) (local.get 1)))
    (func (export "xor") (param i32 i32) (result i32) (i32.xor (local.get 0) (local.get 1)))
    (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
    (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
    (func (export "shr_u") (param i32 i32) (result i32) (i32.shr_u (local.get 0) (local.get 1)))
    (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
    (func (export "rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
    (func (export "add_k") (param i32) (result i32) (i32.add (local.get 0) (i32.const -5)))
    (func (export "k_sub") (param i32) (result i32) (i32.sub (i32.const 100) (local.get 0)))
    (func (export "k_mul") (param i32) (result i32) (i32.mul (i32.const 7) (local.get 0)))
    (func (export "shl_k") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 35)))
    (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
    (func (export "ctz") (param i32) (result i32) (i32.ctz (local.get 0)))
    (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
    (func (export "eqz") (param i32) (result i32) (i32.eqz (local.get 0)))
    (func (export "consts") (result i32) (i32.add (i32.const 40) (i32.const 2)))
  )"));
  EXPECT_EQ(m.run("add", {R::i32(0x7fffffff), R::i32(1)}).asI32(), INT32_MIN);
  EXPECT_EQ(m.run("sub", {R::i32(3), R::i32(5)}).asI32(), -2);
  EXPECT_EQ(m.run("mul", {R::i32(0x10000), R::i32(0x10001)}).asI32(), 0x10000);
  EXPECT_EQ(m.run("and", {R::i32(0xF0F0), R::i32(0xFF00)}).asI32(), 0xF000);
  EXPECT_EQ(m.run("or", {R::i32(0xF0F0), R::i32(0x0F00)}).asI32(), 0xFFF0);
  EXPECT_EQ(m.run("xor", {R::i32(-1), R::i32(0x0F)}).asI32(), -16);
  EXPECT_EQ(m.run("shl", {R::i32(1), R::i32(33)}).asI32(), 2);
  EXPECT_EQ(m.run("shr_s", {R::i32(-8), R::i32(1)}).asI32(), -4);
  EXPECT_EQ(m.run("shr_u", {R::i32(-8), R::i32(1)}).asI32(), 0x7FFFFFFC);
  EXPECT_EQ(m.run("rotl", {R::i32(static_cast<int32_t>(0x80000001u)), R::i32(1)}).asI32(), 3);
  EXPECT_EQ(m.run("rotr", {R::i32(3), R::i32(1)}).asI32(), static_cast<int32_t>(0x80000001u));
  EXPECT_EQ(m.run("add_k", {R::i32(2)}).asI32(), -3);
  EXPECT_EQ(m.run("k_sub", {R::i32(1)}).asI32(), 99);
  EXPECT_EQ(m.run("k_mul", {R::i32(6)}).asI32(), 42);
  EXPECT_EQ(m.run("shl_k", {R::i32(1)}).asI32(), 8);
  EXPECT_EQ(m.run("clz", {R::i32(1)}).asI32(), 31);
  EXPECT_EQ(m.run("clz", {R::i32(0)}).asI32(), 32);
  EXPECT_EQ(m.run("ctz", {R::i32(0)}).asI32(), 32);
  EXPECT_EQ(m.run("ctz", {R::i32(0x100)}).asI32(), 8);
  EXPECT_EQ(m.run("popcnt", {R::i32(-1)}).asI32(), 32);
  EXPECT_EQ(m.run("eqz", {R::i32(0)}).asI32(), 1);
  EXPECT_EQ(m.run("eqz", {R::i32(5)}).asI32(), 0);
  EXPECT_EQ(m.run("consts").asI32(), 42);
}

TEST(CodegenInt, I64Arithmetic) {
  JitInstance m(module(R"(
    (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
    (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
    (func (export "shr_s") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
    (func (export "rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
    (func (export "add_big") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x123456789)))
    (func (export "and_big") (param i64) (result i64) (i64.and (i64.const 0xFFFFFFFF00000000) (local.get 0)))
    (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
    (func (export "popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
    (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
    (func (export "lt_u") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1)))
    (func (export "ge_s_k") (param i64) (result i32) (i64.ge_s (local.get 0) (i64.const -1)))
    (func (export "k_gt_s") (param i64) (result i32) (i64.gt_s (i64.const 10) (local.get 0)))
  )"));
  EXPECT_EQ(m.run("add", {R::i64(INT64_MAX), R::i64(1)}).asI64(), INT64_MIN);
  EXPECT_EQ(m.run("mul", {R::i64(0x100000000), R::i64(3)}).asI64(), 0x300000000);
  EXPECT_EQ(m.run("shr_s", {R::i64(-256), R::i64(68)}).asI64(), -16);
  EXPECT_EQ(m.run("rotl", {R::i64(INT64_MIN), R::i64(1)}).asI64(), 1);
  EXPECT_EQ(m.run("add_big", {R::i64(1)}).asI64(), 0x12345678A);
  EXPECT_EQ(m.run("and_big", {R::i64(-1)}).asI64(), static_cast<int64_t>(0xFFFFFFFF00000000));
  EXPECT_EQ(m.run("clz", {R::i64(1)}).asI64(), 63);
  EXPECT_EQ(m.run("popcnt", {R::i64(-1)}).asI64(), 64);
  EXPECT_EQ(m.run("eqz", {R::i64(0x100000000)}).asI32(), 0);
  EXPECT_EQ(m.run("lt_u", {R::i64(1), R::i64(-1)}).asI32(), 1);
  EXPECT_EQ(m.run("ge_s_k", {R::i64(-2)}).asI32(), 0);
  EXPECT_EQ(m.run("ge_s_k", {R::i64(-1)}).asI32(), 1);
  EXPECT_EQ(m.run("k_gt_s", {R::i64(9)}).asI32(), 1);
  EXPECT_EQ(m.run("k_gt_s", {R::i64(10)}).asI32(), 0);
}

TEST(CodegenInt, DivisionAndTraps) {
  JitInstance m(module(R"(
    (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
    (func (export "rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
    (func (export "div64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
    ;; values live in rax/rdx across the division must survive it
    (func (export "live") (param i32 i32 i32) (result i32)
      (i32.add (i32.add (local.get 2) (i32.const 1))
               (i32.add (i32.div_u (local.get 0) (local.get 1)) (i32.mul (local.get 2) (i32.const 3)))))
  )"));
  EXPECT_EQ(m.run("div_s", {R::i32(-7), R::i32(2)}).asI32(), -3);
  EXPECT_EQ(m.run("div_u", {R::i32(-1), R::i32(2)}).asI32(), 0x7FFFFFFF);
  EXPECT_EQ(m.run("rem_s", {R::i32(-7), R::i32(2)}).asI32(), -1);
  EXPECT_EQ(m.run("rem_s", {R::i32(INT32_MIN), R::i32(-1)}).asI32(), 0);
  EXPECT_EQ(m.run("rem_u", {R::i64(-1), R::i64(10)}).asI64(), 5);
  EXPECT_EQ(m.run("live", {R::i32(100), R::i32(7), R::i32(5)}).asI32(), 6 + 14 + 15);
  EXPECT_EQ(m.trapOf("div_s", {R::i32(1), R::i32(0)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(m.trapOf("div_s", {R::i32(INT32_MIN), R::i32(-1)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(m.trapOf("div64", {R::i64(INT64_MIN), R::i64(-1)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(m.trapOf("rem_u", {R::i64(1), R::i64(0)}), TrapCode::IntegerDivideByZero);
}

// i32 division by constants is a multiplication (jit/constant_division.h):
// every operator and divisor class (small, large, powers of two, negative,
// INT32_MIN, -1 and 1, 0 still trapping) against the operators' definition,
// on dividends at the edges and spread over the range; a value live in
// rax/rdx survives it.
TEST(CodegenInt, DivisionByConstants) {
  const int32_t divisors[] = {1,     2,         3,          5,         7,          10,
                              13,    100,       641,        1000,      65535,      65536,
                              65537, 0x7FFFFFFF, INT32_MIN, -1,        -2,         -3,
                              -10,   -641,      -65536,     0x40000001, -0x7FFFFFFF, 6700417};
  const char* ops[] = {"div_s", "div_u", "rem_s", "rem_u"};
  std::string wat;
  for (const char* op : ops) {
    for (int32_t d : divisors) {
      wat += std::string("(func (export \"") + op + "_" + std::to_string(d) +
             "\") (param i32) (result i32) (i32." + op + " (local.get 0) (i32.const " +
             std::to_string(d) + ")))\n";
    }
  }
  wat += R"((func (export "live") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 5)))
    (local.set 2 (i32.mul (local.get 0) (i32.const 3)))
    (i32.add (i32.add (local.get 1) (local.get 2)) (i32.rem_u (local.get 0) (i32.const 7)))))";
  JitInstance m(module(wat + "(func (export \"by_zero\") (param i32) (result i32) "
                             "(i32.div_u (local.get 0) (i32.const 0)))"));
  std::vector<uint32_t> xs = {0, 1, 2, 3, 6, 7, 9, 10, 99, 100, 101, 0x7FFFFFFE, 0x7FFFFFFF,
                              0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu};
  for (int32_t d : divisors) {
    uint32_t u = static_cast<uint32_t>(d);
    for (uint32_t near : {u - 1, u, u + 1, 2 * u - 1, 2 * u, 0u - u}) xs.push_back(near);
  }
  uint32_t seed = 12345;
  for (int i = 0; i < 200; i++) xs.push_back(seed = seed * 1664525u + 1013904223u);
  for (int32_t d : divisors) {
    for (uint32_t x : xs) {
      const auto sx = static_cast<int32_t>(x);
      const uint32_t ud = static_cast<uint32_t>(d);
      SCOPED_TRACE(testing::Message() << "x " << x << " d " << d);
      EXPECT_EQ(static_cast<uint32_t>(m.run("div_u_" + std::to_string(d), {R::i32(sx)}).asI32()),
                x / ud);
      EXPECT_EQ(static_cast<uint32_t>(m.run("rem_u_" + std::to_string(d), {R::i32(sx)}).asI32()),
                x % ud);
      int64_t wideRem = d == -1 ? 0 : int64_t{sx} % int64_t{d};
      EXPECT_EQ(m.run("rem_s_" + std::to_string(d), {R::i32(sx)}).asI32(), wideRem);
      if (d == -1 && sx == INT32_MIN) {
        EXPECT_EQ(m.trapOf("div_s_-1", {R::i32(sx)}), TrapCode::IntegerOverflow);
        continue;
      }
      EXPECT_EQ(m.run("div_s_" + std::to_string(d), {R::i32(sx)}).asI32(), int64_t{sx} / int64_t{d});
    }
  }
  EXPECT_EQ(m.run("live", {R::i32(100)}).asI32(), 105 + 300 + 2);
  EXPECT_EQ(m.trapOf("by_zero", {R::i32(5)}), TrapCode::IntegerDivideByZero);
}

TEST(CodegenFloat, Arithmetic) {
  JitInstance m(module(R"(
    (func (export "add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
    (func (export "div32") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
    (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
    (func (export "max32") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
    (func (export "copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
    (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "abs") (param f64) (result f64) (f64.abs (local.get 0)))
    (func (export "sqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
    (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
    (func (export "floor32") (param f32) (result f32) (f32.floor (local.get 0)))
    (func (export "ceil") (param f64) (result f64) (f64.ceil (local.get 0)))
    (func (export "trunc") (param f64) (result f64) (f64.trunc (local.get 0)))
    (func (export "k") (result f64) (f64.mul (f64.const 1.5) (f64.const -4)))
    (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
    (func (export "ne32") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
    (func (export "ge") (param f64 f64) (result i32) (f64.ge (local.get 0) (local.get 1)))
  )"));
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(m.run("add", {R::f64(1.25), R::f64(2.5)}).asF64(), 3.75);
  EXPECT_EQ(m.run("div32", {R::f32(1), R::f32(4)}).asF32(), 0.25f);
  EXPECT_TRUE(std::signbit(m.run("min", {R::f64(0.0), R::f64(-0.0)}).asF64()));
  EXPECT_TRUE(std::isnan(m.run("min", {R::f64(nan), R::f64(1)}).asF64()));
  EXPECT_EQ(m.run("max32", {R::f32(-1), R::f32(3)}).asF32(), 3.0f);
  EXPECT_EQ(m.run("copysign", {R::f64(2), R::f64(-0.0)}).asF64(), -2.0);
  EXPECT_EQ(m.run("neg", {R::f32(2)}).asF32(), -2.0f);
  EXPECT_EQ(m.run("abs", {R::f64(-3)}).asF64(), 3.0);
  EXPECT_EQ(m.run("sqrt", {R::f64(16)}).asF64(), 4.0);
  EXPECT_EQ(m.run("nearest", {R::f64(2.5)}).asF64(), 2.0);
  EXPECT_EQ(m.run("nearest", {R::f64(3.5)}).asF64(), 4.0);
  EXPECT_EQ(m.run("floor32", {R::f32(-1.5f)}).asF32(), -2.0f);
  EXPECT_EQ(m.run("ceil", {R::f64(1.1)}).asF64(), 2.0);
  EXPECT_EQ(m.run("trunc", {R::f64(-1.9)}).asF64(), -1.0);
  EXPECT_EQ(m.run("k").asF64(), -6.0);
  EXPECT_EQ(m.run("lt", {R::f64(1), R::f64(2)}).asI32(), 1);
  EXPECT_EQ(m.run("lt", {R::f64(nan), R::f64(2)}).asI32(), 0);
  EXPECT_EQ(m.run("ne32", {R::f32(NAN), R::f32(NAN)}).asI32(), 1);
  EXPECT_EQ(m.run("ge", {R::f64(2), R::f64(nan)}).asI32(), 0);
}

TEST(CodegenConvert, AllConversions) {
  JitInstance m(module(R"(
    (func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
    (func (export "ext_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
    (func (export "ext_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
    (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
    (func (export "ext16_64") (param i64) (result i64) (i64.extend16_s (local.get 0)))
    (func (export "ext32_64") (param i64) (result i64) (i64.extend32_s (local.get 0)))
    (func (export "trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
    (func (export "trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
    (func (export "trunc64_f64_u") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
    (func (export "trunc64_f32_s") (param f32) (result i64) (i64.trunc_f32_s (local.get 0)))
    (func (export "sat_f64_s") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
    (func (export "sat_f32_u") (param f32) (result i32) (i32.trunc_sat_f32_u (local.get 0)))
    (func (export "sat64_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
    (func (export "cvt_i32_u") (param i32) (result f32) (f32.convert_i32_u (local.get 0)))
    (func (export "cvt_i64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
    (func (export "cvt_i64_s") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
    (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
    (func (export "promote") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
    (func (export "bits") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
    (func (export "from_bits") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  )"));
  EXPECT_EQ(m.run("wrap", {R::i64(0x1234567890)}).asI32(), 0x34567890);
  EXPECT_EQ(m.run("ext_s", {R::i32(-1)}).asI64(), -1);
  EXPECT_EQ(m.run("ext_u", {R::i32(-1)}).asI64(), 0xFFFFFFFF);
  EXPECT_EQ(m.run("ext8", {R::i32(0x80)}).asI32(), -128);
  EXPECT_EQ(m.run("ext16_64", {R::i64(0x18000)}).asI64(), -32768);
  EXPECT_EQ(m.run("ext32_64", {R::i64(0x80000000)}).asI64(), INT32_MIN);
  EXPECT_EQ(m.run("trunc_f32_s", {R::f32(-3.9f)}).asI32(), -3);
  EXPECT_EQ(m.run("trunc_f64_u", {R::f64(4294967295.5)}).asI32(), -1);
  EXPECT_EQ(m.run("trunc64_f64_u", {R::f64(1.8446744073709550e19)}).bits, 18446744073709549568u);
  EXPECT_EQ(m.run("trunc64_f32_s", {R::f32(-1e10f)}).asI64(), -10000000000);
  EXPECT_EQ(m.trapOf("trunc_f32_s", {R::f32(NAN)}), TrapCode::InvalidConversionToInteger);
  EXPECT_EQ(m.trapOf("trunc_f32_s", {R::f32(3e9f)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(m.trapOf("trunc_f64_u", {R::f64(-1.0)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(m.trapOf("trunc64_f64_u", {R::f64(1.9e19)}), TrapCode::IntegerOverflow);
  EXPECT_EQ(m.run("sat_f64_s", {R::f64(1e100)}).asI32(), INT32_MAX);
  EXPECT_EQ(m.run("sat_f64_s", {R::f64(NAN)}).asI32(), 0);
  EXPECT_EQ(m.run("sat_f32_u", {R::f32(-5)}).asI32(), 0);
  EXPECT_EQ(m.run("sat64_f64_u", {R::f64(1e300)}).bits, UINT64_MAX);
  EXPECT_EQ(m.run("cvt_i32_u", {R::i32(-1)}).asF32(), 4294967296.0f);
  EXPECT_EQ(m.run("cvt_i64_u", {R::i64(-1)}).asF64(), 18446744073709551616.0);
  EXPECT_EQ(m.run("cvt_i64_s", {R::i64(-5)}).asF32(), -5.0f);
  EXPECT_EQ(m.run("demote", {R::f64(0.1)}).asF32(), 0.1f);
  EXPECT_EQ(m.run("promote", {R::f32(0.5f)}).asF64(), 0.5);
  EXPECT_EQ(m.run("bits", {R::f64(1.0)}).bits, 0x3FF0000000000000u);
  EXPECT_EQ(m.run("from_bits", {R::i32(0x40490FDB)}).asF32(), 3.14159274f);
}

TEST(CodegenVariables, LocalsSelectGlobals) {
  JitInstance m(module(R"(
    (global $g (mut i32) (i32.const 10))
    (global $d (mut f64) (f64.const 2.5))
    (global $c i64 (i64.const -7))
    (func (export "swap") (param i32 i32) (result i32)
      (local i32)
      ;; the old value of local 0 is on the stack when local 0 changes
      (local.get 0) (local.set 2 (local.get 1)) (local.set 0 (local.get 2))
      (i32.sub (local.get 0)))
    (func (export "tee") (param i32) (result i32)
      (local i32) (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 3))) (local.get 1)))
    (func (export "zero_locals") (result i64) (local i64 f64) (local.get 0))
    (func (export "select") (param i32 i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (local.get 2)))
    (func (export "select_cmp") (param f64 f64) (result f64)
      (select (local.get 0) (local.get 1) (f64.gt (local.get 0) (local.get 1))))
    (func (export "drop") (param i32) (result i32) (drop (i32.add (local.get 0) (i32.const 1))) (local.get 0))
    (func (export "bump") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
    (func (export "dbl") (result f64) (global.set $d (f64.add (global.get $d) (global.get $d))) (global.get $d))
    (func (export "c") (result i64) (global.get $c))
    ;; Constants stored as such (a wide i64 and float bits too), and a
    ;; local's copy stored in place and still the local's afterwards.
    (global $w (mut i64) (i64.const 0))
    (global $f (mut f32) (f32.const 0))
    (func (export "set_consts") (result i64)
      (global.set $g (i32.const -3)) (global.set $d (f64.const -0.5))
      (global.set $w (i64.const 0x123456789)) (global.set $f (f32.const 1.25))
      (i64.add (i64.add (i64.extend_i32_s (global.get $g)) (global.get $w))
               (i64.trunc_f64_s (f64.mul (f64.add (global.get $d) (f64.promote_f32 (global.get $f)))
                                         (f64.const 4)))))
    (func (export "set_tee") (param i32) (result i32)
      (local i32)
      (global.set $g (local.tee 1 (i32.sub (local.get 0) (i32.const 16))))
      (i32.add (local.get 1) (global.get $g)))
  )"));
  EXPECT_EQ(m.run("swap", {R::i32(10), R::i32(3)}).asI32(), 7);
  EXPECT_EQ(m.run("tee", {R::i32(5)}).asI32(), 30);
  EXPECT_EQ(m.run("zero_locals").asI64(), 0);
  EXPECT_EQ(m.run("select", {R::i32(1), R::i32(2), R::i32(0)}).asI32(), 2);
  EXPECT_EQ(m.run("select", {R::i32(1), R::i32(2), R::i32(9)}).asI32(), 1);
  EXPECT_EQ(m.run("select_cmp", {R::f64(1), R::f64(2)}).asF64(), 2.0);
  EXPECT_EQ(m.run("select_cmp", {R::f64(3), R::f64(2)}).asF64(), 3.0);
  EXPECT_EQ(m.run("drop", {R::i32(4)}).asI32(), 4);
  EXPECT_EQ(m.run("bump").asI32(), 11);
  EXPECT_EQ(m.run("bump").asI32(), 12);
  EXPECT_EQ(m.global(0).value.i32(), 12u);
  EXPECT_EQ(m.run("dbl").asF64(), 5.0);
  EXPECT_EQ(m.run("c").asI64(), -7);
  EXPECT_EQ(m.run("set_consts").asI64(), -3 + 0x123456789 + 3);  // (-0.5 + 1.25) * 4 = 3
  EXPECT_EQ(m.run("set_tee", {R::i32(100)}).asI32(), 168);
  EXPECT_EQ(m.global(0).value.i32(), 84u);
}

// Expressions deeper than the register file: 24 i64 and 20 f64 values live
// at once force spills of the oldest entries.
TEST(CodegenPressure, DeepExpressionsSpill) {
  std::string ints, floats;
  for (int i = 0; i < 24; i++)
    ints += "(i64.mul (local.get 0) (i64.const " + std::to_string(i + 1) + "))\n";
  for (int i = 0; i < 23; i++) ints += "i64.add\n";
  for (int i = 0; i < 20; i++)
    floats += "(f64.mul (local.get 0) (f64.const " + std::to_string(i + 1) + "))\n";
  for (int i = 0; i < 19; i++) floats += "f64.sub\n";
  JitInstance m(module("(func (export \"ints\") (param i64) (result i64)\n" + ints + ")" +
                       "(func (export \"floats\") (param f64) (result f64)\n" + floats + ")"));
  EXPECT_EQ(m.run("ints", {R::i64(3)}).asI64(), 3 * (24 * 25 / 2));
  // Right fold: x1 - (x2 - (x3 - ...)) over 1..20 alternates: -10 per pair.
  double expect = 0;
  for (int i = 20; i >= 1; i--) expect = i - expect;
  EXPECT_EQ(m.run("floats", {R::f64(2)}).asF64(), 2 * expect);
}

TEST(CodegenControl, BlocksLoopsIfs) {
  JitInstance m(module(R"(
    (func (export "fac") (param i64) (result i64)
      (local i64)
      (local.set 1 (i64.const 1))
      (block $done
        (loop $next
          (br_if $done (i64.le_s (local.get 0) (i64.const 1)))
          (local.set 1 (i64.mul (local.get 1) (local.get 0)))
          (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
          (br $next)))
      (local.get 1))
    (func (export "abs") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 0))
        (then (i32.sub (i32.const 0) (local.get 0)))
        (else (local.get 0))))
    (func (export "if_no_else") (param i32) (result i32)
      (local i32)
      (if (local.get 0) (then (local.set 1 (i32.const 7))))
      (local.get 1))
    (func (export "block_value") (param i32) (result i32)
      (i32.add (i32.const 100)
        (block (result i32)
          (br_if 0 (i32.const 1) (i32.eqz (local.get 0)))
          (drop)
          (i32.const 2))))
    (func (export "multi") (param i32 i32) (result i32)
      ;; a two-value block, a loop with a parameter, an if with parameters
      (block (result i32 i32) (local.get 0) (local.get 1))
      (i32.sub)
      (loop (param i32) (result i32)
        (i32.add (i32.const 1))
        (br_if 0 (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 10))))
      (local.get 1)
      (if (param i32 i32) (result i32) (local.get 0)
        (then (i32.mul))
        (else (i32.add))))
    (func (export "if_params_else") (param i32) (result i32)
      (i32.const 3) (i32.const 4)
      (if (param i32 i32) (result i32) (local.get 0)
        (then (drop) (drop) (i32.const 99) (i32.const 1) (i32.add))
        (else (i32.sub))))
    (func (export "early_return") (param i32) (result i32)
      (block (if (local.get 0) (then (return (i32.const 11)))))
      (i32.const 22))
    (func (export "nop_unreachable") (param i32) (result i32)
      (nop)
      (if (i32.eqz (local.get 0)) (then (unreachable)))
      (local.get 0))
  )"));
  EXPECT_EQ(m.run("fac", {R::i64(20)}).asI64(), 2432902008176640000);
  EXPECT_EQ(m.run("abs", {R::i32(-9)}).asI32(), 9);
  EXPECT_EQ(m.run("abs", {R::i32(9)}).asI32(), 9);
  EXPECT_EQ(m.run("if_no_else", {R::i32(1)}).asI32(), 7);
  EXPECT_EQ(m.run("if_no_else", {R::i32(0)}).asI32(), 0);
  EXPECT_EQ(m.run("block_value", {R::i32(0)}).asI32(), 101);
  EXPECT_EQ(m.run("block_value", {R::i32(5)}).asI32(), 102);
  // (0-5)=-5; loop adds 1 while ++p0 < 10: p0 0->10 is 10 iterations: 5;
  // then p0 = 10 != 0: 5 * p1.
  EXPECT_EQ(m.run("multi", {R::i32(0), R::i32(5)}).asI32(), 25);
  EXPECT_EQ(m.run("if_params_else", {R::i32(1)}).asI32(), 100);
  EXPECT_EQ(m.run("if_params_else", {R::i32(0)}).asI32(), -1);
  EXPECT_EQ(m.run("early_return", {R::i32(1)}).asI32(), 11);
  EXPECT_EQ(m.run("early_return", {R::i32(0)}).asI32(), 22);
  EXPECT_EQ(m.run("nop_unreachable", {R::i32(3)}).asI32(), 3);
  EXPECT_EQ(m.trapOf("nop_unreachable", {R::i32(0)}), TrapCode::Unreachable);
}

TEST(CodegenControl, DeepNestingAndValuesAcrossBlocks) {
  std::string open, close;
  for (int i = 0; i < 300; i++) {
    open += "(block (result i32) (i32.add (i32.const 1)\n";
    close += "))\n";
  }
  // Each level adds 1 to what the inner block yields; a br_if in the middle
  // of the nest leaves early from depth 150 with the value so far.
  std::string wat =
      "(func (export \"deep\") (param i32) (result i32)\n" + open + "(local.get 0)" + close + ")";
  JitInstance m(module(wat));
  EXPECT_EQ(m.run("deep", {R::i32(5)}).asI32(), 305);
}

TEST(CodegenControl, BrTableWithManyTargets) {
  std::string blocks, ends;
  const int kTargets = 1200;
  std::string table = "(br_table";
  for (int i = 0; i < kTargets; i++) {
    table += ' ';
    table += std::to_string(i % 4);
  }
  table += " 4 (local.get 0))";
  // Result of block k (counting outward from 0) is 10 * (k + 1).
  std::string body = "(block (block (block (block (block " + table + ")";
  body += "(return (i32.const 10))) (return (i32.const 20))) (return (i32.const 30)))";
  body += "(return (i32.const 40))) (i32.const 50)";
  JitInstance m(module("(func (export \"t\") (param i32) (result i32) " + body + ")" + R"(
    (func (export "values") (param i32) (result i32)
      (block (result i32)
        (block (result i32)
          (block (result i32)
            (i32.const 7) (local.get 0) (br_table 0 1 2))
          (i32.add (i32.const 100)) (br 1))
        (i32.add (i32.const 200))))
  )"));
  EXPECT_EQ(m.run("t", {R::i32(0)}).asI32(), 10);
  EXPECT_EQ(m.run("t", {R::i32(5)}).asI32(), 20);
  EXPECT_EQ(m.run("t", {R::i32(1199)}).asI32(), 40);
  EXPECT_EQ(m.run("t", {R::i32(1200)}).asI32(), 50);
  EXPECT_EQ(m.run("t", {R::i32(-1)}).asI32(), 50);
  EXPECT_EQ(m.run("values", {R::i32(0)}).asI32(), 107);
  EXPECT_EQ(m.run("values", {R::i32(1)}).asI32(), 207);
  EXPECT_EQ(m.run("values", {R::i32(2)}).asI32(), 7);
  EXPECT_EQ(m.run("values", {R::i32(9)}).asI32(), 7);
}

// Paths the simpler tests do not reach: branches that carry values to a
// loop or out of the function, values live across calls, builtins and
// divisions under register pressure, stack arguments on indirect calls.
TEST(CodegenControl, TrickyMerges) {
  JitInstance m(module(R"(
    (memory 1)
    (type $seven (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
    (table 1 funcref)
    (elem (i32.const 0) $weigh)
    (func $weigh (param i32 i32 i32 i32 i32 i32 i32) (result i32)
      (i32.add (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 10)))
                        (i32.add (i32.mul (local.get 2) (i32.const 100)) (i32.mul (local.get 3) (i32.const 1000))))
               (i32.add (i32.add (i32.mul (local.get 4) (i32.const 10000)) (i32.mul (local.get 5) (i32.const 100000)))
                        (i32.mul (local.get 6) (i32.const 1000000)))))
    ;; br_table whose targets carry a value into a loop's parameter
    (func (export "table_loop") (param i32) (result i32)
      (local i32)
      (i32.const 0)
      (loop $l (param i32) (result i32)
        (i32.add (i32.const 3))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (block $exit (param i32) (result i32)
          (br_table $l $exit (i32.ge_u (local.get 1) (local.get 0))))
        ;; index 0 (count < n) loops, 1 (count >= n) leaves
      ))
    ;; br_if to the function's own label returns the carried value
    (func (export "br_if_return") (param i32) (result i32)
      (br_if 0 (i32.const 5) (local.get 0))
      (drop)
      (i32.const 6))
    ;; f64 values live across a call, and an indirect call with stack args
    (func (export "across") (param f64) (result f64)
      (f64.add (f64.mul (local.get 0) (f64.const 2))
        (f64.add (f64.sqrt (local.get 0))
          (f64.convert_i32_s
            (call_indirect (type $seven) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
              (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 0))))))
    ;; a division and a memory.grow while many values sit in registers
    (func (export "pressure") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)) (i32.add (i32.mul (local.get 0) (i32.const 2)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 3)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 4)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 5)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 6)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 7)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 8)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 9)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 10)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 11)) (local.get 1))
      (i32.add (i32.mul (local.get 0) (i32.const 12)) (local.get 1))
      (i32.div_u (i32.mul (local.get 0) (i32.const 100)) (i32.add (local.get 1) (i32.const 1)))
      (memory.grow (i32.const 1))
      i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add
      i32.add)
    ;; select on a float condition while both arms are in registers
    (func (export "fselect") (param f32 f32 i32 i32) (result i32)
      (select (i32.mul (local.get 2) (i32.const 3)) (i32.mul (local.get 3) (i32.const 5))
              (f32.le (local.get 0) (local.get 1))))
  )"));
  // The loop adds 3 per iteration while the counter is below n.
  EXPECT_EQ(m.run("table_loop", {R::i32(4)}).asI32(), 12);
  EXPECT_EQ(m.run("table_loop", {R::i32(1)}).asI32(), 3);
  EXPECT_EQ(m.run("br_if_return", {R::i32(1)}).asI32(), 5);
  EXPECT_EQ(m.run("br_if_return", {R::i32(0)}).asI32(), 6);
  EXPECT_EQ(m.run("across", {R::f64(16)}).asF64(), 32 + 4 + 7654321);
  // x = 7, y = 1: the (2..12)x + y terms, x + y... see the sum below.
  int32_t x = 7, y = 1, expect = x + y;
  for (int k = 2; k <= 12; k++) expect += k * x + y;
  expect += (x * 100) / (y + 1) + 1;  // memory.grow returns the old size, 1
  EXPECT_EQ(m.run("pressure", {R::i32(x), R::i32(y)}).asI32(), expect);
  EXPECT_EQ(m.run("fselect", {R::f32(1), R::f32(2), R::i32(2), R::i32(3)}).asI32(), 6);
  EXPECT_EQ(m.run("fselect", {R::f32(NAN), R::f32(2), R::i32(2), R::i32(3)}).asI32(), 15);
}

// Merge states: up to four values per register class travel in registers,
// more in frame slots; both through br_if, br_table and fallthrough.
TEST(CodegenControl, WideMerges) {
  JitInstance m(module(R"(
    (func $five (param i32) (result i32 i32 i32 i32 i32)
      (block (result i32 i32 i32 i32 i32)
        (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
        (br_if 0 (local.get 0))
        (drop) (drop) (drop) (drop) (drop)
        (i32.const 10) (i32.const 20) (i32.const 30) (i32.const 40) (i32.const 50)))
    (func (export "five") (param i32) (result i32)
      (call $five (local.get 0))
      (i32.mul (i32.const 10000)) (i32.add)
      (i32.mul (i32.const 1000)) (i32.add)
      (i32.mul (i32.const 100)) (i32.add)
      (i32.mul (i32.const 10)) (i32.add))
    (func (export "mixed") (param i32) (result f64)
      (local i32 i64 i32 i64 f64 f32 f64 f32)
      (block (result i32 i64 i32 i64 f64 f32 f64 f32)
        (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4)
        (f64.const 5) (f32.const 6) (f64.const 7) (f32.const 8)
        (br_table 0 0 (local.get 0)))
      (local.set 8) (local.set 7) (local.set 6) (local.set 5)
      (local.set 4) (local.set 3) (local.set 2) (local.set 1)
      (f64.add (f64.add (f64.add (f64.convert_i32_s (local.get 1))
                                 (f64.mul (f64.convert_i64_s (local.get 2)) (f64.const 10)))
                        (f64.add (f64.mul (f64.convert_i32_s (local.get 3)) (f64.const 100))
                                 (f64.mul (f64.convert_i64_s (local.get 4)) (f64.const 1000))))
               (f64.add (f64.add (f64.mul (local.get 5) (f64.const 1e4))
                                 (f64.mul (f64.promote_f32 (local.get 6)) (f64.const 1e5)))
                        (f64.add (f64.mul (local.get 7) (f64.const 1e6))
                                 (f64.mul (f64.promote_f32 (local.get 8)) (f64.const 1e7))))))
  )"));
  // The fold multiplies the top result (r5) by 10000 and adds r4, and so
  // on down (i32 arithmetic, wrapping).
  auto fold = [](uint32_t r1, uint32_t r2, uint32_t r3, uint32_t r4, uint32_t r5) {
    uint32_t v = r5 * 10000 + r4;
    v = v * 1000 + r3;
    v = v * 100 + r2;
    return static_cast<int32_t>(v * 10 + r1);
  };
  EXPECT_EQ(m.run("five", {R::i32(1)}).asI32(), fold(1, 2, 3, 4, 5));
  EXPECT_EQ(m.run("five", {R::i32(0)}).asI32(), fold(10, 20, 30, 40, 50));
  EXPECT_EQ(m.run("mixed", {R::i32(0)}).asF64(), 87654321.0);
  EXPECT_EQ(m.run("mixed", {R::i32(7)}).asF64(), 87654321.0);
}

// Register copies of locals (LocalRegisterCache) must not outlive whatever
// clobbers their registers: calls, builtins, division's rdx:rax, register
// pressure, and labels reached from other paths.
TEST(CodegenVariables, LocalCopiesAndClobbers) {
  std::string pressure;
  for (int i = 0; i < 14; i++) pressure += "(i32.add (local.get 0) (i32.const " + std::to_string(i) + "))\n";
  for (int i = 0; i < 13; i++) pressure += "i32.add\n";
  JitInstance m(module(R"(
    (memory 1)
    (func $clobber (param i32 i32 i32) (result i32)
      (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.mul (local.get 2) (i32.const 1000))))
    ;; params arrive in rdi, rsi, rdx: the division needs rdx
    (func (export "div_param") (param i32 i32 i32) (result i32)
      (i32.add (i32.div_u (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "across_call") (param i32) (result i32)
      (local i32 i32)
      (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
      (local.set 2 (call $clobber (i32.const 5) (i32.const 6) (i32.const 7)))
      (i32.add (local.get 1) (local.get 2)))
    (func (export "across_grow") (param i32) (result i32)
      (local i32)
      (local.set 1 (i32.add (local.get 0) (i32.const 9)))
      (drop (memory.grow (i32.const 0)))
      (local.get 1))
    (func (export "loop") (param i32) (result i32)
      (local i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_if $l (local.get 0)))
      (local.get 1))
    (func (export "arms") (param i32) (result i32)
      (local i32)
      (local.set 1 (i32.const 1))
      (if (local.get 0) (then (local.set 1 (i32.const 2))) (else (local.set 1 (i32.const 3))))
      (local.get 1))
    (func (export "pressure") (param i32) (result i32)
      (local i32 i32 i32)
      (local.set 1 (i32.add (local.get 0) (i32.const 100)))
      (local.set 2 (i32.add (local.get 0) (i32.const 200)))
      (local.set 3 (i32.add (local.get 0) (i32.const 300)))
  )" + pressure + R"(
      (i32.add (i32.add (local.get 1) (local.get 2)) (local.get 3))
      i32.add)
  )"));
  EXPECT_EQ(m.run("div_param", {R::i32(100), R::i32(7), R::i32(5)}).asI32(), 19);
  EXPECT_EQ(m.run("across_call", {R::i32(4)}).asI32(), 12 + 30 + 7000);
  EXPECT_EQ(m.run("across_grow", {R::i32(1)}).asI32(), 10);
  EXPECT_EQ(m.run("loop", {R::i32(4)}).asI32(), 10);
  EXPECT_EQ(m.run("arms", {R::i32(1)}).asI32(), 2);
  EXPECT_EQ(m.run("arms", {R::i32(0)}).asI32(), 3);
  int32_t x = 5, expect = 3 * x + 600;
  for (int i = 0; i < 14; i++) expect += x + i;
  EXPECT_EQ(m.run("pressure", {R::i32(x)}).asI32(), expect);
}

// Dirty copies (locals written since their slot was): written back on the
// taken side of a br_if only, at br_table, at an if, before calls and when
// register pressure reuses their registers; declared locals read as zero
// before and after their slots are zeroed.
TEST(CodegenVariables, DirtyLocalsReachEveryPath) {
  std::string many = "(local.set 1 (i32.add (local.get 0) (i32.const 1)))\n";
  for (int i = 2; i < 20; i++)
    many += "(local.set " + std::to_string(i) + " (i32.add (local.get " + std::to_string(i - 1) +
            ") (i32.const 1)))\n";
  std::string sum = "(local.get 1)";
  for (int i = 2; i < 20; i++) sum = "(i32.add " + sum + " (local.get " + std::to_string(i) + "))";
  JitInstance m(module(R"(
    (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (table 1 funcref) (elem (i32.const 0) $add)
    (func (export "br_if_paths") (param i32) (result i32)
      (local i32 i32)
      (local.set 1 (i32.mul (local.get 0) (i32.const 10)))
      (local.set 2
        (block (result i32)
          (drop (br_if 0 (i32.add (local.get 1) (i32.const 1)) (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (i32.const 5)))
          (i32.const 0)))
      (i32.add (local.get 1) (local.get 2)))
    (func (export "table_paths") (param i32) (result i32)
      (local i32)
      (local.set 1 (i32.add (local.get 0) (i32.const 100)))
      (block (block (br_table 0 1 (local.get 0)))
        (local.set 1 (i32.mul (local.get 1) (i32.const 2))))
      (local.get 1))
    (func (export "calls") (param i32) (result i32)
      (local i32 i32)
      (local.set 1 (i32.add (local.get 0) (i32.const 1)))
      (local.set 2 (call $add (local.get 1) (local.get 0)))
      (local.set 0 (call_indirect (param i32 i32) (result i32) (local.get 2) (local.get 1) (i32.const 0)))
      (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "pressure") (param i32) (result i32)
      (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
  )" + many + "(if (local.get 0) (then (local.set 0 (i32.const 0))))\n" + sum + R"()
    (func (export "zeros") (param i32) (result i64)
      (local i64 f64 i32)
      (local.set 3 (i32.add (local.get 3) (local.get 0)))
      (if (local.get 0) (then (local.set 1 (i64.const 7))))
      (i64.add (i64.add (local.get 1) (i64.trunc_f64_s (local.get 2)))
               (i64.extend_i32_u (local.get 3))))
    (func (export "loop_entry") (param i32) (result i32)
      (local i32)
      (local.set 1 (i32.const 1))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (loop $l
        (local.set 1 (i32.mul (local.get 1) (i32.const 2)))
        (br_if $l (i32.lt_u (local.get 1) (i32.const 1000))))
      (local.get 1))
    (func (export "pending_reads") (param i32) (result i32)
      (local i32)
      ;; local 1 is dirty (only its register has 3x) when it is set again
      ;; under two pending reads of it: the upper takes the register, the
      ;; lower must be spilled from it, not from the stale slot.
      (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
      (local.get 1)
      (local.get 1)
      (local.set 1 (i32.add (local.get 1) (i32.const 1000)))
      (i32.shl (i32.const 1))
      (i32.add)
      (i32.add (i32.shl (local.get 1) (i32.const 2))))
  )"));
  // lower + 2 * upper + 4 * new, with both reads the old 3x.
  EXPECT_EQ(m.run("pending_reads", {R::i32(5)}).asI32(), 15 + 2 * 15 + 4 * 1015);
  EXPECT_EQ(m.run("pending_reads", {R::i32(7)}).asI32(), 21 + 2 * 21 + 4 * 1021);
  EXPECT_EQ(m.run("br_if_paths", {R::i32(2)}).asI32(), 20 + 21);
  EXPECT_EQ(m.run("br_if_paths", {R::i32(0)}).asI32(), 5);
  EXPECT_EQ(m.run("table_paths", {R::i32(0)}).asI32(), 200);
  EXPECT_EQ(m.run("table_paths", {R::i32(1)}).asI32(), 101);
  EXPECT_EQ(m.run("table_paths", {R::i32(9)}).asI32(), 109);
  EXPECT_EQ(m.run("calls", {R::i32(3)}).asI32(), (7 + 4) + 4 + 7);
  int32_t expect = 0;
  for (int i = 1; i < 20; i++) expect += 5 + i;
  EXPECT_EQ(m.run("pressure", {R::i32(5)}).asI32(), expect);
  EXPECT_EQ(m.run("zeros", {R::i32(4)}).asI64(), 7 + 4);
  EXPECT_EQ(m.run("zeros", {R::i32(0)}).asI64(), 0);
  EXPECT_EQ(m.run("loop_entry", {R::i32(4)}).asI32(), 1280);
}

// select on a pending integer comparison is a compare and a conditional
// move (masm selectCompare): both value widths, register and immediate
// comparisons, operands that alias the result.
TEST(CodegenVariables, SelectOnComparison) {
  JitInstance m(module(R"(
    (func (export "max_s") (param i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (i32.gt_s (local.get 0) (local.get 1))))
    (func (export "clamp") (param i32) (result i32)
      (select (i32.const 50) (local.get 0) (i32.ge_u (local.get 0) (i32.const 50))))
    (func (export "pick64") (param i64 i64 i64) (result i64)
      (select (i64.add (local.get 0) (i64.const 1)) (local.get 1)
              (i64.lt_u (local.get 2) (i64.const 0x100000000))))
    (func (export "big_imm") (param i64) (result i32)
      (select (i32.const 1) (i32.const 2) (i64.eq (local.get 0) (i64.const 0x123456789))))
    (func (export "negated") (param i32) (result i32)
      (select (i32.const 7) (i32.const 9) (i32.eqz (i32.lt_s (local.get 0) (i32.const 0)))))
  )"));
  EXPECT_EQ(m.run("max_s", {R::i32(-3), R::i32(2)}).asI32(), 2);
  EXPECT_EQ(m.run("max_s", {R::i32(5), R::i32(-2)}).asI32(), 5);
  EXPECT_EQ(m.run("clamp", {R::i32(49)}).asI32(), 49);
  EXPECT_EQ(m.run("clamp", {R::i32(-1)}).asI32(), 50);
  EXPECT_EQ(m.run("pick64", {R::i64(int64_t{1} << 40), R::i64(-7), R::i64(5)}).asI64(),
            (int64_t{1} << 40) + 1);
  EXPECT_EQ(m.run("pick64", {R::i64(0), R::i64(-7), R::i64(int64_t{1} << 32)}).asI64(), -7);
  EXPECT_EQ(m.run("big_imm", {R::i64(0x123456789)}).asI32(), 1);
  EXPECT_EQ(m.run("big_imm", {R::i64(0x23456789)}).asI32(), 2);
  EXPECT_EQ(m.run("negated", {R::i32(-1)}).asI32(), 9);
  EXPECT_EQ(m.run("negated", {R::i32(0)}).asI32(), 7);
}

// Locals kept in registers across loop back-edges (jit/loop_locals.cpp):
// adopted on first read, shared by a nested loop, changed in an inner loop
// or one arm only, clobbered by calls and division, reached by br_table.
TEST(CodegenControl, LoopLocalsInRegisters) {
  JitInstance m(module(R"(
    (func $id (param i32) (result i32) (local.get 0))
    ;; sum over i < n of (sum over j < i of (j + base)), base changed by the inner loop
    (func (export "nested") (param $n i32) (result i32)
      (local $i i32) (local $j i32) (local $sum i32) (local $base i32)
      (local.set $base (i32.const 3))
      (loop $outer
        (local.set $j (i32.const 0))
        (block $done
          (loop $inner
            (br_if $done (i32.ge_u (local.get $j) (local.get $i)))
            (local.set $sum (i32.add (local.get $sum) (i32.add (local.get $j) (local.get $base))))
            (if (i32.eq (local.get $j) (i32.const 2)) (then (local.set $base (i32.add (local.get $base) (i32.const 1)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (if (i32.eq (local.get $j) (i32.const 5))
              (then
                ;; back to the outer header from inside the inner loop
                (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                        (local.get $n)))
                (br $done)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
      (i32.add (local.get $sum) (i32.mul (local.get $base) (i32.const 1000))))
    ;; a call and a division in the body; a local read only in one arm
    (func (export "clobbers") (param $n i32) (param $k i32) (result i32)
      (local $i i32) (local $acc i32)
      (loop $l
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $acc (i32.add (local.get $acc) (local.get $k))))
          (else (local.set $acc (i32.add (local.get $acc) (call $id (local.get $i))))))
        (local.set $acc (i32.add (local.get $acc) (i32.div_u (local.get $n) (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $acc))
    ;; $k's copy from the entry (x86-64: its argument register) is read only in
    ;; the else arm, after the then arm handed that register out: the read
    ;; still relies on the header, whose back-edge must restore the copy
    (func (export "else_arm") (param $n i32) (param $k i32) (result i32)
      (local $i i32) (local $acc i32)
      (loop $l
        (if (i32.and (local.get $i) (i32.const 1))
          (then
            (local.set $acc (i32.add (local.get $acc)
              (i32.add (i32.mul (local.get $i) (i32.const 3))
               (i32.add (i32.mul (local.get $i) (i32.const 5))
               (i32.add (i32.mul (local.get $i) (i32.const 7))
               (i32.add (i32.mul (local.get $i) (i32.const 11))
               (i32.add (i32.mul (local.get $i) (i32.const 13))
               (i32.add (i32.mul (local.get $i) (i32.const 17))
               (i32.add (i32.mul (local.get $i) (i32.const 19))
               (i32.add (i32.mul (local.get $i) (i32.const 23))
               (i32.add (i32.mul (local.get $i) (i32.const 29))
               (i32.add (i32.mul (local.get $i) (i32.const 31))
               (i32.mul (local.get $i) (i32.const 37)))))))))))))))
          (else (local.set $acc (i32.add (local.get $acc) (local.get $k)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $acc))
    ;; br_table back to the header, f64 locals carried around
    (func (export "table") (param $n i32) (result f64)
      (local $i i32) (local $x f64) (local $y f64)
      (local.set $y (f64.const 0.5))
      (block $out
        (loop $l
          (local.set $x (f64.add (local.get $x) (local.get $y)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_table $out $l $out (i32.lt_u (local.get $i) (local.get $n)))))
      (f64.mul (local.get $x) (f64.convert_i32_u (local.get $i))))
    ;; eqz of a float compare: true when unordered
    (func (export "not_lt") (param f64 f64) (result i32)
      (i32.eqz (f64.lt (local.get 0) (local.get 1))))
    (func (export "br_not_lt") (param f64 f64) (result i32)
      (block $yes
        (br_if $yes (i32.eqz (f64.lt (local.get 0) (local.get 1))))
        (return (i32.const 0)))
      (i32.const 1))
  )"));
  for (uint32_t n : {0u, 1u, 4u, 9u}) {
    uint32_t i = 0, sum = 0, base = 3;
    for (;;) {
      uint32_t j = 0;
      bool again = false;
      while (j < i) {
        sum += j + base;
        if (j == 2) base++;
        j++;
        if (j == 5) {
          i++;
          again = i < n;
          break;
        }
      }
      if (again) continue;
      if (++i >= n) break;
    }
    EXPECT_EQ(m.run("nested", {R::i32(static_cast<int32_t>(n))}).asI32(),
              static_cast<int32_t>(sum + base * 1000))
        << "n = " << n;
  }
  for (uint32_t n : {1u, 2u, 7u, 20u}) {
    uint32_t acc = 0, k = 11;
    for (uint32_t i = 0; i < n; i++) {
      acc += (i & 1) ? k : i;
      acc += n / (i + 1);
    }
    EXPECT_EQ(m.run("clobbers", {R::i32(static_cast<int32_t>(n)), R::i32(11)}).asI32(),
              static_cast<int32_t>(acc))
        << "n = " << n;
  }
  for (uint32_t n : {1u, 2u, 5u, 12u}) {
    uint32_t acc = 0;
    for (uint32_t i = 0; i < n; i++) acc += (i & 1) ? i * (3 + 5 + 7 + 11 + 13 + 17 + 19 + 23 + 29 + 31 + 37) : 1000;
    EXPECT_EQ(m.run("else_arm", {R::i32(static_cast<int32_t>(n)), R::i32(1000)}).asI32(),
              static_cast<int32_t>(acc))
        << "n = " << n;
  }
  EXPECT_EQ(m.run("table", {R::i32(6)}).asF64(), 3.0 * 6);
  EXPECT_EQ(m.run("table", {R::i32(1)}).asF64(), 0.5);
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(m.run("not_lt", {R::f64(1), R::f64(2)}).asI32(), 0);
  EXPECT_EQ(m.run("not_lt", {R::f64(2), R::f64(1)}).asI32(), 1);
  EXPECT_EQ(m.run("not_lt", {R::f64(nan), R::f64(1)}).asI32(), 1);
  EXPECT_EQ(m.run("br_not_lt", {R::f64(1), R::f64(2)}).asI32(), 0);
  EXPECT_EQ(m.run("br_not_lt", {R::f64(1), R::f64(nan)}).asI32(), 1);
}

// A back-edge leaves a loop-carried local dirty (its slot stale) when
// nothing between the header and the local's write relied on the slot
// (jit/loop_locals.cpp, keptDirtyTo): each function below has code that
// must see the current value after such back-edges, or that relies on the
// slot so that the back-edge must store.
TEST(CodegenControl, BackEdgesLeaveUnreliedSlotsStale) {
  JitInstance m(module(R"(
    ;; header copies (entered straight from the code before) and adopted
    ;; ones (entered after a label), read after the loop
    (func (export "straight") (param $n i32) (param $label i32) (result i32)
      (local $a i32) (local $b i32)
      (local.set $b (i32.const 1))
      (if (local.get $label) (then (nop)))
      (loop $l
        (local.set $a (i32.add (local.get $a) (local.get $b)))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
    ;; the exit before the writes relies on the slots
    (func (export "exit_first") (param $n i32) (result i32) (local $a i32) (local $i i32)
      (block $out
        (loop $l
          (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $a (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (i32.add (i32.mul (local.get $a) (i32.const 100)) (local.get $i)))
    ;; a return reads $a's slot before the body adopts it
    (func (export "return_first") (param $n i32) (result i32) (local $a i32) (local $i i32)
      (block (br_if 0 (i32.eqz (local.get $n))))
      (loop $l
        (br_if 1 (local.get $a) (i32.eq (local.get $i) (local.get $n)))
        (local.set $a (i32.add (local.get $a) (i32.const 7)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))
      (i32.const -1))
    ;; two back-edges, an exit between them, a write after the exit
    (func (export "two_back_edges") (param $n i32) (result i32) (local $a i32) (local $i i32)
      (block $done
        (loop $l
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.and (local.get $i) (i32.const 1)))
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $a (i32.add (local.get $a) (i32.const 100)))
          (br $l)))
      (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $i)))
    ;; written in an inner loop, carried by both
    (func (export "inner_write") (param $n i32) (result i32) (local $s i32) (local $j i32) (local $k i32)
      (loop $outer
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $s (i32.add (local.get $s) (i32.add (local.get $j) (local.get $k))))
          (br_if $inner (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 3))))
        (br_if $outer (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $n))))
      (i32.add (i32.mul (local.get $s) (i32.const 100)) (local.get $k)))
  )"));
  for (int32_t n : {1, 2, 5}) {
    int32_t a = 0, b = 1;
    for (int32_t k = n; k > 0; k--) {
      a += b;
      b += 2;
    }
    for (int32_t label : {0, 1})
      EXPECT_EQ(m.run("straight", {R::i32(n), R::i32(label)}).asI32(), a * 1000 + b)
          << "n = " << n << ", label = " << label;
  }
  for (int32_t n : {0, 1, 4, 9}) {
    int32_t a = 0, i = 0;
    for (; i < n; i++) a += i * i;
    EXPECT_EQ(m.run("exit_first", {R::i32(n)}).asI32(), a * 100 + i) << "n = " << n;
  }
  EXPECT_EQ(m.run("return_first", {R::i32(0)}).asI32(), 0);  // returns at once
  EXPECT_EQ(m.run("return_first", {R::i32(3)}).asI32(), 21);
  EXPECT_EQ(m.run("return_first", {R::i32(8)}).asI32(), 56);
  for (int32_t n : {1, 2, 6, 11}) {
    int32_t a = 0, i = 0;
    for (;;) {
      a++;
      i++;
      if (i & 1) continue;
      if (i >= n) break;
      a += 100;
    }
    EXPECT_EQ(m.run("two_back_edges", {R::i32(n)}).asI32(), a * 1000 + i) << "n = " << n;
  }
  for (int32_t n : {1, 4}) {
    int32_t s = 0, k = 0;
    do {
      for (int32_t j = 0; j < 3; j++) s += j + k;
    } while (++k < n);
    EXPECT_EQ(m.run("inner_write", {R::i32(n)}).asI32(), s * 100 + k) << "n = " << n;
  }
}

// A parameter (dirty in its register from the entry) stays dirty at a
// loop's header (its slot stale), and at the header of a loop inside it; a read after the
// inner loop and a builtin call must not adopt it into the outer loop,
// whose preheader would load the stale slot (a fuzzer finding: a rem_s by
// such a parameter did not trap).
TEST(CodegenControl, DirtyLocalOfAnOuterHeaderIsNotAdoptedAfterAnInnerLoop) {
  JitInstance m(module(R"(
    (memory 1)
    (func (export "f") (param $n i32) (param $p i32) (result i32) (local $i i32) (local $s i32) (local $j i32)
      (loop $outer
        (local.set $j (i32.const 3))
        (loop $inner
          (br_if $inner (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
        (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))
        (local.set $s (i32.add (local.get $s) (local.get $p)))
        (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.get $s))
  )"));
  for (int32_t n : {1, 3})
    EXPECT_EQ(m.run("f", {R::i32(n), R::i32(42)}).asI32(), 42 * n) << "n = " << n;
}

// The functions below that branch from an inner loop to an outer one's
// header every fourth count, where the outer loop adds $t, which the inner
// one sets to the count.
int32_t outerHeaderSum(int32_t n) {
  int32_t t = 0, i = 0, s = 0;
  for (bool outer = true; outer;) {
    s += t;
    outer = false;
    for (;;) {
      if (((++i) & 3) == 0) {
        outer = true;
        break;
      }
      t = i;
      if (i >= n) break;
    }
  }
  return s;
}

// Their WAT, with `beforeInnerLoop` between the outer header's read of $t
// and the inner loop.
std::string outerHeaderFunction(const char* beforeInnerLoop) {
  return std::string(R"(
    (func (export "outer_header") (param $n i32) (result i32) (local $t i32) (local $i i32) (local $s i32)
      (loop $outer
        (local.set $s (i32.add (local.get $s) (local.get $t))))") +
         beforeInnerLoop + R"(
        (loop $inner
          (br_if $outer (i32.eqz (i32.and (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                          (i32.const 3))))
          (local.set $t (local.get $i))
          (br_if $inner (i32.lt_u (local.get $i) (local.get $n)))))
      (local.get $s)))";
}

// A branch to an outer loop's header that finds a local's copy already in
// the register that header promises relies on it: the inner loop, whose
// header promised the same, must restore it at its back-edge rather than
// drop the promise as unused (it never reads $t).
TEST(CodegenControl, BranchToAnOuterLoopReliesOnTheInnerLoopsCopy) {
  JitInstance m(module(outerHeaderFunction("")));
  for (int32_t n : {2, 9, 20})
    EXPECT_EQ(m.run("outer_header", {R::i32(n)}).asI32(), outerHeaderSum(n)) << "n = " << n;
}

// A back-edge drops the store of a temporary the body writes before any
// read (jit/loop_locals.cpp, deadAtHeader), and keeps it wherever some
// path from the header can still see the slot: each function below reads
// the value a previous iteration stored, and returns a wrong result if
// that store is dropped.
TEST(CodegenControl, BackEdgesStoreTemporariesSomePathReads) {
  JitInstance m(module(R"(
    (memory 1)
    ;; a conditional read before the write, in an if's arm
    (func (export "read_in_arm") (param $n i32) (result i32) (local $t i32) (local $i i32) (local $r i32)
      (loop $l
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $r (i32.add (local.get $r) (local.get $t)))))
        (local.set $t (i32.mul (local.get $i) (i32.const 3)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.get $r))
    ;; an exit before the write: the code after the loop reads the slot
    (func (export "exit_first") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (block $out
        (loop $l
          (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $t (i32.mul (local.get $i) (i32.const 5)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (local.get $t))
    ;; an exit after the write (it carries the new value)
    (func (export "exit_after_write") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (block $out
        (loop $l
          (local.set $t (i32.mul (local.get $i) (i32.const 5)))
          (br_if $out (i32.ge_u (local.get $t) (local.get $n)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (i32.add (i32.mul (local.get $t) (i32.const 1000)) (local.get $i)))
    ;; an exit in an if's arm before the write, the write after its end
    (func (export "exit_in_arm_first") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (block $out
        (loop $l
          (if (i32.ge_u (local.get $i) (local.get $n)) (then (br $out)))
          (local.set $t (i32.mul (local.get $i) (i32.const 5)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (local.get $t))
    ;; exits after writes on other paths (a label one path reaches without
    ;; the first write, a then arm, the code before the loop), each local
    ;; written again after the exit: what a rule that trusted a write
    ;; anywhere before an exit would get wrong
    (func (export "exit_after_bypassed_write") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (block $out
        (loop $l
          (block $b
            (br_if $b (i32.and (local.get $i) (i32.const 1)))
            (local.set $t (i32.mul (local.get $i) (i32.const 100))))
          (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $t (i32.add (local.get $i) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (local.get $t))
    (func (export "exit_in_else_arm") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (block $out
        (loop $l
          (if (i32.eqz (local.get $i))
            (then (local.set $t (i32.const 7)))
            (else
              (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $t (i32.add (local.get $i) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (local.get $t))
    (func (export "exit_after_write_before_loop") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (local.set $t (i32.add (local.get $n) (i32.const 5)))
      (local.set $i (i32.mul (local.get $n) (i32.const 0)))
      (block $out
        (loop $l
          (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $t (i32.add (local.get $i) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
      (local.get $t))
    ;; the back-edge in an if's arm: the false edge leads to a read
    (func (export "back_edge_in_arm") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (loop $l
        (if (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))
          (then (local.set $t (i32.mul (local.get $i) (i32.const 7))) (br $l))))
      (local.get $t))
    ;; a branch to an outer loop's header, whose code reads the slot (the
    ;; call empties the cache: the inner loop does not keep $t)
    (func $nothing)
)" + outerHeaderFunction("(call $nothing)") +
                       R"(
    ;; a header copy a call passes over, read from the slot after it
    (func (export "read_after_call") (param $n i32) (result i32) (local $i i32) (local $s i32)
      (local.set $s (local.get $i))
      (loop $l
        (call $nothing)
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (local.get $s))
    ;; a back-edge that loads the header's copy from the slot (the call
    ;; dropped it) before a later back-edge that carries a new value
    (func (export "back_edge_loads_slot") (param $n i32) (result i32) (local $i i32) (local $s i32)
      (local.set $s (local.get $i))
      (loop $l
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (call $nothing)
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br_if $l (i32.and (local.get $s) (i32.const 1)))
        (local.set $i (i32.add (local.get $s) (i32.const 1000)))
        (br_if $l (i32.lt_u (local.get $s) (local.get $n))))
      (i32.add (i32.mul (local.get $i) (i32.const 1000)) (local.get $s)))
    ;; an outer loop's exit before the write of its header's copy, and a
    ;; loop inside it: the inner loop's edges say nothing of the outer's
    (func (export "outer_exit_first") (param $n i32) (result i32) (local $p i32) (local $i i32)
      (local.set $i (local.get $p))
      (block $out
        (loop $o
          (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
          (loop $in (br_if $in (i32.const 0)))
          (local.set $p (i32.add (local.get $p) (i32.const 3)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $o)))
      (local.get $p))
    ;; a builtin's operand read from the slot before the write
    (func (export "builtin_operand") (param $n i32) (result i32) (local $t i32) (local $i i32)
      (local.set $t (i32.const 65))
      (loop $l
        (memory.fill (local.get $i) (local.get $t) (i32.const 1))
        (local.set $t (i32.add (local.get $i) (i32.const 66)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (i32.load8_u (i32.sub (local.get $n) (i32.const 1))))
    ;; written every iteration before any read: the store may go
    (func (export "temporary") (param $n i32) (result i32) (local $t i32) (local $i i32) (local $s i32)
      (loop $l
        (local.set $t (i32.mul (local.get $i) (local.get $i)))
        (local.set $s (i32.add (local.get $s) (local.get $t)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (i32.add (i32.mul (local.get $s) (i32.const 100)) (local.get $t)))
  )"));
  for (int32_t n : {1, 2, 5, 8}) {
    int32_t r = 0, t = 0;
    for (int32_t i = 0; i < n; i++) {
      if (i & 1) r += t;
      t = i * 3;
    }
    EXPECT_EQ(m.run("read_in_arm", {R::i32(n)}).asI32(), r) << "n = " << n;
    EXPECT_EQ(m.run("exit_first", {R::i32(n)}).asI32(), (n - 1) * 5) << "n = " << n;
    EXPECT_EQ(m.run("back_edge_in_arm", {R::i32(n)}).asI32(), (n - 1) * 7) << "n = " << n;
    EXPECT_EQ(m.run("exit_in_arm_first", {R::i32(n)}).asI32(), (n - 1) * 5) << "n = " << n;
    int32_t bypassed = 0;
    for (int32_t i = 0;; i++) {
      if (!(i & 1)) bypassed = i * 100;
      if (i >= n) break;
      bypassed = i + 1;
    }
    EXPECT_EQ(m.run("exit_after_bypassed_write", {R::i32(n)}).asI32(), bypassed) << "n = " << n;
    EXPECT_EQ(m.run("exit_in_else_arm", {R::i32(n)}).asI32(), n <= 1 ? 7 : n) << "n = " << n;
    EXPECT_EQ(m.run("exit_after_write_before_loop", {R::i32(n)}).asI32(), n) << "n = " << n;
    const int32_t exitAt = (n + 4) / 5;  // the first i with 5i >= n
    EXPECT_EQ(m.run("exit_after_write", {R::i32(n)}).asI32(), exitAt * 5 * 1000 + exitAt)
        << "n = " << n;
  }
  for (int32_t n : {2, 9, 20})
    EXPECT_EQ(m.run("outer_header", {R::i32(n)}).asI32(), outerHeaderSum(n)) << "n = " << n;
  for (int32_t n : {1, 2, 9})  // 0 + 1 + ... + (n - 1)
    EXPECT_EQ(m.run("read_after_call", {R::i32(n)}).asI32(), n * (n - 1) / 2) << "n = " << n;
  for (int32_t n : {0, 1, 6})
    EXPECT_EQ(m.run("outer_exit_first", {R::i32(n)}).asI32(), 3 * n) << "n = " << n;
  for (int32_t n : {1, 5, 40}) {
    int32_t i = 0, s = 0;
    for (;;) {
      s += i;
      s += 1;
      if (s & 1) continue;
      i = s + 1000;
      if (s >= n) break;
    }
    EXPECT_EQ(m.run("back_edge_loads_slot", {R::i32(n)}).asI32(), i * 1000 + s) << "n = " << n;
  }
  for (int32_t n : {1, 2, 7}) {
    // Byte i is what $t held when iteration i began: 65, then i - 1 + 66.
    EXPECT_EQ(m.run("builtin_operand", {R::i32(n)}).asI32(), n == 1 ? 65 : n - 2 + 66)
        << "n = " << n;
  }
  for (int32_t n : {1, 3, 10}) {
    int32_t s = 0, t = 0;
    for (int32_t i = 0; i < n; i++) {
      t = i * i;
      s += t;
    }
    EXPECT_EQ(m.run("temporary", {R::i32(n)}).asI32(), s * 100 + t) << "n = " << n;
  }
}

TEST(CodegenCalls, DirectRecursiveAndMultiValue) {
  JitInstance m(module(R"(
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    ;; two results in rax/rdx, returned swapped: a cycle for the parallel move
    (func $pair (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func $swap2 (param i32 i32) (result i32 i32)
      (call $pair (local.get 0) (local.get 1)) (local.set 0) (local.set 1) (local.get 0) (local.get 1))
    (func (export "pair_diff") (param i32 i32) (result i32) (i32.sub (call $swap2 (local.get 0) (local.get 1))))
    ;; many mixed parameters: the tail goes on the stack
    (func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64)
                (result f64)
      (f64.add (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
                        (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))
        (f64.add (f64.add (f64.convert_i32_s (local.get 16)) (f64.convert_i64_s (local.get 17)))
                 (f64.add (f64.promote_f32 (local.get 18)) (f64.mul (local.get 19) (f64.convert_i64_s (local.get 13)))))))
    (func (export "many") (result f64)
      (call $many (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
                  (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
                  (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12)
                  (i32.const 13) (i64.const 14) (f32.const 15) (f64.const 16)
                  (i32.const 17) (i64.const 18) (f32.const 19) (f64.const 20)))
    ;; many results: beyond rax/rdx they come back on the stack
    (func $five (param i64) (result i64 i64 i64 i64 i64)
      (local.get 0) (i64.add (local.get 0) (i64.const 1)) (i64.add (local.get 0) (i64.const 2))
      (i64.add (local.get 0) (i64.const 3)) (i64.add (local.get 0) (i64.const 4)))
    (func (export "five") (param i64) (result i64)
      (local i64 i64 i64 i64)
      (call $five (local.get 0))
      (local.set 4) (local.set 3) (local.set 2) (local.set 1) (local.set 0)
      ;; weighted so that the order is checked
      (i64.add (i64.add (i64.add (i64.mul (local.get 1) (i64.const 10000))
                                 (i64.mul (local.get 2) (i64.const 1000)))
                        (i64.add (i64.mul (local.get 3) (i64.const 100)) (i64.mul (local.get 4) (i64.const 10))))
               (local.get 0)))
    ;; values live across a call are spilled and come back
    (func $id (param i32) (result i32) (local.get 0))
    (func (export "live_across") (param i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 3)) (call $id (i32.const 4))))
    (func $deep (export "deep") (param i32) (result i32)
      (call $deep (i32.add (local.get 0) (i32.const 1))))
  )"));
  EXPECT_EQ(m.run("fib", {R::i32(20)}).asI32(), 6765);
  EXPECT_EQ(m.run("pair_diff", {R::i32(10), R::i32(3)}).asI32(), 7);
  EXPECT_EQ(m.run("many").asF64(), 1 + 2 + 3 + 4 + 17 + 18 + 19 + 20 * 14);
  // results: x, x+1, ..., x+4; local.set pops x+4 first into local 4.
  int64_t x = 1;
  EXPECT_EQ(m.run("five", {R::i64(x)}).asI64(),
            (x + 1) * 10000 + (x + 2) * 1000 + (x + 3) * 100 + (x + 4) * 10 + x);
  EXPECT_EQ(m.run("live_across", {R::i32(5)}).asI32(), 19);
  EXPECT_EQ(m.trapOf("deep", {R::i32(0)}), TrapCode::StackExhausted);
}

TEST(CodegenCalls, IndirectAndImported) {
  JitInstance m(module(R"(
    (import "m" "twice" (func $twice_import (param i32) (result i32)))
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 4 funcref)
    (elem (i32.const 0) $inc $twice $nothing)
    (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $twice (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
    (func $nothing)
    (func (export "dispatch") (param i32 i32) (result i32)
      (call_indirect (type $ii) (local.get 1) (local.get 0)))
    (func (export "via_import") (param i32) (result i32)
      (i32.add (call $twice_import (local.get 0)) (i32.const 1)))
  )"));
  EXPECT_EQ(m.run("dispatch", {R::i32(0), R::i32(41)}).asI32(), 42);
  EXPECT_EQ(m.run("dispatch", {R::i32(1), R::i32(21)}).asI32(), 42);
  EXPECT_EQ(m.trapOf("dispatch", {R::i32(2), R::i32(0)}), TrapCode::IndirectCallTypeMismatch);
  EXPECT_EQ(m.trapOf("dispatch", {R::i32(3), R::i32(0)}), TrapCode::UninitializedElement);
  EXPECT_EQ(m.trapOf("dispatch", {R::i32(4), R::i32(0)}), TrapCode::UndefinedElement);
  EXPECT_EQ(m.trapOf("dispatch", {R::i32(-1), R::i32(0)}), TrapCode::UndefinedElement);
  EXPECT_EQ(m.run("via_import", {R::i32(20)}).asI32(), 41);
}

const char* kMemoryModule = R"(
  (memory 1 3)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\ff\fe")
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "load8_u") (param i32) (result i32) (i32.load8_u offset=2 (local.get 0)))
  (func (export "load16_s") (param i32) (result i64) (i64.load16_s (local.get 0)))
  (func (export "load32_u") (param i32) (result i64) (i64.load32_u (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "loadf64") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "store_load") (param i32 i64) (result i64)
    (i64.store32 offset=4 (local.get 0) (local.get 1))
    (i64.load offset=4 (local.get 0)))
  (func (export "storef32") (param i32 f32) (result f32)
    (f32.store (local.get 0) (local.get 1)) (f32.load (local.get 0)))
  (func (export "store8") (param i32 i32) (result i32)
    (i32.store8 (local.get 0) (local.get 1)) (i32.load (local.get 0)))
  (func (export "big_offset") (param i32) (result i32) (i32.load offset=0x7fffffff (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill_copy") (result i32)
    (memory.fill (i32.const 100) (i32.const 0xAB) (i32.const 8))
    (memory.copy (i32.const 200) (i32.const 98) (i32.const 8))
    (i32.load (i32.const 202)))
  (func (export "fill_oob") (memory.fill (i32.const 65530) (i32.const 0) (i32.const 100)))
  ;; Constant addresses (C's static variables): folded into the access.
  (func (export "const_load") (result i64) (i64.load offset=8 (i32.const 8)))
  (func (export "const_store") (param i32) (result i32)
    (i32.store16 offset=2 (i32.const 4000) (local.get 0))
    (i32.load (i32.const 4000)))
  (func (export "const_last") (result i32) (i32.load (i32.const 65532)))
  (func (export "const_past") (result i32) (i32.load (i32.const 65533)))
  (func (export "const_store_past") (i64.store offset=65529 (i32.const 0) (i64.const 1)))
  (func (export "const_high") (result i32) (i32.load8_u offset=0x7fffffff (i32.const 0x7fffffff)))
  (func (export "const_top") (result i32) (i32.load offset=0xffffffff (i32.const -1)))
  (func (export "const_second_page") (result i32) (i32.load8_u (i32.const 65546)))
  ;; Constant values, stored from the instruction: every width, an int32
  ;; sign-extended into a 64-bit store, values beyond an int32 and float
  ;; bits (through a register where the instruction cannot carry them).
  (func (export "store_imm") (param i32) (result i64)
    (i64.store (local.get 0) (i64.const -2))
    (i32.store8 (local.get 0) (i32.const 0x1AB))
    (i32.store16 offset=2 (local.get 0) (i32.const 0x12345))
    (i64.store32 offset=4 (local.get 0) (i64.const 0x187654321))
    (i64.load (local.get 0)))
  (func (export "store_imm_wide") (param i32) (result i64)
    (i64.store (local.get 0) (i64.const 0x80000000))
    (i64.load (local.get 0)))
  (func (export "store_imm_float") (param i32) (result i64)
    (f64.store (local.get 0) (f64.const -0.0))
    (f32.store (local.get 0) (f32.const -1.5))
    (i64.load (local.get 0)))
  (func (export "store_imm_past") (param i32) (i32.store16 (local.get 0) (i32.const 1)))
)";

void checkMemory(JitInstance& m) {
  EXPECT_EQ(m.run("load8_s", {R::i32(24)}).asI32(), -1);
  EXPECT_EQ(m.run("load8_u", {R::i32(22)}).asI32(), 0xFF);
  EXPECT_EQ(m.run("load16_s", {R::i32(24)}).asI64(), static_cast<int16_t>(0xFEFF));
  EXPECT_EQ(m.run("load32_u", {R::i32(22)}).asI64(), 0xFEFF0807);
  EXPECT_EQ(m.run("load64", {R::i32(16)}).asI64(), 0x0807060504030201);
  EXPECT_EQ(m.run("store_load", {R::i32(1000), R::i64(-1)}).asI64(), 0xFFFFFFFF);
  EXPECT_EQ(m.run("storef32", {R::i32(2000), R::f32(1.5f)}).asF32(), 1.5f);
  EXPECT_EQ(m.run("store8", {R::i32(3000), R::i32(0x1FF)}).asI32(), 0xFF);
  EXPECT_EQ(m.run("loadf64", {R::i32(65528)}).asF64(), 0.0);
  EXPECT_EQ(m.trapOf("loadf64", {R::i32(65529)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("load8_s", {R::i32(65536)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("load64", {R::i32(-1)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("big_offset", {R::i32(0)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.run("const_load").asI64(), 0x0807060504030201);
  EXPECT_EQ(m.run("const_store", {R::i32(0x12345678)}).asI32(), 0x56780000);
  EXPECT_EQ(m.run("const_last").asI32(), 0);
  EXPECT_EQ(m.trapOf("const_past", {}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("const_store_past", {}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("const_high", {}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("const_top", {}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.trapOf("const_second_page", {}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.run("store_imm", {R::i32(5000)}).asI64(),
            static_cast<int64_t>(0x876543212345FFABull));
  EXPECT_EQ(m.run("store_imm_wide", {R::i32(5008)}).asI64(), 0x80000000);
  EXPECT_EQ(m.run("store_imm_float", {R::i32(5016)}).asI64(),
            static_cast<int64_t>(0x80000000BFC00000ull));
  EXPECT_EQ(m.trapOf("store_imm_past", {R::i32(65535)}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(m.run("load8_u", {R::i32(65533)}).asI32(), 0) << "the trapping store wrote nothing";
  EXPECT_EQ(m.run("size").asI32(), 1);
  EXPECT_EQ(m.run("grow", {R::i32(1)}).asI32(), 1);
  EXPECT_EQ(m.run("const_second_page").asI32(), 0) << "the new page";
  EXPECT_EQ(m.run("size").asI32(), 2);
  EXPECT_EQ(m.run("load8_s", {R::i32(65536 + 10)}).asI32(), 0);
  EXPECT_EQ(m.run("grow", {R::i32(5)}).asI32(), -1);
  EXPECT_EQ(m.run("fill_copy").asI32(), static_cast<int32_t>(0xABABABAB));
  EXPECT_EQ(m.run("load8_u", {R::i32(204)}).asI32(), 0xAB);
  EXPECT_EQ(m.trapOf("fill_oob", {}), std::nullopt);  // 2 pages now
}

TEST(CodegenMemory, ExplicitBoundsChecks) {
  JitOptions options;
  options.bounds = BoundsCheck::Explicit;
  JitInstance m(module(kMemoryModule), options);
  checkMemory(m);
}

// Guard mode: out-of-bounds accesses fault on the reservation's
// inaccessible pages and the harness's handler finds them in the trap table.
TEST(CodegenMemory, GuardRegion) {
  JitInstance m(module(kMemoryModule));
  checkMemory(m);
}

TEST(CodegenMemory, TrapsViaSignalHandlerWithoutTrapBuiltin) {
  JitOptions options;
  options.trapViaBuiltin = false;
  JitInstance m(module(R"(
    (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func (export "u") (unreachable)))"),
                options);
  EXPECT_EQ(m.trapOf("div", {R::i32(1), R::i32(0)}), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(m.trapOf("u"), TrapCode::Unreachable);
  EXPECT_EQ(m.run("div", {R::i32(9), R::i32(3)}).asI32(), 3);
}

TEST(CodegenTables, GetSetSizeRefs) {
  JitInstance m(module(R"(
    (table $t 3 funcref)
    (elem (i32.const 1) $f)
    (func $f (result i32) (i32.const 5))
    (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "size") (result i32) (table.size $t))
    (func (export "set_and_call") (param i32) (result i32)
      (table.set $t (local.get 0) (ref.func $f))
      (call_indirect (result i32) (local.get 0)))
    (func (export "clear") (param i32) (table.set $t (local.get 0) (ref.null func)))
  )"));
  EXPECT_EQ(m.run("is_null", {R::i32(0)}).asI32(), 1);
  EXPECT_EQ(m.run("is_null", {R::i32(1)}).asI32(), 0);
  EXPECT_EQ(m.trapOf("is_null", {R::i32(3)}), TrapCode::TableOutOfBounds);
  EXPECT_EQ(m.run("size").asI32(), 3);
  EXPECT_EQ(m.run("set_and_call", {R::i32(2)}).asI32(), 5);
  EXPECT_EQ(m.trapOf("clear", {R::i32(1)}), std::nullopt);
  EXPECT_EQ(m.run("is_null", {R::i32(1)}).asI32(), 1);
}

TEST(CodegenCompile, SimdCompilesAndRuns) {
  JitInstance m(R"((module (func (export "f") (result i32)
      (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4)))))");
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m.run("f").asI32(), 3);
}

}  // namespace
}  // namespace ember::test

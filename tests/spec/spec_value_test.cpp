// Value parsing and matching of the spec runner: NaN classes, v128 lanes,
// reference identity.
#include "tools/spec/spec_value.h"

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

namespace ember::tools {
namespace {

SpecValue value(const char* type, std::vector<std::string> strings, const char* lane = "") {
  auto v = makeSpecValue(type, lane, strings);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message());
  return v.ok() ? *v : SpecValue{};
}

bool matches(const SpecValue& expected, RawValue actual) {
  HostRefs refs;
  return matchesExpected(expected, actual, refs, nullptr);
}

RawValue raw(ValType type, uint64_t lo, uint64_t hi = 0) { return RawValue{type, lo, hi}; }

TEST(SpecValue, ParsesUnsignedBitPatterns) {
  EXPECT_EQ(value("i32", {"4294967295"}).lanes[0].bits, 0xffffffffu);
  EXPECT_EQ(value("i64", {"18446744073709551615"}).lanes[0].bits, ~uint64_t{0});
  EXPECT_EQ(value("f64", {"4607182418800017408"}).lanes[0].bits, std::bit_cast<uint64_t>(1.0));
}

TEST(SpecValue, RejectsWhatScriptsNeverContain) {
  std::vector<std::string> tooBig{"4294967296"}, negative{"-1"}, nan{"nan:canonical"};
  EXPECT_FALSE(makeSpecValue("i32", "", tooBig).ok());
  EXPECT_FALSE(makeSpecValue("i32", "", negative).ok());
  EXPECT_FALSE(makeSpecValue("i64", "", nan).ok());  // NaN classes are for floats only
  EXPECT_FALSE(makeSpecValue("f128", "", negative).ok());
  std::vector<std::string> threeLanes{"0", "0", "0"};
  EXPECT_FALSE(makeSpecValue("v128", "i32", threeLanes).ok());
  std::vector<std::string> bigLane{"256", "0", "0", "0", "0", "0", "0", "0",
                                   "0",   "0", "0", "0", "0", "0", "0", "0"};
  EXPECT_FALSE(makeSpecValue("v128", "i8", bigLane).ok());
}

TEST(SpecValue, FloatsCompareBitExactly) {
  SpecValue plusZero = value("f32", {"0"});
  EXPECT_TRUE(matches(plusZero, raw(ValType::F32, 0)));
  EXPECT_FALSE(matches(plusZero, raw(ValType::F32, 0x80000000u)));  // -0.0
  SpecValue nanPayload = value("f32", {std::to_string(0x7fc00001u)});
  EXPECT_FALSE(matches(nanPayload, raw(ValType::F32, 0x7fc00000u)));
}

TEST(SpecValue, CanonicalNanF32) {
  SpecValue canonical = value("f32", {"nan:canonical"});
  EXPECT_TRUE(matches(canonical, raw(ValType::F32, 0x7fc00000u)));
  EXPECT_TRUE(matches(canonical, raw(ValType::F32, 0xffc00000u)));   // either sign
  EXPECT_FALSE(matches(canonical, raw(ValType::F32, 0x7fc00001u)));  // extra payload
  EXPECT_FALSE(matches(canonical, raw(ValType::F32, 0x7f800000u)));  // infinity
  EXPECT_FALSE(matches(canonical, raw(ValType::F32, 0x3f800000u)));  // 1.0
}

TEST(SpecValue, ArithmeticNanF32) {
  SpecValue arithmetic = value("f32", {"nan:arithmetic"});
  EXPECT_TRUE(matches(arithmetic, raw(ValType::F32, 0x7fc00000u)));
  EXPECT_TRUE(matches(arithmetic, raw(ValType::F32, 0xffc12345u)));
  EXPECT_FALSE(matches(arithmetic, raw(ValType::F32, 0x7f800001u)));  // signalling NaN
  EXPECT_FALSE(matches(arithmetic, raw(ValType::F32, 0x7f800000u)));
}

TEST(SpecValue, NanClassesF64) {
  SpecValue canonical = value("f64", {"nan:canonical"});
  SpecValue arithmetic = value("f64", {"nan:arithmetic"});
  EXPECT_TRUE(matches(canonical, raw(ValType::F64, 0xfff8000000000000ull)));
  EXPECT_FALSE(matches(canonical, raw(ValType::F64, 0x7ff8000000000001ull)));
  EXPECT_TRUE(matches(arithmetic, raw(ValType::F64, 0x7ff8000000000001ull)));
  EXPECT_FALSE(matches(arithmetic, raw(ValType::F64, 0x7ff0000000000001ull)));
  // An f32 canonical NaN is not an f64 one.
  EXPECT_FALSE(matches(canonical, raw(ValType::F64, 0x7fc00000u)));
}

TEST(SpecValue, TypeMismatchFails) {
  HostRefs refs;
  std::string why;
  EXPECT_FALSE(matchesExpected(value("i64", {"1"}), raw(ValType::I32, 1), refs, &why));
  EXPECT_NE(why.find("i32"), std::string::npos);
}

TEST(SpecValue, V128LanesAreCheckedOneByOne) {
  SpecValue expected = value("v128", {"nan:canonical", "1065353216", "nan:arithmetic", "0"}, "f32");
  uint64_t lo = 0x3f800000'7fc00000ull;  // lane 0 canonical NaN, lane 1 1.0f
  uint64_t hi = 0x00000000'7fc00001ull;  // lane 2 arithmetic NaN, lane 3 0
  EXPECT_TRUE(matches(expected, raw(ValType::V128, lo, hi)));
  EXPECT_FALSE(matches(expected, raw(ValType::V128, lo, 0x00000000'7f800001ull)));
  EXPECT_FALSE(matches(expected, raw(ValType::V128, 0x3f800000'7fc00001ull, hi)));
  EXPECT_FALSE(matches(expected, raw(ValType::V128, lo, hi | (uint64_t{1} << 63))));
}

TEST(SpecValue, V128IntegerLaneWidths) {
  std::vector<std::string> bytes;
  for (int i = 0; i < 16; ++i) bytes.push_back(std::to_string(i == 15 ? 255 : i));
  SpecValue i8 = value("v128", bytes, "i8");
  EXPECT_TRUE(matches(i8, raw(ValType::V128, 0x0706050403020100ull, 0xff0e0d0c0b0a0908ull)));
  EXPECT_FALSE(matches(i8, raw(ValType::V128, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull)));

  SpecValue i64 = value("v128", {"18446744073709551615", "1"}, "i64");
  EXPECT_TRUE(matches(i64, raw(ValType::V128, ~uint64_t{0}, 1)));
}

TEST(SpecValue, V128ArgumentPacksLanesLittleEndian) {
  HostRefs refs;
  SpecValue arg = value("v128", {"1", "2", "3", "4", "5", "6", "7", "65535"}, "i16");
  RawValue packed = toRawArgument(arg, refs);
  EXPECT_EQ(packed.lo, 0x0004000300020001ull);
  EXPECT_EQ(packed.hi, 0xffff000700060005ull);
  // Round trip through the matcher.
  EXPECT_TRUE(matchesExpected(arg, packed, refs, nullptr));
}

TEST(SpecValue, ExternRefIdentityComesBack) {
  HostRefs refs;
  SpecValue one = value("externref", {"1"});
  SpecValue two = value("externref", {"2"});
  RawValue passed = toRawArgument(one, refs);
  EXPECT_NE(passed.lo, 0u);
  EXPECT_EQ(passed.lo, toRawArgument(one, refs).lo);  // stable
  EXPECT_TRUE(matchesExpected(one, passed, refs, nullptr));
  EXPECT_FALSE(matchesExpected(two, passed, refs, nullptr));
  EXPECT_FALSE(matchesExpected(value("externref", {"null"}), passed, refs, nullptr));
  EXPECT_TRUE(
      matchesExpected(value("externref", {"null"}), raw(ValType::ExternRef, 0), refs, nullptr));
}

TEST(SpecValue, FuncRefNull) {
  SpecValue null = value("funcref", {"null"});
  EXPECT_TRUE(null.isNull);
  EXPECT_TRUE(matches(null, raw(ValType::FuncRef, 0)));
  EXPECT_FALSE(matches(null, raw(ValType::FuncRef, 0x1000)));
}

TEST(SpecValue, TypeOnlyEntriesMatchAnyValueOfTheType) {
  SpecValue anyI32;
  anyI32.type = ValType::I32;
  anyI32.hasValue = false;
  EXPECT_TRUE(matches(anyI32, raw(ValType::I32, 1234)));
  EXPECT_FALSE(matches(anyI32, raw(ValType::F32, 0)));
}

}  // namespace
}  // namespace ember::tools

// Command-line argument parsing and result printing of `ember run`.
#include "tools/cli_values.h"

#include <gtest/gtest.h>

#include <bit>

namespace ember::tools {
namespace {

uint64_t bits(std::string_view text, ValType type) {
  auto v = parseCliArgument(text, type);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? v->lo : 0;
}

TEST(CliValues, Integers) {
  EXPECT_EQ(bits("42", ValType::I32), 42u);
  EXPECT_EQ(bits("-1", ValType::I32), 0xffffffffu);
  EXPECT_EQ(bits("4294967295", ValType::I32), 0xffffffffu);
  EXPECT_EQ(bits("-2147483648", ValType::I32), 0x80000000u);
  EXPECT_FALSE(parseCliArgument("4294967296", ValType::I32).ok());
  EXPECT_FALSE(parseCliArgument("-2147483649", ValType::I32).ok());
  EXPECT_FALSE(parseCliArgument("12abc", ValType::I32).ok());
  EXPECT_FALSE(parseCliArgument("", ValType::I32).ok());
  EXPECT_EQ(bits("-9223372036854775808", ValType::I64), 0x8000000000000000ull);
  EXPECT_EQ(bits("18446744073709551615", ValType::I64), ~uint64_t{0});
  EXPECT_FALSE(parseCliArgument("18446744073709551616", ValType::I64).ok());
}

TEST(CliValues, Floats) {
  EXPECT_EQ(bits("1.5", ValType::F32), std::bit_cast<uint32_t>(1.5f));
  EXPECT_EQ(bits("-0", ValType::F64), std::bit_cast<uint64_t>(-0.0));
  EXPECT_EQ(bits("0.1", ValType::F64), std::bit_cast<uint64_t>(0.1));
  EXPECT_EQ(bits("inf", ValType::F32), 0x7f800000u);
  EXPECT_FALSE(parseCliArgument("1.5x", ValType::F64).ok());
  EXPECT_FALSE(parseCliArgument("1", ValType::V128).ok());
}

TEST(CliValues, Results) {
  EXPECT_EQ(formatCliResult({ValType::I32, 0xffffffffu, 0}), "-1");
  EXPECT_EQ(formatCliResult({ValType::I64, 5, 0}), "5");
  EXPECT_EQ(formatCliResult({ValType::F32, std::bit_cast<uint32_t>(0.1f), 0}), "0.100000001");
  EXPECT_EQ(formatCliResult({ValType::F64, std::bit_cast<uint64_t>(2.5), 0}), "2.5");
  EXPECT_EQ(formatCliResult({ValType::ExternRef, 0, 0}), "null");
}

}  // namespace
}  // namespace ember::tools

// Code-quality checks on the x86-64 output (Zydis disassembly): constants
// fold into immediates and a compare feeding br_if/if becomes cmp + jcc.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "jit/disasm.h"
#include "jit/module_compiler.h"
#include "runtime/format/decoder.h"
#include "tests/jit/codegen_harness.h"

namespace ember::test {
namespace {

// The instructions of the module's only function, without its prologue
// (up to the stack check's jb) and its trap stubs.
std::vector<std::string> bodyOf(const std::string& funcWat) {
  auto decoded = decodeModule(watToWasm("(module " + funcWat + ")"));
  EXPECT_TRUE(decoded.ok());
  auto code = compileModule(decoded.value(), JitOptions{});
  EXPECT_TRUE(code.ok());
  if (!code.ok()) return {};
  std::vector<std::string> all = disassembleInstructions(code.value().bytes);
  auto start = std::find_if(all.begin(), all.end(),
                            [](const std::string& s) { return s.starts_with("jb"); });
  auto end = std::find_if(all.begin(), all.end(),
                          [](const std::string& s) { return s.starts_with("ret"); });
  EXPECT_TRUE(start != all.end() && end != all.end());
  return {start + 1, end + 1};
}

bool any(const std::vector<std::string>& code, const std::string& prefix,
         const std::string& part = "") {
  return std::any_of(code.begin(), code.end(), [&](const std::string& s) {
    return s.starts_with(prefix) && s.find(part) != std::string::npos;
  });
}

std::string listing(const std::vector<std::string>& code) {
  std::string out;
  for (const std::string& s : code) out += "  " + s + "\n";
  return out;
}

TEST(CodegenDisasm, ConstantBecomesImmediate) {
  auto code = bodyOf(R"((func (param i32) (result i32) (i32.sub (local.get 0) (i32.const 5))))");
  EXPECT_TRUE(any(code, "sub", ", 0x5") || any(code, "add", ", 0xFFFFFFFB") ||
              any(code, "lea", "-0x5") || any(code, "lea", "-0x05"))
      << listing(code);
  EXPECT_FALSE(any(code, "mov", ", 0x5")) << listing(code);
}

TEST(CodegenDisasm, CompareFusesWithBrIf) {
  auto code = bodyOf(R"((func (param i32 i32) (result i32)
    (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (return (i32.const 1)))
    (i32.const 2)))");
  EXPECT_TRUE(any(code, "cmp")) << listing(code);
  EXPECT_TRUE(any(code, "jl") || any(code, "jge") || any(code, "jnl")) << listing(code);
  EXPECT_FALSE(any(code, "set")) << listing(code);
}

TEST(CodegenDisasm, CompareWithConstantFusesWithIf) {
  auto code = bodyOf(R"((func (param i64) (result i32)
    (if (result i32) (i64.ne (local.get 0) (i64.const 100)) (then (i32.const 1)) (else (i32.const 0)))))");
  EXPECT_TRUE(any(code, "cmp", "0x64")) << listing(code);
  EXPECT_FALSE(any(code, "set")) << listing(code);
}

// The arms of an if leave their result in the frame's merge register: no
// store to a frame slot on the way.
TEST(CodegenDisasm, IfResultMergesInRegister) {
  auto code = bodyOf(R"((func (param i32 i32) (result i32)
    (i32.add (local.get 1)
      (if (result i32) (local.get 0)
        (then (i32.mul (local.get 1) (i32.const 3)))
        (else (i32.const 7))))))");
  EXPECT_TRUE(any(code, "mov e", ", 0x07")) << listing(code);
  EXPECT_FALSE(any(code, "mov dword ptr [rbp", "0x07")) << listing(code);
}

}  // namespace
}  // namespace ember::test

// Code-quality checks on the x86-64 output (Zydis disassembly): constants
// fold into immediates, a compare feeding br_if/if becomes cmp + jcc, and
// locals are stored to their frame slots only where a slot must be current.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
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

// Stores to the frame other than the VMContext slot at fp-8 (locals and
// spill slots).
std::vector<std::string> frameStores(const std::vector<std::string>& code) {
  std::vector<std::string> out;
  for (const std::string& s : code) {
    size_t slot = s.find("[rbp-");
    if (s.starts_with("mov") && slot < s.find(',') && s.find("[rbp-0x08]") == std::string::npos)
      out.push_back(s);
  }
  return out;
}

// Parameters, declared locals and local.set/tee in straight-line code that
// returns: every value stays in a register, no slot is written (not even
// the declared local's zero).
TEST(CodegenDisasm, StraightLineLocalsNeverStored) {
  auto code = bodyOf(R"((func (param i64 i64) (result i64) (local i64 i64)
    (local.set 2 (i64.mul (local.get 0) (local.get 1)))
    (local.set 3 (i64.add (local.tee 0 (i64.shr_u (local.get 2) (i64.const 7))) (local.get 1)))
    (local.set 2 (i64.xor (local.get 2) (local.get 3)))
    (i64.add (local.get 0) (local.get 2))))");
  EXPECT_TRUE(frameStores(code).empty()) << listing(code);
}

// Loads from the frame, by slot ("[rbp-0x20]" -> how many).
std::map<std::string, int> frameLoadsBySlot(const std::vector<std::string>& code) {
  std::map<std::string, int> out;
  for (const std::string& s : code) {
    size_t slot = s.find("[rbp-");
    if (s.starts_with("mov") && slot != std::string::npos && slot > s.find(',') &&
        s.find("[rbp-0x08]") == std::string::npos)
      out[s.substr(slot, s.find(']', slot) - slot + 1)]++;
  }
  return out;
}

// A local loaded for a read stays in its register as a clean copy: after
// a call (which leaves no copies), a local used as the address of three
// loads is loaded from its slot once, not once per load.
TEST(CodegenDisasm, LocalLoadedForAReadIsKeptAsACopy) {
  auto code = bodyOf(R"((import "env" "f" (func $callee)) (memory 1)
    (func (param i32) (result i32)
      (call $callee)
      (i32.add (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0)))
               (i32.load offset=8 (local.get 0)))))");
  const std::map<std::string, int> loads = frameLoadsBySlot(code);
  ASSERT_EQ(loads.size(), 1u) << listing(code);
  EXPECT_EQ(loads.begin()->second, 1) << listing(code);
}

// An index added to bases already in registers (a loop's index, added to
// one array after another) is kept as a copy: the adds go to fresh
// registers (lea) and the index is loaded once, not once per add.
TEST(CodegenDisasm, IndexAddedToCopiesIsLoadedOnce) {
  auto code = bodyOf(R"((import "env" "f" (func $callee)) (memory 1)
    (func (param i32 i32 i32) (result i32)
      (call $callee)
      (i32.add
        (i32.add (i32.load (local.get 1)) (i32.load (local.get 2)))
        (i32.add (i32.load (i32.add (local.get 1) (local.get 0)))
                 (i32.load (i32.add (local.get 2) (local.get 0)))))))");
  const std::map<std::string, int> loads = frameLoadsBySlot(code);
  ASSERT_EQ(loads.size(), 3u) << listing(code);
  for (const auto& [slot, count] : loads) EXPECT_EQ(count, 1) << slot << "\n" << listing(code);
}

// With more locals than registers, the copies given up for a register are
// those used longest ago: after a call (no copies left), a local read
// between every two others is loaded once, while each of the others takes
// the register of one read before it.
TEST(CodegenDisasm, CopiesUsedLongestAgoAreGivenUpFirst) {
  std::string func = "(import \"env\" \"f\" (func $callee)) (memory 1) (func (param";
  for (int k = 0; k <= 16; k++) func += " i32";
  func += ") (result i32) (call $callee)";
  std::string sum = "(i32.load (i32.const 0))";
  for (int k = 1; k <= 16; k++)
    sum = "(i32.add (i32.add " + sum + " (local.get 0)) (local.get " + std::to_string(k) + "))";
  auto code = bodyOf(func + sum + ")");
  const std::map<std::string, int> loads = frameLoadsBySlot(code);
  ASSERT_EQ(loads.size(), 17u) << listing(code);  // each local from its slot
  for (const auto& [slot, count] : loads) EXPECT_EQ(count, 1) << slot << "\n" << listing(code);
}

// A local set while an earlier read of it is still on the operand stack:
// that read takes over the register holding the old value, so nothing is
// spilled to a slot and loaded back (nor is any local stored: it returns).
TEST(CodegenDisasm, PendingReadKeepsTheOldCopyOfASetLocal) {
  auto code = bodyOf(R"((func (param i32 i32) (result i32)
    (local.get 0)
    (local.set 0 (i32.add (local.get 0) (local.get 1)))
    (i32.mul (local.get 0))))");
  EXPECT_TRUE(std::none_of(code.begin(), code.end(),
                           [](const std::string& s) {
                             return s.find("[rbp-") != std::string::npos &&
                                    s.find("[rbp-0x08]") == std::string::npos;
                           }))
      << listing(code);
}

// A loop that adopts no local needs no preheader: its entry falls into
// the header through a no-op where the jump to the preheader was. The one
// jmp left is the back-edge's (taken when the br_if's moves are done).
size_t jumps(const std::vector<std::string>& code) {
  return std::count_if(code.begin(), code.end(),
                       [](const std::string& s) { return s.starts_with("jmp"); });
}

TEST(CodegenDisasm, LoopAdoptingNothingIsEnteredWithoutAJump) {
  auto code = bodyOf(R"((func (param i32) (result i32)
    (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 0)))");
  EXPECT_EQ(jumps(code), 1u) << listing(code);
  EXPECT_TRUE(any(code, "nop")) << listing(code);
}

// One that adopts a local (1, read first in the body) keeps the jump: the
// preheader loads it.
TEST(CodegenDisasm, LoopAdoptingALocalIsEnteredThroughItsPreheader) {
  auto code = bodyOf(R"((func (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 7))
    (block (br_if 0 (local.get 0)))
    (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0) (local.get 1)))))
    (local.get 0)))");
  EXPECT_EQ(jumps(code), 2u) << listing(code);
  EXPECT_FALSE(any(code, "nop")) << listing(code);
}

// The local written last before a loop (a running sum) and carried around
// it stays in a register: neither the loop's entry nor its back-edge stores
// it, as long as nothing else in the body needs its slot. The parameter,
// dirty at the entry too, is stored there and at the back-edge as before:
// every store is to the parameter's slot.
TEST(CodegenDisasm, LoopCarriedLocalSetBeforeTheLoopIsNotStored) {
  auto code = bodyOf(R"((memory 1) (func (param i32) (result i32) (local i32)
    (local.set 1 (i32.load (local.get 0)))
    (loop
      (local.set 1 (i32.add (local.get 1) (i32.load offset=4 (local.get 0))))
      (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 4)))))
    (local.get 1)))");
  const std::vector<std::string> stores = frameStores(code);
  ASSERT_FALSE(stores.empty()) << listing(code);
  auto slotOf = [](const std::string& s) {
    return s.substr(s.find('['), s.find(']') - s.find('['));
  };
  for (const std::string& store : stores)
    EXPECT_EQ(slotOf(store), slotOf(stores[0])) << listing(code);
  EXPECT_NE(stores[0].find("edi"), std::string::npos) << listing(code);
}

// Loop-carried locals the body writes before anything relies on their
// slots stay in registers across the back-edge: a copy loop entered after
// a label (its locals adopted) stores only the parameters, at the block's
// branch, and nothing per iteration.
TEST(CodegenDisasm, LoopCarriedLocalsOfAStraightBodyAreNotStored) {
  auto code = bodyOf(R"((memory 1) (func (param i32 i32 i32) (result i32)
    (block (br_if 0 (i32.eqz (local.get 2))))
    (loop
      (i32.store (local.get 0) (i32.load (local.get 1)))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (local.set 1 (i32.add (local.get 1) (i32.const 4)))
      (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
    (local.get 0)))");
  EXPECT_EQ(frameStores(code).size(), 3u) << listing(code);
}

// Temporaries the body writes before it reads them (the value and the
// flag of a table lookup) are not stored at the back-edge: the loop body
// stores nothing; the block's branch stores the parameters and the zeros
// of the declared locals.
TEST(CodegenDisasm, LoopTemporariesAreNotStoredAtTheBackEdge) {
  auto code = bodyOf(R"((memory 1) (func (param i32 i32) (result i32) (local i32 i32)
    (block (br_if 0 (i32.eqz (local.get 1))))
    (loop
      (local.set 2 (i32.load8_u (local.get 0)))
      (local.set 3 (i32.load8_u offset=256 (local.get 2)))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if 0 (i32.eqz (local.get 3))))
    (i32.add (local.get 2) (local.get 3))))");
  EXPECT_EQ(frameStores(code).size(), 4u) << listing(code);
}

// A loop-carried local whose header copy a label (the if's end) passed
// over is not stored at the back-edge either, when nothing read its slot
// and no edge is left waiting for a label: the parameters are stored once,
// at the block's branch before the loop.
TEST(CodegenDisasm, LoopCarriedLocalPassedOverByALabelIsNotStored) {
  auto code = bodyOf(R"((memory 1) (func (param i32 i32) (result i32)
    (block (br_if 0 (i32.eqz (local.get 0))))
    (loop
      (if (i32.and (local.get 0) (i32.const 1)) (then (i32.store (local.get 1) (local.get 0))))
      (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))");
  EXPECT_EQ(frameStores(code).size(), 2u) << listing(code);
}

// The code between the end of a loop whose body ends in br and the end of
// the enclosing block is dead (only falling off a loop's body reaches its
// end): it is not compiled.
TEST(CodegenDisasm, CodeAfterALoopThatCannotFallThroughIsNotCompiled) {
  auto code = bodyOf(R"((func (param i32) (result i32) (local i32)
    (block
      (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 3)))
        (br 0))
      (local.set 1 (i32.const 0x4d2)))
    (local.get 1)))");
  EXPECT_FALSE(any(code, "mov", "0x4D2")) << listing(code);
  EXPECT_FALSE(any(code, "mov", "0x4d2")) << listing(code);
}

// A local written twice before a branch is stored once, on the way to it.
TEST(CodegenDisasm, DirtyLocalStoredOnceAtBranch) {
  auto code = bodyOf(R"((func (param i32) (result i32) (local i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 3)))
    (local.set 1 (i32.mul (local.get 1) (local.get 0)))
    (block (br_if 0 (local.get 0)) (local.set 1 (i32.const 9)))
    (local.get 1)))");
  std::vector<std::string> stores = frameStores(code);
  // The parameter and local 1 once each before the br_if, the constant 9.
  EXPECT_EQ(stores.size(), 3u) << listing(code);
}

// A declared local read before it is written is the constant zero; the
// slot is zeroed once, at the first branch, for the code after it.
TEST(CodegenDisasm, DeclaredLocalZeroStoredAtFirstBranch) {
  auto code = bodyOf(R"((func (param i32) (result i32) (local i32 i32)
    (local.set 0 (i32.add (local.get 0) (local.get 1)))
    (block (br_if 0 (local.get 0)))
    (i32.add (local.get 1) (local.get 2))))");
  std::vector<std::string> stores = frameStores(code);
  EXPECT_EQ(std::count_if(stores.begin(), stores.end(),
                          [](const std::string& s) { return s.find(", 0x00") != std::string::npos; }),
            2)
      << listing(code);
  EXPECT_EQ(stores.size(), 3u) << listing(code);
}

// An indirect callee of the caller's own instance is called with the
// caller's context and memory base, and returns with them: a compare
// before the call and one after it branch to the loads that switch
// instances, out of line (after the return).
TEST(CodegenDisasm, IndirectCallKeepsTheContextOfItsOwnInstance) {
  auto code = bodyOf(R"((type $t (func (param i32) (result i32))) (table 2 funcref) (memory 1)
    (func (param i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 0))))");
  auto compareAt = [&](std::vector<std::string>::const_iterator at) {
    return at[0].starts_with("cmp") && at[0].ends_with(", r14") && at[1].starts_with("jnz");
  };
  auto call = std::find_if(code.begin(), code.end(),
                           [](const std::string& s) { return s.starts_with("call"); });
  ASSERT_TRUE(call - code.begin() >= 2 && code.end() - call > 3) << listing(code);
  EXPECT_TRUE(compareAt(call - 2)) << listing(code);
  EXPECT_TRUE(compareAt(call + 2)) << listing(code);  // after the reload of the saved context
  EXPECT_FALSE(any(code, "mov r14,")) << listing(code);
  EXPECT_FALSE(any(code, "mov r15,")) << listing(code);
}

// i64.and with 0xFFFFFFFF is a 32-bit move (it zero-extends), not a
// materialized 64-bit mask.
TEST(CodegenDisasm, LowHalfMaskIsZeroExtension) {
  auto code = bodyOf(R"((func (param i64) (result i64)
    (i64.and (local.get 0) (i64.const 0xFFFFFFFF))))");
  EXPECT_FALSE(any(code, "and")) << listing(code);
  EXPECT_FALSE(any(code, "mov", "0xFFFFFFFF")) << listing(code);
}

// i32 division by a constant multiplies: no div, no zero check.
TEST(CodegenDisasm, DivisionByConstantMultiplies) {
  auto code = bodyOf(R"((func (param i32) (result i32)
    (i32.add (i32.rem_u (local.get 0) (i32.const 10)) (i32.div_s (local.get 0) (i32.const -7)))))");
  EXPECT_FALSE(any(code, "div") || any(code, "idiv")) << listing(code);
  EXPECT_TRUE(any(code, "mul")) << listing(code);
  EXPECT_FALSE(any(code, "test")) << listing(code);
}

// A br_table's jump table and the vector constant pool are data inside the
// code: the compiler records where they lie, so a listing prints them as
// data and decodes the instructions after a table from their first byte.
TEST(CodegenDisasm, JumpTablesAndConstantPoolsAreMarkedAsData) {
  std::string funcs = R"(
    (func (param i32) (result i32)
      (block (block (block (block (br_table 0 1 2 3 (local.get 0)))
        (return (i32.const 10))) (return (i32.const 20))) (return (i32.const 30)))
      (i32.const 40)))";
  if (kHaveSimd)
    funcs +=
        "(func (param v128) (result v128) (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))";
  auto decoded = decodeModule(watToWasm("(module " + funcs + ")"));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  auto code = compileModule(decoded.value(), JitOptions{});
  ASSERT_TRUE(code.ok()) << code.error().message();
  const std::vector<CodeDataRange>& ranges = code->dataRanges;
  ASSERT_EQ(ranges.size(), kHaveSimd ? 2u : 1u);
  // Three targets of 8 bytes, after up to 7 bytes of alignment.
  EXPECT_GE(ranges[0].end - ranges[0].begin, 24u);
  EXPECT_LT(ranges[0].end - ranges[0].begin, 32u);
  EXPECT_EQ(ranges[0].end % 8, 0u);
  std::vector<DisasmDataRange> data;
  for (const CodeDataRange& r : ranges) data.push_back({r.begin, r.end});
  DisasmOptions options;
  options.data = data;
  const std::string text = disassemble(code->bytes, options);
  // The three table entries, then the instruction of the first target.
  char tableEnd[32];
  std::snprintf(tableEnd, sizeof tableEnd, "%6x: mov eax, 0x0A\n", ranges[0].end);
  EXPECT_NE(text.find(tableEnd), std::string::npos) << text;
  size_t quads = 0;
  for (size_t at = text.find(".quad 0x"); at != std::string::npos;
       at = text.find(".quad 0x", at + 1))
    quads++;
  if (kHaveSimd) {  // the pool: the constant, lo then hi
    EXPECT_NE(text.find(".quad 0x0000000200000001\n"), std::string::npos) << text;
    EXPECT_NE(text.find(".quad 0x0000000400000003\n"), std::string::npos) << text;
  }
  EXPECT_GE(quads, kHaveSimd ? 5u : 3u) << text;
  // Without the ranges the same bytes decode as instructions.
  EXPECT_EQ(disassemble(code->bytes).find(".quad"), std::string::npos);
}

}  // namespace
}  // namespace ember::test

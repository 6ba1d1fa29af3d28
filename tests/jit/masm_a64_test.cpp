// Tests of the AArch64 macro-assembler (jit/masm.h, jit/a64/): listings of
// a few masm calls against their 32-bit instruction words (the
// disassembly, Zydis being x86-only, as a comment beside each), built on
// any host; and, natively or under qemu-aarch64, the execution tests every
// backend shares (masm_run_cases.inc) through an AAPCS64 ->
// internal-convention trampoline, plus trap-stub islands.
#include <gtest/gtest.h>

#include "tests/jit/masm_test_shared.h"

namespace ember {
namespace {

using namespace ember::a64;  // register names
using namespace ember::masm_test;  // shared models and tables

// --- Listings ---------------------------------------------------------------------

// Emits `body` inside a function without prologue and returns the
// instruction words of just what `body` emitted.
std::vector<uint32_t> words(const std::function<void(MacroAssembler&)>& body) {
  MacroAssembler masm(testOptions());
  uint32_t begin = 0;
  const std::vector<uint8_t> bytes = bodyBytes(masm, body, begin);
  std::vector<uint32_t> out(bytes.size() / 4);
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * 4);
  return out;
}

std::string hex(const std::vector<uint32_t>& ws) {
  std::string out;
  char buf[16];
  for (uint32_t w : ws) {
    std::snprintf(buf, sizeof buf, "%08x\n", w);
    out += buf;
  }
  return out;
}

std::vector<uint32_t> allWords(const CompiledCode& code) {
  std::vector<uint32_t> ws(code.bytes.size() / 4);
  std::memcpy(ws.data(), code.bytes.data(), ws.size() * 4);
  return ws;
}

// ====================================================================================
// Listings (the expected disassembly, from aarch64-linux-gnu-objdump, beside each word)
// ====================================================================================

// Running code needs an AArch64 CPU (or qemu); the listings below and the
// register tests at the end build and run on any host. The harness is
// shared (masm_run_harness.inc).
#if defined(__aarch64__)

struct TestFeatures {};  // AArch64 code uses no optional CPU feature
TestFeatures hostFeatures() { return {}; }
MacroAssembler newMasm(const TestFeatures&) { return MacroAssembler(testOptions()); }

// The registers the shared execution tests name by role.
constexpr Reg kArg0 = x0, kArg1 = x1;  // the trampoline's GP arguments
constexpr Reg kResult = x0;            // and its GP result
constexpr Reg kGpA = x23, kGpB = x3, kGpC = x2, kGpD = x21, kGpE = x22;  // other allocatable
constexpr Reg kGpF = x10;  // not an argument register either, as kGpD and kGpE
constexpr Reg kMemoryBase = x20;
constexpr Reg kCrossGp[] = {x0, x3, x2, x21};  // crossAssignments
constexpr Reg kCrossFp[] = {v0, v1, v2, v(13)};
// AArch64 may perform the part of a straddling store before the guard.
constexpr bool kFaultingStoresWriteNothing = false;

uintptr_t faultPc(const ucontext_t& uc) { return static_cast<uintptr_t>(uc.uc_mcontext.pc); }

// Saves what AAPCS64 makes callee-saved (x19-x28, the frame record and
// d8-d15: wasm code treats x21-x28 and all vector registers as
// caller-saved), pins vmctx and the memory base, calls, stores the results.
asm(R"(
  .text
  .globl ember_masm_test_enter
  .type ember_masm_test_enter, %function
ember_masm_test_enter:
  stp x29, x30, [sp, #-176]!
  mov x29, sp
  stp x19, x20, [sp, #16]
  stp x21, x22, [sp, #32]
  stp x23, x24, [sp, #48]
  stp x25, x26, [sp, #64]
  stp x27, x28, [sp, #80]
  stp d8, d9, [sp, #96]
  stp d10, d11, [sp, #112]
  stp d12, d13, [sp, #128]
  stp d14, d15, [sp, #144]
  str x0, [sp, #160]
  mov x9, x0
  ldp x19, x20, [x9, #0]
  ldr x16, [x9, #16]
  ldp x0, x1, [x9, #24]
  ldp d0, d1, [x9, #40]
  blr x16
  ldr x9, [x29, #160]
  str x0, [x9, #56]
  str d0, [x9, #64]
  ldp x19, x20, [sp, #16]
  ldp x21, x22, [sp, #32]
  ldp x23, x24, [sp, #48]
  ldp x25, x26, [sp, #64]
  ldp x27, x28, [sp, #80]
  ldp d8, d9, [sp, #96]
  ldp d10, d11, [sp, #112]
  ldp d12, d13, [sp, #128]
  ldp d14, d15, [sp, #144]
  ldp x29, x30, [sp], #176
  ret
  .size ember_masm_test_enter, .-ember_masm_test_enter
)");

// Besides the shared GP assignments: more argument registers, the
// AAPCS64 callee-saved ones, and the ends of both allocatable ranges.
const std::vector<Assignment> kTargetGpAssignments = {
    {x0, x4, x3}, {x22, x21, x5}, {x15, x28, x8}};

#include "tests/jit/masm_run_harness.inc"

// kDivRemClobbers is empty on AArch64: every other register must survive.
std::vector<Assignment> divisionAssignments() {
  return {{x23, x3, x1}, {x0, x0, x2},   {x2, x2, x0}, {x3, x2, x0},
          {x21, x0, x0}, {x0, x21, x22}, {x1, x1, x3}, {x0, x3, x0}};
}

// The stack-argument case: 10 GP params (8 in x0-x7, 2 on the stack) and 2
// FP params (v0/v1); results in x0 and v0.
std::vector<ValType> stackArgumentParams() {
  return {ValType::I64, ValType::F64, ValType::I32, ValType::I64, ValType::I64, ValType::I64,
          ValType::I64, ValType::I64, ValType::I64, ValType::I64, ValType::I32, ValType::F64};
}
void expectStackArgumentLayout(const CallLayout& layout) {
  EXPECT_EQ(layout.params[0].reg, x0);
  EXPECT_EQ(layout.params[1].reg, v0);
  EXPECT_EQ(layout.params[2].reg, x1);
  EXPECT_EQ(layout.params[8].reg, x7);
  EXPECT_FALSE(layout.params[9].inRegister());
  EXPECT_EQ(layout.params[9].stackOffset, 0u);
  EXPECT_FALSE(layout.params[10].inRegister());
  EXPECT_EQ(layout.params[10].stackOffset, 8u);
  EXPECT_EQ(layout.params[11].reg, v1);
  EXPECT_EQ(layout.results[0].reg, x0);
  EXPECT_EQ(layout.results[1].reg, v0);
}

#endif  // __aarch64__

TEST(MasmA64Listing, PrologueReservesThePatchedFrameAndChecksTheStack) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.emitReturn();
  masm.endFunction(0x12345);  // rounded up to 0x12350
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  EXPECT_EQ(hex(allWords(*code)),
            "a9bf7bfd\n"    // stp  x29, x30, [sp, #-16]!
            "910003fd\n"    // mov  x29, sp
            "d1404bf0\n"    // sub  x16, sp, #0x12, lsl #12
            "d10d4210\n"    // sub  x16, x16, #0x350
            "f9400a71\n"    // ldr  x17, [x19, #16]      stackLimit
            "eb11021f\n"    // cmp  x16, x17
            "540000a3\n"    // b.cc <stub>
            "9100021f\n"    // mov  sp, x16              only once checked
            "910003bf\n"    // mov  sp, x29
            "a8c17bfd\n"    // ldp  x29, x30, [sp], #16
            "d65f03c0\n"    // ret
            "aa1303e0\n"    // stub: mov x0, x19
            "52800121\n"    // mov  w1, #0x9             StackExhausted
            "f9400e70\n"    // ldr  x16, [x19, #24]      builtins[0]
            "d63f0200\n"    // blr  x16
            "00000000\n");  // udf  #0
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, 15u * 4);
  EXPECT_EQ(code->trapSites[0].code, TrapCode::StackExhausted);
  ASSERT_EQ(code->functions.size(), 1u);
  EXPECT_EQ(code->functions[0].end, 16u * 4);
}

// Conditional branches reach +-1 MiB: a function longer than that gets its
// trap stubs in islands, each within reach of the branches before it.
TEST(MasmA64Listing, LongFunctionsGetTrapStubIslands) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.trapIfZero(OpSize::S32, x0, TrapCode::UndefinedElement);
  for (int i = 0; i < 300000; i++) masm.add(OpSize::S64, x2, x2, 1);
  masm.trapIfZero(OpSize::S32, x0, TrapCode::UndefinedElement);
  masm.emitReturn();
  masm.endFunction(16);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  // StackExhausted and UndefinedElement in an island some 256 KiB on, then
  // UndefinedElement again for the second use, at the end.
  ASSERT_EQ(code->trapSites.size(), 3u);
  EXPECT_EQ(code->trapSites[0].code, TrapCode::StackExhausted);
  EXPECT_LT(code->trapSites[0].codeOffset, (256u << 10) + 256);
  EXPECT_EQ(code->trapSites.back().code, TrapCode::UndefinedElement);
  for (size_t i = 1; i < code->trapSites.size(); i++)
    EXPECT_LT(code->trapSites[i].codeOffset - code->trapSites[i - 1].codeOffset, 1u << 20);
}

TEST(MasmA64Listing, TrapStubWithoutBuiltinIsJustUdf) {
  MasmOptions options = testOptions();
  options.trapBuiltin = -1;
  MacroAssembler masm(options);
  masm.beginFunction(0);
  masm.trap(TrapCode::Unreachable);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(hex(allWords(*code)),
            "14000001\n"    // b    <stub>
            "00000000\n");  // udf  #0
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, 4u);
}

TEST(MasmA64Listing, ConstantsUseTheFewestInstructions) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.moveImm(ValType::I64, x3, 0);
              m.moveImm(ValType::I64, x3, 0x12345678);
              m.moveImm(ValType::I64, x3, 0xFFFFFFFF12345678);
              m.moveImm(ValType::I64, x3, 0x00FF00FF00FF00FF);
              m.moveImm(ValType::I32, x3, 0xFFFF1234);
              m.moveImm(ValType::I64, x3, 0x0001000000000002);
            })),
            "aa1f03e3\n"    // mov  x3, xzr
            "d28acf03\n"    // mov  x3, #0x5678
            "f2a24683\n"    // movk x3, #0x1234, lsl #16
            "929530e3\n"    // mov  x3, #0xffffffffffff5678 (movn)
            "f2a24683\n"    // movk x3, #0x1234, lsl #16
            "b2009fe3\n"    // mov  x3, #0xff00ff00ff00ff (orr)
            "129db963\n"    // mov  w3, #0xffff1234 (movn)
            "d2800043\n"    // mov  x3, #0x2
            "f2e00023\n");  // movk x3, #0x1, lsl #48
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.moveImm(ValType::F32, v2, 0x3F800000);
              m.moveImm(ValType::F64, v3, 0);
            })),
            "32091bf0\n"    // orr  w16, wzr, #0x3f800000
            "1e270202\n"    // fmov s2, w16
            "9e6703e3\n");  // fmov d3, xzr
}

TEST(MasmA64Listing, SignedDivisionChecksZeroAndOverflowFirst) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) { m.divS(OpSize::S32, x0, x1, x2); })),
            "340000c2\n"    // cbz  w2, <IntegerDivideByZero stub>
            "3100045f\n"    // cmn  w2, #1
            "54000061\n"    // b.ne +12
            "7100043f\n"    // cmp  w1, #1
            "540000e6\n"    // b.vs <IntegerOverflow stub>
            "1ac20c20\n");  // sdiv w0, w1, w2
  EXPECT_EQ(hex(words([](MacroAssembler& m) { m.remU(OpSize::S64, x0, x1, x2); })),
            "b4000062\n"    // cbz  x2, <stub>
            "9ac20830\n"    // udiv x16, x1, x2
            "9b028600\n");  // msub x0, x16, x2, x1
}

TEST(MasmA64Listing, CountsComparesAndSelects) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.ctz(OpSize::S32, x0, x1);
              m.popcnt(OpSize::S64, x2, x3);
              m.compare(IntCond::LtU, OpSize::S64, x4, x5, -5);
              m.select(ValType::I64, x0, x1, x2, x3);
              m.fcompare(FloatCond::Lt, OpSize::S64, x6, v1, v2);
            })),
            "5ac00020\n"    // rbit w0, w1
            "5ac01000\n"    // clz  w0, w0
            "9e67007f\n"    // fmov d31, x3
            "0e205bff\n"    // cnt  v31.8b, v31.8b
            "0e31bbff\n"    // addv b31, v31.8b
            "1e2603e2\n"    // fmov w2, s31
            "b10014bf\n"    // cmn  x5, #5
            "1a9f27e4\n"    // cset w4, cc
            "7100003f\n"    // cmp  w1, #0
            "9a831040\n"    // csel x0, x2, x3, ne
            "1e622020\n"    // fcmp d1, d2
            "1a9f57e6\n");  // cset w6, mi
}

TEST(MasmA64Listing, HeapAccessesFoldTheOffsetOrCheckExplicitly) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.loadHeap(LoadKind::I32Load8S, x0, x1, 0, BoundsCheck::Guard);
              m.storeHeap(StoreKind::Store16, x2, x1, 16, BoundsCheck::Guard);
              m.loadHeap(LoadKind::F64, v1, x1, 0x80000000, BoundsCheck::Guard);
              m.loadHeap(LoadKind::I32, x0, x1, 4, BoundsCheck::Explicit);
            })),
            "38e14a80\n"    // ldrsb w0, [x20, w1, uxtw]
            "91004291\n"    // add   x17, x20, #0x10
            "78214a22\n"    // strh  w2, [x17, w1, uxtw]
            "b26103f1\n"    // orr   x17, xzr, #0x80000000
            "8b214231\n"    // add   x17, x17, w1, uxtw
            "fc716a81\n"    // ldr   d1, [x20, x17]
            "91002031\n"    // add   x17, x1, #0x8
            "f9400670\n"    // ldr   x16, [x19, #8]     memoryLength
            "eb10023f\n"    // cmp   x17, x16
            "54000068\n"    // b.hi  <MemoryOutOfBounds stub>
            "91001291\n"    // add   x17, x20, #0x4
            "b8614a20\n");  // ldr   w0, [x17, w1, uxtw]
}

TEST(MasmA64Listing, GuardedAccessesAreInTheTrapTable) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  masm.moveImm(ValType::I64, x2, 0x80000000);  // any instruction in between
  uint32_t access = masm.codeOffset() + 4;     // after `add x17, x20, #8`
  masm.storeHeap(StoreKind::I64, x0, x1, 8, BoundsCheck::Guard);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, access);
  EXPECT_EQ(code->trapSites[0].code, TrapCode::MemoryOutOfBounds);
  uint32_t word;
  std::memcpy(&word, code->bytes.data() + access, 4);
  EXPECT_EQ(word, 0xf8214a20u);  // str x0, [x17, w1, uxtw]
}

TEST(MasmA64Listing, FrameSlotsBeyondTheUnscaledRangeUseTheAddressScratch) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.store(StoreKind::I64, m.frameSlot(8), x16);  // the code generator's slot copy
              m.load(LoadKind::I64, x16, m.frameSlot(4096));
              m.store(StoreKind::I64, m.outgoingArea(32), x16);
              m.storeImm(StoreKind::I32, m.frameSlot(300), 7);
            })),
            "f81f83b0\n"    // stur x16, [x29, #-8]
            "b274cff1\n"    // mov  x17, #0xfffffffffffff000 (orr)
            "f8716bb0\n"    // ldr  x16, [x29, x17]
            "f90013f0\n"    // str  x16, [sp, #32]
            "32000bf0\n"    // orr  w16, wzr, #0x7
            "92802571\n"    // mov  x17, #0xfffffffffffffed4 (movn)
            "b8316bb0\n");  // str  w16, [x29, x17]
}

TEST(MasmA64Listing, JumpTableHoldsTableRelativeOffsets) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  Label a = masm.newLabel(), b = masm.newLabel(), dflt = masm.newLabel();
  Label targets[] = {a, b, a};
  masm.jumpTable(x1, targets, dflt);
  masm.bind(a);
  masm.bind(b);
  masm.bind(dflt);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(hex(allWords(*code)),
            "71000c3f\n"    // cmp   w1, #3
            "54000102\n"    // b.cs  <default>
            "10000090\n"    // adr   x16, <table>
            "b8a15a11\n"    // ldrsw x17, [x16, w1, uxtw #2]
            "8b110210\n"    // add   x16, x16, x17
            "d61f0200\n"    // br    x16
            "0000000c\n"    // table: a - table
            "0000000c\n"    //        b - table
            "0000000c\n");  //        a - table
}

TEST(MasmA64Listing, CallsArePcRelativeOrThroughTheVmContext) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  masm.callFunction(1);
  masm.callBuiltin(kAddBuiltin);
  masm.callIndirect(x3);
  masm.callIndirect(Address(x16, 8));
  masm.endFunction(0);
  masm.beginFunction(1);
  masm.emitReturn();
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  std::vector<uint32_t> ws = allWords(*code);
  ws.resize(6);
  EXPECT_EQ(hex(ws),
            "94000008\n"    // bl   <function 1> (at 0x20, 16-byte aligned)
            "f9401270\n"    // ldr  x16, [x19, #32]     builtins[1]
            "d63f0200\n"    // blr  x16
            "d63f0060\n"    // blr  x3
            "f9400610\n"    // ldr  x16, [x16, #8]
            "d63f0200\n");  // blr  x16
}

// A call to a function this masm never compiled stays for whoever joins
// separately compiled parts of a module (jit/module_compiler.cpp, parallel
// compilation): finalize reports it as a pending call; compileModule fails
// with "function N is called but was never compiled" if nothing resolves it.
TEST(MasmA64Listing, CallingAFunctionThatIsNeverCompiledLeavesAPendingCall) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  masm.callFunction(7);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  ASSERT_EQ(code->pendingCalls.size(), 1u);
  const PendingCall& call = code->pendingCalls[0];
  EXPECT_EQ(call.funcIndex, 7u);
  EXPECT_LE(size_t{call.field()} + 4, code->bytes.size());
  EXPECT_EQ(call.format.bitCount, 26u);  // bl imm26, in instructions
  EXPECT_EQ(call.format.discardBits, 2u);
}

// ====================================================================================
// Execution (the cases of masm_run_cases.inc, then what is AArch64's own)
// ====================================================================================

#define BINOP(method) [](MacroAssembler& m, Reg d, Reg l, Reg r) { m.method(s, d, l, r); }

#if defined(__aarch64__)

#define MASM_RUN_SUITE MasmA64Run
#include "tests/jit/masm_run_cases.inc"
#undef MASM_RUN_SUITE

// A function longer than a conditional branch reaches (+-1 MiB): its trap
// stubs come in islands, and a trap from either end still arrives.
TEST(MasmA64Run, TrapStubsReachBranchesInLongFunctions) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.trapIfZero(OpSize::S32, x0, TrapCode::UndefinedElement);
    for (int i = 0; i < 300000; i++) m.add(OpSize::S64, x2, x2, 1);  // 1.2 MB
    m.trapIf(IntCond::Eq, OpSize::S32, x0, 42, TrapCode::UndefinedElement);
    m.move(ValType::I64, x0, x2);
  });
  EXPECT_EQ(run(code, 0, 0).trap, TrapCode::UndefinedElement);
  EXPECT_EQ(run(code, 0, 42).trap, TrapCode::UndefinedElement);
  auto r = run(code, 0, 7, 0);
  EXPECT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 300000u);
}

#endif  // __aarch64__

TEST(MasmA64, RegisterSetBasics) {
  checkRegisterSetBasics(x0, x3);
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(sp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(x29));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(x17));  // the address scratch
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(x18));  // the platform register
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(x30));  // the link register
  EXPECT_EQ(RegisterConventions::kAllocatableGp.count(), 24u);
  EXPECT_EQ(RegisterConventions::kAllocatableFp.count(), 31u);
  // AAPCS64 builtins preserve x21-x28 and nothing else that is allocatable.
  EXPECT_EQ(RegisterConventions::kAllocatable - RegisterConventions::kBuiltinCallClobbers,
            (RegisterSet{x21, x22, x23, x24, x25, x26, x27, x28}));
  EXPECT_TRUE(RegisterConventions::kDivRemClobbers.empty());
}

}  // namespace
}  // namespace ember

// Tests of the x86-64 macro-assembler (jit/masm.h, jit/x64/): listings of
// a few masm calls against their Zydis disassembly (the asmjit / Winch
// style), and the execution tests every backend shares
// (masm_run_cases.inc) run through a SysV -> internal-convention
// trampoline, plus the x86-64 CPU-feature fallbacks.
#include <gtest/gtest.h>

#include "jit/disasm.h"
#include "tests/jit/masm_test_shared.h"

namespace ember {
namespace {

using namespace ember::x64;  // register names
using namespace ember::masm_test;  // shared models and tables

using TestFeatures = CpuFeatures;
CpuFeatures hostFeatures() { return CpuFeatures::host(); }
CpuFeatures baseFeatures() {  // the fallbacks: SSE4.1 only
  CpuFeatures f;
  f.sse41 = true;
  return f;
}

// --- Listings ---------------------------------------------------------------------

// Emits `body` inside a function without prologue and returns the
// disassembly of just what `body` emitted, one instruction per line.
std::string listing(const std::function<void(MacroAssembler&)>& body,
                    const CpuFeatures& features = hostFeatures()) {
  MacroAssembler masm(testOptions(), features);
  uint32_t begin = 0;
  const std::vector<uint8_t> bytes = bodyBytes(masm, body, begin);
  std::string text;
  for (const std::string& line : disassembleInstructions(bytes, begin)) text += line + "\n";
  return text;
}

// --- Running code (the harness is shared: masm_run_harness.inc) -------------------

MacroAssembler newMasm(const CpuFeatures& features) {
  return MacroAssembler(testOptions(), features);
}

// The registers the shared execution tests name by role.
constexpr Reg kArg0 = rdi, kArg1 = rsi;  // the trampoline's GP arguments
constexpr Reg kResult = rax;             // and its GP result
constexpr Reg kGpA = rbx, kGpB = rcx, kGpC = rdx, kGpD = r12, kGpE = r13;  // other allocatable
constexpr Reg kGpF = r10;  // not an argument register either, as kGpD and kGpE
constexpr Reg kMemoryBase = r15;
constexpr Reg kCrossGp[] = {rax, rcx, rdx, r12};  // crossAssignments
constexpr Reg kCrossFp[] = {xmm0, xmm1, xmm2, xmm(13)};
// x86-64 performs no part of a store that faults.
constexpr bool kFaultingStoresWriteNothing = true;

uintptr_t faultPc(const ucontext_t& uc) { return static_cast<uintptr_t>(uc.uc_mcontext.gregs[REG_RIP]); }

// Saves the SysV callee-saved registers (wasm code treats rbx, r12, r13 as
// caller-saved), pins vmctx and the memory base, calls, stores the results.
asm(R"(
  .text
  .globl ember_masm_test_enter
  .type ember_masm_test_enter, @function
ember_masm_test_enter:
  push %rbp
  mov %rsp, %rbp
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  push %rdi
  mov 0(%rdi), %r14
  mov 8(%rdi), %r15
  mov 16(%rdi), %rax
  movq 40(%rdi), %xmm0
  movq 48(%rdi), %xmm1
  mov 32(%rdi), %rsi
  mov 24(%rdi), %rdi
  call *%rax
  pop %rdi
  mov %rax, 56(%rdi)
  movq %xmm0, 64(%rdi)
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  ret
  .size ember_masm_test_enter, .-ember_masm_test_enter
)");

// Besides the shared GP assignments: the REX registers and the division's
// fixed registers as operands.
const std::vector<Assignment> kTargetGpAssignments = {
    {rdi, r8, rcx}, {r13, r12, r9}, {rdx, rax, rdx}};

#include "tests/jit/masm_run_harness.inc"

// rax and rdx are the division's clobbers: operands may live there, but no
// other value.
std::vector<Assignment> divisionAssignments() {
  return {{rbx, rcx, rsi}, {rax, rax, rdx}, {rdx, rdx, rax}, {rcx, rdx, rax},
          {r12, rax, rax}, {rax, r12, r13}, {rsi, rsi, rcx}, {rdi, rcx, rdi}};
}

// The stack-argument case: 8 GP params (6 in registers, 2 on the stack) and
// 2 FP params (xmm0/xmm1); results in rax and xmm0.
std::vector<ValType> stackArgumentParams() {
  return {ValType::I64, ValType::F64, ValType::I32, ValType::I64, ValType::I64,
          ValType::I64, ValType::I64, ValType::I64, ValType::I32, ValType::F64};
}
void expectStackArgumentLayout(const CallLayout& layout) {
  EXPECT_EQ(layout.params[0].reg, rdi);
  EXPECT_EQ(layout.params[1].reg, xmm0);
  EXPECT_EQ(layout.params[2].reg, rsi);
  EXPECT_EQ(layout.params[6].reg, r9);
  EXPECT_FALSE(layout.params[7].inRegister());
  EXPECT_EQ(layout.params[7].stackOffset, 0u);
  EXPECT_FALSE(layout.params[8].inRegister());
  EXPECT_EQ(layout.params[8].stackOffset, 8u);
  EXPECT_EQ(layout.params[9].reg, xmm1);
  EXPECT_EQ(layout.results[0].reg, rax);
  EXPECT_EQ(layout.results[1].reg, xmm0);
}

// ====================================================================================
// Listings
// ====================================================================================

TEST(MasmX64Listing, PrologueReservesThePatchedFrameAndChecksTheStack) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.emitReturn();
  masm.endFunction(40);  // rounded up to 48
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(disassemble(code->bytes, {0, true, false, {}}),
            "     0: push rbp\n"
            "     1: mov rbp, rsp\n"
            // rsp moves only once the new value passed the check.
            "     4: lea r11, [rsp-0x30]\n"
            "     c: cmp r11, [r14+0x10]\n"
            "    10: jb 0x000000000000001B\n"
            "    16: mov rsp, r11\n"
            "    19: leave\n"
            "    1a: ret\n"
            // The StackExhausted stub: trap builtin (id 0) with the code.
            "    1b: and rsp, 0xFFFFFFFFFFFFFFF0\n"
            "    1f: mov rdi, r14\n"
            "    22: mov esi, 0x09\n"
            "    27: call [r14+0x18]\n"
            "    2b: ud2\n");
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, 0x2Bu);  // the call's return address
  EXPECT_EQ(code->trapSites[0].code, TrapCode::StackExhausted);
  ASSERT_EQ(code->functions.size(), 1u);
  EXPECT_EQ(code->functions[0].begin, 0u);
  EXPECT_EQ(code->functions[0].end, 0x2Du);
}

TEST(MasmX64Listing, TrapStubWithoutBuiltinIsJustUd2) {
  MasmOptions options = testOptions();
  options.trapBuiltin = -1;
  MacroAssembler masm(options, hostFeatures());
  masm.beginFunction(3);
  masm.trap(TrapCode::Unreachable);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(disassemble(code->bytes, {0, true, false, {}}),
            "     0: jmp 0x0000000000000005\n"
            "     5: ud2\n");
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, 5u);
  EXPECT_EQ(code->findTrap(5)->code, TrapCode::Unreachable);
  EXPECT_EQ(code->findTrap(4), nullptr);
  EXPECT_EQ(code->findFunction(6)->funcIndex, 3u);
  EXPECT_EQ(code->findFunction(7), nullptr);
}

TEST(MasmX64Listing, IntegerConstantsUseTheShortestForm) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.moveImm(ValType::I32, rax, 0);
              m.moveImm(ValType::I32, r9, 0xFFFFFFFF);
              m.moveImm(ValType::I64, rcx, 42);
              m.moveImm(ValType::I64, rdx, 0xFFFFFFFF);          // zero-extending mov r32
              m.moveImm(ValType::I64, rbx, ~uint64_t{0});        // sign-extended imm32
              m.moveImm(ValType::I64, r12, 0x123456789ABCDEF0);  // movabs
            }),
            "xor eax, eax\n"
            "mov r9d, 0xFFFFFFFF\n"
            "mov ecx, 0x2A\n"
            "mov edx, 0xFFFFFFFF\n"
            "mov rbx, 0xFFFFFFFFFFFFFFFF\n"
            "mov r12, 0x123456789ABCDEF0\n");
}

// SIMD: with AVX the two-input operators are one VEX three-operand
// instruction; the SSE4.1 path copies the first operand (through the
// scratch when the destination is the second operand of a
// non-commutative operator).
TEST(MasmX64Listing, SimdBinaryUsesVexFormsOnlyWithAvx) {
  CpuFeatures avx = baseFeatures();
  avx.avx = true;
  auto body = [](MacroAssembler& m) {
    m.simdBinary(Opcode::I32x4Add, xmm1, xmm2, xmm3);
    m.simdBinary(Opcode::I32x4Sub, xmm3, xmm2, xmm3);
  };
  EXPECT_EQ(listing(body, avx),
            "vpaddd xmm1, xmm2, xmm3\n"
            "vpsubd xmm3, xmm2, xmm3\n");
  EXPECT_EQ(listing(body, baseFeatures()),
            "movaps xmm1, xmm2\n"
            "paddd xmm1, xmm3\n"
            "movaps xmm15, xmm3\n"
            "movaps xmm3, xmm2\n"
            "psubd xmm3, xmm15\n");
}

// i64x2.gt_s is pcmpgtq with SSE4.2, five 32-bit steps without.
TEST(MasmX64Listing, SimdI64CompareFallsBackWithoutSse42) {
  CpuFeatures sse42 = baseFeatures();
  sse42.sse42 = true;
  auto body = [](MacroAssembler& m) { m.simdBinary(Opcode::I64x2GtS, xmm1, xmm1, xmm2); };
  EXPECT_EQ(listing(body, sse42), "pcmpgtq xmm1, xmm2\n");
  EXPECT_EQ(listing(body, baseFeatures()),
            "movaps xmm14, xmm2\n"
            "psubq xmm14, xmm1\n"
            "movaps xmm15, xmm1\n"
            "pcmpeqd xmm15, xmm2\n"
            "pand xmm14, xmm15\n"
            "movaps xmm15, xmm1\n"
            "pcmpgtd xmm15, xmm2\n"
            "por xmm14, xmm15\n"
            "pshufd xmm1, xmm14, 0xF5\n");
}

TEST(MasmX64Listing, FloatConstantsGoThroughTheGpScratch) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.moveImm(ValType::F32, xmm1, 0);
              m.moveImm(ValType::F32, xmm2, f32Bits(1.0f));
              m.moveImm(ValType::F64, xmm3, f64Bits(-2.0));
            }),
            "xorps xmm1, xmm1\n"
            "mov r11d, 0x3F800000\n"
            "movd xmm2, r11d\n"
            "mov r11, 0xC000000000000000\n"
            "movq xmm3, r11\n");
}

TEST(MasmX64Listing, ThreeOperandAddAndSub) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.add(OpSize::S32, rax, rcx, rdx);  // lea: no move needed
              m.add(OpSize::S64, rax, rax, rdx);
              m.add(OpSize::S64, rbx, rcx, 8);
              m.sub(OpSize::S32, rax, rcx, rax);  // dst == rhs: negate and add
              m.sub(OpSize::S64, rsi, rsi, 1);
              m.sub(OpSize::S32, rsi, rdi, rdx);
            }),
            "lea eax, [rcx+rdx*1]\n"
            "add rax, rdx\n"
            "lea rbx, [rcx+0x08]\n"
            "neg eax\n"
            "add eax, ecx\n"
            "add rsi, 0xFFFFFFFFFFFFFFFF\n"
            "mov esi, edi\n"
            "sub esi, edx\n");
}

TEST(MasmX64Listing, VariableShiftWithoutBmi2ParksRcxInTheScratch) {
  EXPECT_EQ(listing([](MacroAssembler& m) { m.shl(OpSize::S32, rax, rbx, rdx); }, baseFeatures()),
            "mov r11, rcx\n"
            "mov ecx, edx\n"
            "mov eax, ebx\n"
            "shl eax, cl\n"
            "mov rcx, r11\n");
  EXPECT_EQ(listing([](MacroAssembler& m) { m.shrS(OpSize::S64, rax, rbx, rcx); }, baseFeatures()),
            "mov rax, rbx\n"
            "sar rax, cl\n");
  CpuFeatures bmi2 = baseFeatures();
  bmi2.bmi2 = true;
  EXPECT_EQ(listing(
                [](MacroAssembler& m) {
                  m.shrU(OpSize::S64, rax, rbx, rdx);
                  m.rotr(OpSize::S32, rax, rbx, 8);
                  m.rotl(OpSize::S32, rax, rbx, 8);
                },
                bmi2),
            "shrx rax, rbx, rdx\n"
            "rorx eax, ebx, 0x08\n"
            "rorx eax, ebx, 0x18\n");
}

TEST(MasmX64Listing, SignedDivisionChecksZeroAndOverflowFirst) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  masm.divS(OpSize::S32, rbx, rcx, rax);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  std::string text = disassemble(code->bytes, {0, true, false, {}});
  EXPECT_EQ(text.substr(0, text.find("    21:")),
            "     0: test eax, eax\n"
            "     2: jz 0x0000000000000021\n"  // IntegerDivideByZero stub
            "     8: cmp eax, 0xFFFFFFFF\n"
            "     b: jnz 0x0000000000000016\n"
            "     d: cmp ecx, 0x01\n"          // lhs - 1 overflows iff lhs == INT_MIN
            "    10: jo 0x0000000000000033\n"  // IntegerOverflow stub
            "    16: mov r11d, eax\n"          // the divisor leaves rax
            "    19: mov eax, ecx\n"
            "    1b: cdq\n"
            "    1c: idiv r11d\n"
            "    1f: mov ebx, eax\n");
  EXPECT_EQ(code->trapSites[0].codeOffset, 0x1Cu);  // idiv itself is in the trap table
  EXPECT_EQ(code->trapSites[0].code, TrapCode::IntegerDivideByZero);
}

TEST(MasmX64Listing, CountFallbacksWithoutLzcntTzcntPopcnt) {
  EXPECT_EQ(listing([](MacroAssembler& m) { m.clz(OpSize::S32, rax, rbx); }, baseFeatures()),
            "mov r11d, 0x3F\n"
            "bsr eax, ebx\n"
            "cmovz eax, r11d\n"
            "xor eax, 0x1F\n");
  EXPECT_EQ(listing([](MacroAssembler& m) { m.ctz(OpSize::S64, rax, rbx); }, baseFeatures()),
            "mov r11d, 0x40\n"
            "bsf rax, rbx\n"
            "cmovz rax, r11\n");
  CpuFeatures modern = baseFeatures();
  modern.lzcnt = modern.bmi1 = modern.popcnt = true;
  EXPECT_EQ(listing(
                [](MacroAssembler& m) {
                  m.clz(OpSize::S64, rax, rbx);
                  m.ctz(OpSize::S32, rax, rbx);
                  m.popcnt(OpSize::S32, rax, rbx);
                },
                modern),
            "lzcnt rax, rbx\n"
            "tzcnt eax, ebx\n"
            "popcnt eax, ebx\n");
}

TEST(MasmX64Listing, ComparesProduceZeroOrOne) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.compare(IntCond::LtU, OpSize::S64, rax, rbx, rcx);
              m.compare(IntCond::GeS, OpSize::S32, rbx, rbx, rcx);
              m.eqz(OpSize::S32, rax, rdx);
              m.compare(IntCond::GtS, OpSize::S64, rax, rdx, 0x100000000);
            }),
            "xor eax, eax\n"
            "cmp rbx, rcx\n"
            "setb al\n"
            "cmp ebx, ecx\n"
            "setnl bl\n"
            "movzx ebx, bl\n"
            "xor eax, eax\n"
            "test edx, edx\n"
            "setz al\n"
            "mov r11, 0x100000000\n"
            "xor eax, eax\n"
            "cmp rdx, r11\n"
            "setnle al\n");
}

TEST(MasmX64Listing, FloatComparesHandleNaNThroughParity) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.fcompare(FloatCond::Eq, OpSize::S32, rax, xmm0, xmm1);
              m.fcompare(FloatCond::Lt, OpSize::S64, rax, xmm0, xmm1);  // swapped: xmm1 > xmm0
            }),
            "ucomiss xmm0, xmm1\n"
            "setz al\n"
            "setnp r11b\n"
            "and al, r11b\n"
            "movzx eax, al\n"
            "xor eax, eax\n"
            "ucomisd xmm1, xmm0\n"
            "setnbe al\n");
}

TEST(MasmX64Listing, HeapAccessesFoldTheOffsetOrCheckExplicitly) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.loadHeap(LoadKind::I32Load8S, rax, rdi, 16, BoundsCheck::Guard);
              m.storeHeap(StoreKind::Store16, rbx, rsi, 0, BoundsCheck::Guard);
              m.loadHeap(LoadKind::F64, xmm1, rdi, 0x7FFFFFFF, BoundsCheck::Guard);
              m.loadHeap(LoadKind::I64, rax, rdi, 0x80000000, BoundsCheck::Guard);
              m.loadHeap(LoadKind::I32, rax, rdi, 4, BoundsCheck::Explicit);
            }),
            "movsx eax, byte ptr [r15+rdi*1+0x10]\n"
            "mov [r15+rsi*1], bx\n"
            "movsd xmm1, qword ptr [r15+rdi*1+0x7FFFFFFF]\n"
            // An offset beyond disp32 is added in the scratch register.
            "mov r11d, 0x80000000\n"
            "add r11, rdi\n"
            "mov rax, [r15+r11*1]\n"
            // Explicit: index + offset + size against the memory length.
            "lea r11, [rdi+0x08]\n"
            "cmp r11, [r14+0x08]\n"
            "jnbe 0x0000000000000035\n"  // the MemoryOutOfBounds stub
            "mov eax, [r15+rdi*1+0x04]\n");
}

TEST(MasmX64Listing, GuardedAccessesAreInTheTrapTable) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  masm.moveImm(ValType::I32, rax, 1);
  uint32_t loadAt = masm.codeOffset();
  masm.loadHeap(LoadKind::I32, rax, rdi, 0, BoundsCheck::Guard);
  masm.moveImm(ValType::I64, r11, 0x80000000);  // any instruction in between
  masm.storeHeap(StoreKind::I64, rax, rdi, 0x90000000, BoundsCheck::Guard);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(code->trapSites.size(), 2u);
  EXPECT_EQ(code->trapSites[0].codeOffset, loadAt);
  EXPECT_EQ(code->trapSites[0].code, TrapCode::MemoryOutOfBounds);
  // The recorded offset is the store itself, after the offset's add.
  auto lines = disassembleInstructions(
      std::span<const uint8_t>(code->bytes).subspan(code->trapSites[1].codeOffset));
  EXPECT_EQ(lines[0], "mov [r15+r11*1], rax");
}

TEST(MasmX64Listing, InterruptionChecksUseOnlyTheScratch) {
  EXPECT_EQ(listing([](MacroAssembler& m) {
              m.trapIfCounterReached(offsetof(TestVm, counter), offsetof(TestVm, deadline),
                                     TrapCode::Interrupted);
              m.trapIfDecrementNegative(offsetof(TestVm, fuelBlock), 8, TrapCode::OutOfFuel);
            }),
            "mov r11, [r14+0x38]\n"
            "mov r11, [r11]\n"
            "cmp r11, [r14+0x40]\n"
            "jnb 0x0000000000000020\n"  // the Interrupted stub
            "mov r11, [r14+0x48]\n"
            "sub qword ptr [r11+0x08], 0x01\n"
            "js 0x0000000000000032\n");  // the OutOfFuel stub
}

TEST(MasmX64Listing, JumpTableHoldsLabelRelativeOffsets) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  Label a = masm.newLabel(), b = masm.newLabel(), dflt = masm.newLabel();
  Label targets[] = {a, b, a};
  masm.jumpTable(rsi, targets, dflt);
  masm.bind(a);
  masm.moveImm(ValType::I32, rax, 1);
  masm.bind(b);
  masm.moveImm(ValType::I32, rax, 2);
  masm.bind(dflt);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  std::string text = disassemble(code->bytes, {0, true, false, {}});
  EXPECT_EQ(text.substr(0, text.find("    17:")),
            "     0: cmp esi, 0x03\n"
            "     3: jnb 0x000000000000003A\n"
            "     9: lea r11, [0x0000000000000018]\n"
            "    10: add r11, [r11+rsi*8]\n"
            "    14: jmp r11\n");
  // 8-byte entries at 0x18: a at 0x30, b at 0x35, relative to the table.
  uint64_t entries[3];
  std::memcpy(entries, code->bytes.data() + 0x18, sizeof entries);
  EXPECT_EQ(entries[0], 0x30u - 0x18u);
  EXPECT_EQ(entries[1], 0x35u - 0x18u);
  EXPECT_EQ(entries[2], 0x30u - 0x18u);
}

TEST(MasmX64Listing, CallsArePcRelativeOrThroughTheVmContext) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  masm.callFunction(1);  // forward: patched when function 1 is bound
  masm.callBuiltin(kAddBuiltin);
  masm.callIndirect(rax);
  masm.callIndirect(Address(rax, 32));
  masm.endFunction(0);
  masm.beginFunction(1);
  masm.callFunction(0);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(disassemble(code->bytes, {0, true, false, {}}),
            "     0: call 0x0000000000000010\n"
            "     5: call [r14+0x20]\n"
            "     9: call rax\n"
            "     b: call [rax+0x20]\n"
            "     e: nop\n"  // alignment of function 1
            "     f: nop\n"
            "    10: call 0x0000000000000000\n");
  ASSERT_EQ(code->functions.size(), 2u);
  EXPECT_EQ(code->functions[1].begin, 0x10u);
}

// A call to a function this masm never compiled stays for whoever joins
// separately compiled parts of a module (jit/module_compiler.cpp, parallel
// compilation): finalize reports it as a pending call; compileModule fails
// with "function N is called but was never compiled" if nothing resolves it.
TEST(MasmX64Listing, CallingAFunctionThatIsNeverCompiledLeavesAPendingCall) {
  MacroAssembler masm(testOptions(), hostFeatures());
  masm.beginFunction(0);
  masm.callFunction(7);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  ASSERT_EQ(code->pendingCalls.size(), 1u);
  const PendingCall& call = code->pendingCalls[0];
  EXPECT_EQ(call.funcIndex, 7u);
  EXPECT_LE(size_t{call.field()} + 4, code->bytes.size());
  EXPECT_EQ(call.format.bitCount, 32u);  // call rel32
  EXPECT_EQ(call.format.discardBits, 0u);
  EXPECT_EQ(code->bytes[call.field() - 1], 0xE8);
}

TEST(MasmX64Listing, DisassemblyShowsBytes) {
  const uint8_t code[] = {0x48, 0x89, 0xC8, 0xC3, 0x06};  // mov rax, rcx; ret; (bad)
  EXPECT_EQ(disassemble(code, {0x1000, true, true, {}}),
            "  1000: 48 89 c8                      mov rax, rcx\n"
            "  1003: c3                            ret\n"
            "  1004: 06                            (bad)\n");
}

// ====================================================================================
// Execution (the cases of masm_run_cases.inc, then what is x86-64's own)
// ====================================================================================

#define BINOP(method) [](MacroAssembler& m, Reg d, Reg l, Reg r) { m.method(s, d, l, r); }

#define MASM_RUN_SUITE MasmX64Run
#include "tests/jit/masm_run_cases.inc"
#undef MASM_RUN_SUITE

// The fallbacks for CPUs without BMI2, LZCNT, TZCNT or POPCNT.
TEST(MasmX64Run, ShiftsAndRotatesWithoutBmi2) { checkShifts(baseFeatures()); }
TEST(MasmX64Run, CountsWithFallbacks) { checkCounts(baseFeatures()); }

TEST(MasmX64, RegisterSetBasics) {
  checkRegisterSetBasics(rax, rcx);
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(rsp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(rbp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchFp2));
  EXPECT_EQ(RegisterConventions::kAllocatableGp.count(), 11u);
  EXPECT_EQ(RegisterConventions::kAllocatableFp.count(), 14u);
}

}  // namespace
}  // namespace ember

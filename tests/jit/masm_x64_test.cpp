// Tests of the x86-64 macro-assembler (jit/masm.h, jit/x64/). Two kinds:
//  - listings: a few masm calls and the Zydis disassembly expected of them,
//    side by side (the asmjit / Winch style);
//  - execution: the emitted code is copied to an executable page and run
//    through a small SysV -> internal-convention trampoline, its results
//    compared with a C++ model of the wasm operator, while every other
//    allocatable register is checked to keep its value.
#include <gtest/gtest.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "jit/disasm.h"
#include "jit/masm.h"
#include "tests/jit/masm_test_shared.h"

namespace ember {
namespace {

using namespace ember::x64;  // register names
using namespace ember::masm_test;  // shared models and tables

CpuFeatures allFeatures() { return CpuFeatures::host(); }
CpuFeatures baseFeatures() {  // the fallbacks: SSE4.1 only
  CpuFeatures f;
  f.sse41 = true;
  return f;
}

// --- Listings ---------------------------------------------------------------------

// Emits `body` inside a function without prologue and returns the
// disassembly of just what `body` emitted, one instruction per line.
std::string listing(const std::function<void(MacroAssembler&)>& body,
                    const CpuFeatures& features = allFeatures()) {
  MacroAssembler masm(testOptions(), features);
  masm.beginFunction(0);
  uint32_t begin = masm.codeOffset();
  body(masm);
  uint32_t end = masm.codeOffset();
  masm.endFunction(0);
  auto code = masm.finalize();
  EXPECT_TRUE(code.ok()) << code.error().message();
  if (!code.ok()) return "";
  std::string text;
  auto bytes = std::span<const uint8_t>(code->bytes).subspan(begin, end - begin);
  for (const std::string& line : disassembleInstructions(bytes, begin)) text += line + "\n";
  return text;
}

// --- Running code -----------------------------------------------------------------

// The trampoline's argument block; offsets are fixed by the assembly below.
struct TestCall {
  TestVm* vm;           // 0 -> r14
  uint8_t* memoryBase;  // 8 -> r15
  const void* code;     // 16
  uint64_t gp[2];       // 24, 32 -> rdi, rsi
  uint64_t fp[2];       // 40, 48 -> xmm0, xmm1 (bit patterns)
  uint64_t gpResult;    // 56 <- rax
  uint64_t fpResult;    // 64 <- xmm0
};
static_assert(offsetof(TestCall, gpResult) == 56 && offsetof(TestCall, fpResult) == 64);

extern "C" void ember_masm_test_enter(TestCall* call);

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

// Where a trap unwinds to: the trap builtin (or the SIGSEGV handler) jumps
// back into run() with the trap code.
sigjmp_buf gTrapJump;
volatile int gTrapCode = -1;

[[noreturn]] void trapBuiltin(void*, uint32_t code) {
  gTrapCode = static_cast<int>(code);
  siglongjmp(gTrapJump, 1);
}

uint64_t addBuiltin(uint64_t a, uint64_t b) { return a + b; }

// The library and so these tests build without exceptions.
[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "masm_x64_test: %s\n", what);
  std::abort();
}

// Code copied into its own read+execute mapping.
class ExecutableCode {
 public:
  explicit ExecutableCode(CompiledCode code) : code_(std::move(code)) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_ = (code_.bytes.size() + page - 1) / page * page;
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) fatal("mmap failed");
    std::memcpy(p, code_.bytes.data(), code_.bytes.size());
    if (mprotect(p, size_, PROT_READ | PROT_EXEC) != 0) fatal("mprotect failed");
    base_ = static_cast<uint8_t*>(p);
  }
  ~ExecutableCode() { munmap(base_, size_); }
  ExecutableCode(const ExecutableCode&) = delete;
  ExecutableCode& operator=(const ExecutableCode&) = delete;

  const uint8_t* base() const { return base_; }
  const CompiledCode& code() const { return code_; }
  const void* entry(uint32_t funcIndex) const {
    for (const FunctionRange& f : code_.functions) {
      if (f.funcIndex == funcIndex) return base_ + f.begin;
    }
    fatal("no such function");
  }

 private:
  CompiledCode code_;
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

const ExecutableCode* gRunningCode = nullptr;  // for the SIGSEGV handler

struct RunResult {
  std::optional<TrapCode> trap;
  uint64_t gp = 0;
  uint64_t fp = 0;
};

// A linear memory of one 64 KiB page followed by an inaccessible guard.
class TestMemory {
 public:
  static constexpr size_t kSize = 65536;
  static constexpr size_t kGuard = 65536;
  TestMemory() {
    void* p = mmap(nullptr, kSize + kGuard, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) fatal("mmap failed");
    base_ = static_cast<uint8_t*>(p);
    mprotect(base_, kSize, PROT_READ | PROT_WRITE);
  }
  ~TestMemory() { munmap(base_, kSize + kGuard); }
  uint8_t* base() const { return base_; }

 private:
  uint8_t* base_ = nullptr;
};

RunResult run(const ExecutableCode& code, uint32_t funcIndex, uint64_t a = 0, uint64_t b = 0,
              TestVm* vm = nullptr) {
  static TestVm defaultVm;
  static TestCall call;  // static: it must survive the siglongjmp
  if (vm == nullptr) vm = &defaultVm;
  vm->builtins[kTrapBuiltin] = reinterpret_cast<void*>(&trapBuiltin);
  vm->builtins[kAddBuiltin] = reinterpret_cast<void*>(&addBuiltin);
  call = TestCall{vm, vm->memoryBase, code.entry(funcIndex), {a, b}, {a, b}, 0, 0};
  gRunningCode = &code;
  gTrapCode = -1;
  RunResult result;
  if (sigsetjmp(gTrapJump, 1) == 0) {
    ember_masm_test_enter(&call);
    result.gp = call.gpResult;
    result.fp = call.fpResult;
  } else {
    result.trap = static_cast<TrapCode>(gTrapCode);
  }
  gRunningCode = nullptr;
  return result;
}

using Body = std::function<void(MacroAssembler&)>;

// One function (index 0) with a frame of `frameBytes`: prologue, body,
// epilogue. The body leaves its result in rax and/or xmm0.
ExecutableCode compileFunction(const Body& body, const CpuFeatures& features = allFeatures(),
                               uint32_t frameBytes = 64) {
  MacroAssembler masm(testOptions(), features);
  masm.beginFunction(0);
  masm.emitPrologue();
  body(masm);
  masm.emitReturn();
  masm.endFunction(frameBytes);
  auto code = masm.finalize();
  if (!code.ok()) fatal(code.error().message().c_str());
  return ExecutableCode(std::move(code.value()));
}

// --- The operation harness ---------------------------------------------------------

// Runs one masm operation `op(dst, lhs, rhs)` on inputs a and b with the
// given register assignment. Every allocatable register that is not an
// operand (or in `clobbers`) is first loaded with a sentinel and checked
// afterwards: a changed one makes the function trap with Unreachable.
struct Assignment {
  Reg dst, lhs, rhs;
};

using Op = std::function<void(MacroAssembler&, Reg dst, Reg lhs, Reg rhs)>;

uint64_t sentinelFor(Reg r) {
  return 0x5EA1'0000'0000'0000ull + (uint64_t{r.isFp()} << 8) + r.code();
}

ExecutableCode compileOp(ValType inType, ValType outType, Assignment regs, const Op& op,
                         const CpuFeatures& features, RegisterSet clobbers) {
  return compileFunction(
      [&](MacroAssembler& m) {
        // Inputs arrive in rdi/rsi and xmm0/xmm1; park them in the frame.
        m.store(StoreKind::I64, m.frameSlot(8), rdi);
        m.store(StoreKind::I64, m.frameSlot(16), rsi);
        m.storeImm(StoreKind::I64, m.frameSlot(24), 0);
        RegisterSet sentinels = RegisterConventions::kAllocatable - clobbers;
        sentinels.remove(regs.dst);
        sentinels.remove(regs.lhs);
        sentinels.remove(regs.rhs);
        for (Reg r : sentinels) {
          m.moveImm(r.isGp() ? ValType::I64 : ValType::F64, r, sentinelFor(r));
        }
        m.load(loadKindOf(inType), regs.lhs, m.frameSlot(8));
        if (regs.rhs != regs.lhs) m.load(loadKindOf(inType), regs.rhs, m.frameSlot(16));
        op(m, regs.dst, regs.lhs, regs.rhs);
        // GP results are stored whole, to see that i32 results are zero-extended.
        m.store(regs.dst.isGp() ? StoreKind::I64 : storeKindOf(outType), m.frameSlot(24), regs.dst);
        for (Reg r : sentinels) {
          if (r.isGp()) {
            m.trapIf(IntCond::Ne, OpSize::S64, r, static_cast<int64_t>(sentinelFor(r)),
                     TrapCode::Unreachable);
          }
        }
        for (Reg r : sentinels) {
          if (r.isFp()) {
            m.convert(Conversion::I64ReinterpretF64, rax, r);
            m.trapIf(IntCond::Ne, OpSize::S64, rax, static_cast<int64_t>(sentinelFor(r)),
                     TrapCode::Unreachable);
          }
        }
        m.load(LoadKind::I64, rax, m.frameSlot(24));
      },
      features);
}

// Register assignments covering the aliasing cases of a binary operation.
std::vector<Assignment> gpAssignments() {
  return {
      {rax, rbx, rdx},  // all different
      {rbx, rbx, rdx},  // dst == lhs
      {rdx, rbx, rdx},  // dst == rhs
      {rcx, rdx, rcx},  // rcx as dst and rhs (shift counts)
      {rcx, rcx, rsi},  // rcx as dst and lhs
      {rsi, rcx, rdi},  // rcx as lhs only
      {rdi, r8, rcx},   // rcx as rhs only
      {r13, r12, r9},   // REX registers
      {rdx, rax, rdx},  // div registers as operands
      {rax, rdx, rax},
  };
}
std::vector<Assignment> fpAssignments() {
  return {
      {xmm2, xmm3, xmm4},
      {xmm3, xmm3, xmm4},
      {xmm4, xmm3, xmm4},
      {xmm(14), xmm(9), xmm(12)},
  };
}

void checkResult(ValType outType, const RunResult& got, const Expected& want,
                 const std::string& what) {
  if (want.trap) {
    ASSERT_TRUE(got.trap.has_value()) << what << ": expected a trap";
    EXPECT_EQ(static_cast<int>(*got.trap), static_cast<int>(*want.trap)) << what;
    return;
  }
  ASSERT_FALSE(got.trap.has_value())
      << what << ": unexpected trap " << static_cast<int>(*got.trap)
      << (*got.trap == TrapCode::Unreachable ? " (a register was clobbered)" : "");
  uint64_t bits = got.gp;
  if (outType == ValType::F32) bits &= 0xFFFFFFFF;  // an f32's upper lanes are undefined
  if (want.anyNaN) {
    EXPECT_TRUE(isArithmeticNaN(outType, bits)) << what << ": got 0x" << std::hex << bits;
  } else {
    EXPECT_EQ(bits, want.bits) << what << std::hex << ": got 0x" << bits << " want 0x" << want.bits;
  }
}

std::string describe(const char* name, uint64_t a, uint64_t b, Assignment r) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s(0x%llx, 0x%llx) regs dst=%u lhs=%u rhs=%u", name,
                static_cast<unsigned long long>(a), static_cast<unsigned long long>(b),
                r.dst.code(), r.lhs.code(), r.rhs.code());
  return buf;
}

// Checks `op` against `model` on all value pairs and register assignments.
void checkBinary(const char* name, ValType inType, ValType outType, const Op& op,
                 const std::function<Expected(uint64_t, uint64_t)>& model,
                 const std::vector<uint64_t>& values, const std::vector<Assignment>& assignments,
                 const CpuFeatures& features = allFeatures(), RegisterSet clobbers = {}) {
  for (const Assignment& regs : assignments) {
    ExecutableCode code = compileOp(inType, outType, regs, op, features, clobbers);
    for (uint64_t a : values) {
      for (uint64_t b : values) {
        uint64_t rhsValue = regs.lhs == regs.rhs ? a : b;
        RunResult got = run(code, 0, a, rhsValue);
        checkResult(outType, got, model(a, rhsValue), describe(name, a, rhsValue, regs));
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

void checkUnary(const char* name, ValType inType, ValType outType, const Op& op,
                const std::function<Expected(uint64_t)>& model, const std::vector<uint64_t>& values,
                const std::vector<Assignment>& assignments,
                const CpuFeatures& features = allFeatures(), RegisterSet clobbers = {}) {
  for (const Assignment& regs : assignments) {
    Assignment unary{regs.dst, regs.lhs, regs.lhs};
    ExecutableCode code = compileOp(inType, outType, unary, op, features, clobbers);
    for (uint64_t a : values) {
      RunResult got = run(code, 0, a, 0);
      checkResult(outType, got, model(a), describe(name, a, 0, unary));
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// Unary assignments for operations whose operand and result classes differ.
std::vector<Assignment> crossAssignments(RegClass from, RegClass to) {
  auto pick = [](RegClass c, int i) {
    static const Reg gps[] = {rax, rcx, rdx, r12};
    static const Reg fps[] = {xmm0, xmm1, xmm2, xmm(13)};
    return c == RegClass::Gp ? gps[i] : fps[i];
  };
  std::vector<Assignment> out;
  for (int i = 0; i < 4; i++) {
    Reg src = pick(from, i);
    Reg dst = pick(to, from == to ? i : (i + 1) % 4);
    out.push_back({dst, src, src});
  }
  if (from == to) out.push_back({pick(to, 1), pick(from, 2), pick(from, 2)});
  return out;
}

// ====================================================================================
// Listings
// ====================================================================================

TEST(MasmX64Listing, PrologueReservesThePatchedFrameAndChecksTheStack) {
  MacroAssembler masm(testOptions(), allFeatures());
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.emitReturn();
  masm.endFunction(40);  // rounded up to 48
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(disassemble(code->bytes, {0, true, false}),
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
  MacroAssembler masm(options, allFeatures());
  masm.beginFunction(3);
  masm.trap(TrapCode::Unreachable);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(disassemble(code->bytes, {0, true, false}),
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
  MacroAssembler masm(testOptions(), allFeatures());
  masm.beginFunction(0);
  masm.divS(OpSize::S32, rbx, rcx, rax);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok());
  std::string text = disassemble(code->bytes, {0, true, false});
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
  MacroAssembler masm(testOptions(), allFeatures());
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
  MacroAssembler masm(testOptions(), allFeatures());
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
  std::string text = disassemble(code->bytes, {0, true, false});
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
  MacroAssembler masm(testOptions(), allFeatures());
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
  EXPECT_EQ(disassemble(code->bytes, {0, true, false}),
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
  MacroAssembler masm(testOptions(), allFeatures());
  masm.beginFunction(0);
  masm.callFunction(7);
  masm.endFunction(0);
  auto code = masm.finalize();
  ASSERT_TRUE(code.ok()) << code.error().message();
  ASSERT_EQ(code->pendingCalls.size(), 1u);
  const PendingCall& call = code->pendingCalls[0];
  EXPECT_EQ(call.funcIndex, 7u);
  EXPECT_LE(size_t{call.field} + 4, code->bytes.size());
  EXPECT_EQ(call.bitCount, 32u);  // call rel32
  EXPECT_EQ(call.discardBits, 0u);
  EXPECT_EQ(code->bytes[call.field - 1], 0xE8);
}

TEST(MasmX64Listing, DisassemblyShowsBytes) {
  const uint8_t code[] = {0x48, 0x89, 0xC8, 0xC3, 0x06};  // mov rax, rcx; ret; (bad)
  EXPECT_EQ(disassemble(code, {0x1000, true, true}),
            "  1000: 48 89 c8                      mov rax, rcx\n"
            "  1003: c3                            ret\n"
            "  1004: 06                            (bad)\n");
}

// ====================================================================================
// Execution: integer operations
// ====================================================================================

#define BINOP(method) [](MacroAssembler& m, Reg d, Reg l, Reg r) { m.method(s, d, l, r); }

// Immediate right-hand sides, including i64 immediates beyond imm32.
#define MASM_RUN_SUITE MasmX64Run
#include "tests/jit/masm_run_cases.inc"
#undef MASM_RUN_SUITE

TEST(MasmX64Run, ArithmeticWithImmediates) {
  const std::vector<int64_t> imms = {0,
                                     1,
                                     -1,
                                     0x7FFFFFFF,
                                     -0x80000000LL,
                                     0x80000000LL,
                                     0x123456789LL,
                                     std::numeric_limits<int64_t>::min()};
  const std::vector<Assignment> regs = {{rax, rbx, rbx}, {rbx, rbx, rbx}};
  for (int64_t imm : imms) {
    for (OpSize s : {OpSize::S32, OpSize::S64}) {
      ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
      auto wrap = [s](uint64_t v) { return value(s == OpSize::S32 ? u32(v) : v); };
      uint64_t k = static_cast<uint64_t>(imm);
      auto imm_op = [imm, s](auto method) {
        return
            [imm, s, method](MacroAssembler& m, Reg d, Reg l, Reg) { (m.*method)(s, d, l, imm); };
      };
      using ImmMethod = void (MacroAssembler::*)(OpSize, Reg, Reg, int64_t);
      const std::vector<uint64_t>& values = s == OpSize::S32 ? kI32Values : kI64Values;
      struct Case {
        const char* name;
        ImmMethod method;
        std::function<uint64_t(uint64_t)> model;
      };
      const Case cases[] = {
          {"add", &MacroAssembler::add, [k](uint64_t a) { return a + k; }},
          {"sub", &MacroAssembler::sub, [k](uint64_t a) { return a - k; }},
          {"mul", &MacroAssembler::mul, [k](uint64_t a) { return a * k; }},
          {"and", &MacroAssembler::bitAnd, [k](uint64_t a) { return a & k; }},
          {"or", &MacroAssembler::bitOr, [k](uint64_t a) { return a | k; }},
          {"xor", &MacroAssembler::bitXor, [k](uint64_t a) { return a ^ k; }},
      };
      for (const Case& c : cases) {
        checkUnary(
            c.name, t, t, imm_op(c.method), [&](uint64_t a) { return wrap(c.model(a)); }, values,
            regs);
      }
      // Compare and branch against an immediate.
      for (IntCond cond : {IntCond::Eq, IntCond::Ne, IntCond::LtS, IntCond::GeU}) {
        auto cmpModel = [&](uint64_t a) {
          uint64_t x = s == OpSize::S32 ? u32(a) : a, y = s == OpSize::S32 ? u32(k) : k;
          int64_t sx = s == OpSize::S32 ? s32(a) : s64(a), sy = s == OpSize::S32 ? s32(k) : s64(k);
          bool r = cond == IntCond::Eq    ? x == y
                   : cond == IntCond::Ne  ? x != y
                   : cond == IntCond::LtS ? sx < sy
                                          : x >= y;
          return value(r);
        };
        checkUnary(
            "compare-imm", t, ValType::I32,
            [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.compare(cond, s, d, l, imm); }, cmpModel,
            values, regs);
        checkUnary("branch-imm", t, ValType::I32,
                   [&](MacroAssembler& m, Reg d, Reg l, Reg) {
                     Label yes = m.newLabel(), done = m.newLabel();
                     m.branch(cond, s, l, imm, yes);
                     m.moveImm(ValType::I32, d, 0);
                     m.jump(done);
                     m.bind(yes);
                     m.moveImm(ValType::I32, d, 1);
                     m.bind(done);
                   },
                   cmpModel, values, {{rax, rbx, rbx}});
      }
    }
  }
}

// Shifts by >= the width take the count modulo the width (spec 4.3.2).
void checkShifts(const CpuFeatures& features) {
  for (OpSize s : {OpSize::S32, OpSize::S64}) {
    ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
    const std::vector<uint64_t> values = s == OpSize::S32 ? kI32Values : kI64Values;
    struct Case {
      const char* name;
      void (MacroAssembler::*byReg)(OpSize, Reg, Reg, Reg);
      void (MacroAssembler::*byImm)(OpSize, Reg, Reg, int64_t);
    };
    const Case cases[] = {{"shl", &MacroAssembler::shl, &MacroAssembler::shl},
                          {"shr_s", &MacroAssembler::shrS, &MacroAssembler::shrS},
                          {"shr_u", &MacroAssembler::shrU, &MacroAssembler::shrU},
                          {"rotl", &MacroAssembler::rotl, &MacroAssembler::rotl},
                          {"rotr", &MacroAssembler::rotr, &MacroAssembler::rotr}};
    for (const Case& c : cases) {
      checkBinary(
          c.name, t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg r) { (m.*c.byReg)(s, d, l, r); },
          [&](uint64_t a, uint64_t b) { return value(shiftModel(c.name, s, a, b)); }, values,
          gpAssignments(), features);
      for (int64_t count : {0, 1, 5, 31, 32, 33, 63, 64, 100}) {
        checkUnary(
            c.name, t, t,
            [&](MacroAssembler& m, Reg d, Reg l, Reg) { (m.*c.byImm)(s, d, l, count); },
            [&](uint64_t a) {
              return value(shiftModel(c.name, s, a, static_cast<uint64_t>(count)));
            },
            values, {{rax, rcx, rcx}, {rcx, rcx, rcx}, {r12, r12, r12}}, features);
      }
    }
  }
}

TEST(MasmX64Run, ShiftsAndRotates) { checkShifts(allFeatures()); }
TEST(MasmX64Run, ShiftsAndRotatesWithoutBmi2) { checkShifts(baseFeatures()); }

TEST(MasmX64Run, DivisionAndRemainderWithTraps) {
  // rax and rdx are the division's clobbers: operands may live there, but
  // no other value.
  const std::vector<Assignment> regs = {{rbx, rcx, rsi}, {rax, rax, rdx}, {rdx, rdx, rax},
                                        {rcx, rdx, rax}, {r12, rax, rax}, {rax, r12, r13},
                                        {rsi, rsi, rcx}, {rdi, rcx, rdi}};
  for (OpSize s : {OpSize::S32, OpSize::S64}) {
    ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
    std::vector<uint64_t> values = s == OpSize::S32 ? kI32Values : kI64Values;
    values.push_back(s == OpSize::S32 ? 0xFFFFFFF9 : 0xFFFFFFFFFFFFFFF9);  // -7
    struct Case {
      const char* name;
      void (MacroAssembler::*method)(OpSize, Reg, Reg, Reg);
    };
    const Case cases[] = {{"div_s", &MacroAssembler::divS},
                          {"div_u", &MacroAssembler::divU},
                          {"rem_s", &MacroAssembler::remS},
                          {"rem_u", &MacroAssembler::remU}};
    for (const Case& c : cases) {
      checkBinary(
          c.name, t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg r) { (m.*c.method)(s, d, l, r); },
          [&](uint64_t a, uint64_t b) { return divModel(c.name, s, a, b); }, values, regs,
          allFeatures(), RegisterConventions::kDivRemClobbers);
    }
  }
}

void checkCounts(const CpuFeatures& features) {
  for (OpSize s : {OpSize::S32, OpSize::S64}) {
    ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
    const std::vector<uint64_t>& values = s == OpSize::S32 ? kI32Values : kI64Values;
    auto assignments = crossAssignments(RegClass::Gp, RegClass::Gp);
    checkUnary(
        "clz", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.clz(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::countl_zero(u32(a)) : std::countl_zero(a));
        },
        values, assignments, features);
    checkUnary(
        "ctz", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.ctz(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::countr_zero(u32(a)) : std::countr_zero(a));
        },
        values, assignments, features);
    checkUnary(
        "popcnt", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.popcnt(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::popcount(u32(a)) : std::popcount(a));
        },
        values, assignments, features);
    checkUnary(
        "eqz", t, ValType::I32, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.eqz(s, d, l); },
        [&](uint64_t a) { return value(s == OpSize::S32 ? u32(a) == 0 : a == 0); }, values,
        assignments, features);
  }
}

TEST(MasmX64Run, CountsWithHostFeatures) { checkCounts(allFeatures()); }
TEST(MasmX64Run, CountsWithFallbacks) { checkCounts(baseFeatures()); }

TEST(MasmX64Run, IntegerComparesAndFusedBranches) {
  const IntCond conds[] = {IntCond::Eq,  IntCond::Ne,  IntCond::LtS, IntCond::LtU, IntCond::GtS,
                           IntCond::GtU, IntCond::LeS, IntCond::LeU, IntCond::GeS, IntCond::GeU};
  for (OpSize s : {OpSize::S32, OpSize::S64}) {
    ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
    const std::vector<uint64_t>& values = s == OpSize::S32 ? kI32Values : kI64Values;
    for (IntCond c : conds) {
      checkBinary(
          "compare", t, ValType::I32,
          [&](MacroAssembler& m, Reg d, Reg l, Reg r) { m.compare(c, s, d, l, r); },
          [&](uint64_t a, uint64_t b) { return value(intCondModel(c, s, a, b)); }, values,
          {{rax, rbx, rcx}, {rbx, rbx, rcx}, {rcx, rbx, rcx}});
      // branch and its negation select between two constants.
      for (bool negated : {false, true}) {
        checkBinary(
            "branch", t, ValType::I32,
            [&](MacroAssembler& m, Reg d, Reg l, Reg r) {
              Label taken = m.newLabel(), done = m.newLabel();
              m.branch(negated ? negate(c) : c, s, l, r, taken);
              m.moveImm(ValType::I32, d, 10);
              m.jump(done);
              m.bind(taken);
              m.moveImm(ValType::I32, d, 20);
              m.bind(done);
            },
            [&](uint64_t a, uint64_t b) {
              return value(intCondModel(c, s, a, b) != negated ? 20 : 10);
            },
            values, {{rax, rbx, rcx}});
      }
      // swapOperands: (a c b) == (b swap(c) a).
      checkBinary(
          "compare-swapped", t, ValType::I32,
          [&](MacroAssembler& m, Reg d, Reg l, Reg r) { m.compare(swapOperands(c), s, d, r, l); },
          [&](uint64_t a, uint64_t b) { return value(intCondModel(c, s, a, b)); }, values,
          {{rax, rbx, rcx}});
    }
  }
}

TEST(MasmX64Run, SelectKeepsTheOtherRegisters) {
  for (ValType t : {ValType::I32, ValType::I64}) {
    // cond in lhs, the two choices fixed constants in rcx/rdx or in dst.
    for (int variant = 0; variant < 3; variant++) {
      std::vector<Assignment> regs = {{rax, rbx, rbx}};
      if (variant == 0) regs.push_back({rbx, rbx, rbx});  // dst == cond
      checkUnary(
          "select", ValType::I32, t,
          [&](MacroAssembler& m, Reg d, Reg cond, Reg) {
            Reg yes = variant == 1 ? d : rcx, no = variant == 2 ? d : rdx;
            m.moveImm(t, yes, 0x1111111122222222);
            m.moveImm(t, no, 0x3333333344444444);
            m.select(t, d, cond, yes, no);
          },
          [&](uint64_t c) {
            uint64_t r = u32(c) != 0 ? 0x1111111122222222 : 0x3333333344444444;
            return value(t == ValType::I32 ? u32(r) : r);
          },
          {0, 1, 0x80000000, 0x100000000 /* i32 cond: only the low half counts */}, regs,
          allFeatures(), RegisterSet{rcx, rdx});
    }
  }
  // Float select.
  checkUnary(
      "select.f64", ValType::I32, ValType::F64,
      [](MacroAssembler& m, Reg d, Reg cond, Reg) {
        m.moveImm(ValType::F64, xmm5, f64Bits(1.5));
        m.moveImm(ValType::F64, xmm6, f64Bits(-2.5));
        m.select(ValType::F64, xmm6, cond, xmm5, xmm6);
        m.move(ValType::F64, d, xmm6);
      },
      [](uint64_t c) { return value(f64Bits(u32(c) != 0 ? 1.5 : -2.5)); }, {0, 1, 7},
      {{xmm2, rbx, rbx}}, allFeatures(), RegisterSet{xmm5, xmm6});
}

// ====================================================================================
// Execution: float operations
// ====================================================================================

TEST(MasmX64Run, FloatComparesAndBranchesWithNaN) {
  const FloatCond conds[] = {FloatCond::Eq, FloatCond::Ne, FloatCond::Lt,
                             FloatCond::Gt, FloatCond::Le, FloatCond::Ge};
  for (ValType t : {ValType::F32, ValType::F64}) {
    OpSize s = opSizeOf(t);
    bool f32 = t == ValType::F32;
    const std::vector<uint64_t> values = f32 ? f32Values() : f64Values();
    auto toDouble = [f32](uint64_t v) { return f32 ? double{bitsF32(v)} : bitsF64(v); };
    for (FloatCond c : conds) {
      // The GP destination; the FP operands come through xmm registers.
      auto compareInto = [&](MacroAssembler& m, Reg d, Reg l, Reg r) {
        m.fcompare(c, s, rax, l, r);
        m.convert(t == ValType::F32 ? Conversion::F32ReinterpretI32 : Conversion::F64ReinterpretI64,
                  d, rax);
      };
      checkBinary(
          "fcompare", t, t, compareInto,
          [&](uint64_t a, uint64_t b) {
            uint64_t r = floatCondModel(c, toDouble(a), toDouble(b));
            return value(r);
          },
          values, {{xmm2, xmm3, xmm4}, {xmm3, xmm3, xmm3}}, allFeatures(), RegisterSet{rax});
      for (bool whenTrue : {true, false}) {
        checkBinary(
            "branchFloat", t, t,
            [&](MacroAssembler& m, Reg d, Reg l, Reg r) {
              Label taken = m.newLabel(), done = m.newLabel();
              m.branchFloat(c, s, l, r, taken, whenTrue);
              m.moveImm(ValType::I32, rax, 10);
              m.jump(done);
              m.bind(taken);
              m.moveImm(ValType::I32, rax, 20);
              m.bind(done);
              m.convert(
                  t == ValType::F32 ? Conversion::F32ReinterpretI32 : Conversion::F64ReinterpretI64,
                  d, rax);
            },
            [&](uint64_t a, uint64_t b) {
              bool taken = floatCondModel(c, toDouble(a), toDouble(b)) == whenTrue;
              return value(taken ? 20 : 10);
            },
            values, {{xmm2, xmm3, xmm4}}, allFeatures(), RegisterSet{rax});
      }
    }
  }
}

// ====================================================================================
// Execution: conversions
// ====================================================================================

TEST(MasmX64Run, MovesAndConstants) {
  const std::vector<uint64_t> constants = {0,
                                           1,
                                           0x7FFFFFFF,
                                           0x80000000,
                                           0xFFFFFFFF,
                                           0x100000000,
                                           0xFFFFFFFF80000000,
                                           0xFFFFFFFFFFFFFFFF,
                                           0x123456789ABCDEF0};
  for (uint64_t k : constants) {
    for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64}) {
      Reg via = regClassOf(t) == RegClass::Gp ? r13 : xmm(11);
      Reg dst = regClassOf(t) == RegClass::Gp ? rbx : xmm(7);
      uint64_t expect = (t == ValType::I32 || t == ValType::F32) ? u32(k) : k;
      checkUnary(
          "moveImm+move", ValType::I64, t,
          [&](MacroAssembler& m, Reg d, Reg, Reg) {
            m.moveImm(t, via, k);
            m.move(t, d, via);
          },
          [&](uint64_t) { return value(expect); }, {0}, {{dst, rsi, rsi}}, allFeatures(),
          RegisterSet{via});
    }
  }
}

// ====================================================================================
// Execution: memory, frames, control flow, calls, traps
// ====================================================================================

TEST(MasmX64Run, HeapLoadsAndStoresOfEveryWidth) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = TestMemory::kSize;
  const uint8_t pattern[16] = {0x81, 0x92, 0xA3, 0xB4, 0xC5, 0xD6, 0xE7, 0xF8,
                               0x09, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E, 0x6F, 0x70};
  std::memcpy(memory.base() + 100, pattern, 16);
  struct Case {
    LoadKind kind;
    uint64_t expect;  // from address 100
  };
  const Case cases[] = {
      {LoadKind::I32, 0xB4A39281},
      {LoadKind::I64, 0xF8E7D6C5B4A39281},
      {LoadKind::I32Load8S, 0xFFFFFF81},
      {LoadKind::I32Load8U, 0x81},
      {LoadKind::I32Load16S, 0xFFFF9281},
      {LoadKind::I32Load16U, 0x9281},
      {LoadKind::I64Load8S, 0xFFFFFFFFFFFFFF81},
      {LoadKind::I64Load8U, 0x81},
      {LoadKind::I64Load16S, 0xFFFFFFFFFFFF9281},
      {LoadKind::I64Load16U, 0x9281},
      {LoadKind::I64Load32S, 0xFFFFFFFFB4A39281},
      {LoadKind::I64Load32U, 0xB4A39281},
  };
  for (BoundsCheck check : {BoundsCheck::Guard, BoundsCheck::Explicit}) {
    for (const Case& c : cases) {
      // Preload rax with garbage to see that narrow loads fill all 64 bits.
      ExecutableCode code = compileFunction([&](MacroAssembler& m) {
        m.moveImm(ValType::I64, rax, 0xAAAAAAAAAAAAAAAA);
        m.loadHeap(c.kind, rax, rdi, 60, check);  // rdi = 40, so address 100
      });
      RunResult r = run(code, 0, 40, 0, &vm);
      ASSERT_FALSE(r.trap);
      EXPECT_EQ(r.gp, c.expect) << "load kind " << static_cast<int>(c.kind);
    }
    // Stores: narrow stores write only their bytes.
    const std::pair<StoreKind, size_t> stores[] = {{StoreKind::Store8, 1},
                                                   {StoreKind::Store16, 2},
                                                   {StoreKind::Store32, 4},
                                                   {StoreKind::I32, 4},
                                                   {StoreKind::I64, 8}};
    for (auto [kind, size] : stores) {
      std::memset(memory.base() + 200, 0xEE, 16);
      ExecutableCode code =
          compileFunction([&](MacroAssembler& m) { m.storeHeap(kind, rsi, rdi, 0x10, check); });
      RunResult r = run(code, 0, 200 - 0x10, 0x0807060504030201, &vm);
      ASSERT_FALSE(r.trap);
      for (size_t i = 0; i < 16; i++) {
        uint8_t want = i < size ? static_cast<uint8_t>(i + 1) : 0xEE;
        EXPECT_EQ(memory.base()[200 + i], want) << "store size " << size << " byte " << i;
      }
    }
    // Floats through the heap.
    std::memcpy(memory.base() + 300, pattern, 16);
    ExecutableCode fcode = compileFunction([&](MacroAssembler& m) {
      m.loadHeap(LoadKind::V128, xmm5, rdi, 0, check);
      m.loadHeap(LoadKind::F64, xmm3, rdi, 0, check);
      m.storeHeap(StoreKind::F64, xmm3, rdi, 8, check);
      m.loadHeap(LoadKind::F32, xmm4, rdi, 0, check);
      m.storeHeap(StoreKind::F32, xmm4, rdi, 16, check);
      m.storeHeap(StoreKind::V128, xmm5, rdi, 32, check);
    });
    ASSERT_FALSE(run(fcode, 0, 300, 0, &vm).trap);
    EXPECT_EQ(std::memcmp(memory.base() + 308, pattern, 8), 0);
    EXPECT_EQ(std::memcmp(memory.base() + 316, pattern, 4), 0);
    EXPECT_EQ(std::memcmp(memory.base() + 332, pattern, 16), 0);
  }
}

TEST(MasmX64Run, EpochCheckTrapsOnceTheCounterReachesTheDeadline) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.moveImm(ValType::I64, rax, 7);
    m.trapIfCounterReached(offsetof(TestVm, counter), offsetof(TestVm, deadline),
                           TrapCode::Interrupted);
  });
  uint64_t epoch = 4;
  TestVm vm;
  vm.counter = &epoch;
  vm.deadline = 5;
  RunResult r = run(code, 0, 0, 0, &vm);
  EXPECT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 7u);
  epoch = 5;
  r = run(code, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::Interrupted);
  vm.deadline = ~uint64_t{0};  // unsigned: a huge deadline is never reached
  epoch = uint64_t{1} << 63;
  EXPECT_FALSE(run(code, 0, 0, 0, &vm).trap);
}

TEST(MasmX64Run, FuelCheckDecrementsAndTrapsBelowZero) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.trapIfDecrementNegative(offsetof(TestVm, fuelBlock), 8, TrapCode::OutOfFuel);
    m.moveImm(ValType::I64, rax, 1);
  });
  int64_t block[2] = {0, 2};
  TestVm vm;
  vm.fuelBlock = block;
  EXPECT_FALSE(run(code, 0, 0, 0, &vm).trap);
  EXPECT_EQ(block[1], 1);
  EXPECT_FALSE(run(code, 0, 0, 0, &vm).trap);
  EXPECT_EQ(block[1], 0);
  RunResult r = run(code, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::OutOfFuel);
  EXPECT_EQ(block[1], -1);
  EXPECT_EQ(block[0], 0);  // only the addressed word changes
}

TEST(MasmX64Run, ExplicitBoundsCheckTrapsAtTheExactEnd) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = 1000;  // smaller than the mapping: only the check stops it
  ExecutableCode code = compileFunction(
      [](MacroAssembler& m) { m.loadHeap(LoadKind::I32, rax, rdi, 4, BoundsCheck::Explicit); });
  EXPECT_FALSE(run(code, 0, 992, 0, &vm).trap);  // bytes 996..999
  auto r = run(code, 0, 993, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
  // Index + offset beyond 32 bits must not wrap around.
  r = run(code, 0, 0xFFFFFFFE, 0, &vm);
  ASSERT_TRUE(r.trap);
  // A static offset of 2^32 - 1 (the largest memarg offset).
  ExecutableCode big = compileFunction([](MacroAssembler& m) {
    m.storeHeap(StoreKind::Store8, rsi, rdi, 0xFFFFFFFF, BoundsCheck::Explicit);
  });
  r = run(big, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
}

// Signals mode: the access faults in the guard region, and the fault's PC
// is found in the trap table, as the runtime's handler will do it.
void segvHandler(int, siginfo_t*, void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
  auto pc = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
  const ExecutableCode* code = gRunningCode;
  if (code != nullptr) {
    auto base = reinterpret_cast<uintptr_t>(code->base());
    if (pc >= base && pc < base + code->code().bytes.size()) {
      if (const TrapSite* site = code->code().findTrap(static_cast<uint32_t>(pc - base))) {
        gTrapCode = static_cast<int>(site->code);
        siglongjmp(gTrapJump, 1);
      }
    }
  }
  signal(SIGSEGV, SIG_DFL);  // not ours: crash as usual
}

TEST(MasmX64Run, GuardRegionFaultMapsToTheTrapTable) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = TestMemory::kSize;
  struct sigaction action = {}, previous = {};
  action.sa_sigaction = segvHandler;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  ASSERT_EQ(sigaction(SIGSEGV, &action, &previous), 0);
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.moveImm(ValType::I32, rax, 7);
    m.storeHeap(StoreKind::I64, rax, rdi, 8, BoundsCheck::Guard);
  });
  EXPECT_FALSE(run(code, 0, TestMemory::kSize - 16, 0, &vm).trap);
  auto r = run(code, 0, TestMemory::kSize - 12, 0, &vm);  // straddles the end
  sigaction(SIGSEGV, &previous, nullptr);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
  // Nothing of the faulting store was written.
  for (size_t i = TestMemory::kSize - 4; i < TestMemory::kSize; i++) EXPECT_EQ(memory.base()[i], 0);
}

TEST(MasmX64Run, StackLimitCheckTrapsInThePrologue) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) { m.moveImm(ValType::I32, rax, 1); });
  TestVm vm;
  vm.stackLimit = 0;
  EXPECT_FALSE(run(code, 0, 0, 0, &vm).trap);
  vm.stackLimit = ~uintptr_t{0};
  auto r = run(code, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::StackExhausted);
}

TEST(MasmX64Run, FrameSlotsSpillsAndLargeFrames) {
  // 100000 bytes of frame: slots at both ends keep their values.
  ExecutableCode code = compileFunction(
      [](MacroAssembler& m) {
        m.store(StoreKind::I64, m.frameSlot(8), rdi);
        m.store(StoreKind::I64, m.frameSlot(100000), rsi);
        m.storeImm(StoreKind::I32, m.frameSlot(50000), 0x12345678);
        m.storeImm(StoreKind::I64, m.frameSlot(60000), 0xFFFFFFFFFFFFFFFE);
        m.storeImm(StoreKind::I64, m.frameSlot(70000), 0x123456789);
        m.load(LoadKind::I64, rax, m.frameSlot(8));
        m.load(LoadKind::I64, rcx, m.frameSlot(100000));
        m.add(OpSize::S64, rax, rax, rcx);
        m.load(LoadKind::I32, rcx, m.frameSlot(50000));
        m.add(OpSize::S64, rax, rax, rcx);
        m.load(LoadKind::I64, rcx, m.frameSlot(60000));
        m.add(OpSize::S64, rax, rax, rcx);
        m.load(LoadKind::I64, rcx, m.frameSlot(70000));
        m.add(OpSize::S64, rax, rax, rcx);
        m.loadAddress(rcx, m.frameSlot(16));  // rbp - 16
        m.store(StoreKind::I64, Address(rcx, 0), rax);
        m.load(LoadKind::I64, rax, m.frameSlot(16));
      },
      allFeatures(), 100000);
  auto r = run(code, 0, 1000, 2000);
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 1000u + 2000u + 0x12345678u - 2u + 0x123456789u);
}

TEST(MasmX64Run, JumpTableDispatch) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    Label cases[4], dflt = m.newLabel(), done = m.newLabel();
    for (Label& l : cases) l = m.newLabel();
    Label table[] = {cases[2], cases[0], cases[3], cases[1], cases[2]};
    m.jumpTable(rdi, table, dflt);
    for (int i = 0; i < 4; i++) {
      m.bind(cases[i]);
      m.moveImm(ValType::I32, rax, 100 + i);
      m.jump(done);
    }
    m.bind(dflt);
    m.moveImm(ValType::I32, rax, 999);
    m.bind(done);
  });
  const uint64_t expect[] = {102, 100, 103, 101, 102, 999, 999};
  for (uint64_t i = 0; i < 7; i++) EXPECT_EQ(run(code, 0, i).gp, expect[i]) << i;
  EXPECT_EQ(run(code, 0, 0xFFFFFFFF).gp, 999u);
}

TEST(MasmX64Run, CallsBetweenFunctionsBuiltinsAndIndirect) {
  MacroAssembler masm(testOptions(), allFeatures());
  // f0(a, f1) = f1(a, 10) [direct, forward] + add(a, 5) [builtin]
  //           + f1(a, 1) [through a register] + f1(2, a) [through memory]
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.store(StoreKind::I64, masm.frameSlot(8), rdi);
  masm.store(StoreKind::I64, masm.frameSlot(16), rsi);
  masm.moveImm(ValType::I64, rsi, 10);
  masm.callFunction(1);
  masm.store(StoreKind::I64, masm.frameSlot(24), rax);
  masm.load(LoadKind::I64, rdi, masm.frameSlot(8));
  masm.moveImm(ValType::I64, rsi, 5);
  masm.callBuiltin(kAddBuiltin);
  masm.load(LoadKind::I64, rcx, masm.frameSlot(24));
  masm.add(OpSize::S64, rax, rax, rcx);
  masm.store(StoreKind::I64, masm.frameSlot(24), rax);
  masm.load(LoadKind::I64, rdi, masm.frameSlot(8));
  masm.moveImm(ValType::I64, rsi, 1);
  masm.load(LoadKind::I64, rbx, masm.frameSlot(16));
  masm.callIndirect(rbx);
  masm.load(LoadKind::I64, rcx, masm.frameSlot(24));
  masm.add(OpSize::S64, rax, rax, rcx);
  masm.store(StoreKind::I64, masm.frameSlot(24), rax);
  masm.moveImm(ValType::I64, rdi, 2);
  masm.load(LoadKind::I64, rsi, masm.frameSlot(8));
  masm.callIndirect(masm.frameSlot(16));
  masm.load(LoadKind::I64, rcx, masm.frameSlot(24));
  masm.add(OpSize::S64, rax, rax, rcx);
  masm.emitReturn();
  masm.endFunction(24);
  // f1(x, y) = 3x + y
  masm.beginFunction(1);
  masm.emitPrologue();
  masm.mul(OpSize::S64, rax, rdi, 3);
  masm.add(OpSize::S64, rax, rax, rsi);
  masm.emitReturn();
  masm.endFunction(0);
  auto compiled = masm.finalize();
  ASSERT_TRUE(compiled.ok()) << compiled.error().message();
  ExecutableCode code(std::move(compiled.value()));
  uint64_t a = 7;
  auto r = run(code, 0, a, reinterpret_cast<uint64_t>(code.entry(1)));
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.gp, (3 * a + 10) + (a + 5) + (3 * a + 1) + (3 * 2 + a));
}

// The internal calling convention with more arguments than registers: the
// caller writes the rest to its outgoing area, the callee reads them from
// its caller area; the second result comes back in rdx and xmm1.
TEST(MasmX64Run, StackArgumentsFollowComputeCallLayout) {
  const std::vector<ValType> params = {ValType::I64, ValType::F64, ValType::I32, ValType::I64,
                                       ValType::I64, ValType::I64, ValType::I64, ValType::I64,
                                       ValType::I32, ValType::F64};
  const std::vector<ValType> results = {ValType::I64, ValType::F64};
  CallLayout layout = computeCallLayout(params, results);
  // 8 GP params: 6 in registers, 2 on the stack; 2 FP params in xmm0/xmm1.
  ASSERT_EQ(layout.params[0].reg, rdi);
  ASSERT_EQ(layout.params[1].reg, xmm0);
  ASSERT_EQ(layout.params[2].reg, rsi);
  ASSERT_EQ(layout.params[6].reg, r9);
  ASSERT_FALSE(layout.params[7].inRegister());
  ASSERT_EQ(layout.params[7].stackOffset, 0u);
  ASSERT_FALSE(layout.params[8].inRegister());
  ASSERT_EQ(layout.params[8].stackOffset, 8u);
  ASSERT_EQ(layout.params[9].reg, xmm1);
  ASSERT_EQ(layout.stackParamBytes, 16u);
  ASSERT_EQ(layout.stackResultBytes, 0u);
  ASSERT_EQ(layout.stackBytes(), 16u);
  ASSERT_EQ(layout.results[0].reg, rax);
  ASSERT_EQ(layout.results[1].reg, xmm0);

  MacroAssembler masm(testOptions(), allFeatures());
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.allocateStack(layout.stackBytes());
  for (size_t i = 0; i < params.size(); i++) {
    const ValueLocation& loc = layout.params[i];
    uint64_t v = i + 1;
    if (params[i] == ValType::F64) v = f64Bits(static_cast<double>(i + 1));
    if (loc.inRegister())
      masm.moveImm(params[i], loc.reg, v);
    else
      masm.storeImm(storeKindOf(params[i]), masm.outgoingArea(loc.stackOffset), v);
  }
  masm.callFunction(1);
  masm.freeStack(layout.stackBytes());
  masm.emitReturn();
  masm.endFunction(0);
  // Callee: rax = sum of integer params * position weights; xmm0 = sum of floats.
  masm.beginFunction(1);
  masm.emitPrologue();
  masm.moveImm(ValType::I64, rax, 0);
  masm.moveImm(ValType::F64, xmm7, 0);
  for (size_t i = 0; i < params.size(); i++) {
    const ValueLocation& loc = layout.params[i];
    if (params[i] == ValType::F64) {
      masm.fadd(OpSize::S64, xmm7, xmm7, loc.reg);
      continue;
    }
    Reg v = loc.reg;
    if (!loc.inRegister()) {
      masm.load(loadKindOf(params[i]), r10, masm.callerArea(loc.stackOffset));
      v = r10;
    }
    masm.mul(OpSize::S64, r12, v, static_cast<int64_t>(1) << (4 * i));
    masm.add(OpSize::S64, rax, rax, r12);
  }
  masm.move(ValType::F64, xmm0, xmm7);
  masm.emitReturn();
  masm.endFunction(0);
  auto compiled = masm.finalize();
  ASSERT_TRUE(compiled.ok()) << compiled.error().message();
  ExecutableCode code(std::move(compiled.value()));
  auto r = run(code, 0);
  ASSERT_FALSE(r.trap);
  uint64_t want = 0;
  for (size_t i = 0; i < params.size(); i++) {
    if (params[i] != ValType::F64) want += (i + 1) << (4 * i);
  }
  EXPECT_EQ(r.gp, want);
  EXPECT_EQ(bitsF64(r.fp), 2.0 + 10.0);
}

TEST(MasmX64Run, TrapsFromConditionsAndTheirCodes) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.trapIfZero(OpSize::S32, rdi, TrapCode::UndefinedElement);
    m.trapIf(IntCond::GtU, OpSize::S64, rdi, rsi, TrapCode::TableOutOfBounds);
    m.trapIf(IntCond::Eq, OpSize::S32, rdi, 42, TrapCode::IndirectCallTypeMismatch);
    m.moveImm(ValType::I32, rax, 1);
  });
  EXPECT_EQ(run(code, 0, 0, 5).trap, TrapCode::UndefinedElement);
  EXPECT_EQ(run(code, 0, 6, 5).trap, TrapCode::TableOutOfBounds);
  EXPECT_EQ(run(code, 0, 42, 50).trap, TrapCode::IndirectCallTypeMismatch);
  auto r = run(code, 0, 0x100000000, 0x100000000);  // the i32 zero test sees only the low half
  EXPECT_EQ(r.trap, TrapCode::UndefinedElement);
  r = run(code, 0, 3, 5);
  EXPECT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 1u);
}

TEST(MasmX64Run, ReloadMemoryBaseReadsTheVmContext) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = TestMemory::kSize;
  memory.base()[0] = 0x5A;
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.moveImm(ValType::I64, r15, 0);  // clobber the pinned base, then restore it
    m.reloadMemoryBase();
    m.moveImm(ValType::I32, rcx, 0);
    m.loadHeap(LoadKind::I32Load8U, rax, rcx, 0, BoundsCheck::Guard);
  });
  auto r = run(code, 0, 0, 0, &vm);
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 0x5Au);
}

TEST(MasmX64, RegisterSetBasics) {
  RegisterSet s{rax, rcx, xmm(3)};
  EXPECT_EQ(s.count(), 3u);
  EXPECT_TRUE(s.has(rcx));
  EXPECT_FALSE(s.has(xmm(1)));
  EXPECT_EQ(s.first(), rax);
  EXPECT_EQ(s.fpOnly().first(), xmm(3));
  std::vector<Reg> order(s.begin(), s.end());
  EXPECT_EQ(order, (std::vector<Reg>{rax, rcx, xmm(3)}));
  RegisterSet t = s;
  EXPECT_EQ(t.takeFirst(), rax);
  EXPECT_EQ(t, (RegisterSet{rcx, xmm(3)}));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchGp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchFp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kVmContext));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kMemoryBase));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(rsp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(rbp));
  EXPECT_EQ(RegisterConventions::kAllocatableGp.count(), 11u);
  EXPECT_EQ(RegisterConventions::kAllocatableFp.count(), 15u);
  EXPECT_TRUE(MacroAssembler::checkHostSupport().ok());
}

}  // namespace
}  // namespace ember

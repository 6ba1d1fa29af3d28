// Tests of the AArch64 macro-assembler (jit/masm.h, jit/a64/), built instead
// of masm_x64_test on AArch64 and run natively or under qemu-aarch64. Two
// kinds, as for x86-64:
//  - listings: a few masm calls and the 32-bit instruction words expected of
//    them, with their disassembly as a comment (Zydis is x86-only);
//  - execution: the emitted code is copied to an executable page and run
//    through a small AAPCS64 -> internal-convention trampoline, its results
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

#include "jit/masm.h"
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
  masm.beginFunction(0);
  uint32_t begin = masm.codeOffset();
  body(masm);
  uint32_t end = masm.codeOffset();
  masm.endFunction(0);
  auto code = masm.finalize();
  EXPECT_TRUE(code.ok()) << code.error().message();
  if (!code.ok()) return {};
  std::vector<uint32_t> out((end - begin) / 4);
  std::memcpy(out.data(), code->bytes.data() + begin, out.size() * 4);
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

// Running code needs an AArch64 CPU (or qemu); the listings above and the
// register tests below build and run on any host.
#if defined(__aarch64__)

// --- Running code -----------------------------------------------------------------

// The trampoline's argument block; offsets are fixed by the assembly below.
struct TestCall {
  TestVm* vm;           // 0 -> x19
  uint8_t* memoryBase;  // 8 -> x20
  const void* code;     // 16
  uint64_t gp[2];       // 24, 32 -> x0, x1
  uint64_t fp[2];       // 40, 48 -> v0, v1 (bit patterns)
  uint64_t gpResult;    // 56 <- x0
  uint64_t fpResult;    // 64 <- v0
};
static_assert(offsetof(TestCall, gpResult) == 56 && offsetof(TestCall, fpResult) == 64);

extern "C" void ember_masm_test_enter(TestCall* call);

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
// epilogue. The body leaves its result in x0 and/or v0.
ExecutableCode compileFunction(const Body& body, uint32_t frameBytes = 64) {
  MacroAssembler masm(testOptions());
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
                         RegisterSet clobbers) {
  return compileFunction([&](MacroAssembler& m) {
    // Inputs arrive in x0/x1 and v0/v1; park them in the frame.
    m.store(StoreKind::I64, m.frameSlot(8), x0);
    m.store(StoreKind::I64, m.frameSlot(16), x1);
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
        m.convert(Conversion::I64ReinterpretF64, x0, r);
        m.trapIf(IntCond::Ne, OpSize::S64, x0, static_cast<int64_t>(sentinelFor(r)),
                 TrapCode::Unreachable);
      }
    }
    m.load(LoadKind::I64, x0, m.frameSlot(24));
  });
}

// Register assignments covering the aliasing cases of a binary operation.
std::vector<Assignment> gpAssignments() {
  return {
      {x0, x23, x2},   // all different
      {x23, x23, x2},  // dst == lhs
      {x2, x23, x2},   // dst == rhs
      {x3, x2, x3},    // dst == rhs again, low registers
      {x3, x3, x1},    // dst == lhs, low registers
      {x1, x3, x0},    // argument registers
      {x0, x4, x3},    // dst is the result register
      {x22, x21, x5},  // callee-saved (in AAPCS64) registers
      {x15, x28, x8},  // the ends of both allocatable ranges
      {x0, x2, x0},
  };
}
std::vector<Assignment> fpAssignments() {
  return {
      {v2, v3, v4},
      {v3, v3, v4},
      {v4, v3, v4},
      {v(14), v(9), v(12)},
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
                 RegisterSet clobbers = {}) {
  for (const Assignment& regs : assignments) {
    ExecutableCode code = compileOp(inType, outType, regs, op, clobbers);
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
                const std::vector<Assignment>& assignments, RegisterSet clobbers = {}) {
  for (const Assignment& regs : assignments) {
    Assignment unary{regs.dst, regs.lhs, regs.lhs};
    ExecutableCode code = compileOp(inType, outType, unary, op, clobbers);
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
    static const Reg gps[] = {x0, x3, x2, x21};
    static const Reg fps[] = {v0, v1, v2, v(13)};
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

// The words as hex, one instruction per line: mismatches show where they differ.
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
  EXPECT_LE(size_t{call.field} + 4, code->bytes.size());
  EXPECT_EQ(call.bitCount, 26u);  // bl imm26, in instructions
  EXPECT_EQ(call.discardBits, 2u);
}

// ====================================================================================
// Execution: integer operations
// ====================================================================================

#define BINOP(method) [](MacroAssembler& m, Reg d, Reg l, Reg r) { m.method(s, d, l, r); }

#if defined(__aarch64__)

// Immediate right-hand sides, including i64 immediates beyond imm32.
#define MASM_RUN_SUITE MasmA64Run
#include "tests/jit/masm_run_cases.inc"
#undef MASM_RUN_SUITE

TEST(MasmA64Run, ArithmeticWithImmediates) {
  const std::vector<int64_t> imms = {0,
                                     1,
                                     -1,
                                     0x7FFFFFFF,
                                     -0x80000000LL,
                                     0x80000000LL,
                                     0x123456789LL,
                                     std::numeric_limits<int64_t>::min()};
  const std::vector<Assignment> regs = {{x0, x23, x23}, {x23, x23, x23}};
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
                   cmpModel, values, {{x0, x23, x23}});
      }
    }
  }
}

// Shifts by >= the width take the count modulo the width (spec 4.3.2).
void checkShifts() {
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
          gpAssignments());
      for (int64_t count : {0, 1, 5, 31, 32, 33, 63, 64, 100}) {
        checkUnary(
            c.name, t, t,
            [&](MacroAssembler& m, Reg d, Reg l, Reg) { (m.*c.byImm)(s, d, l, count); },
            [&](uint64_t a) {
              return value(shiftModel(c.name, s, a, static_cast<uint64_t>(count)));
            },
            values, {{x0, x3, x3}, {x3, x3, x3}, {x21, x21, x21}});
      }
    }
  }
}

TEST(MasmA64Run, ShiftsAndRotates) { checkShifts(); }

TEST(MasmA64Run, DivisionAndRemainderWithTraps) {
  // kDivRemClobbers is empty on AArch64: every other register must survive.
  const std::vector<Assignment> regs = {{x23, x3, x1}, {x0, x0, x2},   {x2, x2, x0}, {x3, x2, x0},
                                        {x21, x0, x0}, {x0, x21, x22}, {x1, x1, x3}, {x0, x3, x0}};
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
          RegisterConventions::kDivRemClobbers);
    }
  }
}

void checkCounts() {
  for (OpSize s : {OpSize::S32, OpSize::S64}) {
    ValType t = s == OpSize::S32 ? ValType::I32 : ValType::I64;
    const std::vector<uint64_t>& values = s == OpSize::S32 ? kI32Values : kI64Values;
    auto assignments = crossAssignments(RegClass::Gp, RegClass::Gp);
    checkUnary(
        "clz", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.clz(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::countl_zero(u32(a)) : std::countl_zero(a));
        },
        values, assignments);
    checkUnary(
        "ctz", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.ctz(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::countr_zero(u32(a)) : std::countr_zero(a));
        },
        values, assignments);
    checkUnary(
        "popcnt", t, t, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.popcnt(s, d, l); },
        [&](uint64_t a) {
          return value(s == OpSize::S32 ? std::popcount(u32(a)) : std::popcount(a));
        },
        values, assignments);
    checkUnary(
        "eqz", t, ValType::I32, [&](MacroAssembler& m, Reg d, Reg l, Reg) { m.eqz(s, d, l); },
        [&](uint64_t a) { return value(s == OpSize::S32 ? u32(a) == 0 : a == 0); }, values,
        assignments);
  }
}

TEST(MasmA64Run, Counts) { checkCounts(); }

TEST(MasmA64Run, IntegerComparesAndFusedBranches) {
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
          {{x0, x23, x3}, {x23, x23, x3}, {x3, x23, x3}});
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
            values, {{x0, x23, x3}});
      }
      // swapOperands: (a c b) == (b swap(c) a).
      checkBinary(
          "compare-swapped", t, ValType::I32,
          [&](MacroAssembler& m, Reg d, Reg l, Reg r) { m.compare(swapOperands(c), s, d, r, l); },
          [&](uint64_t a, uint64_t b) { return value(intCondModel(c, s, a, b)); }, values,
          {{x0, x23, x3}});
    }
  }
}

TEST(MasmA64Run, SelectKeepsTheOtherRegisters) {
  for (ValType t : {ValType::I32, ValType::I64}) {
    // cond in lhs, the two choices fixed constants in x3/x2 or in dst.
    for (int variant = 0; variant < 3; variant++) {
      std::vector<Assignment> regs = {{x0, x23, x23}};
      if (variant == 0) regs.push_back({x23, x23, x23});  // dst == cond
      checkUnary(
          "select", ValType::I32, t,
          [&](MacroAssembler& m, Reg d, Reg cond, Reg) {
            Reg yes = variant == 1 ? d : x3, no = variant == 2 ? d : x2;
            m.moveImm(t, yes, 0x1111111122222222);
            m.moveImm(t, no, 0x3333333344444444);
            m.select(t, d, cond, yes, no);
          },
          [&](uint64_t c) {
            uint64_t r = u32(c) != 0 ? 0x1111111122222222 : 0x3333333344444444;
            return value(t == ValType::I32 ? u32(r) : r);
          },
          {0, 1, 0x80000000, 0x100000000 /* i32 cond: only the low half counts */}, regs,
          RegisterSet{x3, x2});
    }
  }
  // Float select.
  checkUnary(
      "select.f64", ValType::I32, ValType::F64,
      [](MacroAssembler& m, Reg d, Reg cond, Reg) {
        m.moveImm(ValType::F64, v5, f64Bits(1.5));
        m.moveImm(ValType::F64, v6, f64Bits(-2.5));
        m.select(ValType::F64, v6, cond, v5, v6);
        m.move(ValType::F64, d, v6);
      },
      [](uint64_t c) { return value(f64Bits(u32(c) != 0 ? 1.5 : -2.5)); }, {0, 1, 7},
      {{v2, x23, x23}}, RegisterSet{v5, v6});
}

// ====================================================================================
// Execution: float operations
// ====================================================================================

TEST(MasmA64Run, FloatComparesAndBranchesWithNaN) {
  const FloatCond conds[] = {FloatCond::Eq, FloatCond::Ne, FloatCond::Lt,
                             FloatCond::Gt, FloatCond::Le, FloatCond::Ge};
  for (ValType t : {ValType::F32, ValType::F64}) {
    OpSize s = opSizeOf(t);
    bool f32 = t == ValType::F32;
    const std::vector<uint64_t> values = f32 ? f32Values() : f64Values();
    auto toDouble = [f32](uint64_t v) { return f32 ? double{bitsF32(v)} : bitsF64(v); };
    for (FloatCond c : conds) {
      // The GP destination; the FP operands come through vector registers.
      auto compareInto = [&](MacroAssembler& m, Reg d, Reg l, Reg r) {
        m.fcompare(c, s, x0, l, r);
        m.convert(t == ValType::F32 ? Conversion::F32ReinterpretI32 : Conversion::F64ReinterpretI64,
                  d, x0);
      };
      checkBinary(
          "fcompare", t, t, compareInto,
          [&](uint64_t a, uint64_t b) {
            uint64_t r = floatCondModel(c, toDouble(a), toDouble(b));
            return value(r);
          },
          values, {{v2, v3, v4}, {v3, v3, v3}}, RegisterSet{x0});
      for (bool whenTrue : {true, false}) {
        checkBinary(
            "branchFloat", t, t,
            [&](MacroAssembler& m, Reg d, Reg l, Reg r) {
              Label taken = m.newLabel(), done = m.newLabel();
              m.branchFloat(c, s, l, r, taken, whenTrue);
              m.moveImm(ValType::I32, x0, 10);
              m.jump(done);
              m.bind(taken);
              m.moveImm(ValType::I32, x0, 20);
              m.bind(done);
              m.convert(
                  t == ValType::F32 ? Conversion::F32ReinterpretI32 : Conversion::F64ReinterpretI64,
                  d, x0);
            },
            [&](uint64_t a, uint64_t b) {
              bool taken = floatCondModel(c, toDouble(a), toDouble(b)) == whenTrue;
              return value(taken ? 20 : 10);
            },
            values, {{v2, v3, v4}}, RegisterSet{x0});
      }
    }
  }
}

// ====================================================================================
// Execution: conversions
// ====================================================================================

TEST(MasmA64Run, MovesAndConstants) {
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
      Reg via = regClassOf(t) == RegClass::Gp ? x22 : v(11);
      Reg dst = regClassOf(t) == RegClass::Gp ? x23 : v(7);
      uint64_t expect = (t == ValType::I32 || t == ValType::F32) ? u32(k) : k;
      checkUnary(
          "moveImm+move", ValType::I64, t,
          [&](MacroAssembler& m, Reg d, Reg, Reg) {
            m.moveImm(t, via, k);
            m.move(t, d, via);
          },
          [&](uint64_t) { return value(expect); }, {0}, {{dst, x1, x1}}, RegisterSet{via});
    }
  }
}

// ====================================================================================
// Execution: memory, frames, control flow, calls, traps
// ====================================================================================

TEST(MasmA64Run, HeapLoadsAndStoresOfEveryWidth) {
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
      // Preload x9 with garbage to see that narrow loads fill all 64 bits.
      ExecutableCode code = compileFunction([&](MacroAssembler& m) {
        m.moveImm(ValType::I64, x9, 0xAAAAAAAAAAAAAAAA);
        m.loadHeap(c.kind, x9, x0, 60, check);  // x0 = 40, so address 100
        m.move(ValType::I64, x0, x9);
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
          compileFunction([&](MacroAssembler& m) { m.storeHeap(kind, x1, x0, 0x10, check); });
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
      m.loadHeap(LoadKind::V128, v5, x0, 0, check);
      m.loadHeap(LoadKind::F64, v3, x0, 0, check);
      m.storeHeap(StoreKind::F64, v3, x0, 8, check);
      m.loadHeap(LoadKind::F32, v4, x0, 0, check);
      m.storeHeap(StoreKind::F32, v4, x0, 16, check);
      m.storeHeap(StoreKind::V128, v5, x0, 32, check);
    });
    ASSERT_FALSE(run(fcode, 0, 300, 0, &vm).trap);
    EXPECT_EQ(std::memcmp(memory.base() + 308, pattern, 8), 0);
    EXPECT_EQ(std::memcmp(memory.base() + 316, pattern, 4), 0);
    EXPECT_EQ(std::memcmp(memory.base() + 332, pattern, 16), 0);
  }
}

TEST(MasmA64Run, EpochCheckTrapsOnceTheCounterReachesTheDeadline) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.moveImm(ValType::I64, x0, 7);
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

TEST(MasmA64Run, FuelCheckDecrementsAndTrapsBelowZero) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.trapIfDecrementNegative(offsetof(TestVm, fuelBlock), 8, TrapCode::OutOfFuel);
    m.moveImm(ValType::I64, x0, 1);
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

TEST(MasmA64Run, ExplicitBoundsCheckTrapsAtTheExactEnd) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = 1000;  // smaller than the mapping: only the check stops it
  ExecutableCode code = compileFunction(
      [](MacroAssembler& m) { m.loadHeap(LoadKind::I32, x0, x0, 4, BoundsCheck::Explicit); });
  EXPECT_FALSE(run(code, 0, 992, 0, &vm).trap);  // bytes 996..999
  auto r = run(code, 0, 993, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
  // Index + offset beyond 32 bits must not wrap around.
  r = run(code, 0, 0xFFFFFFFE, 0, &vm);
  ASSERT_TRUE(r.trap);
  // A static offset of 2^32 - 1 (the largest memarg offset).
  ExecutableCode big = compileFunction([](MacroAssembler& m) {
    m.storeHeap(StoreKind::Store8, x1, x0, 0xFFFFFFFF, BoundsCheck::Explicit);
  });
  r = run(big, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
}

// Signals mode: the access faults in the guard region, and the fault's PC
// is found in the trap table, as the runtime's handler will do it.
void segvHandler(int, siginfo_t*, void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
  auto pc = static_cast<uintptr_t>(uc->uc_mcontext.pc);
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

TEST(MasmA64Run, GuardRegionFaultMapsToTheTrapTable) {
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
    m.moveImm(ValType::I32, x9, 7);
    m.storeHeap(StoreKind::I64, x9, x0, 8, BoundsCheck::Guard);
  });
  EXPECT_FALSE(run(code, 0, TestMemory::kSize - 16, 0, &vm).trap);
  auto r = run(code, 0, TestMemory::kSize - 12, 0, &vm);  // straddles the end
  sigaction(SIGSEGV, &previous, nullptr);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::MemoryOutOfBounds);
  // Unlike x86-64, AArch64 may perform the part of a straddling store that
  // lies before the guard (architecturally permitted), so whether those
  // bytes were written is not checked here (jit/README.md).
}

TEST(MasmA64Run, StackLimitCheckTrapsInThePrologue) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) { m.moveImm(ValType::I32, x0, 1); });
  TestVm vm;
  vm.stackLimit = 0;
  EXPECT_FALSE(run(code, 0, 0, 0, &vm).trap);
  vm.stackLimit = ~uintptr_t{0};
  auto r = run(code, 0, 0, 0, &vm);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(*r.trap, TrapCode::StackExhausted);
}

TEST(MasmA64Run, FrameSlotsSpillsAndLargeFrames) {
  // 100000 bytes of frame: slots at both ends keep their values.
  ExecutableCode code = compileFunction(
      [](MacroAssembler& m) {
        m.store(StoreKind::I64, m.frameSlot(8), x0);
        m.store(StoreKind::I64, m.frameSlot(100000), x1);
        m.storeImm(StoreKind::I32, m.frameSlot(50000), 0x12345678);
        m.storeImm(StoreKind::I64, m.frameSlot(60000), 0xFFFFFFFFFFFFFFFE);
        m.storeImm(StoreKind::I64, m.frameSlot(70000), 0x123456789);
        m.load(LoadKind::I64, x0, m.frameSlot(8));
        m.load(LoadKind::I64, x3, m.frameSlot(100000));
        m.add(OpSize::S64, x0, x0, x3);
        m.load(LoadKind::I32, x3, m.frameSlot(50000));
        m.add(OpSize::S64, x0, x0, x3);
        m.load(LoadKind::I64, x3, m.frameSlot(60000));
        m.add(OpSize::S64, x0, x0, x3);
        m.load(LoadKind::I64, x3, m.frameSlot(70000));
        m.add(OpSize::S64, x0, x0, x3);
        m.loadAddress(x3, m.frameSlot(16));  // x29 - 16
        m.store(StoreKind::I64, Address(x3, 0), x0);
        m.load(LoadKind::I64, x0, m.frameSlot(16));
      },
      100000);
  auto r = run(code, 0, 1000, 2000);
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 1000u + 2000u + 0x12345678u - 2u + 0x123456789u);
}

TEST(MasmA64Run, JumpTableDispatch) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    Label cases[4], dflt = m.newLabel(), done = m.newLabel();
    for (Label& l : cases) l = m.newLabel();
    Label table[] = {cases[2], cases[0], cases[3], cases[1], cases[2]};
    m.jumpTable(x0, table, dflt);
    for (int i = 0; i < 4; i++) {
      m.bind(cases[i]);
      m.moveImm(ValType::I32, x0, 100 + i);
      m.jump(done);
    }
    m.bind(dflt);
    m.moveImm(ValType::I32, x0, 999);
    m.bind(done);
  });
  const uint64_t expect[] = {102, 100, 103, 101, 102, 999, 999};
  for (uint64_t i = 0; i < 7; i++) EXPECT_EQ(run(code, 0, i).gp, expect[i]) << i;
  EXPECT_EQ(run(code, 0, 0xFFFFFFFF).gp, 999u);
}

TEST(MasmA64Run, CallsBetweenFunctionsBuiltinsAndIndirect) {
  MacroAssembler masm(testOptions());
  // f0(a, f1) = f1(a, 10) [direct, forward] + add(a, 5) [builtin]
  //           + f1(a, 1) [through a register] + f1(2, a) [through memory]
  masm.beginFunction(0);
  masm.emitPrologue();
  masm.store(StoreKind::I64, masm.frameSlot(8), x0);
  masm.store(StoreKind::I64, masm.frameSlot(16), x1);
  masm.moveImm(ValType::I64, x1, 10);
  masm.callFunction(1);
  masm.store(StoreKind::I64, masm.frameSlot(24), x0);
  masm.load(LoadKind::I64, x0, masm.frameSlot(8));
  masm.moveImm(ValType::I64, x1, 5);
  masm.callBuiltin(kAddBuiltin);
  masm.load(LoadKind::I64, x3, masm.frameSlot(24));
  masm.add(OpSize::S64, x0, x0, x3);
  masm.store(StoreKind::I64, masm.frameSlot(24), x0);
  masm.load(LoadKind::I64, x0, masm.frameSlot(8));
  masm.moveImm(ValType::I64, x1, 1);
  masm.load(LoadKind::I64, x23, masm.frameSlot(16));
  masm.callIndirect(x23);
  masm.load(LoadKind::I64, x3, masm.frameSlot(24));
  masm.add(OpSize::S64, x0, x0, x3);
  masm.store(StoreKind::I64, masm.frameSlot(24), x0);
  masm.moveImm(ValType::I64, x0, 2);
  masm.load(LoadKind::I64, x1, masm.frameSlot(8));
  masm.callIndirect(masm.frameSlot(16));
  masm.load(LoadKind::I64, x3, masm.frameSlot(24));
  masm.add(OpSize::S64, x0, x0, x3);
  masm.emitReturn();
  masm.endFunction(24);
  // f1(x, y) = 3x + y
  masm.beginFunction(1);
  masm.emitPrologue();
  masm.mul(OpSize::S64, x0, x0, 3);
  masm.add(OpSize::S64, x0, x0, x1);
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
// its caller area.
TEST(MasmA64Run, StackArgumentsFollowComputeCallLayout) {
  const std::vector<ValType> params = {ValType::I64, ValType::F64, ValType::I32, ValType::I64,
                                       ValType::I64, ValType::I64, ValType::I64, ValType::I64,
                                       ValType::I64, ValType::I64, ValType::I32, ValType::F64};
  const std::vector<ValType> results = {ValType::I64, ValType::F64};
  CallLayout layout = computeCallLayout(params, results);
  // 10 GP params: 8 in x0-x7, 2 on the stack; 2 FP params in v0/v1.
  ASSERT_EQ(layout.params[0].reg, x0);
  ASSERT_EQ(layout.params[1].reg, v0);
  ASSERT_EQ(layout.params[2].reg, x1);
  ASSERT_EQ(layout.params[8].reg, x7);
  ASSERT_FALSE(layout.params[9].inRegister());
  ASSERT_EQ(layout.params[9].stackOffset, 0u);
  ASSERT_FALSE(layout.params[10].inRegister());
  ASSERT_EQ(layout.params[10].stackOffset, 8u);
  ASSERT_EQ(layout.params[11].reg, v1);
  ASSERT_EQ(layout.stackParamBytes, 16u);
  ASSERT_EQ(layout.stackResultBytes, 0u);
  ASSERT_EQ(layout.stackBytes(), 16u);
  ASSERT_EQ(layout.results[0].reg, x0);
  ASSERT_EQ(layout.results[1].reg, v0);

  MacroAssembler masm(testOptions());
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
  // Callee: x0 = sum of integer params * position weights; v0 = sum of floats.
  masm.beginFunction(1);
  masm.emitPrologue();
  masm.moveImm(ValType::I64, x9, 0);  // x0 is a parameter too
  masm.moveImm(ValType::F64, v7, 0);
  for (size_t i = 0; i < params.size(); i++) {
    const ValueLocation& loc = layout.params[i];
    if (params[i] == ValType::F64) {
      masm.fadd(OpSize::S64, v7, v7, loc.reg);
      continue;
    }
    Reg v = loc.reg;
    if (!loc.inRegister()) {
      masm.load(loadKindOf(params[i]), x10, masm.callerArea(loc.stackOffset));
      v = x10;
    }
    masm.mul(OpSize::S64, x21, v, static_cast<int64_t>(1) << (4 * i));
    masm.add(OpSize::S64, x9, x9, x21);
  }
  masm.move(ValType::F64, v0, v7);
  masm.move(ValType::I64, x0, x9);
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
  EXPECT_EQ(bitsF64(r.fp), 2.0 + 12.0);
}

TEST(MasmA64Run, TrapsFromConditionsAndTheirCodes) {
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.trapIfZero(OpSize::S32, x0, TrapCode::UndefinedElement);
    m.trapIf(IntCond::GtU, OpSize::S64, x0, x1, TrapCode::TableOutOfBounds);
    m.trapIf(IntCond::Eq, OpSize::S32, x0, 42, TrapCode::IndirectCallTypeMismatch);
    m.moveImm(ValType::I32, x0, 1);
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

TEST(MasmA64Run, ReloadMemoryBaseReadsTheVmContext) {
  TestMemory memory;
  TestVm vm;
  vm.memoryBase = memory.base();
  vm.memoryLength = TestMemory::kSize;
  memory.base()[0] = 0x5A;
  ExecutableCode code = compileFunction([](MacroAssembler& m) {
    m.moveImm(ValType::I64, x20, 0);  // clobber the pinned base, then restore it
    m.reloadMemoryBase();
    m.moveImm(ValType::I32, x3, 0);
    m.loadHeap(LoadKind::I32Load8U, x0, x3, 0, BoundsCheck::Guard);
  });
  auto r = run(code, 0, 0, 0, &vm);
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.gp, 0x5Au);
}

#endif  // __aarch64__

TEST(MasmA64, RegisterSetBasics) {
  RegisterSet s{x0, x3, v(3)};
  EXPECT_EQ(s.count(), 3u);
  EXPECT_TRUE(s.has(x3));
  EXPECT_FALSE(s.has(v(1)));
  EXPECT_EQ(s.first(), x0);
  EXPECT_EQ(s.fpOnly().first(), v(3));
  std::vector<Reg> order(s.begin(), s.end());
  EXPECT_EQ(order, (std::vector<Reg>{x0, x3, v(3)}));
  RegisterSet t = s;
  EXPECT_EQ(t.takeFirst(), x0);
  EXPECT_EQ(t, (RegisterSet{x3, v(3)}));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchGp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchFp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kVmContext));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kMemoryBase));
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
  EXPECT_TRUE(MacroAssembler::checkHostSupport().ok());
}

}  // namespace
}  // namespace ember

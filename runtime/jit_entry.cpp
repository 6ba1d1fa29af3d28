#include "runtime/jit_entry.h"

#include <algorithm>

#include "platform/ember-platform.h"
#include "runtime/jit_engine.h"
#include "runtime/jit_host_calls.h"

// ember_jit_enter(JitEntryFrame*): from the SysV ABI into the internal
// convention (jit/README.md "Running JIT code"). Saves the SysV
// callee-saved registers (wasm code allocates rbx, r12, r13), records its
// frame pointer in the frame for unwinding, copies the outgoing area (stack
// arguments) below itself, pins r14 = VMContext and r15 = memory base, loads
// the argument registers and calls; then stores the result registers and
// copies the outgoing area (stack results) back. Returns 0. A trap resumes
// at ember_jit_enter_landing with rbp = the recorded frame pointer, which
// returns 1 from the same activation.
extern "C" uint32_t ember_jit_enter(ember::JitEntryFrame* frame);
extern "C" [[noreturn]] void ember_jit_unwind(uintptr_t entryFp);
extern "C" char ember_jit_enter_landing[];
asm(R"(
  .text
  .globl ember_jit_enter
  .hidden ember_jit_enter
  .type ember_jit_enter, @function
  .globl ember_jit_unwind
  .hidden ember_jit_unwind
  .type ember_jit_unwind, @function
  .globl ember_jit_enter_landing
  .hidden ember_jit_enter_landing
  .intel_syntax noprefix
ember_jit_enter:
  push rbp
  mov rbp, rsp
  push rbx
  push r12
  push r13
  push r14
  push r15
  push rdi
  mov qword ptr [rdi + 144], rbp
  mov rcx, qword ptr [rdi + 128]
  sub rsp, rcx
  mov rsi, qword ptr [rdi + 136]
  mov rdi, rsp
  cld
  rep movsb
  mov r10, qword ptr [rbp - 48]
  mov r14, qword ptr [r10 + 8]
  mov r15, qword ptr [r14]
  mov r11, qword ptr [r10]
  movsd xmm0, qword ptr [r10 + 64]
  movsd xmm1, qword ptr [r10 + 72]
  movsd xmm2, qword ptr [r10 + 80]
  movsd xmm3, qword ptr [r10 + 88]
  movsd xmm4, qword ptr [r10 + 96]
  movsd xmm5, qword ptr [r10 + 104]
  movsd xmm6, qword ptr [r10 + 112]
  movsd xmm7, qword ptr [r10 + 120]
  mov rdi, qword ptr [r10 + 16]
  mov rsi, qword ptr [r10 + 24]
  mov rdx, qword ptr [r10 + 32]
  mov rcx, qword ptr [r10 + 40]
  mov r8, qword ptr [r10 + 48]
  mov r9, qword ptr [r10 + 56]
  call r11
  mov r10, qword ptr [rbp - 48]
  mov qword ptr [r10 + 16], rax
  mov qword ptr [r10 + 24], rdx
  movsd qword ptr [r10 + 64], xmm0
  movsd qword ptr [r10 + 72], xmm1
  mov rcx, qword ptr [r10 + 128]
  mov rsi, rsp
  mov rdi, qword ptr [r10 + 136]
  rep movsb
  xor eax, eax
  lea rsp, [rbp - 40]
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbx
  pop rbp
  ret
ember_jit_enter_landing:
  mov eax, 1
  lea rsp, [rbp - 40]
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbx
  pop rbp
  ret
  .size ember_jit_enter, .-ember_jit_enter
ember_jit_unwind:
  mov rbp, rdi
  jmp ember_jit_enter_landing
  .size ember_jit_unwind, .-ember_jit_unwind
  .att_syntax prefix
)");

namespace ember {

static_assert(offsetof(JitEntryFrame, code) == 0);
static_assert(offsetof(JitEntryFrame, context) == 8);
static_assert(offsetof(JitEntryFrame, regs) == 16);
static_assert(offsetof(JitEntryFrame, stackBytes) == 128);
static_assert(offsetof(JitEntryFrame, stackArea) == 136);
static_assert(offsetof(JitEntryFrame, entryFp) == 144);

namespace {

// Stack left below the limit for what runs on the wasm stack without a
// prologue check: builtins, the trap builtin, host functions (DESIGN
// decision 5: exhaustion is a compare, never a crash).
constexpr uintptr_t kHostStackMargin = uintptr_t{256} << 10;

uintptr_t computeStackLimit() {
  uintptr_t low = 0;
  size_t size = 0;
  if (ember_thread_stack_bounds(&low, &size) == EMBER_PLATFORM_OK && size > 2 * kHostStackMargin)
    return low + kHostStackMargin;
  if (size) return low + size / 4;
  // Unknown bounds: allow 1 MiB below the current frame.
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) - (uintptr_t{1} << 20);
}

uintptr_t threadStackLimit() {
  thread_local uintptr_t limit = computeStackLimit();
  return limit;
}

void prepareThread() {
  thread_local bool ready = ember_thread_init() == EMBER_PLATFORM_OK;
  (void)ready;
}

uint64_t bitsOf(const ValueCell& cell, ValType type) {
  // i32 arguments must be zero-extended (jit/README.md, the masm's contract).
  return type == ValType::I32 || type == ValType::F32 ? cell.i32() : cell.lo;
}

}  // namespace

size_t argumentSlot(Reg reg) {
  const auto& gp = RegisterConventions::kArgGp;
  const auto& fp = RegisterConventions::kArgFp;
  for (size_t i = 0; i < std::size(gp); i++)
    if (gp[i] == reg) return i;
  for (size_t i = 0; i < std::size(fp); i++)
    if (fp[i] == reg) return kFirstFpSlot + i;
  return 0;  // unreachable: computeCallLayout uses only these
}

size_t resultSlot(Reg reg) {
  const auto& gp = RegisterConventions::kResultGp;
  const auto& fp = RegisterConventions::kResultFp;
  for (size_t i = 0; i < std::size(gp); i++)
    if (gp[i] == reg) return i;
  for (size_t i = 0; i < std::size(fp); i++)
    if (fp[i] == reg) return kFirstFpSlot + i;
  return 0;
}

JitEntryFrame* innermostJitEntry() { return static_cast<JitEntryFrame*>(ember_tls_get()); }

void resumeAtEntry(const JitEntryFrame& entry) { ember_jit_unwind(entry.entryFp); }

ember_registers landingRegisters(const JitEntryFrame& entry, const ember_registers& at) {
  ember_registers r = at;
  r.pc = reinterpret_cast<uintptr_t>(&ember_jit_enter_landing[0]);
  r.fp = entry.entryFp;
  r.sp = entry.entryFp - 48;  // below the saved registers; the landing resets it anyway
  return r;
}

JitStoreState::JitStoreState(VMStoreContext* store) {
  hostContext_.store = store;
  fillJitBuiltins(hostContext_);
}

void JitStoreState::addInstance(VMContext* context, const JitCode* code) {
  fillJitBuiltins(*context);
  context->memoryLength = context->memory ? context->memory->length : 0;
  context->stackLimit = stackLimit_;
  contexts_.push_back(context);
  if (code && std::find(codes_.begin(), codes_.end(), code) == codes_.end()) codes_.push_back(code);
}

void JitStoreState::prepareHostFunction(VMFunction& function) {
  function.context = &hostContext_;
  function.code = hostCallStub();
}

// A store runs on one thread at a time, but not always the same one: the
// stack limit of its contexts follows the thread that enters it.
void JitStoreState::followThread() {
  prepareThread();
  uintptr_t limit = threadStackLimit();
  if (limit == stackLimit_) return;
  stackLimit_ = limit;
  hostContext_.stackLimit = limit;
  for (VMContext* c : contexts_) c->stackLimit = limit;
}

const JitCode* JitStoreState::codeAt(uintptr_t pc) const {
  for (const JitCode* c : codes_)
    if (c->contains(pc)) return c;
  return nullptr;
}

bool JitStoreState::invoke(const VMFunction& function, const FuncType& type, ValueCell* cells,
                           JitTrapRecord& trap) {
  followThread();
  CallLayout layout = computeCallLayout(type.params, type.results);
  std::vector<uint64_t> stack(layout.stackBytes() / 8);
  JitEntryFrame frame;
  frame.code = function.code;
  frame.context = function.context;
  frame.stackBytes = layout.stackBytes();
  frame.stackArea = stack.data();
  frame.store = this;
  for (size_t i = 0; i < type.params.size(); i++) {
    const ValueLocation& loc = layout.params[i];
    uint64_t bits = bitsOf(cells[i], type.params[i]);
    if (loc.inRegister())
      frame.regs[argumentSlot(loc.reg)] = bits;
    else
      stack[loc.stackOffset / 8] = bits;
  }
  frame.previous = innermostJitEntry();
  ember_tls_set(&frame);
  uint32_t trapped = ember_jit_enter(&frame);
  ember_tls_set(frame.previous);
  if (trapped) {
    trap = frame.trap;
    return false;
  }
  for (size_t i = 0; i < type.results.size(); i++) {
    const ValueLocation& loc = layout.results[i];
    uint64_t bits = loc.inRegister() ? frame.regs[resultSlot(loc.reg)] : stack[loc.stackOffset / 8];
    cells[i] = ValueCell::fromBits(bits);
  }
  return true;
}

}  // namespace ember

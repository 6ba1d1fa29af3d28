#include "runtime/jit/entry.h"

#include <algorithm>

#include "platform/ember-platform.h"
#include "runtime/function.h"
#include "runtime/inline_buffer.h"
#include "runtime/jit/call_plan.h"
#include "runtime/jit/engine.h"
#include "runtime/jit/host_calls.h"
#include "abi/trampolines.h"
#include "runtime/native_stack.h"
#include "runtime/store.h"

namespace ember {

namespace {

// Gives the thread what taking trap signals needs (an alternate signal
// stack); nothing to do in builds without signals.
void prepareThread() {
#if EMBER_HAVE_SIGNALS
  thread_local bool ready = ember_thread_init() == EMBER_PLATFORM_OK;
  (void)ready;
#endif
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
    if (fp[i] == reg) return kFirstFpSlot + i * kFpSlotWords;
  return 0;  // unreachable: computeCallLayout uses only these
}

size_t resultSlot(Reg reg) {
  const auto& gp = RegisterConventions::kResultGp;
  const auto& fp = RegisterConventions::kResultFp;
  for (size_t i = 0; i < std::size(gp); i++)
    if (gp[i] == reg) return i;
  for (size_t i = 0; i < std::size(fp); i++)
    if (fp[i] == reg) return kFirstFpSlot + i * kFpSlotWords;
  return 0;
}

void writeValueWords(uint64_t* words, const ValueCell& cell, ValType type) {
  words[0] = bitsOf(cell, type);
  if (type == ValType::V128) words[1] = cell.hi;
}

ValueCell readValueWords(const uint64_t* words, ValType type) {
  return type == ValType::V128 ? ValueCell{words[0], words[1]} : ValueCell::fromBits(words[0]);
}

JitEntryFrame* innermostJitEntry() { return static_cast<JitEntryFrame*>(ember_tls_get()); }

void resumeAtEntry(const JitEntryFrame& entry) { ember_jit_unwind(entry.entryFp); }

ember_registers landingRegisters(const JitEntryFrame& entry, const ember_registers& at) {
  ember_registers r = at;
  r.pc = reinterpret_cast<uintptr_t>(&ember_jit_enter_landing[0]);
  r.fp = entry.entryFp;
  // Any 16-aligned address below the entry's saved registers (48 bytes on
  // x86-64, 160 on AArch64): the landing resets sp from fp before using it.
  r.sp = entry.entryFp - 256;
  return r;
}

JitStoreState::JitStoreState(VMStoreContext* store) {
  hostContext_.store = store;
  fillJitBuiltins(hostContext_);
}

void JitStoreState::addInstance(VMContext* context, std::shared_ptr<const JitCode> code) {
  fillJitBuiltins(*context);
  context->memoryLength = context->memory ? context->memory->length : 0;
  context->stackLimit = stackLimit_;
  contexts_.push_back(context);
  if (code && std::find(codes_.begin(), codes_.end(), code) == codes_.end())
    codes_.push_back(std::move(code));
}

void JitStoreState::removeInstance(VMContext* context) { std::erase(contexts_, context); }

void JitStoreState::prepareHostFunction(VMFunction& function) {
  function.context = &hostContext_;
  function.code = hostCallStub();
}

// A store runs on one thread at a time, but not always the same one: the
// stack limit of its contexts follows the thread that enters it.
// Config::wasmStackBytes bounds it further, from the outermost entry into
// this store on this thread; nested entries (wasm -> host -> wasm) share
// that budget, so it is computed once per outermost host->wasm call.
void JitStoreState::followThread() {
  prepareThread();
  uintptr_t limit = nativeStackLimit();
  uint64_t wasmStack =
      static_cast<Store*>(hostContext_.store->store)->engine().config().wasmStackBytes;
  if (wasmStack) {
    for (const JitEntryFrame* e = innermostJitEntry(); e; e = e->previous)
      if (e->store == this) return;
    uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (sp > wasmStack) limit = std::max<uintptr_t>(limit, sp - wasmStack);
  }
  if (limit == stackLimit_) return;
  stackLimit_ = limit;
  hostContext_.stackLimit = limit;
  for (VMContext* c : contexts_) c->stackLimit = limit;
}

bool JitStoreState::hasContext(uintptr_t context) const {
  for (const VMContext* c : contexts_)
    if (reinterpret_cast<uintptr_t>(c) == context) return true;
  return false;
}

const JitCode* JitStoreState::codeAt(uintptr_t pc) const {
  for (const auto& c : codes_)
    if (c->contains(pc)) return c.get();
  return nullptr;
}

bool JitStoreState::invoke(const Function& function, ValueCell* cells, JitTrapRecord& trap) {
  followThread();
  const FuncType& type = function.type();
  const JitCallPlan& plan = jitCallPlanOf(function);
  InlineBuffer<uint64_t, 16> stack(plan.stackBytes / 8);
  JitEntryFrame frame;
  frame.code = function.code;
  frame.context = function.context;
  frame.stackBytes = plan.stackBytes;
  frame.stackArea = stack.data();
  frame.store = this;
  for (size_t i = 0; i < type.params.size(); i++)
    writeValueWords(planWords(plan.paramWords[i], frame.regs, stack.data()), cells[i],
                    type.params[i]);
  frame.previous = innermostJitEntry();
  ember_tls_set(&frame);
  uint32_t trapped = ember_jit_enter(&frame);
  ember_tls_set(frame.previous);
  if (trapped) {
    trap = frame.trap;
    return false;
  }
  for (size_t i = 0; i < type.results.size(); i++)
    cells[i] = readValueWords(planWords(plan.resultWords[i], frame.regs, stack.data()),
                              type.results[i]);
  return true;
}

}  // namespace ember

#include "runtime/jit/traps.h"

#include "abi/frame_layout.h"
#include "abi/trampolines.h"
#include "runtime/instance.h"
#include "runtime/jit/engine.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

// The trap builtin is a thunk (abi/trampolines.h): a trap stub calls it with the
// frame pointer still the trapping function's and the return address
// pointing at the stub's trap instruction, inside the function; it passes
// both on to here.
void ember_jit_raise_trap(ember::VMContext*, uint32_t code, uintptr_t fp, uintptr_t pc) {
  ember::raiseJitTrap(static_cast<ember::TrapCode>(code), fp, pc);
}

namespace ember {

namespace {

// The frame-pointer walk: `pc` lies in the function whose frame is `fp`;
// each frame holds its caller's frame pointer and return address
// (abi/frame_layout.h).
// Stops at the first frame outside the store's JIT code (the entry
// trampoline, or a host call's stub). Async-signal-safe.
void recordTrap(JitEntryFrame& entry, TrapCode code, uintptr_t pc, uintptr_t fp) {
  JitTrapRecord& r = entry.trap;
  r.code = code;
  r.frameCount = 0;
  r.omittedFrames = 0;
  while (entry.store->codeAt(pc) && fp) {
    if (r.frameCount < kMaxTrapFrames) {
      r.contexts[r.frameCount] =
          *reinterpret_cast<const uintptr_t*>(fp + frame_layout::kContextSlot);
      r.pcs[r.frameCount++] = pc;
    } else
      r.omittedFrames++;
    uintptr_t callerFp = *reinterpret_cast<const uintptr_t*>(fp + frame_layout::kCallerFramePointer);
    uintptr_t returnPc = *reinterpret_cast<const uintptr_t*>(fp + frame_layout::kReturnAddress);
    if (callerFp <= fp || callerFp > entry.entryFp) break;  // the stack grows down
    fp = callerFp;
    pc = returnPc - 1;  // inside the call instruction, so inside the caller
  }
}

// The wasm offsets of a frame at `pc`: recorded at its call or trap site
// (the pc -> wasm offset map, jit/masm.h); the walk's pcs are exactly those keys (a
// trap site, or a return address minus one). The module offset is from the
// function's body in the original binary, which an artifact keeps too.
void setJitFrameOffsets(TrapFrameInfo& info, const JitCode& code, uintptr_t pc) {
  std::optional<uint32_t> funcOffset = code.wasmOffsetAt(pc);
  const FunctionRange* range = code.functionRangeAt(pc);
  if (!funcOffset || !range || *funcOffset >= range->bodySize) return;
  info.funcOffset = *funcOffset;
  info.moduleOffset = range->bodyOffset + *funcOffset;
}

}  // namespace

void* trapBuiltin() { return reinterpret_cast<void*>(&ember_jit_trap_builtin); }

bool jitTrapCallback(const ember_fault* fault, ember_registers* resume) {
  JitEntryFrame* entry = innermostJitEntry();
  if (!entry) return false;
  uintptr_t pc = fault->regs.pc;
  const JitCode* code = entry->store->codeAt(pc);
  if (!code) return false;  // not JIT code of this thread's store: not ours
  const TrapSite* site = code->trapAt(pc);
  if (!site) return false;
  recordTrap(*entry, site->code, pc, fault->regs.fp);
  *resume = landingRegisters(*entry, fault->regs);
  return true;
}

void raiseJitTrap(TrapCode code, uintptr_t fp, uintptr_t pc) {
  JitEntryFrame* entry = innermostJitEntry();
  recordTrap(*entry, code, pc, fp);
#ifdef __SANITIZE_ADDRESS__
  // The C++ frames we leave (a host call's) may have poisoned stack slots.
  __asan_handle_no_return();
#endif
  resumeAtEntry(*entry);
}

Trap jitTrapOf(const JitTrapRecord& record, const JitStoreState& store) {
  Trap trap;
  trap.code = record.code;
  trap.message = trapMessage(record.code);
  for (uint32_t i = 0; i < record.frameCount; i++) {
    const JitCode* code = store.codeAt(record.pcs[i]);
    int64_t funcIndex = code ? code->functionAt(record.pcs[i]) : -1;
    if (funcIndex < 0) continue;
    TrapFrameInfo info;
    info.funcIndex = static_cast<uint32_t>(funcIndex);
    setJitFrameOffsets(info, *code, record.pcs[i]);
    // The frame's context slot names its instance when it holds one of the
    // store's contexts running this code.
    if (store.hasContext(record.contexts[i])) {
      const auto* ctx = reinterpret_cast<const VMContext*>(record.contexts[i]);
      const auto* instance = static_cast<const Instance*>(ctx->instance);
      if (instance && instance->module().jitCode() == code) info.instance = instance;
    }
    const auto& names = code->module().names.functionNames;
    if (auto it = names.find(info.funcIndex); it != names.end()) info.name = it->second;
    trap.backtrace.push_back(std::move(info));
  }
  trap.omittedFrames = record.omittedFrames;
  return trap;
}

}  // namespace ember

#include "runtime/jit/host_calls.h"

#include <algorithm>

#include "abi/frame_layout.h"
#include "abi/trampolines.h"
#include "runtime/function.h"
#include "runtime/inline_buffer.h"
#include "runtime/jit/call_plan.h"
#include "runtime/jit/entry.h"
#include "runtime/jit/traps.h"

// ember_jit_host_stub (abi/trampolines.h) is called like a wasm function (the
// VMContext register = the host functions' context, unused). Its caller's
// frame holds the caller's own VMContext and the callee's VMFunction
// (abi/frame_layout.h);
// stack arguments and results are in the caller's outgoing area. The
// register arguments arrive in the kRegisterSlots words (two per FP
// register), which go back holding the result registers.
namespace ember {

namespace {

template <typename T>
T frameValue(uintptr_t fp, int32_t offset) {
  return *reinterpret_cast<T*>(fp + offset);
}

// The call itself; false when the host trapped (its error is kept by the
// store). Returns before any trap unwinds, so its locals are destroyed.
bool callHost(uintptr_t callerFp, uint64_t* regs, uint64_t* stackArea) {
  VMContext* caller = frameValue<VMContext*>(callerFp, frame_layout::kContextSlot);
  const auto* callee = frameValue<const Function*>(callerFp, frame_layout::kCalleeSlot);
  const FuncType& type = callee->type();
  const JitCallPlan& plan = jitCallPlanOf(*callee);
  InlineBuffer<ValueCell, 8> cells(std::max(type.params.size(), type.results.size()));
  for (size_t i = 0; i < type.params.size(); i++)
    cells[i] = readValueWords(planWords(plan.paramWords[i], regs, stackArea), type.params[i]);
  if (!caller->store->builtins->callHost(caller, callee, cells.data())) return false;
  for (size_t i = 0; i < type.results.size(); i++)
    writeValueWords(planWords(plan.resultWords[i], regs, stackArea), cells[i], type.results[i]);
  return true;
}

}  // namespace

const void* hostCallStub() { return reinterpret_cast<const void*>(&ember_jit_host_stub); }

}  // namespace ember

// A host trap unwinds like a wasm trap, from the calling wasm frame.
void ember_jit_call_host(uintptr_t callerFp, uint64_t* regs, uint64_t* stackArea,
                         uintptr_t returnPc) {
  if (!ember::callHost(callerFp, regs, stackArea))
    ember::raiseJitTrap(ember::TrapCode::HostError, callerFp, returnPc - 1);
}

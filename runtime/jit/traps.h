// Traps in JIT code (DESIGN decision 5): the trap builtin that trap stubs
// call, the signal callback that maps a faulting PC through the trap table,
// and turning what either recorded into a Trap with a wasm backtrace. Both
// unwind to this thread's innermost host->wasm entry (entry.h).
#pragma once

#include <cstdint>

#include "abi/trap_code.h"
#include "platform/ember-platform.h"
#include "runtime/jit/entry.h"
#include "runtime/trap.h"

namespace ember {

// BuiltinId::Trap: `[[noreturn]] void(VMContext*, uint32_t code)`.
void* trapBuiltin();

// The platform's trap callback: claims faults at trap sites of the JIT code
// of the store this thread runs, redirecting them to the entry's landing.
bool jitTrapCallback(const ember_fault* fault, ember_registers* resume);

// Records a trap at `pc` in the wasm frame whose frame pointer is `fp`, and
// unwinds to the innermost entry. For builtins and host calls.
[[noreturn]] void raiseJitTrap(TrapCode code, uintptr_t fp, uintptr_t pc);

// The Trap for a record, with function indices and names of its frames.
Trap jitTrapOf(const JitTrapRecord& record, const JitStoreState& store);

}  // namespace ember

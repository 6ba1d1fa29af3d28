// Compiles every defined function of a module into one block of
// position-independent machine code (DESIGN data flow of compile): one
// FunctionValidator<Codegen> pass per body, calls between the module's
// functions PC-relative.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/vm_context.h"
#include "jit/builtin_ids.h"
#include "jit/masm.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

// Fields generated code needs that abi/vm_context.h does not have yet. Until
// it does, an embedder places this struct right after its VMContext (the
// default JitOptions layout assumes so; jit/README.md, "Running JIT code").
struct JitContextTail {
  uint64_t memoryLength = 0;           // memory 0's accessible bytes (explicit bounds checks)
  uintptr_t stackLimit = 0;            // lowest stack pointer wasm code may use
  const uint32_t* typeIds = nullptr;   // canonical type id per module type index
  void* builtins[kBuiltinCount] = {};  // indexed by BuiltinId
};

// Byte offsets of what generated code reads from the VMContext.
struct JitContextLayout {
  int32_t memoryBase = offsetof(VMContext, memoryBase);
  int32_t globals = offsetof(VMContext, globals);
  int32_t tables = offsetof(VMContext, tables);
  int32_t functions = offsetof(VMContext, functions);
  int32_t memoryLength = sizeof(VMContext) + offsetof(JitContextTail, memoryLength);
  int32_t stackLimit = sizeof(VMContext) + offsetof(JitContextTail, stackLimit);
  int32_t typeIds = sizeof(VMContext) + offsetof(JitContextTail, typeIds);
  int32_t builtins = sizeof(VMContext) + offsetof(JitContextTail, builtins);
};

struct JitOptions {
  JitContextLayout layout;
  // DESIGN decision 4: Guard relies on the reservation and guard region;
  // Explicit checks every access.
  BoundsCheck bounds = BoundsCheck::Guard;
  // Bytes of guard region after the 4 GiB reservation: accesses whose static
  // offset + size exceed it get an explicit check even in Guard mode.
  uint64_t guardBytes = uint64_t{32} << 20;
  // Trap stubs call BuiltinId::Trap (true) or execute ud2 and rely on the
  // signal handler (false).
  bool trapViaBuiltin = true;
};

Result<CompiledCode> compileModule(const Module& module, const JitOptions& options);

}  // namespace ember

// Compiles every defined function of a module into one block of
// position-independent machine code (DESIGN data flow of compile): one
// FunctionValidator<Codegen> pass per body, calls between the module's
// functions PC-relative.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/vm_context.h"
#include "abi/builtin_ids.h"
#include "jit/masm.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

// Byte offsets of what generated code reads from the VMContext
// (abi/vm_context.h; jit/README.md, "Running JIT code").
struct JitContextLayout {
  int32_t memoryBase = offsetof(VMContext, memoryBase);
  int32_t globals = offsetof(VMContext, globals);
  int32_t firstGlobals = offsetof(VMContext, firstGlobals);  // VMGlobal*[kVMFirstGlobals]
  int32_t tables = offsetof(VMContext, tables);
  int32_t table0 = offsetof(VMContext, table0);  // VMTable: table 0, mirrored
  int32_t functions = offsetof(VMContext, functions);
  int32_t memoryLength = offsetof(VMContext, memoryLength);
  int32_t stackLimit = offsetof(VMContext, stackLimit);
  int32_t typeIds = offsetof(VMContext, typeIds);
  int32_t builtins = offsetof(VMContext, builtins);
  // Interruption (DESIGN decision 8): the epoch counter's address and the
  // deadline in the VMContext; fuel in the VMStoreContext behind `store`.
  int32_t epochCounter = offsetof(VMContext, epochCounter);
  int32_t epochDeadline = offsetof(VMContext, epochDeadline);
  int32_t store = offsetof(VMContext, store);
  int32_t storeFuel = offsetof(VMStoreContext, fuel);
};
static_assert(kBuiltinCount <= kVMBuiltinSlots, "VMContext::builtins is too small");

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
  // Checks at every function entry and loop header; none when false.
  bool epochChecks = false;
  bool fuelChecks = false;
  // MasmOptions::baselineCpuFeatures.
  bool baselineCpuFeatures = false;

  // Parallel compilation (Config::compileThreads): the defined functions
  // are cut into parts of consecutive functions, up to `threads` parts
  // compile at once, each into its own buffer, and the parts are joined in
  // function order. The result is byte for byte the code, trap table,
  // function ranges and offset map one thread produces (module_compiler.cpp
  // says why), and the error is the one of the lowest failing function, as
  // with one thread.
  // `runWorkers` runs work(context) on `count` threads (the caller's among
  // them) and returns when all have; the runtime passes its threading
  // layer's (runtime/threading.h). Without it, or with `threads` <= 1, one
  // thread compiles everything.
  uint32_t threads = 1;
  void (*runWorkers)(uint32_t count, void (*work)(void*), void* context) = nullptr;
  // A part holds at least this many bytes of function bodies (below it the
  // set-up cost of a part outweighs the gain); modules smaller than two
  // parts compile on one thread. Tests lower it to split small modules
  // (Config::compilePartBytes).
  uint32_t minPartBodyBytes = 32u << 10;
  // Parts per thread: more balance the load when function sizes vary.
  uint32_t partsPerThread = 4;
  // The machine code a module may grow to (jit/code_budget.h): this many
  // bytes per byte of its function bodies, and at least `minCodeBudget`;
  // the parts of a parallel compile share it. Compiled code is 1.6 to
  // 2.3 bytes per body byte on the benchmark corpus; a body crafted to
  // expand (a call of a function returning 1,000 values copies each, 29
  // KB of code for 2 bytes) fails with a Resource error instead of taking
  // gigabytes.
  uint32_t maxCodeBytesPerBodyByte = 64;
  uint64_t minCodeBudget = uint64_t{16} << 20;
  // Where the finished code goes (masm.h); CompiledCode::bytes without one.
  CodeDestination destination;
  // Makes the pages of a buffer about to be written present at once: the
  // runtime passes the platform's ember_vm_prefault, which the compiler
  // (no platform dependency of its own) calls on its code buffer.
  void (*prefault)(void* addr, size_t size) = nullptr;
};

Result<CompiledCode> compileModule(const Module& module, const JitOptions& options);

}  // namespace ember

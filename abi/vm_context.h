// The instance state that engine code reaches through one pointer (DESIGN
// decisions 2 and 3): the interpreter keeps it in a local, the JIT pins it
// in a register. Everything an operator needs is at most two loads away:
// memory 0's base and size, table 0's elements, the first globals' cells,
// and flat arrays of globals, tables, functions and segments. Offsets are
// fixed with static_asserts because generated code hard-codes them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "abi/value_cell.h"

namespace ember {

struct VMContext;

// How many of the first globals' cells the VMContext also points at
// directly (VMContext::firstGlobals): the stack pointer of C and Rust
// programs is global 0, and TinyGo's unwinding state is global 1.
constexpr uint32_t kVMFirstGlobals = 8;

// Room for the builtins table inside the VMContext (generated code calls
// `[vmctx + builtins + id * 8]`); abi/builtin_ids.h uses fewer.
constexpr uint32_t kVMBuiltinSlots = 16;

// A linear memory. `base` points at a reservation of the whole 32-bit index
// range plus a guard region, so it never moves; `length` is the accessible
// part in bytes and grows with memory.grow.
struct VMMemory {
  uint8_t* base = nullptr;
  uint64_t length = 0;
};

// A table of references (funcref: VMFunction*, externref: host pointer;
// null is nullptr). `elements` may move on table.grow.
struct VMTable {
  void** elements = nullptr;
  uint64_t size = 0;
};

struct VMGlobal {
  ValueCell value;
};

// Passive data/element segments as instructions see them; dropping a
// segment sets `size` to 0 (spec 4.4.10 data.drop, elem.drop).
struct VMDataSegment {
  const uint8_t* bytes = nullptr;
  uint64_t size = 0;
};
struct VMElemSegment {
  void* const* items = nullptr;
  uint64_t size = 0;
};

enum class VMFunctionKind : uint8_t { Wasm, Host };

// A function reference: what funcref values and table entries point at.
struct VMFunction {
  uint32_t typeId = 0;  // canonical, engine-wide: call_indirect compares this
  VMFunctionKind kind = VMFunctionKind::Wasm;
  uint32_t paramCount = 0;
  uint32_t resultCount = 0;
  uint32_t funcIndex = 0;           // in its module's function index space
  VMContext* context = nullptr;     // owning instance (nullptr for host functions)
  const void* code = nullptr;       // engine code: interpreter FunctionCode*, or JIT entry
};

// Operations engine code cannot do alone, implemented by the runtime.
struct VMBuiltins {
  // memory.grow / table.grow: the old size, or -1 when the grow fails
  // (table.grow: or kGrowInterrupted, abi/builtin_ids.h).
  int64_t (*memoryGrow)(VMContext* ctx, uint32_t memoryIndex, uint64_t deltaPages);
  int64_t (*tableGrow)(VMContext* ctx, uint32_t tableIndex, uint64_t delta, void* init);
  // Calls a host function. `cells` holds its arguments and receives its
  // results. Returns false when the host trapped; the runtime keeps the error.
  bool (*callHost)(VMContext* caller, const VMFunction* callee, ValueCell* cells);
  // elem.drop: frees the segment's items (an empty segment afterwards).
  void (*elemDrop)(VMContext* ctx, uint32_t elemIndex);
};

// Per-store execution state (DESIGN decision 7: one thread at a time).
struct VMStoreContext {
  const VMBuiltins* builtins = nullptr;
  void* store = nullptr;    // the runtime's Store
  void* machine = nullptr;  // the interpreter's stacks (interp::Machine)
  // Fuel left (Config::consumeFuel): engine code subtracts one unit at each
  // function entry and loop header and traps "out of fuel" when the result
  // is negative, so it reads -1 after that trap.
  int64_t fuel = 0;
};

struct VMContext {
  uint8_t* memoryBase = nullptr;         // memory 0's base; moves on grow only without signals
  VMMemory* memory = nullptr;            // memory 0; an empty one when there is none
  VMGlobal* const* globals = nullptr;    // global index space
  VMTable* const* tables = nullptr;      // table index space
  VMFunction* const* functions = nullptr;  // function index space
  VMDataSegment* dataSegments = nullptr;
  VMElemSegment* elemSegments = nullptr;
  VMStoreContext* store = nullptr;
  VMMemory* const* memories = nullptr;   // memory index space
  void* instance = nullptr;              // the runtime's Instance
  const uint32_t* typeIds = nullptr;     // canonical id of each module type index
  // Read by JIT code (jit/README.md, "Running JIT code"):
  uint64_t memoryLength = 0;             // memory 0's accessible bytes, kept in sync on grow
  uintptr_t stackLimit = 0;              // lowest stack pointer wasm code may use (per thread)
  void* builtins[kVMBuiltinSlots] = {};  // runtime functions, indexed by jit BuiltinId
  // Epoch interruption (Config::epochInterruption; DESIGN decision 8): code
  // traps "interrupted" at a function entry or loop header once the engine's
  // counter has reached the deadline. The deadline is the store's, copied
  // into each of its contexts so the check needs no second pointer.
  const std::atomic<uint64_t>* epochCounter = nullptr;
  uint64_t epochDeadline = ~uint64_t{0};
  // Table 0's elements and size, kept in sync on table.grow like memory 0's
  // length: call_indirect through table 0 reaches its entry in two loads.
  VMTable table0;
  // globals[0 .. kVMFirstGlobals), copied: global.get and global.set of
  // those reach their cell in one load instead of two (cells never move).
  VMGlobal* firstGlobals[kVMFirstGlobals] = {};
};

static_assert(offsetof(VMMemory, base) == 0);
static_assert(offsetof(VMMemory, length) == 8);
static_assert(offsetof(VMTable, elements) == 0);
static_assert(offsetof(VMTable, size) == 8);
static_assert(sizeof(VMGlobal) == 16);
static_assert(offsetof(VMFunction, typeId) == 0);
static_assert(offsetof(VMFunction, context) == 24);
static_assert(offsetof(VMFunction, code) == 32);
static_assert(offsetof(VMContext, memoryBase) == 0);
static_assert(offsetof(VMContext, memory) == 8);
static_assert(offsetof(VMContext, globals) == 16);
static_assert(offsetof(VMContext, tables) == 24);
static_assert(offsetof(VMContext, functions) == 32);
static_assert(offsetof(VMContext, dataSegments) == 40);
static_assert(offsetof(VMContext, elemSegments) == 48);
static_assert(offsetof(VMContext, store) == 56);
static_assert(offsetof(VMContext, memories) == 64);
static_assert(offsetof(VMContext, instance) == 72);
static_assert(offsetof(VMContext, typeIds) == 80);
static_assert(offsetof(VMContext, memoryLength) == 88);
static_assert(offsetof(VMContext, stackLimit) == 96);
static_assert(offsetof(VMContext, builtins) == 104);
static_assert(offsetof(VMContext, epochCounter) == 232);
static_assert(offsetof(VMContext, epochDeadline) == 240);
static_assert(offsetof(VMContext, table0) == 248);
static_assert(offsetof(VMContext, firstGlobals) == 264);
static_assert(offsetof(VMStoreContext, fuel) == 24);
// Generated code reads the epoch with a plain 64-bit load.
static_assert(sizeof(std::atomic<uint64_t>) == 8 && std::atomic<uint64_t>::is_always_lock_free);

}  // namespace ember

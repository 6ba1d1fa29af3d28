// Ids of the runtime functions generated code calls through the builtins
// table of the VMContext (masm callBuiltin: `call [vmctx + builtins + id*8]`).
// Each is a plain SysV C function whose first argument is the VMContext*;
// the comment beside an id is its signature. Those returning `uint32_t`
// return a BulkResult (a full register, not a C `bool`, whose upper bits
// the SysV ABI leaves undefined); the generated code traps on it, so a
// builtin never unwinds through JIT frames.
#pragma once

#include <cstdint>

namespace ember {

enum class BuiltinId : uint32_t {
  // [[noreturn]] void(VMContext*, uint32_t trapCode): raises a trap from a
  // trap stub (MasmOptions::trapBuiltin); the runtime unwinds to the entry.
  Trap,
  // int64_t(VMContext*, uint32_t memory, uint64_t deltaPages): old size in
  // pages or -1 (as VMBuiltins::memoryGrow).
  MemoryGrow,
  // uint32_t(VMContext*, uint32_t memory, uint64_t dst, uint64_t value, uint64_t n)
  MemoryFill,
  // uint32_t(VMContext*, uint32_t dstMemory, uint32_t srcMemory, uint64_t dst, uint64_t src,
  // uint64_t n)
  MemoryCopy,
  // uint32_t(VMContext*, uint32_t memory, uint32_t dataIndex, uint64_t dst, uint64_t src, uint64_t
  // n)
  MemoryInit,
  // void(VMContext*, uint32_t dataIndex)
  DataDrop,
  // int64_t(VMContext*, uint32_t table, uint64_t delta, void* init): old size,
  // -1, or kGrowInterrupted
  TableGrow,
  // uint32_t(VMContext*, uint32_t table, uint64_t index, void* value, uint64_t n)
  TableFill,
  // uint32_t(VMContext*, uint32_t dstTable, uint32_t srcTable, uint64_t dst, uint64_t src, uint64_t
  // n)
  TableCopy,
  // uint32_t(VMContext*, uint32_t table, uint32_t elemIndex, uint64_t dst, uint64_t src, uint64_t
  // n)
  TableInit,
  // void(VMContext*, uint32_t elemIndex)
  ElemDrop,
  Count,
};

constexpr uint32_t kBuiltinCount = static_cast<uint32_t>(BuiltinId::Count);

// What the builtins returning `uint32_t` return.
enum BulkResult : uint32_t {
  kBulkTrapped = 0,  // out of bounds: trap with the operator's code
  kBulkDone = 1,
  kBulkInterrupted = 2,  // the epoch deadline passed midway (runtime/bulk_pieces.h)
};

// What table.grow returns when the epoch deadline passed while it set the
// new entries (Table::grow): it traps "interrupted", the table unchanged.
// No table size is this large (kMaxTableSize), as a 32- or 64-bit value.
constexpr int64_t kGrowInterrupted = -2;

}  // namespace ember

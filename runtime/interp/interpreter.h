// The interpreter's dispatch loop and its per-store execution state.
//
// Wasm-to-wasm calls never recurse on the host stack: each call pushes a
// Frame on the Machine's frame stack and switches `pc`/`fp`, so the depth
// limit (Config::maxCallDepth) is a counter compare and deep recursion ends
// in a "call stack exhausted" trap. The host stack grows only when a host
// function calls back into wasm, and that nesting is bounded too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "abi/trap_code.h"
#include "abi/value_cell.h"
#include "abi/vm_context.h"
#include "runtime/interp/code.h"

namespace ember::interp {

// A caller's state, saved while its callee runs.
struct Frame {
  const uint32_t* pc;
  uint64_t* fp;
  const FunctionCode* func;
  VMContext* ctx;
};

// One frame of a trap's backtrace, innermost first.
struct TrapFrame {
  const ModuleCode* module;
  uint32_t funcIndex;
  const VMContext* ctx;  // the instance's context the frame ran in
  uint32_t wasmOffset;   // module byte offset of the trapping operator or call
};

// The value stack (8-byte slots shared by all frames), the frame stack, and
// what the last trap was. Owned by a Store; used by one thread at a time.
class Machine {
 public:
  // Host -> wasm -> host -> ... nesting allowed before "call stack exhausted"
  // (each level costs host stack).
  static constexpr uint32_t kMaxNesting = 200;
  // Frames kept in a trap's backtrace (the innermost ones).
  static constexpr uint32_t kMaxBacktrace = 64;

  // `wasmStackSlots` (Config::wasmStackBytes / 8; 0: no such limit) bounds
  // the value stack one outermost host->wasm call may use.
  Machine(uint32_t maxCallDepth, size_t stackSlots, size_t wasmStackSlots = 0);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Host->wasm entries trap "call stack exhausted" when the native stack
  // pointer is below `limit` (runtime/native_stack.h): a host function that
  // calls back into wasm on a small thread stack must not overflow it.
  void setNativeStackLimit(uintptr_t limit) { nativeStackLimit_ = limit; }

  TrapCode trapCode() const { return trap_; }
  const std::vector<TrapFrame>& backtrace() const { return backtrace_; }
  // Frames beyond kMaxBacktrace, left out of backtrace().
  uint32_t omittedFrames() const { return omitted_; }

 private:
  friend bool invoke(Machine&, const VMFunction&, ValueCell*);
  friend bool execute(Machine*, VMContext*, const FunctionCode*, uint64_t*);

  void recordTrap(TrapCode code, const Frame* frames, uint32_t entryDepth, uint32_t depth,
                  const uint32_t* pc, const VMContext* ctx);
  void addTrapFrames(const FunctionCode& func, const VMContext* ctx, uint32_t word);
  bool fail(TrapCode code) {
    trap_ = code;
    backtrace_.clear();
    omitted_ = 0;
    return false;
  }

  uint64_t* stack_ = nullptr;
  uint64_t* stackEnd_ = nullptr;  // of the whole stack, or of the current call's budget
  uint64_t* allocEnd_ = nullptr;  // of the whole stack
  size_t wasmStackSlots_ = 0;
  uint64_t* top_ = nullptr;  // first slot free for a new host entry
  std::unique_ptr<Frame[]> frames_;
  uint32_t depth_ = 0;  // active wasm activations
  uint32_t maxDepth_ = 0;
  uint32_t nesting_ = 0;
  uintptr_t nativeStackLimit_ = 0;
  TrapCode trap_ = TrapCode::Unreachable;
  std::vector<TrapFrame> backtrace_;
  uint32_t omitted_ = 0;
};

// Runs the wasm function `func` (kind Wasm, code = FunctionCode*). `cells`
// holds its arguments and receives its results. Returns false on a trap;
// the machine then has the code and backtrace, and is ready for the next
// call.
bool invoke(Machine& machine, const VMFunction& func, ValueCell* cells);

}  // namespace ember::interp

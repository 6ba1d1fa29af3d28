// Host -> wasm entry into JIT code (DESIGN decisions 3 and 5): one generic
// assembly trampoline takes a JitEntryFrame, which holds the arguments
// already placed by the internal calling convention (jit/README.md) and, on
// this thread's chain of entries, what a trap needs to unwind to it.
// JitStoreState is a Store's JIT side: its instances' code and contexts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

#include "abi/trampolines.h"
#include "abi/trap_code.h"
#include "abi/value_cell.h"
#include "abi/vm_context.h"
#include "jit/masm.h"
#include "platform/ember-platform.h"
#include "runtime/format/types.h"

namespace ember {

class Function;
class JitCode;

// The register slots of JitEntryFrame::regs (abi/trampolines.h).
static_assert(std::size(RegisterConventions::kArgGp) <= kFirstFpSlot);
static_assert(std::size(RegisterConventions::kArgFp) * kFpSlotWords <=
              kRegisterSlots - kFirstFpSlot);
// The first word of an argument / result register's slot.
size_t argumentSlot(Reg reg);
size_t resultSlot(Reg reg);
// A value at its place in the internal convention: `words` is its register
// slot or stack slot, one word, or two for a v128 (low half first). i32 and
// f32 values are written zero-extended (the masm's contract).
void writeValueWords(uint64_t* words, const ValueCell& cell, ValType type);
ValueCell readValueWords(const uint64_t* words, ValType type);

// What a trap recorded about where it happened: its code and the return
// addresses of the wasm frames, innermost first (DESIGN decision 5).
constexpr uint32_t kMaxTrapFrames = 64;
struct JitTrapRecord {
  TrapCode code = TrapCode::Unreachable;
  uint32_t frameCount = 0;
  uint32_t omittedFrames = 0;
  // Only the first frameCount entries are written, and read: left
  // uninitialised, since a record is made for every call and zeroing 1 KiB
  // cost more than the rest of a call.
  uintptr_t pcs[kMaxTrapFrames];
  // Each frame's VMContext slot (abi/frame_layout.h), as read: checked
  // against the store's contexts before use (a trap in a prologue may come
  // before the slot is written).
  uintptr_t contexts[kMaxTrapFrames];
};

class JitStoreState;

// One activation of the entry trampoline. The first fields are read and
// written by the assembly (each stub file asserts the offsets it uses).
struct JitEntryFrame {
  const void* code = nullptr;
  VMContext* context = nullptr;
  // Not zeroed: the trampoline loads every slot, but wasm reads only the
  // argument registers its type has, which invoke() writes.
  uint64_t regs[kRegisterSlots];
  uint64_t stackBytes = 0;  // outgoing area: stack arguments, then stack results
  uint64_t* stackArea = nullptr;
  uintptr_t entryFp = 0;  // the trampoline's frame pointer, for unwinding
  // Not touched by the assembly:
  JitEntryFrame* previous = nullptr;  // the next outer entry on this thread
  const JitStoreState* store = nullptr;
  JitTrapRecord trap;
};

namespace jit_stub_layout {
static_assert(offsetof(JitEntryFrame, code) == kCode);
static_assert(offsetof(JitEntryFrame, context) == kContext);
static_assert(offsetof(JitEntryFrame, regs) == kRegs);
static_assert(offsetof(JitEntryFrame, stackBytes) == kStackBytes);
static_assert(offsetof(JitEntryFrame, stackArea) == kStackArea);
static_assert(offsetof(JitEntryFrame, entryFp) == kEntryFp);
static_assert(offsetof(VMContext, memoryBase) == 0);
}  // namespace jit_stub_layout

// This thread's innermost entry (platform TLS), or nullptr outside wasm.
JitEntryFrame* innermostJitEntry();
// Leaves the wasm frames above `entry`: its ember_jit_enter returns 1.
[[noreturn]] void resumeAtEntry(const JitEntryFrame& entry);
// The same from a signal handler: the registers to resume with.
ember_registers landingRegisters(const JitEntryFrame& entry, const ember_registers& at);

// The JIT side of a Store: the code of every module instantiated in it
// (for mapping PCs of its traps), the contexts whose stack limit follows
// the thread that runs the store, and the context host functions get.
class JitStoreState {
 public:
  explicit JitStoreState(VMStoreContext* store);
  JitStoreState(const JitStoreState&) = delete;
  JitStoreState& operator=(const JitStoreState&) = delete;

  // Fills the JIT fields of an instance's context (builtins, stack limit,
  // memory length) and remembers it and its code.
  void addInstance(VMContext* context, std::shared_ptr<const JitCode> code);
  // Forgets a context (its instance is being destroyed); its code stays.
  void removeInstance(VMContext* context);
  // Makes a host function callable from JIT code (host_calls.h).
  void prepareHostFunction(VMFunction& function);

  // Calls a wasm function: `cells` holds the arguments and receives the
  // results. False when it trapped; `trap` then says where and why.
  bool invoke(const Function& function, ValueCell* cells, JitTrapRecord& trap);

  // The code containing `pc`, or nullptr. Async-signal-safe.
  const JitCode* codeAt(uintptr_t pc) const;
  // Whether `context` is one of this store's instance contexts.
  bool hasContext(uintptr_t context) const;

 private:
  void followThread();

  VMContext hostContext_;
  std::vector<std::shared_ptr<const JitCode>> codes_;
  std::vector<VMContext*> contexts_;
  uintptr_t stackLimit_ = 0;
};

}  // namespace ember

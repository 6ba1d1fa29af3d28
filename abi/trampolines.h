// The assembly stubs between the runtime and JIT code (DESIGN layer table:
// "the entry/exit trampoline signatures"), one file per architecture
// (jit/x64/runtime_stubs_x64.cpp, jit/a64/runtime_stubs_a64.cpp), and the
// C++ functions they call (runtime/jit/). A stub only moves registers; the
// logic stays in C++ (jit/README.md, "Running JIT code").
#pragma once

#include <cstddef>
#include <cstdint>

namespace ember {

struct VMContext;
struct JitEntryFrame;  // runtime/jit/entry.h; its first fields follow jit_stub_layout

// The registers the internal convention passes values in, as the stubs save
// and load them, in 8-byte words: words 0-7 the GP argument registers in
// order (x86-64 has six, words 6-7 unused; results in words 0, 1), then the
// eight FP argument registers, two words each since a register may hold a
// v128 (FP register i at words 8 + 2i, 9 + 2i; results in 8-9, 10-11). One
// layout for both architectures.
constexpr size_t kFirstFpSlot = 8;
constexpr size_t kFpSlotWords = 2;
constexpr size_t kRegisterSlots = kFirstFpSlot + 8 * kFpSlotWords;

// JitEntryFrame offsets the stubs hard-code (each stub file asserts the
// literals it uses; runtime/jit/entry.h asserts them against the struct).
namespace jit_stub_layout {
constexpr size_t kCode = 0;
constexpr size_t kContext = 8;
constexpr size_t kRegs = 16;
constexpr size_t kFpRegs = kRegs + 8 * kFirstFpSlot;
constexpr size_t kStackBytes = kRegs + 8 * kRegisterSlots;
constexpr size_t kStackArea = kStackBytes + 8;
constexpr size_t kEntryFp = kStackArea + 8;
}  // namespace jit_stub_layout

}  // namespace ember

// Implemented by the stubs.
//
// ember_jit_enter(frame): from the C ABI into the internal convention. Saves
// the C ABI's callee-saved registers, records its frame pointer in
// frame->entryFp, copies the outgoing area (stack arguments) below itself,
// pins the VMContext and memory base registers, loads the argument
// registers and calls frame->code; then stores the result registers and
// copies the outgoing area (stack results) back. Returns 0. A trap resumes
// at ember_jit_enter_landing with the frame pointer register = entryFp,
// which returns 1 from the same activation (the landing resets the stack
// pointer from the frame pointer).
extern "C" uint32_t ember_jit_enter(ember::JitEntryFrame* frame);
extern "C" char ember_jit_enter_landing[];
// Sets the frame pointer to `entryFp` and jumps to the landing.
extern "C" [[noreturn]] void ember_jit_unwind(uintptr_t entryFp);
// BuiltinId::Trap, called by trap stubs: passes the trapping frame's frame
// pointer and its own return address (the stub's trap instruction, inside
// the function) on to ember_jit_raise_trap.
extern "C" void ember_jit_trap_builtin(ember::VMContext* context, uint32_t code);
// VMFunction::code of every host function: called like a wasm function,
// saves the argument registers (the kRegisterSlots words, layout of
// JitEntryFrame::regs) and calls ember_jit_call_host with its caller's frame
// pointer, the slots, the caller's outgoing area and its return address;
// returns the result registers from the slots.
extern "C" void ember_jit_host_stub();

// Called by the stubs.
extern "C" [[noreturn]] __attribute__((visibility("hidden"))) void ember_jit_raise_trap(
    ember::VMContext* context, uint32_t code, uintptr_t fp, uintptr_t pc);
extern "C" __attribute__((visibility("hidden"))) void ember_jit_call_host(uintptr_t callerFp,
                                                                          uint64_t* regs,
                                                                          uint64_t* stackArea,
                                                                          uintptr_t returnPc);

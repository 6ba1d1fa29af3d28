// The AArch64 MacroAssembler: the interface of jit/masm.h over asmjit's
// a64::Assembler. Include jit/masm.h rather than this file. asmjit stays
// behind `Impl` so code including the masm does not parse asmjit headers.
#pragma once

#include <memory>
#include <span>

#include "jit/a64/registers_a64.h"
#include "jit/masm.h"

namespace ember::a64 {

class MacroAssembler {
 public:
  explicit MacroAssembler(const MasmOptions& options);
  ~MacroAssembler();
  MacroAssembler(const MacroAssembler&) = delete;
  MacroAssembler& operator=(const MacroAssembler&) = delete;

  // Whether this CPU can run the code the masm emits. Everything it uses is
  // ARMv8.0-A base (FP and Advanced SIMD are mandatory for Linux on
  // AArch64), so this succeeds; it exists for the engine's one check.
  static Result<void> checkHostSupport();

  // --- Functions, frames, finalisation -------------------------------------
  // Starts function `funcIndex` (16-byte aligned) and binds its label.
  void beginFunction(uint32_t funcIndex);
  // stp x29, x30, [sp, #-16]!; mov x29, sp; x16 = sp - frame size (two
  // subs patched by endFunction); traps with StackExhausted if x16 is below
  // the VMContext's limit, else mov sp, x16.
  void emitPrologue();
  // Ends the current function: patches the prologue with `frameBytes`
  // (rounded up to 16) and emits the function's trap stubs.
  void endFunction(uint32_t frameBytes);
  void emitReturn();  // mov sp, x29; ldp x29, x30, [sp], #16; ret
  // Resolves labels, checks that no absolute relocation remains, copies the
  // code out. The masm is spent afterwards.
  Result<CompiledCode> finalize();
  uint32_t codeOffset() const;
  void align(uint32_t alignment);  // with nops

  Address frameSlot(uint32_t offset) const { return {x29, -static_cast<int32_t>(offset)}; }
  Address callerArea(uint32_t offset) const {
    return {x29, RegisterConventions::kCallerAreaOffset + static_cast<int32_t>(offset)};
  }
  Address outgoingArea(uint32_t offset) const { return {sp, static_cast<int32_t>(offset)}; }
  Address vmContext(int32_t offset) const { return {RegisterConventions::kVmContext, offset}; }
  void allocateStack(uint32_t bytes);  // sub sp (must keep it a multiple of 16)
  void freeStack(uint32_t bytes);

  // --- Moves, loads, stores -------------------------------------------------
  void move(ValType type, Reg dst, Reg src);
  void moveImm(ValType type, Reg dst, uint64_t bits);  // movz/movn + movk, or orr
  void load(LoadKind kind, Reg dst, const Address& src);
  void store(StoreKind kind, const Address& dst, Reg src);
  void storeImm(StoreKind kind, const Address& dst, uint64_t bits);
  void loadAddress(Reg dst, const Address& src);
  // Linear memory 0: [membase + uxtw(index) + offset].
  void loadHeap(LoadKind kind, Reg dst, Reg index, uint64_t offset, BoundsCheck check);
  void storeHeap(StoreKind kind, Reg value, Reg index, uint64_t offset, BoundsCheck check);
  void reloadMemoryBase();  // after a call that may have moved memory 0

  // --- Integer operations ---------------------------------------------------
  void add(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void add(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void sub(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void sub(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void mul(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void mul(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void bitAnd(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void bitAnd(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void bitOr(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void bitOr(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void bitXor(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void bitXor(OpSize s, Reg dst, Reg lhs, int64_t imm);
  // Shift counts are taken modulo the width (spec 4.3.2 ishl etc.), which
  // is what lslv/lsrv/asrv/rorv do.
  void shl(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void shl(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void shrS(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void shrS(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void shrU(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void shrU(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void rotl(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void rotl(OpSize s, Reg dst, Reg lhs, int64_t imm);
  void rotr(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void rotr(OpSize s, Reg dst, Reg lhs, int64_t imm);
  // sdiv/udiv never fault, so the wasm traps are explicit checks; no fixed
  // registers (kDivRemClobbers is empty).
  void divS(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void divU(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void remS(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void remU(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void clz(OpSize s, Reg dst, Reg src);
  void ctz(OpSize s, Reg dst, Reg src);     // rbit + clz
  void popcnt(OpSize s, Reg dst, Reg src);  // cnt + addv on the FP scratch
  void eqz(OpSize s, Reg dst, Reg src);
  void compare(IntCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs);
  void compare(IntCond cond, OpSize s, Reg dst, Reg lhs, int64_t imm);
  void select(ValType type, Reg dst, Reg cond, Reg ifTrue, Reg ifFalse);

  // --- Float operations (S32 = f32, S64 = f64) -----------------------------
  void fadd(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fsub(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fmul(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fdiv(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fmin(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fmax(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fcopysign(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void fabs(OpSize s, Reg dst, Reg src);
  void fneg(OpSize s, Reg dst, Reg src);
  void fsqrt(OpSize s, Reg dst, Reg src);
  void fround(RoundMode mode, OpSize s, Reg dst, Reg src);
  void fcompare(FloatCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs);
  void convert(Conversion conv, Reg dst, Reg src);

  // --- Control flow ---------------------------------------------------------
  // Conditional branches (b.cond, cbz) reach +-1 MiB, so a function's body
  // plus its trap stubs must stay below that.
  Label newLabel();
  void bind(Label label);
  void jump(Label target);
  void branch(IntCond cond, OpSize s, Reg lhs, Reg rhs, Label target);
  void branch(IntCond cond, OpSize s, Reg lhs, int64_t imm, Label target);
  void branchIfZero(OpSize s, Reg value, Label target);
  void branchIfNotZero(OpSize s, Reg value, Label target);
  // Jumps when (lhs cond rhs) == whenTrue, NaN-correct either way.
  void branchFloat(FloatCond cond, OpSize s, Reg lhs, Reg rhs, Label target, bool whenTrue);
  // br_table: jumps to targets[index], or to defaultTarget when index >=
  // targets.size(). The table holds 4-byte table-relative offsets.
  void jumpTable(Reg index, std::span<const Label> targets, Label defaultTarget);

  // --- Calls ----------------------------------------------------------------
  Label functionLabel(uint32_t funcIndex);
  void callFunction(uint32_t funcIndex);  // bl, resolved at finalize
  void call(Label target);
  void callIndirect(Reg target);
  void callIndirect(const Address& target);
  void callBuiltin(uint32_t builtinId);  // ldr x16, [x19, builtins + id * 8]; blr x16

  // --- Traps ----------------------------------------------------------------
  void trap(TrapCode code);
  void trapIf(IntCond cond, OpSize s, Reg lhs, Reg rhs, TrapCode code);
  void trapIf(IntCond cond, OpSize s, Reg lhs, int64_t imm, TrapCode code);
  void trapIfZero(OpSize s, Reg value, TrapCode code);
  Label trapLabel(TrapCode code);  // the current function's stub for `code`
  // Records the next instruction emitted as one that may fault with `code`.
  void recordTrapSite(TrapCode code);
  // Epoch check: traps when *[vmctx + counterPtrOffset] >= [vmctx + limitOffset].
  void trapIfCounterReached(int32_t counterPtrOffset, int32_t limitOffset, TrapCode code);
  // Fuel check: --[[vmctx + ptrOffset] + fieldOffset]; traps when negative.
  void trapIfDecrementNegative(int32_t ptrOffset, int32_t fieldOffset, TrapCode code);

 private:
  struct Impl;

  void emitTrapStubs();
  void patchFrameSize(uint32_t frameBytes);
  void emitBoundsCheck(Reg index, uint64_t offset, uint32_t size);
  void divide(OpSize s, Reg dst, Reg lhs, Reg rhs, bool isSigned, bool wantRemainder);
  void truncateChecked(Conversion conv, Reg dst, Reg src);

  MasmOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ember::a64

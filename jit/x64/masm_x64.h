// The x86-64 MacroAssembler: the interface of jit/masm.h over asmjit's
// x86::Assembler. Include jit/masm.h rather than this file. asmjit stays
// behind `Impl` so code including the masm does not parse asmjit headers.
#pragma once

#include <memory>
#include <span>

#include "jit/masm.h"
#include "jit/x64/registers_x64.h"

namespace ember::x64 {

// The instruction-set extensions the masm may use, detected once per
// process. Tests switch them off to exercise the fallbacks.
struct CpuFeatures {
  bool sse41 = false;   // required: roundss/roundsd
  bool popcnt = false;  // else a shift loop
  bool lzcnt = false;   // else bsr
  bool bmi1 = false;    // tzcnt; else bsf
  bool bmi2 = false;    // shlx/sarx/shrx/rorx; else shifts through cl

  static const CpuFeatures& host();
};

class MacroAssembler {
 public:
  explicit MacroAssembler(const MasmOptions& options,
                          const CpuFeatures& features = CpuFeatures::host());
  ~MacroAssembler();
  MacroAssembler(const MacroAssembler&) = delete;
  MacroAssembler& operator=(const MacroAssembler&) = delete;

  // Whether this CPU can run the code the masm emits (SSE4.1). The engine
  // calls it once before compiling anything.
  static Result<void> checkHostSupport();
  const CpuFeatures& features() const { return features_; }

  // --- Functions, frames, finalisation -------------------------------------
  // Starts function `funcIndex` (16-byte aligned) and binds its label.
  void beginFunction(uint32_t funcIndex);
  // push rbp; mov rbp, rsp; lea r11, [rsp - <frame size, patched by
  // endFunction>]; traps with StackExhausted if r11 is below the
  // VMContext's limit, else mov rsp, r11.
  void emitPrologue();
  // Ends the current function: patches the prologue with `frameBytes`
  // (rounded up to 16) and emits the function's trap stubs.
  void endFunction(uint32_t frameBytes);
  void emitReturn();  // leave; ret
  // Resolves labels, checks that no absolute relocation remains, copies the
  // code out. The masm is spent afterwards.
  Result<CompiledCode> finalize();
  uint32_t codeOffset() const;
  void align(uint32_t alignment);  // with nops

  Address frameSlot(uint32_t offset) const { return {rbp, -static_cast<int32_t>(offset)}; }
  Address callerArea(uint32_t offset) const {
    return {rbp, RegisterConventions::kCallerAreaOffset + static_cast<int32_t>(offset)};
  }
  Address outgoingArea(uint32_t offset) const { return {rsp, static_cast<int32_t>(offset)}; }
  Address vmContext(int32_t offset) const { return {RegisterConventions::kVmContext, offset}; }
  void allocateStack(uint32_t bytes);  // sub rsp (keep it a multiple of 16)
  void freeStack(uint32_t bytes);

  // --- Moves, loads, stores -------------------------------------------------
  void move(ValType type, Reg dst, Reg src);
  void moveImm(ValType type, Reg dst, uint64_t bits);
  void load(LoadKind kind, Reg dst, const Address& src);
  void store(StoreKind kind, const Address& dst, Reg src);
  void storeImm(StoreKind kind, const Address& dst, uint64_t bits);
  void loadAddress(Reg dst, const Address& src);  // lea
  // Linear memory 0: [membase + zero-extended index + offset].
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
  // Shift counts are taken modulo the width (spec 4.3.2 ishl etc.).
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
  // Division clobbers RegisterConventions::kDivRemClobbers (rax, rdx).
  void divS(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void divU(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void remS(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void remU(OpSize s, Reg dst, Reg lhs, Reg rhs);
  void clz(OpSize s, Reg dst, Reg src);
  void ctz(OpSize s, Reg dst, Reg src);
  void popcnt(OpSize s, Reg dst, Reg src);
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
  // targets.size(). The table holds 8-byte label-relative offsets.
  void jumpTable(Reg index, std::span<const Label> targets, Label defaultTarget);

  // --- Calls ----------------------------------------------------------------
  Label functionLabel(uint32_t funcIndex);
  void callFunction(uint32_t funcIndex);  // call rel32, resolved at finalize
  void call(Label target);
  void callIndirect(Reg target);
  void callIndirect(const Address& target);
  void callBuiltin(uint32_t builtinId);  // call [vmctx + builtins + id * 8]

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
  void emitBoundsCheck(Reg index, uint64_t offset, uint32_t size);
  void divide(OpSize s, Reg dst, Reg lhs, Reg rhs, bool isSigned, bool wantRemainder);
  void truncateSigned(Conversion conv, Reg dst, Reg src);
  void truncateUnsigned32(Conversion conv, Reg dst, Reg src);
  void truncateUnsigned64(Conversion conv, Reg dst, Reg src);
  void convertUnsigned64ToFloat(OpSize to, Reg dst, Reg src);

  MasmOptions options_;
  CpuFeatures features_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ember::x64

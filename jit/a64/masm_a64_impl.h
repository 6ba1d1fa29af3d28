// Private to the AArch64 backend (jit/a64/*.cpp): the state behind
// MacroAssembler's `Impl`, and the helpers that more than one of its
// translation units uses (masm_a64.cpp for the scalar operations,
// masm_a64_simd.cpp for NEON). Nothing outside jit/a64/ includes it, so
// asmjit headers stay inside the backend.
#pragma once

#include <asmjit/core.h>
// Debian's asmjit ships no <asmjit/a64.h> umbrella; these are its parts.
#include <asmjit/arm/a64assembler.h>

#include <cstdint>
#include <vector>

#include "jit/a64/masm_a64.h"
#include "jit/code_buffer.h"

namespace ember::a64 {

namespace aa = asmjit::a64;

// The masm's conditional branches: b.cond, or cbz/cbnz of a register.
struct CondBranch {
  enum class Kind : uint8_t { Cond, Zero, NotZero };
  Kind kind;
  asmjit::arm::CondCode cc = asmjit::arm::CondCode::kAL;
  aa::Gp reg{};

  static CondBranch on(asmjit::arm::CondCode cc) { return {Kind::Cond, cc, {}}; }
  static CondBranch ifZero(const aa::Gp& reg) { return {Kind::Zero, asmjit::arm::CondCode::kAL, reg}; }
  static CondBranch ifNotZero(const aa::Gp& reg) { return {Kind::NotZero, asmjit::arm::CondCode::kAL, reg}; }
  CondBranch inverted() const {
    switch (kind) {
      case Kind::Cond: return on(asmjit::arm::negateCond(cc));
      case Kind::Zero: return ifNotZero(reg);
      default: return ifZero(reg);
    }
  }
  void emit(aa::Assembler& a, const asmjit::Label& to) const {
    switch (kind) {
      case Kind::Cond: a.b(cc, to); break;
      case Kind::Zero: a.cbz(reg, to); break;
      case Kind::NotZero: a.cbnz(reg, to); break;
    }
  }
};

struct MacroAssembler::Impl {
  // AArch64 explicitly, not the host: the masm emits the same code when
  // a test or tool runs it elsewhere.
  Impl() : buffer(asmjit::Environment(asmjit::Arch::kAArch64), "AArch64") {
    buffer.attach(as, kBranchAndLink);
  }
  // `bl`: the displacement from the instruction, in words, in its low 26
  // bits.
  static constexpr CallFormat kBranchAndLink{.bitCount = 26, .discardBits = 2};

  asmjit::Label label(Label l) const { return CodeBuffer::toAsmjit(l); }

  CodeBuffer buffer;
  aa::Assembler as;
  Label afterFrameSize;  // right after the prologue's frame-size words

  // v128 constants already in the code (masm_a64_simd.cpp): later uses
  // within `ldr` (literal) reach load them from there.
  struct PooledV128 {
    uint8_t bytes[16];
    asmjit::Label label;
    uint32_t offset;
  };
  std::vector<PooledV128> v128Constants;

  // Conditional branches reach +-1 MiB (b.cond, cbz, cbnz: imm19 words).
  // One to a label behind beyond that is inverted over a `b` (+-128 MiB);
  // one to a label not bound yet is recorded here, oldest first, and if
  // its label is still unbound kIslandDistance later, it is redirected to
  // a `b` in a veneer island (emitBranchVeneers). Short functions, and
  // branches to labels bound within that distance, never pay for either.
  struct PendingBranch {
    uint32_t labelId;
    uint32_t offset;  // of the conditional branch
  };
  std::vector<PendingBranch> pendingBranches;

  void conditionalBranch(const CondBranch& branch, Label target, bool farAhead = false);
  void emitBranchVeneers();
};

// dst = v in the fewest instructions (orr, or movz/movn + movk).
void emitMoveImm(aa::Assembler& a, OpSize s, const aa::Gp& dst, uint64_t v);

// The operand of a memory 0 access: [membase + uxtw(index) + offset], with
// x17 (kAddressScratchGp) holding what does not fit the addressing mode.
aa::Mem heapOperand(aa::Assembler& a, Reg index, uint64_t offset, uint32_t size);

}  // namespace ember::a64

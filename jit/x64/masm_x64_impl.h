// The x86-64 masm's private half: asmjit's assembler behind `Impl` and the
// register and operand helpers shared by the masm's .cpp files
// (masm_x64.cpp, masm_x64_simd.cpp). Include only from jit/x64/.
#pragma once

#include <asmjit/x86.h>

#include <cassert>
#include <cstdint>
#include <limits>

#include "jit/code_buffer.h"
#include "jit/x64/fast_assembler.h"
#include "jit/x64/masm_x64.h"

namespace ember::x64 {

namespace ax = asmjit::x86;
using asmjit::Imm;

inline ax::Gp gpq(Reg r) {
  assert(r.isGp());
  return ax::gpq(r.code());
}
inline ax::Gp gpd(Reg r) {
  assert(r.isGp());
  return ax::gpd(r.code());
}
inline ax::Gp gpw(Reg r) {
  assert(r.isGp());
  return ax::gpw(r.code());
}
inline ax::Gp gpb(Reg r) {
  assert(r.isGp());
  return ax::gpb_lo(r.code());
}
inline ax::Gp gpr(OpSize s, Reg r) { return s == OpSize::S64 ? ax::Gp(gpq(r)) : ax::Gp(gpd(r)); }
inline ax::Xmm xmmr(Reg r) {
  assert(r.isFp());
  return ax::xmm(r.code());
}
inline ax::Gp scratch(OpSize s) { return s == OpSize::S64 ? ax::Gp(ax::r11) : ax::Gp(ax::r11d); }
inline const ax::Xmm kFpScratch = ax::xmm15;
// The second vector scratch (RegisterConventions::kScratchFp2), for SIMD
// sequences that need two temporaries.
inline const ax::Xmm kFpScratch2 = ax::xmm14;

inline bool fitsInt32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

// Shortest encoding of a 64-bit constant: xor for 0, mov r32 (which
// zero-extends) up to 2^32-1, sign-extended imm32, else movabs.
inline void emitMoveImm64(FastAssembler& a, const ax::Gp& dst64, uint64_t v) {
  const ax::Gp dst32 = dst64.r32();
  if (v == 0) {
    a.xor_(dst32, dst32);
  } else if (v <= std::numeric_limits<uint32_t>::max()) {
    a.mov(dst32, Imm(v));
  } else if (fitsInt32(static_cast<int64_t>(v))) {
    a.mov(dst64, Imm(static_cast<int64_t>(v)));
  } else {
    a.movabs(dst64, Imm(v));
  }
}

// [membase + index + offset]; the index register's upper half is zero by
// the masm's invariant. An offset beyond a disp32 is added in the scratch.
inline ax::Mem heapOperand(FastAssembler& a, Reg index, uint64_t offset) {
  const bool fitsDisplacement = offset <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
  if (!index.isValid()) {  // a constant address
    if (fitsDisplacement) return ax::ptr(ax::r15, static_cast<int32_t>(offset));
    emitMoveImm64(a, ax::r11, offset);
    return ax::ptr(ax::r15, ax::r11);
  }
  if (fitsDisplacement) return ax::ptr(ax::r15, gpq(index), 0, static_cast<int32_t>(offset));
  emitMoveImm64(a, ax::r11, offset);
  a.add(ax::r11, gpq(index));
  return ax::ptr(ax::r15, ax::r11);
}

struct MacroAssembler::Impl {
  // `call rel32`: e8, then the displacement from the instruction's end.
  static constexpr CallFormat kCallRel32{.fieldOffset = 1, .anchorOffset = 1, .addend = -4};

  Impl() : buffer(asmjit::Environment::host(), "x86-64") {
    buffer.attach(as, kCallRel32, &as.unpatchedBranches());
  }

  asmjit::Label label(Label l) const { return CodeBuffer::toAsmjit(l); }

  CodeBuffer buffer;
  FastAssembler as;
};

}  // namespace ember::x64

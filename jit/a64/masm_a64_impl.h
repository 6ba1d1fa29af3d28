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

struct MacroAssembler::Impl {
  // AArch64 explicitly, not the host: the masm emits the same code when
  // a test or tool runs it elsewhere.
  Impl() : buffer(asmjit::Environment(asmjit::Arch::kAArch64), "AArch64") { buffer.attach(as); }

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
};

// dst = v in the fewest instructions (orr, or movz/movn + movk).
void emitMoveImm(aa::Assembler& a, OpSize s, const aa::Gp& dst, uint64_t v);

// The operand of a memory 0 access: [membase + uxtw(index) + offset], with
// x17 (kAddressScratchGp) holding what does not fit the addressing mode.
aa::Mem heapOperand(aa::Assembler& a, Reg index, uint64_t offset);

}  // namespace ember::a64

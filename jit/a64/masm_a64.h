// The AArch64 MacroAssembler: the interface of jit/masm.h over asmjit's
// a64::Assembler. Include jit/masm.h rather than this file. asmjit stays
// behind `Impl` so code including the masm does not parse asmjit headers.
// Conditional branches (b.cond, cbz) reach +-1 MiB: a function's trap stubs
// come in islands within that reach (see at()); branches between the code
// generator's own labels must stay within it.
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

#include "jit/masm_operations.inc"

 private:
  struct Impl;

  Impl& at();  // the assembler's state, after a trap-stub island if one is due
  void emitTrapStubs();
  void emitTrapStub(const TrapEntry& entry);
  // `bl` to code offset `target` (kNoCall: a zero displacement); returns
  // the instruction's offset.
  uint32_t emitDirectCall(uint32_t target);
  void patchFrameSize(uint32_t frameBytes);
  void emitBoundsCheck(Reg index, uint64_t offset, uint32_t size);
  void divide(OpSize s, Reg dst, Reg lhs, Reg rhs, bool isSigned, bool wantRemainder);
  void truncateChecked(Conversion conv, Reg dst, Reg src);
  void loadV128(uint32_t vecCode, const uint8_t bytes[16]);  // masm_a64_simd.cpp

  MasmOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ember::a64

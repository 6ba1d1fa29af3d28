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
  bool sse42 = false;   // pcmpgtq (i64x2 compares); else an SSE4.1 sequence
  bool avx = false;     // VEX three-operand SIMD forms; else SSE two-operand
  bool avx2 = false;    // vpbroadcast* (splats); else shuffles

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

#include "jit/masm_operations.inc"

 private:
  struct Impl;

  void emitTrapStubs();
  void emitTrapStub(const TrapEntry& entry);
  // `call rel32` to code offset `target` (kNoCall: a zero displacement);
  // returns the instruction's offset.
  uint32_t emitDirectCall(uint32_t target);
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

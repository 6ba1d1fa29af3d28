// The internal calling convention applied to a signature (jit/README.md):
// where each argument and result of a wasm call lives. Used by the code
// generator's call lowering (call_lowering.cpp) and by the runtime's entry
// trampolines and host-call glue, which must agree with it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "jit/masm.h"

namespace ember {

// Where one argument or result lives at a call (see computeCallLayout).
struct ValueLocation {
  Reg reg;                   // valid: passed in this register
  uint32_t stackOffset = 0;  // otherwise: offset in the outgoing area
  bool inRegister() const { return reg.isValid(); }
};

// The internal calling convention applied to a signature. Stack arguments
// come first in the outgoing area, stack results after them; the caller
// reserves `stackBytes()` at [sp, sp + stackBytes()) right before the call,
// which the callee sees from callerArea(0).
struct CallLayout {
  std::vector<ValueLocation> params;
  std::vector<ValueLocation> results;
  uint32_t stackParamBytes = 0;
  uint32_t stackResultBytes = 0;
  uint32_t stackBytes() const {  // both, rounded up to the stack alignment
    return (stackParamBytes + stackResultBytes + 15) & ~uint32_t{15};
  }
};

// Assigns each parameter and result a register or an outgoing-area slot by
// the internal calling convention (jit/README.md): in order, the first GP
// values to RegisterConventions::kArgGp/kResultGp, the first FP values to
// kArgFp/kResultFp, the rest to 8-byte slots (16 for v128), params first.
inline CallLayout computeCallLayout(std::span<const ValType> params,
                                    std::span<const ValType> results) {
  CallLayout layout;
  uint32_t stackBytes = 0;
  auto assign = [&](std::span<const ValType> types, std::span<const Reg> gpRegs,
                    std::span<const Reg> fpRegs, std::vector<ValueLocation>& out) {
    size_t gpUsed = 0, fpUsed = 0;
    for (ValType t : types) {
      ValueLocation loc;
      if (regClassOf(t) == RegClass::Gp && gpUsed < gpRegs.size()) {
        loc.reg = gpRegs[gpUsed++];
      } else if (regClassOf(t) == RegClass::Fp && fpUsed < fpRegs.size()) {
        loc.reg = fpRegs[fpUsed++];
      } else {
        uint32_t size = t == ValType::V128 ? 16 : RegisterConventions::kStackSlotSize;
        stackBytes = (stackBytes + size - 1) & ~(size - 1);
        loc.stackOffset = stackBytes;
        stackBytes += size;
      }
      out.push_back(loc);
    }
  };
  assign(params, RegisterConventions::kArgGp, RegisterConventions::kArgFp, layout.params);
  layout.stackParamBytes = stackBytes;
  assign(results, RegisterConventions::kResultGp, RegisterConventions::kResultFp, layout.results);
  layout.stackResultBytes = stackBytes - layout.stackParamBytes;
  return layout;
}

}  // namespace ember

// The AArch64 registers and the register conventions of Ember's generated
// code: which registers are pinned, which the masm keeps for itself, which
// the code generator may allocate, and where the internal calling
// convention puts arguments and results. jit/README.md explains the choices.
#pragma once

#include "jit/register_set.h"

namespace ember::a64 {

inline constexpr Reg x(uint8_t n) { return Reg::gp(n); }
inline constexpr Reg x0 = x(0), x1 = x(1), x2 = x(2), x3 = x(3), x4 = x(4), x5 = x(5), x6 = x(6),
                     x7 = x(7), x8 = x(8), x9 = x(9), x10 = x(10), x11 = x(11), x12 = x(12),
                     x13 = x(13), x14 = x(14), x15 = x(15), x16 = x(16), x17 = x(17), x18 = x(18),
                     x19 = x(19), x20 = x(20), x21 = x(21), x22 = x(22), x23 = x(23), x24 = x(24),
                     x25 = x(25), x26 = x(26), x27 = x(27), x28 = x(28), x29 = x(29), x30 = x(30);
// Encoding 31 is sp or xzr depending on the instruction; the masm only ever
// uses it as the stack pointer (a base address, or add/sub with it).
inline constexpr Reg sp = x(31);

inline constexpr Reg v(uint8_t n) { return Reg::fp(n); }
inline constexpr Reg v0 = v(0), v1 = v(1), v2 = v(2), v3 = v(3), v4 = v(4), v5 = v(5), v6 = v(6),
                     v7 = v(7), v31 = v(31);

struct RegisterConventions {
  // DESIGN decision 3: pinned in registers AAPCS64 makes callee-saved, so
  // builtins (plain C functions) preserve them for free.
  static constexpr Reg kVmContext = x19;
  static constexpr Reg kMemoryBase = x20;  // memory 0's base
  static constexpr Reg kFramePointer = x29;
  static constexpr Reg kLinkRegister = x30;
  static constexpr Reg kStackPointer = sp;
  // Never allocated: the masm clobbers them inside any operation. x16/x17
  // are AAPCS64's intra-procedure-call scratch registers (IP0/IP1), which a
  // linker veneer may clobber anyway. kScratchGp (x16) is the one the code
  // generator may also use between masm calls (slot copies, a callee
  // pointer used as a base); kAddressScratchGp (x17) is the masm's own, for
  // addresses whose offset does not fit the instruction: it is never the
  // base or value of an Address the code generator builds.
  static constexpr Reg kScratchGp = x16;
  static constexpr Reg kAddressScratchGp = x17;
  static constexpr Reg kScratchFp = v31;

  // x0-x15 and x21-x28. Not x18 (the platform register: reserved on Apple
  // and Windows, and kept free here so code stays portable), not the pinned
  // x19/x20, x29/x30 or the scratch x16/x17.
  static constexpr RegisterSet kAllocatableGp = RegisterSet::fromMasks(0x1FE0FFFF, 0);
  static constexpr RegisterSet kAllocatableFp = RegisterSet::fromMasks(0, 0x7FFFFFFF);  // v0-v30
  static constexpr RegisterSet kAllocatable = kAllocatableGp | kAllocatableFp;

  // A call to wasm code may change every allocatable register (the internal
  // convention has no callee-saved allocatable registers, as on x86-64).
  static constexpr RegisterSet kWasmCallClobbers = kAllocatable;
  // A builtin is an AAPCS64 function: x21-x28 survive it. v8-v15 survive
  // only in their low 64 bits, not enough for a v128, so every vector
  // register counts as clobbered.
  static constexpr RegisterSet kBuiltinCallClobbers =
      kAllocatable - RegisterSet::fromMasks(0x1FE00000, 0);

  // Internal calling convention (jit/README.md): the AAPCS64 argument and
  // result registers, so a builtin call needs no argument shuffling.
  static constexpr Reg kArgGp[] = {x0, x1, x2, x3, x4, x5, x6, x7};
  static constexpr Reg kArgFp[] = {v0, v1, v2, v3, v4, v5, v6, v7};
  static constexpr Reg kResultGp[] = {x0, x1};
  static constexpr Reg kResultFp[] = {v0, v1};
  // Where values carried by a branch to a block's end travel (the code
  // generator's merge registers, up to kMaxMergeRegsPerClass per class).
  static constexpr Reg kMergeGp[] = {x0, x1, x2, x3};
  static constexpr Reg kMergeFp[] = {v0, v1, v2, v3};

  // sdiv/udiv need no fixed registers.
  static constexpr RegisterSet kDivRemClobbers{};

  // Frame layout: [fp + 0] caller's fp, [fp + 8] return address (both
  // stored by the prologue's stp), the caller's outgoing area from [fp + 16].
  static constexpr int32_t kCallerAreaOffset = 16;
  static constexpr uint32_t kStackAlignment = 16;
  static constexpr uint32_t kStackSlotSize = 8;
};

static_assert(
    !RegisterConventions::kAllocatable.has(x16) && !RegisterConventions::kAllocatable.has(x17) &&
    !RegisterConventions::kAllocatable.has(x18) && !RegisterConventions::kAllocatable.has(x19) &&
    !RegisterConventions::kAllocatable.has(x20) && RegisterConventions::kAllocatable.has(x21) &&
    RegisterConventions::kAllocatable.has(x28) && !RegisterConventions::kAllocatable.has(x29) &&
    RegisterConventions::kAllocatableGp.count() == 24);

}  // namespace ember::a64

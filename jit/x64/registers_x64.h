// The x86-64 registers and the register conventions of Ember's generated
// code: which registers are pinned, which the masm keeps for itself, which
// the code generator may allocate, and where the internal calling
// convention puts arguments and results. jit/README.md explains the choices.
#pragma once

#include "jit/register_set.h"

namespace ember::x64 {

inline constexpr Reg rax = Reg::gp(0);
inline constexpr Reg rcx = Reg::gp(1);
inline constexpr Reg rdx = Reg::gp(2);
inline constexpr Reg rbx = Reg::gp(3);
inline constexpr Reg rsp = Reg::gp(4);
inline constexpr Reg rbp = Reg::gp(5);
inline constexpr Reg rsi = Reg::gp(6);
inline constexpr Reg rdi = Reg::gp(7);
inline constexpr Reg r8 = Reg::gp(8);
inline constexpr Reg r9 = Reg::gp(9);
inline constexpr Reg r10 = Reg::gp(10);
inline constexpr Reg r11 = Reg::gp(11);
inline constexpr Reg r12 = Reg::gp(12);
inline constexpr Reg r13 = Reg::gp(13);
inline constexpr Reg r14 = Reg::gp(14);
inline constexpr Reg r15 = Reg::gp(15);

inline constexpr Reg xmm(uint8_t n) { return Reg::fp(n); }
inline constexpr Reg xmm0 = xmm(0);
inline constexpr Reg xmm1 = xmm(1);
inline constexpr Reg xmm2 = xmm(2);
inline constexpr Reg xmm3 = xmm(3);
inline constexpr Reg xmm4 = xmm(4);
inline constexpr Reg xmm5 = xmm(5);
inline constexpr Reg xmm6 = xmm(6);
inline constexpr Reg xmm7 = xmm(7);
inline constexpr Reg xmm14 = xmm(14);
inline constexpr Reg xmm15 = xmm(15);

struct RegisterConventions {
  // DESIGN decision 3: pinned in registers the SysV ABI makes callee-saved,
  // so builtins (plain C functions) preserve them for free.
  static constexpr Reg kVmContext = r14;
  static constexpr Reg kMemoryBase = r15;  // memory 0's base
  static constexpr Reg kFramePointer = rbp;
  static constexpr Reg kStackPointer = rsp;
  // Never allocated: the masm clobbers them inside any operation.
  static constexpr Reg kScratchGp = r11;
  static constexpr Reg kScratchFp = xmm15;
  // A second vector scratch, only for SIMD sequences that need two
  // temporaries besides their operands (i64x2.mul, f32x4.min, ...).
  static constexpr Reg kScratchFp2 = xmm14;

  static constexpr RegisterSet kAllocatableGp{rax, rcx, rdx, rbx, rsi, rdi, r8, r9, r10, r12, r13};
  static constexpr RegisterSet kAllocatableFp = RegisterSet::fromMasks(0, 0x3FFF);  // xmm0-13
  static constexpr RegisterSet kAllocatable = kAllocatableGp | kAllocatableFp;

  // A call to wasm code may change every allocatable register (the internal
  // convention has no callee-saved allocatable registers, as in Liftoff and
  // Winch: a single-pass compiler spills live values at calls anyway).
  static constexpr RegisterSet kWasmCallClobbers = kAllocatable;
  // A builtin is a SysV C function: rbx, r12, r13 survive it.
  static constexpr RegisterSet kBuiltinCallClobbers = kAllocatable - RegisterSet{rbx, r12, r13};

  // Internal calling convention (jit/README.md): the SysV argument and
  // result registers, so a builtin call needs no argument shuffling.
  static constexpr Reg kArgGp[] = {rdi, rsi, rdx, rcx, r8, r9};
  static constexpr Reg kArgFp[] = {xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7};
  static constexpr Reg kResultGp[] = {rax, rdx};
  static constexpr Reg kResultFp[] = {xmm0, xmm1};
  // Where values carried by a branch to a block's end travel (the code
  // generator's merge registers, up to kMaxMergeRegsPerClass per class).
  static constexpr Reg kMergeGp[] = {rax, rcx, rdx, rbx};
  static constexpr Reg kMergeFp[] = {xmm0, xmm1, xmm2, xmm3};

  // Registers an operation needs for itself; the caller must keep no live
  // value there other than the operation's own operands.
  static constexpr RegisterSet kDivRemClobbers{rax, rdx};  // idiv/div use rdx:rax

  // Frame layout: [fp + 0] caller's fp, [fp + 8] return address, the
  // caller's outgoing argument/result area from [fp + 16].
  static constexpr int32_t kCallerAreaOffset = 16;
  static constexpr uint32_t kStackAlignment = 16;
  static constexpr uint32_t kStackSlotSize = 8;
};

}  // namespace ember::x64

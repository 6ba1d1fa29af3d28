// The AArch64 (AAPCS64) stubs between the runtime and JIT code; declared and
// specified in abi/trampolines.h. Internal convention: x19 = VMContext,
// x20 = memory 0 base, arguments in x0-x7 / v0-v7, results in x0 x1 / v0 v1
// (jit/README.md, AArch64). Frames are `stp x29, x30` records as in
// generated code, so [fp] = caller's fp and [fp + 8] = return address hold
// for the runtime's frame walks. sp stays 16-aligned throughout.
#include "abi/trampolines.h"
#include "jit/stub_layout_literals.h"  // the literal offsets below

// ember_jit_enter: saves x19-x28 and d8-d15 (AAPCS64 callee-saved; wasm code
// allocates x21-x28 and every v register) below its x29/x30 record at
// [x29 - 144, x29), and the frame pointer argument at [x29 - 160]. The
// outgoing area is copied 8 bytes at a time into a 16-aligned block. The
// landing restores from x29 alone, which is all a trap gives it.
asm(R"(
  .text
  .p2align 2
  .globl ember_jit_enter
  .hidden ember_jit_enter
  .type ember_jit_enter, %function
  .globl ember_jit_enter_landing
  .hidden ember_jit_enter_landing
  .globl ember_jit_unwind
  .hidden ember_jit_unwind
  .type ember_jit_unwind, %function
ember_jit_enter:
  stp x29, x30, [sp, #-16]!
  mov x29, sp
  stp x19, x20, [sp, #-16]!
  stp x21, x22, [sp, #-16]!
  stp x23, x24, [sp, #-16]!
  stp x25, x26, [sp, #-16]!
  stp x27, x28, [sp, #-16]!
  stp d8, d9, [sp, #-16]!
  stp d10, d11, [sp, #-16]!
  stp d12, d13, [sp, #-16]!
  stp d14, d15, [sp, #-16]!
  stp x0, xzr, [sp, #-16]!
  str x29, [x0, #224]
  ldr x9, [x0, #208]
  add x10, x9, #15
  and x10, x10, #-16
  sub sp, sp, x10
  ldr x11, [x0, #216]
  mov x12, #0
.Lember_enter_copy_in:
  cmp x12, x9
  b.hs .Lember_enter_call
  ldr x13, [x11, x12]
  str x13, [sp, x12]
  add x12, x12, #8
  b .Lember_enter_copy_in
.Lember_enter_call:
  mov x16, x0
  ldr x19, [x16, #8]
  ldr x20, [x19]
  ldr x17, [x16]
  ldp q0, q1, [x16, #80]
  ldp q2, q3, [x16, #112]
  ldp q4, q5, [x16, #144]
  ldp q6, q7, [x16, #176]
  ldp x0, x1, [x16, #16]
  ldp x2, x3, [x16, #32]
  ldp x4, x5, [x16, #48]
  ldp x6, x7, [x16, #64]
  blr x17
  ldur x16, [x29, #-160]
  stp x0, x1, [x16, #16]
  stp q0, q1, [x16, #80]
  ldr x9, [x16, #208]
  ldr x11, [x16, #216]
  mov x12, #0
.Lember_enter_copy_out:
  cmp x12, x9
  b.hs .Lember_enter_done
  ldr x13, [sp, x12]
  str x13, [x11, x12]
  add x12, x12, #8
  b .Lember_enter_copy_out
.Lember_enter_done:
  mov w0, #0
  b .Lember_enter_restore
ember_jit_enter_landing:
  mov w0, #1
.Lember_enter_restore:
  sub sp, x29, #144
  ldp d14, d15, [sp], #16
  ldp d12, d13, [sp], #16
  ldp d10, d11, [sp], #16
  ldp d8, d9, [sp], #16
  ldp x27, x28, [sp], #16
  ldp x25, x26, [sp], #16
  ldp x23, x24, [sp], #16
  ldp x21, x22, [sp], #16
  ldp x19, x20, [sp], #16
  ldp x29, x30, [sp], #16
  ret
  .size ember_jit_enter, .-ember_jit_enter
ember_jit_unwind:
  mov x29, x0
  b ember_jit_enter_landing
  .size ember_jit_unwind, .-ember_jit_unwind
)");

// ember_jit_trap_builtin: the trap stub's `blr` left x29 as the trapping
// function's frame pointer and x30 = the address of the stub's udf.
asm(R"(
  .text
  .p2align 2
  .globl ember_jit_trap_builtin
  .hidden ember_jit_trap_builtin
  .type ember_jit_trap_builtin, %function
ember_jit_trap_builtin:
  mov x2, x29
  mov x3, x30
  b ember_jit_raise_trap
  .size ember_jit_trap_builtin, .-ember_jit_trap_builtin
)");

// ember_jit_host_stub: its own x29/x30 record (so [x29] = the caller's x29,
// [x29 + 8] = the return address, [x29 + 16] = the caller's outgoing area),
// then the register slots at [sp, sp + 192): x0-x7 at 0-56, the whole
// q0-q7 at 64-176 (two words each, for v128 values).
asm(R"(
  .text
  .p2align 2
  .globl ember_jit_host_stub
  .hidden ember_jit_host_stub
  .type ember_jit_host_stub, %function
ember_jit_host_stub:
  stp x29, x30, [sp, #-16]!
  mov x29, sp
  sub sp, sp, #192
  stp x0, x1, [sp]
  stp x2, x3, [sp, #16]
  stp x4, x5, [sp, #32]
  stp x6, x7, [sp, #48]
  stp q0, q1, [sp, #64]
  stp q2, q3, [sp, #96]
  stp q4, q5, [sp, #128]
  stp q6, q7, [sp, #160]
  ldr x0, [x29]
  mov x1, sp
  add x2, x29, #16
  ldr x3, [x29, #8]
  bl ember_jit_call_host
  ldp x0, x1, [sp]
  ldp q0, q1, [sp, #64]
  mov sp, x29
  ldp x29, x30, [sp], #16
  ret
  .size ember_jit_host_stub, .-ember_jit_host_stub
)");

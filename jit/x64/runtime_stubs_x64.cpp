// The x86-64 (SysV) stubs between the runtime and JIT code; declared and
// specified in abi/trampolines.h. Internal convention: r14 = VMContext,
// r15 = memory 0 base, arguments in rdi rsi rdx rcx r8 r9 / xmm0-7, results
// in rax rdx / xmm0 xmm1 (jit/README.md).
#include "abi/trampolines.h"
#include "jit/stub_layout_literals.h"  // the literal offsets below

// ember_jit_enter: rbp-8..rbp-40 hold rbx r12 r13 r14 r15, rbp-48 the
// frame; rsp is 16-aligned after those seven words, and the outgoing area is
// a multiple of 16, so the call is aligned.
asm(R"(
  .text
  .globl ember_jit_enter
  .hidden ember_jit_enter
  .type ember_jit_enter, @function
  .globl ember_jit_unwind
  .hidden ember_jit_unwind
  .type ember_jit_unwind, @function
  .globl ember_jit_enter_landing
  .hidden ember_jit_enter_landing
  .intel_syntax noprefix
ember_jit_enter:
  push rbp
  mov rbp, rsp
  push rbx
  push r12
  push r13
  push r14
  push r15
  push rdi
  mov qword ptr [rdi + 160], rbp
  mov rcx, qword ptr [rdi + 144]
  sub rsp, rcx
  mov rsi, qword ptr [rdi + 152]
  mov rdi, rsp
  cld
  rep movsb
  mov r10, qword ptr [rbp - 48]
  mov r14, qword ptr [r10 + 8]
  mov r15, qword ptr [r14]
  mov r11, qword ptr [r10]
  movsd xmm0, qword ptr [r10 + 80]
  movsd xmm1, qword ptr [r10 + 88]
  movsd xmm2, qword ptr [r10 + 96]
  movsd xmm3, qword ptr [r10 + 104]
  movsd xmm4, qword ptr [r10 + 112]
  movsd xmm5, qword ptr [r10 + 120]
  movsd xmm6, qword ptr [r10 + 128]
  movsd xmm7, qword ptr [r10 + 136]
  mov rdi, qword ptr [r10 + 16]
  mov rsi, qword ptr [r10 + 24]
  mov rdx, qword ptr [r10 + 32]
  mov rcx, qword ptr [r10 + 40]
  mov r8, qword ptr [r10 + 48]
  mov r9, qword ptr [r10 + 56]
  call r11
  mov r10, qword ptr [rbp - 48]
  mov qword ptr [r10 + 16], rax
  mov qword ptr [r10 + 24], rdx
  movsd qword ptr [r10 + 80], xmm0
  movsd qword ptr [r10 + 88], xmm1
  mov rcx, qword ptr [r10 + 144]
  mov rsi, rsp
  mov rdi, qword ptr [r10 + 152]
  rep movsb
  xor eax, eax
  lea rsp, [rbp - 40]
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbx
  pop rbp
  ret
ember_jit_enter_landing:
  mov eax, 1
  lea rsp, [rbp - 40]
  pop r15
  pop r14
  pop r13
  pop r12
  pop rbx
  pop rbp
  ret
  .size ember_jit_enter, .-ember_jit_enter
ember_jit_unwind:
  mov rbp, rdi
  jmp ember_jit_enter_landing
  .size ember_jit_unwind, .-ember_jit_unwind
  .att_syntax prefix
)");

// ember_jit_trap_builtin: the trap stub's `call` left rbp as the trapping
// function's frame pointer and [rsp] = the address of the stub's ud2.
asm(R"(
  .text
  .globl ember_jit_trap_builtin
  .hidden ember_jit_trap_builtin
  .type ember_jit_trap_builtin, @function
  .intel_syntax noprefix
ember_jit_trap_builtin:
  mov rdx, rbp
  mov rcx, qword ptr [rsp]
  jmp ember_jit_raise_trap
  .size ember_jit_trap_builtin, .-ember_jit_trap_builtin
  .att_syntax prefix
)");

// ember_jit_host_stub: a frame of its own (so [rbp] = the caller's rbp,
// [rbp + 8] = the return address, [rbp + 16] = the caller's outgoing area),
// then the 16 register slots at [rsp, rsp + 128): GP arguments at 0-40, FP
// at 64-120 (jit_stub_layout: FP slots start at slot 8).
asm(R"(
  .text
  .globl ember_jit_host_stub
  .hidden ember_jit_host_stub
  .type ember_jit_host_stub, @function
  .intel_syntax noprefix
ember_jit_host_stub:
  push rbp
  mov rbp, rsp
  sub rsp, 128
  mov qword ptr [rsp], rdi
  mov qword ptr [rsp + 8], rsi
  mov qword ptr [rsp + 16], rdx
  mov qword ptr [rsp + 24], rcx
  mov qword ptr [rsp + 32], r8
  mov qword ptr [rsp + 40], r9
  movsd qword ptr [rsp + 64], xmm0
  movsd qword ptr [rsp + 72], xmm1
  movsd qword ptr [rsp + 80], xmm2
  movsd qword ptr [rsp + 88], xmm3
  movsd qword ptr [rsp + 96], xmm4
  movsd qword ptr [rsp + 104], xmm5
  movsd qword ptr [rsp + 112], xmm6
  movsd qword ptr [rsp + 120], xmm7
  mov rdi, qword ptr [rbp]
  mov rsi, rsp
  lea rdx, [rbp + 16]
  mov rcx, qword ptr [rbp + 8]
  call ember_jit_call_host
  mov rax, qword ptr [rsp]
  mov rdx, qword ptr [rsp + 8]
  movsd xmm0, qword ptr [rsp + 64]
  movsd xmm1, qword ptr [rsp + 72]
  leave
  ret
  .size ember_jit_host_stub, .-ember_jit_host_stub
  .att_syntax prefix
)");

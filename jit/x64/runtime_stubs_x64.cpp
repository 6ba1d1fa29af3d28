// The x86-64 (SysV) stubs between the runtime and JIT code; declared and
// specified in abi/trampolines.h. Internal convention: r14 = VMContext,
// r15 = memory 0 base, arguments in rdi rsi rdx rcx r8 r9 / xmm0-7, results
// in rax rdx / xmm0 xmm1 (jit/README.md).
#include "abi/trampolines.h"
#include "jit/stub_layout_literals.h"  // the literal offsets below

// ember_jit_enter: rbp-8..rbp-40 hold rbx r12 r13 r14 r15, rbp-48 the
// frame; rsp is 16-aligned after those seven words, and the outgoing area is
// a multiple of 16, so the call is aligned. The outgoing area is copied
// in and out with rep movsb only when it is not empty: rep movsb costs about
// 8 ns even for zero bytes, which was a tenth of a host->wasm call.
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
  mov qword ptr [rdi + 224], rbp
  mov rcx, qword ptr [rdi + 208]
  sub rsp, rcx
  test rcx, rcx
  jz .Lember_jit_enter_no_stack_args
  mov rsi, qword ptr [rdi + 216]
  mov rdi, rsp
  cld
  rep movsb
.Lember_jit_enter_no_stack_args:
  mov r10, qword ptr [rbp - 48]
  mov r14, qword ptr [r10 + 8]
  mov r15, qword ptr [r14]
  mov r11, qword ptr [r10]
  movups xmm0, xmmword ptr [r10 + 80]
  movups xmm1, xmmword ptr [r10 + 96]
  movups xmm2, xmmword ptr [r10 + 112]
  movups xmm3, xmmword ptr [r10 + 128]
  movups xmm4, xmmword ptr [r10 + 144]
  movups xmm5, xmmword ptr [r10 + 160]
  movups xmm6, xmmword ptr [r10 + 176]
  movups xmm7, xmmword ptr [r10 + 192]
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
  movups xmmword ptr [r10 + 80], xmm0
  movups xmmword ptr [r10 + 96], xmm1
  mov rcx, qword ptr [r10 + 208]
  test rcx, rcx
  jz .Lember_jit_enter_no_stack_results
  mov rsi, rsp
  mov rdi, qword ptr [r10 + 216]
  rep movsb
.Lember_jit_enter_no_stack_results:
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
// then the register slots at [rsp, rsp + 192): GP arguments at 0-40, the
// whole xmm0-7 at 64-176 (jit_stub_layout: FP slots start at word 8, two
// words each, for v128 values).
asm(R"(
  .text
  .globl ember_jit_host_stub
  .hidden ember_jit_host_stub
  .type ember_jit_host_stub, @function
  .intel_syntax noprefix
ember_jit_host_stub:
  push rbp
  mov rbp, rsp
  sub rsp, 192
  mov qword ptr [rsp], rdi
  mov qword ptr [rsp + 8], rsi
  mov qword ptr [rsp + 16], rdx
  mov qword ptr [rsp + 24], rcx
  mov qword ptr [rsp + 32], r8
  mov qword ptr [rsp + 40], r9
  movups xmmword ptr [rsp + 64], xmm0
  movups xmmword ptr [rsp + 80], xmm1
  movups xmmword ptr [rsp + 96], xmm2
  movups xmmword ptr [rsp + 112], xmm3
  movups xmmword ptr [rsp + 128], xmm4
  movups xmmword ptr [rsp + 144], xmm5
  movups xmmword ptr [rsp + 160], xmm6
  movups xmmword ptr [rsp + 176], xmm7
  mov rdi, qword ptr [rbp]
  mov rsi, rsp
  lea rdx, [rbp + 16]
  mov rcx, qword ptr [rbp + 8]
  call ember_jit_call_host
  mov rax, qword ptr [rsp]
  mov rdx, qword ptr [rsp + 8]
  movups xmm0, xmmword ptr [rsp + 64]
  movups xmm1, xmmword ptr [rsp + 80]
  leave
  ret
  .size ember_jit_host_stub, .-ember_jit_host_stub
  .att_syntax prefix
)");

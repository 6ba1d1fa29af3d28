func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000009A
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x28], 0x00
    25: mov qword ptr [rbp-0x30], 0x00
    2d: mov qword ptr [rbp-0x38], 0x00
    35: mov [rbp-0x18], edi
    38: jmp 0x0000000000000094
    3d: mov dword ptr [rbp-0x30], 0x00
    44: jmp 0x000000000000008A
    49: lea eax, [rdi+r13*1]
    4d: mov eax, [r15+rax*1]
    51: add eax, r12d
    54: lea ecx, [r13+0x04]
    58: cmp ecx, esi
    5a: jnb 0x000000000000006E
    60: mov [rbp-0x38], eax
    63: mov [rbp-0x30], ecx
    66: mov r13d, ecx
    69: mov r12d, eax
    6c: jmp 0x0000000000000049
    6e: lea edx, [r10+0x01]
    72: cmp edx, esi
    74: jnb 0x0000000000000088
    7a: mov [rbp-0x38], eax
    7d: mov [rbp-0x30], ecx
    80: mov [rbp-0x28], edx
    83: mov r10d, edx
    86: jmp 0x000000000000003D
    88: leave
    89: ret
    8a: mov r13d, [rbp-0x30]
    8e: mov r12d, [rbp-0x38]
    92: jmp 0x0000000000000049
    94: mov r10d, [rbp-0x28]
    98: jmp 0x000000000000003D
    9a: and rsp, 0xFFFFFFFFFFFFFFF0
    9e: mov rdi, r14
    a1: mov esi, 0x09
    a6: call [r14+0x68]
    aa: ud2

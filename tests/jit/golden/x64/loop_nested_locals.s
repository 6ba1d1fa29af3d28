func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000094
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x28], 0x00
    25: mov qword ptr [rbp-0x30], 0x00
    2d: mov qword ptr [rbp-0x38], 0x00
    35: mov [rbp-0x18], edi
    38: jmp 0x000000000000008E
    3d: mov dword ptr [rbp-0x30], 0x00
    44: jmp 0x0000000000000084
    49: lea eax, [rdi+r13*1]
    4d: mov eax, [r15+rax*1]
    51: add eax, r12d
    54: lea ecx, [r13+0x04]
    58: cmp ecx, esi
    5a: jnb 0x0000000000000068
    60: mov r13d, ecx
    63: mov r12d, eax
    66: jmp 0x0000000000000049
    68: lea edx, [r10+0x01]
    6c: cmp edx, esi
    6e: jnb 0x0000000000000082
    74: mov [rbp-0x38], eax
    77: mov [rbp-0x30], ecx
    7a: mov [rbp-0x28], edx
    7d: mov r10d, edx
    80: jmp 0x000000000000003D
    82: leave
    83: ret
    84: mov r13d, [rbp-0x30]
    88: mov r12d, [rbp-0x38]
    8c: jmp 0x0000000000000049
    8e: mov r10d, [rbp-0x28]
    92: jmp 0x000000000000003D
    94: and rsp, 0xFFFFFFFFFFFFFFF0
    98: mov rdi, r14
    9b: mov esi, 0x09
    a0: call [r14+0x68]
    a4: ud2

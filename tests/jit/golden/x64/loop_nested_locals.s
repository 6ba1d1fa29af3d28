func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000009C
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], esi
    23: mov qword ptr [rbp-0x28], 0x00
    2b: mov qword ptr [rbp-0x30], 0x00
    33: mov qword ptr [rbp-0x38], 0x00
    3b: jmp 0x0000000000000096
    40: mov dword ptr [rbp-0x30], 0x00
    47: jmp 0x000000000000008C
    4c: mov eax, edi
    4e: add eax, r13d
    51: mov eax, [r15+rax*1]
    55: add eax, r12d
    58: mov [rbp-0x38], eax
    5b: lea ecx, [r13+0x04]
    5f: mov [rbp-0x30], ecx
    62: mov edx, ecx
    64: cmp ecx, esi
    66: jnb 0x0000000000000074
    6c: mov r13d, edx
    6f: mov r12d, eax
    72: jmp 0x000000000000004C
    74: lea ecx, [r10+0x01]
    78: mov [rbp-0x28], ecx
    7b: mov ebx, ecx
    7d: cmp ecx, esi
    7f: jnb 0x000000000000008A
    85: mov r10d, ebx
    88: jmp 0x0000000000000040
    8a: leave
    8b: ret
    8c: mov r13d, [rbp-0x30]
    90: mov r12d, [rbp-0x38]
    94: jmp 0x000000000000004C
    96: mov r10d, [rbp-0x28]
    9a: jmp 0x0000000000000040
    9c: and rsp, 0xFFFFFFFFFFFFFFF0
    a0: mov rdi, r14
    a3: mov esi, 0x09
    a8: call [r14+0x68]
    ac: ud2

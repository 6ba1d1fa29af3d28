func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000009E
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x28], 0x00
    25: mov qword ptr [rbp-0x30], 0x00
    2d: mov qword ptr [rbp-0x38], 0x00
    35: mov [rbp-0x20], esi
    38: mov [rbp-0x18], edi
    3b: jmp 0x0000000000000098
    40: mov dword ptr [rbp-0x30], 0x00
    47: jmp 0x000000000000008E
    4c: mov eax, edi
    4e: add eax, r13d
    51: mov eax, [r15+rax*1]
    55: add eax, r12d
    58: lea ecx, [r13+0x04]
    5c: cmp ecx, esi
    5e: jnb 0x0000000000000072
    64: mov [rbp-0x38], eax
    67: mov [rbp-0x30], ecx
    6a: mov r13d, ecx
    6d: mov r12d, eax
    70: jmp 0x000000000000004C
    72: lea edx, [r10+0x01]
    76: cmp edx, esi
    78: jnb 0x000000000000008C
    7e: mov [rbp-0x38], eax
    81: mov [rbp-0x30], ecx
    84: mov [rbp-0x28], edx
    87: mov r10d, edx
    8a: jmp 0x0000000000000040
    8c: leave
    8d: ret
    8e: mov r13d, [rbp-0x30]
    92: mov r12d, [rbp-0x38]
    96: jmp 0x000000000000004C
    98: mov r10d, [rbp-0x28]
    9c: jmp 0x0000000000000040
    9e: and rsp, 0xFFFFFFFFFFFFFFF0
    a2: mov rdi, r14
    a5: mov esi, 0x09
    aa: call [r14+0x68]
    ae: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000009D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x28], 0x00
    25: mov qword ptr [rbp-0x30], 0x00
    2d: mov qword ptr [rbp-0x38], 0x00
    35: mov [rbp-0x20], esi
    38: mov [rbp-0x18], edi
    3b: jmp 0x0000000000000097
    40: mov dword ptr [rbp-0x30], 0x00
    47: jmp 0x000000000000008D
    4c: lea eax, [rdi+r13*1]
    50: mov eax, [r15+rax*1]
    54: add eax, r12d
    57: lea ecx, [r13+0x04]
    5b: cmp ecx, esi
    5d: jnb 0x0000000000000071
    63: mov [rbp-0x38], eax
    66: mov [rbp-0x30], ecx
    69: mov r13d, ecx
    6c: mov r12d, eax
    6f: jmp 0x000000000000004C
    71: lea edx, [r10+0x01]
    75: cmp edx, esi
    77: jnb 0x000000000000008B
    7d: mov [rbp-0x38], eax
    80: mov [rbp-0x30], ecx
    83: mov [rbp-0x28], edx
    86: mov r10d, edx
    89: jmp 0x0000000000000040
    8b: leave
    8c: ret
    8d: mov r13d, [rbp-0x30]
    91: mov r12d, [rbp-0x38]
    95: jmp 0x000000000000004C
    97: mov r10d, [rbp-0x28]
    9b: jmp 0x0000000000000040
    9d: and rsp, 0xFFFFFFFFFFFFFFF0
    a1: mov rdi, r14
    a4: mov esi, 0x09
    a9: call [r14+0x68]
    ad: ud2

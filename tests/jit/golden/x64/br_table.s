func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x20]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000074
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, edi
    1f: mov [rbp-0x18], edi
    22: cmp eax, 0x03
    25: jnb 0x000000000000006D
    2b: lea r11, [0x0000000000000040]
    32: add r11, [r11+rax*8]
    36: jmp r11
    39: int3
    3a: int3
    3b: int3
    3c: int3
    3d: int3
    3e: int3
    3f: int3
    40: sbb [rax], al
    42: add [rax], al
    44: add [rax], al
    46: add [rax], al
    48: (bad)
    49: add [rax], al
    4b: add [rax], al
    4d: add [rax], al
    4f: add [rsi], ah
    51: add [rax], al
    53: add [rax], al
    55: add [rax], al
    57: add [rax+0x0A], bh
    5d: leave
    5e: ret
    5f: mov eax, 0x14
    64: leave
    65: ret
    66: mov eax, 0x1E
    6b: leave
    6c: ret
    6d: mov eax, 0x28
    72: leave
    73: ret
    74: and rsp, 0xFFFFFFFFFFFFFFF0
    78: mov rdi, r14
    7b: mov esi, 0x09
    80: call [r14+0x68]
    84: ud2

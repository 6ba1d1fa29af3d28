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
    39: .byte 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc
    40: .quad 0x0000000000000018
    48: .quad 0x000000000000001f
    50: .quad 0x0000000000000026
    58: mov eax, 0x0A
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

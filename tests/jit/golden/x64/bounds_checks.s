func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000049
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: lea r11, [rdi+0x0C]
    21: cmp r11, [r14+0x58]
    25: jnbe 0x000000000000006D
    2b: mov dword ptr [r15+rdi*1+0x08], 0x05
    34: lea r11, [rdi+0x08]
    38: cmp r11, [r14+0x58]
    3c: jnbe 0x0000000000000072
    42: mov eax, [r15+rdi*1+0x04]
    47: leave
    48: ret
    49: and rsp, 0xFFFFFFFFFFFFFFF0
    4d: mov rdi, r14
    50: mov esi, 0x09
    55: call [r14+0x68]
    59: ud2
    5b: pop rdx
    5c: and rsp, 0xFFFFFFFFFFFFFFF0
    60: push rdx
    61: mov rdi, r14
    64: mov esi, 0x01
    69: jmp [r14+0x68]
    6d: call 0x000000000000005B
    72: call 0x000000000000005B
    77: int3

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000040
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x20], esi
    20: mov [rbp-0x18], edi
    23: cmp edi, esi
    25: jl 0x000000000000003B
    2b: cmp edi, 0x2A
    2e: jnz 0x000000000000003B
    34: mov dword ptr [rbp-0x18], 0x07
    3b: mov eax, [rbp-0x18]
    3e: leave
    3f: ret
    40: and rsp, 0xFFFFFFFFFFFFFFF0
    44: mov rdi, r14
    47: mov esi, 0x09
    4c: call [r14+0x68]
    50: ud2

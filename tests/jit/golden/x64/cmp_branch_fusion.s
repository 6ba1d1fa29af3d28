func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000046
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], esi
    23: mov eax, esi
    25: mov ecx, edi
    27: cmp ecx, eax
    29: jl 0x0000000000000041
    2f: mov eax, edi
    31: cmp eax, 0x2A
    34: jnz 0x0000000000000041
    3a: mov dword ptr [rbp-0x18], 0x07
    41: mov eax, [rbp-0x18]
    44: leave
    45: ret
    46: and rsp, 0xFFFFFFFFFFFFFFF0
    4a: mov rdi, r14
    4d: mov esi, 0x09
    52: call [r14+0x68]
    56: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000046
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x28], edx
    20: mov [rbp-0x20], esi
    23: mov [rbp-0x18], edi
    26: test edi, edi
    28: jz 0x0000000000000038
    2e: lea eax, [rsi+0x01]
    31: mov ecx, edx
    33: jmp 0x0000000000000042
    38: mov eax, edx
    3a: imul eax, esi
    3d: mov ecx, 0x03
    42: sub eax, ecx
    44: leave
    45: ret
    46: and rsp, 0xFFFFFFFFFFFFFFF0
    4a: mov rdi, r14
    4d: mov esi, 0x09
    52: call [r14+0x68]
    56: ud2

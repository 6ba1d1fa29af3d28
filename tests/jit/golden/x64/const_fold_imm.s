func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000049
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], rsi
    24: mov eax, edi
    26: add eax, 0x64
    29: and eax, 0xFF
    2e: shl eax, 0x03
    31: mov rcx, rsi
    34: add rcx, 0xFFFFFFFFFFFFFFF9
    38: cmp rcx, 0x3E8
    3f: setb cl
    42: movzx ecx, cl
    45: add eax, ecx
    47: leave
    48: ret
    49: and rsp, 0xFFFFFFFFFFFFFFF0
    4d: mov rdi, r14
    50: mov esi, 0x09
    55: call [r14+0x68]
    59: ud2

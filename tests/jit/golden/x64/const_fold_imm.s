func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000044
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], rsi
    24: lea eax, [rdi+0x64]
    27: and eax, 0xFF
    2c: shl eax, 0x03
    2f: lea rcx, [rsi-0x07]
    33: cmp rcx, 0x3E8
    3a: setb cl
    3d: movzx ecx, cl
    40: add eax, ecx
    42: leave
    43: ret
    44: and rsp, 0xFFFFFFFFFFFFFFF0
    48: mov rdi, r14
    4b: mov esi, 0x09
    50: call [r14+0x68]
    54: ud2

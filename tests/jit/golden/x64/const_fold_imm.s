func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000003D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: lea eax, [rdi+0x64]
    20: and eax, 0xFF
    25: shl eax, 0x03
    28: lea rcx, [rsi-0x07]
    2c: cmp rcx, 0x3E8
    33: setb cl
    36: movzx ecx, cl
    39: add eax, ecx
    3b: leave
    3c: ret
    3d: and rsp, 0xFFFFFFFFFFFFFFF0
    41: mov rdi, r14
    44: mov esi, 0x09
    49: call [r14+0x68]
    4d: ud2

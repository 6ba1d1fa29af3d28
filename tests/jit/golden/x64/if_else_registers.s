func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000051
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], esi
    23: mov [rbp-0x28], edx
    26: mov eax, edi
    28: test eax, eax
    2a: jz 0x000000000000003D
    30: mov eax, esi
    32: add eax, 0x01
    35: mov ecx, [rbp-0x28]
    38: jmp 0x000000000000004D
    3d: mov eax, [rbp-0x20]
    40: mov ecx, [rbp-0x28]
    43: imul ecx, eax
    46: mov eax, ecx
    48: mov ecx, 0x03
    4d: sub eax, ecx
    4f: leave
    50: ret
    51: and rsp, 0xFFFFFFFFFFFFFFF0
    55: mov rdi, r14
    58: mov esi, 0x09
    5d: call [r14+0x68]
    61: ud2

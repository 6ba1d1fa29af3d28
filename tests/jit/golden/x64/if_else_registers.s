func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x40]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], esi
    23: mov [rbp-0x28], edx
    26: test edi, edi
    28: jz 0x0000000000000039
    2e: lea eax, [rsi+0x01]
    31: mov ecx, [rbp-0x28]
    34: jmp 0x0000000000000049
    39: mov eax, [rbp-0x20]
    3c: mov ecx, [rbp-0x28]
    3f: imul ecx, eax
    42: mov eax, ecx
    44: mov ecx, 0x03
    49: sub eax, ecx
    4b: leave
    4c: ret
    4d: and rsp, 0xFFFFFFFFFFFFFFF0
    51: mov rdi, r14
    54: mov esi, 0x09
    59: call [r14+0x68]
    5d: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000003B
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [rbp-0x20], esi
    23: mov eax, esi
    25: cmp edi, esi
    27: cmovnle eax, edi
    2a: mov ecx, esi
    2c: mov edx, 0x07
    31: cmp edi, 0x64
    34: cmovnb ecx, edx
    37: add eax, ecx
    39: leave
    3a: ret
    3b: and rsp, 0xFFFFFFFFFFFFFFF0
    3f: mov rdi, r14
    42: mov esi, 0x09
    47: call [r14+0x68]
    4b: ud2

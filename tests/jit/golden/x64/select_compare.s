func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000035
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, esi
    1f: cmp edi, esi
    21: cmovnle eax, edi
    24: mov ecx, esi
    26: mov edx, 0x07
    2b: cmp edi, 0x64
    2e: cmovnb ecx, edx
    31: add eax, ecx
    33: leave
    34: ret
    35: and rsp, 0xFFFFFFFFFFFFFFF0
    39: mov rdi, r14
    3c: mov esi, 0x09
    41: call [r14+0x68]
    45: ud2

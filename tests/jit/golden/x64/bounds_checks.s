func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000051
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov eax, 0x05
    25: mov ecx, edi
    27: lea r11, [rcx+0x0C]
    2b: cmp r11, [r14+0x58]
    2f: jnbe 0x0000000000000063
    35: mov [r15+rcx*1+0x08], eax
    3a: mov eax, edi
    3c: lea r11, [rax+0x08]
    40: cmp r11, [r14+0x58]
    44: jnbe 0x0000000000000063
    4a: mov eax, [r15+rax*1+0x04]
    4f: leave
    50: ret
    51: and rsp, 0xFFFFFFFFFFFFFFF0
    55: mov rdi, r14
    58: mov esi, 0x09
    5d: call [r14+0x68]
    61: ud2
    63: and rsp, 0xFFFFFFFFFFFFFFF0
    67: mov rdi, r14
    6a: mov esi, 0x01
    6f: call [r14+0x68]
    73: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000030
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov [r15+0xEBC], edi
    27: mov eax, [r15+0xEC0]
    2e: leave
    2f: ret
    30: and rsp, 0xFFFFFFFFFFFFFFF0
    34: mov rdi, r14
    37: mov esi, 0x09
    3c: call [r14+0x68]
    40: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004C
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: cmp qword ptr [r14+0x58], 0xEC0
    28: jb 0x000000000000005E
    2e: mov [r15+0xEBC], edi
    35: cmp qword ptr [r14+0x58], 0xEC4
    3d: jb 0x000000000000005E
    43: mov eax, [r15+0xEC0]
    4a: leave
    4b: ret
    4c: and rsp, 0xFFFFFFFFFFFFFFF0
    50: mov rdi, r14
    53: mov esi, 0x09
    58: call [r14+0x68]
    5c: ud2
    5e: and rsp, 0xFFFFFFFFFFFFFFF0
    62: mov rdi, r14
    65: mov esi, 0x01
    6a: call [r14+0x68]
    6e: ud2

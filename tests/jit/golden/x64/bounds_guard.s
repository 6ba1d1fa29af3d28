func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000002E
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, 0x05
    22: mov [r15+rdi*1+0x08], eax
    27: mov eax, [r15+rdi*1+0x04]
    2c: leave
    2d: ret
    2e: and rsp, 0xFFFFFFFFFFFFFFF0
    32: mov rdi, r14
    35: mov esi, 0x09
    3a: call [r14+0x68]
    3e: ud2

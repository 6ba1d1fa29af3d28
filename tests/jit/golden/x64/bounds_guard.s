func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000031
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov eax, 0x05
    25: mov [r15+rdi*1+0x08], eax
    2a: mov eax, [r15+rdi*1+0x04]
    2f: leave
    30: ret
    31: and rsp, 0xFFFFFFFFFFFFFFF0
    35: mov rdi, r14
    38: mov esi, 0x09
    3d: call [r14+0x68]
    41: ud2

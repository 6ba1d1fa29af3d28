func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000002D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov dword ptr [r15+rdi*1+0x08], 0x05
    26: mov eax, [r15+rdi*1+0x04]
    2b: leave
    2c: ret
    2d: and rsp, 0xFFFFFFFFFFFFFFF0
    31: mov rdi, r14
    34: mov esi, 0x09
    39: call [r14+0x68]
    3d: ud2

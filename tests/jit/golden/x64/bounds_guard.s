func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000035
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov eax, 0x05
    25: mov ecx, edi
    27: mov [r15+rcx*1+0x08], eax
    2c: mov eax, edi
    2e: mov eax, [r15+rax*1+0x04]
    33: leave
    34: ret
    35: and rsp, 0xFFFFFFFFFFFFFFF0
    39: mov rdi, r14
    3c: mov esi, 0x09
    41: call [r14+0x68]
    45: ud2

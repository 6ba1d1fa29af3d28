func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000047
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov qword ptr [rbp-0x20], 0x00
    28: mov eax, [rbp-0x18]
    2b: mov ecx, [rbp-0x20]
    2e: add ecx, eax
    30: mov [rbp-0x20], ecx
    33: mov eax, [rbp-0x18]
    36: add eax, 0xFFFFFFFF
    39: mov [rbp-0x18], eax
    3c: mov edx, eax
    3e: test edx, edx
    40: jnz 0x0000000000000028
    42: mov eax, [rbp-0x20]
    45: leave
    46: ret
    47: and rsp, 0xFFFFFFFFFFFFFFF0
    4b: mov rdi, r14
    4e: mov esi, 0x09
    53: call [r14+0x68]
    57: ud2

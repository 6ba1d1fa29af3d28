func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004C
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x20], 0x00
    25: jmp 0x0000000000000046
    2a: lea eax, [r13+rdi*1]
    2f: lea ecx, [rdi-0x01]
    32: test ecx, ecx
    34: jz 0x0000000000000044
    3a: mov [rbp-0x20], eax
    3d: mov edi, ecx
    3f: mov r13d, eax
    42: jmp 0x000000000000002A
    44: leave
    45: ret
    46: mov r13d, [rbp-0x20]
    4a: jmp 0x000000000000002A
    4c: and rsp, 0xFFFFFFFFFFFFFFF0
    50: mov rdi, r14
    53: mov esi, 0x09
    58: call [r14+0x68]
    5c: ud2

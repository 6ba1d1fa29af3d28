func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000052
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x20], 0x00
    25: mov [rbp-0x18], edi
    28: jmp 0x000000000000004C
    2d: lea eax, [r13+rdi*1]
    32: lea ecx, [rdi-0x01]
    35: test ecx, ecx
    37: jz 0x000000000000004A
    3d: mov [rbp-0x20], eax
    40: mov [rbp-0x18], ecx
    43: mov edi, ecx
    45: mov r13d, eax
    48: jmp 0x000000000000002D
    4a: leave
    4b: ret
    4c: mov r13d, [rbp-0x20]
    50: jmp 0x000000000000002D
    52: and rsp, 0xFFFFFFFFFFFFFFF0
    56: mov rdi, r14
    59: mov esi, 0x09
    5e: call [r14+0x68]
    62: ud2

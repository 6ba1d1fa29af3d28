func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000049
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov qword ptr [rbp-0x20], 0x00
    25: jmp 0x0000000000000043
    2a: lea eax, [r13+rdi*1]
    2f: lea ecx, [rdi-0x01]
    32: test ecx, ecx
    34: jz 0x0000000000000041
    3a: mov edi, ecx
    3c: mov r13d, eax
    3f: jmp 0x000000000000002A
    41: leave
    42: ret
    43: mov r13d, [rbp-0x20]
    47: jmp 0x000000000000002A
    49: and rsp, 0xFFFFFFFFFFFFFFF0
    4d: mov rdi, r14
    50: mov esi, 0x09
    55: call [r14+0x68]
    59: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000005B
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov qword ptr [rbp-0x20], 0x00
    28: jmp 0x0000000000000055
    2d: mov eax, edi
    2f: mov ecx, r13d
    32: add ecx, eax
    34: mov [rbp-0x20], ecx
    37: mov eax, edi
    39: add eax, 0xFFFFFFFF
    3c: mov [rbp-0x18], eax
    3f: mov edx, eax
    41: test edx, edx
    43: jz 0x0000000000000050
    49: mov edi, eax
    4b: mov r13d, ecx
    4e: jmp 0x000000000000002D
    50: mov eax, [rbp-0x20]
    53: leave
    54: ret
    55: mov r13d, [rbp-0x20]
    59: jmp 0x000000000000002D
    5b: and rsp, 0xFFFFFFFFFFFFFFF0
    5f: mov rdi, r14
    62: mov esi, 0x09
    67: call [r14+0x68]
    6b: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x70]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000005E
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], rdi
    21: mov [rbp-0x20], rsi
    25: mov [rbp-0x28], rdx
    29: mov [rbp-0x30], rcx
    2d: mov [rbp-0x38], r8
    31: mov [rbp-0x40], r9
    35: mov r11, [rbp+0x10]
    39: mov [rbp-0x48], r11
    3d: mov r11, [rbp+0x18]
    41: mov [rbp-0x50], r11
    45: mov r11, [rbp+0x20]
    49: mov [rbp-0x58], r11
    4d: mov r11, [rbp+0x28]
    51: mov [rbp-0x60], r11
    55: mov rax, [rbp-0x60]
    59: add rax, rdi
    5c: leave
    5d: ret
    5e: and rsp, 0xFFFFFFFFFFFFFFF0
    62: mov rdi, r14
    65: mov esi, 0x09
    6a: call [r14+0x68]
    6e: ud2
func[1]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x70]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000006A
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], rdi
    21: sub rsp, 0x20
    25: mov qword ptr [rsp], 0x06
    2d: mov qword ptr [rsp+0x08], 0x07
    36: mov qword ptr [rsp+0x10], 0x08
    3f: mov [rsp+0x18], rdi
    44: mov esi, 0x01
    49: mov edx, 0x02
    4e: mov ecx, 0x03
    53: mov r8d, 0x04
    59: mov r9d, 0x05
    5f: call 0xFFFFFFFFFFFFFF90
    64: add rsp, 0x20
    68: leave
    69: ret
    6a: and rsp, 0xFFFFFFFFFFFFFFF0
    6e: mov rdi, r14
    71: mov esi, 0x09
    76: call [r14+0x68]
    7a: ud2

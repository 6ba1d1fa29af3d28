func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x70]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000047
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov r11, [rbp+0x10]
    21: mov [rbp-0x48], r11
    25: mov r11, [rbp+0x18]
    29: mov [rbp-0x50], r11
    2d: mov r11, [rbp+0x20]
    31: mov [rbp-0x58], r11
    35: mov r11, [rbp+0x28]
    39: mov [rbp-0x60], r11
    3d: mov rbx, [rbp-0x60]
    41: lea rax, [rdi+rbx*1]
    45: leave
    46: ret
    47: and rsp, 0xFFFFFFFFFFFFFFF0
    4b: mov rdi, r14
    4e: mov esi, 0x09
    53: call [r14+0x68]
    57: ud2
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
    5f: call 0xFFFFFFFFFFFFFFA0
    64: add rsp, 0x20
    68: leave
    69: ret
    6a: and rsp, 0xFFFFFFFFFFFFFFF0
    6e: mov rdi, r14
    71: mov esi, 0x09
    76: call [r14+0x68]
    7a: ud2

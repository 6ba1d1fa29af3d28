func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: mov eax, 0x05
    25: lea r11, [rdi+0x0C]
    29: cmp r11, [r14+0x58]
    2d: jnbe 0x000000000000005F
    33: mov [r15+rdi*1+0x08], eax
    38: lea r11, [rdi+0x08]
    3c: cmp r11, [r14+0x58]
    40: jnbe 0x000000000000005F
    46: mov eax, [r15+rdi*1+0x04]
    4b: leave
    4c: ret
    4d: and rsp, 0xFFFFFFFFFFFFFFF0
    51: mov rdi, r14
    54: mov esi, 0x09
    59: call [r14+0x68]
    5d: ud2
    5f: and rsp, 0xFFFFFFFFFFFFFFF0
    63: mov rdi, r14
    66: mov esi, 0x01
    6b: call [r14+0x68]
    6f: ud2

func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004A
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, 0x05
    22: lea r11, [rdi+0x0C]
    26: cmp r11, [r14+0x58]
    2a: jnbe 0x000000000000006E
    30: mov [r15+rdi*1+0x08], eax
    35: lea r11, [rdi+0x08]
    39: cmp r11, [r14+0x58]
    3d: jnbe 0x0000000000000073
    43: mov eax, [r15+rdi*1+0x04]
    48: leave
    49: ret
    4a: and rsp, 0xFFFFFFFFFFFFFFF0
    4e: mov rdi, r14
    51: mov esi, 0x09
    56: call [r14+0x68]
    5a: ud2
    5c: pop rdx
    5d: and rsp, 0xFFFFFFFFFFFFFFF0
    61: push rdx
    62: mov rdi, r14
    65: mov esi, 0x01
    6a: jmp [r14+0x68]
    6e: call 0x000000000000005C
    73: call 0x000000000000005C
    78: int3

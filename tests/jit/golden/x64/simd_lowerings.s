func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000026
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm1, xmm0
    20: pmovmskb eax, xmm1
    24: leave
    25: ret
    26: and rsp, 0xFFFFFFFFFFFFFFF0
    2a: mov rdi, r14
    2d: mov esi, 0x09
    32: call [r14+0x68]
    36: ud2
func[1]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000038
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm1, xmm0
    20: pxor xmm15, xmm15
    25: pcmpeqq xmm15, xmm1
    2b: xor eax, eax
    2d: ptest xmm15, xmm15
    33: setz al
    36: leave
    37: ret
    38: and rsp, 0xFFFFFFFFFFFFFFF0
    3c: mov rdi, r14
    3f: mov esi, 0x09
    44: call [r14+0x68]
    48: ud2
func[2]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004F
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm2, xmm1
    20: movaps xmm3, xmm0
    23: movdqa xmm15, [0x0000000000000070]
    2c: movaps xmm14, xmm2
    30: pshufb xmm14, xmm15
    36: movdqa xmm15, [0x0000000000000080]
    3f: pshufb xmm3, xmm15
    45: por xmm3, xmm14
    4a: movaps xmm0, xmm3
    4d: leave
    4e: ret
    4f: and rsp, 0xFFFFFFFFFFFFFFF0
    53: mov rdi, r14
    56: mov esi, 0x09
    5b: call [r14+0x68]
    5f: ud2
    61: .byte 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc
    68: .quad 0xcccccccccccccccc
    70: .quad 0x0780058003800180
    78: .quad 0x0f800d800b800980
    80: .quad 0x8006800480028000
    88: .quad 0x800e800c800a8008
func[3]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000004F
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm2, xmm1
    20: movaps xmm3, xmm0
    23: movdqa xmm15, [0x0000000000000070]
    2c: movaps xmm14, xmm2
    30: pshufb xmm14, xmm15
    36: movdqa xmm15, [0x0000000000000080]
    3f: pshufb xmm3, xmm15
    45: por xmm3, xmm14
    4a: movaps xmm0, xmm3
    4d: leave
    4e: ret
    4f: and rsp, 0xFFFFFFFFFFFFFFF0
    53: mov rdi, r14
    56: mov esi, 0x09
    5b: call [r14+0x68]
    5f: ud2
    61: .byte 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc
    68: .quad 0xcccccccccccccccc
    70: .quad 0x0380028001800080
    78: .quad 0x0780068005800480
    80: .quad 0x8003800280018000
    88: .quad 0x8007800680058004
func[4]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000002C
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm2, xmm1
    20: movaps xmm3, xmm0
    23: vpackuswb xmm3, xmm3, xmm2
    27: movaps xmm0, xmm3
    2a: leave
    2b: ret
    2c: and rsp, 0xFFFFFFFFFFFFFFF0
    30: mov rdi, r14
    33: mov esi, 0x09
    38: call [r14+0x68]
    3c: ud2
func[5]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000002C
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm2, xmm1
    20: movaps xmm3, xmm0
    23: vminps xmm3, xmm2, xmm3
    27: movaps xmm0, xmm3
    2a: leave
    2b: ret
    2c: and rsp, 0xFFFFFFFFFFFFFFF0
    30: mov rdi, r14
    33: mov esi, 0x09
    38: call [r14+0x68]
    3c: ud2
func[6]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000005A
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm2, xmm1
    20: movaps xmm3, xmm0
    23: movaps xmm15, xmm3
    27: psrlq xmm15, 0x20
    2d: pmuludq xmm15, xmm2
    32: movaps xmm14, xmm2
    36: psrlq xmm14, 0x20
    3c: pmuludq xmm14, xmm3
    41: paddq xmm15, xmm14
    46: psllq xmm15, 0x20
    4c: vpmuludq xmm3, xmm3, xmm2
    50: paddq xmm3, xmm15
    55: movaps xmm0, xmm3
    58: leave
    59: ret
    5a: and rsp, 0xFFFFFFFFFFFFFFF0
    5e: mov rdi, r14
    61: mov esi, 0x09
    66: call [r14+0x68]
    6a: ud2
func[7]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000038
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, edi
    1f: movaps xmm1, xmm0
    22: mov r11d, eax
    25: and r11d, 0x1F
    29: movd xmm14, r11d
    2e: vpsrad xmm1, xmm1, xmm14
    33: movaps xmm0, xmm1
    36: leave
    37: ret
    38: and rsp, 0xFFFFFFFFFFFFFFF0
    3c: mov rdi, r14
    3f: mov esi, 0x09
    44: call [r14+0x68]
    48: ud2
func[8]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000003D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm1, xmm0
    20: mov eax, edi
    22: pextrw word ptr [r15+rax*1+0x02], xmm1, 0x03
    2b: movaps xmm1, xmm0
    2e: mov eax, edi
    30: pinsrd xmm1, dword ptr [r15+rax*1], 0x01
    38: movaps xmm0, xmm1
    3b: leave
    3c: ret
    3d: and rsp, 0xFFFFFFFFFFFFFFF0
    41: mov rdi, r14
    44: mov esi, 0x09
    49: call [r14+0x68]
    4d: ud2

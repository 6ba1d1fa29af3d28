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
    10: jb 0x0000000000000039
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: vpshufb xmm14, xmm1, [0x0000000000000050]
    26: vpshufb xmm2, xmm0, [0x0000000000000060]
    2f: vpor xmm2, xmm2, xmm14
    34: movaps xmm0, xmm2
    37: leave
    38: ret
    39: and rsp, 0xFFFFFFFFFFFFFFF0
    3d: mov rdi, r14
    40: mov esi, 0x09
    45: call [r14+0x68]
    49: ud2
    4b: .byte 0xcc, 0xcc, 0xcc, 0xcc, 0xcc
    50: .quad 0x0780058003800180
    58: .quad 0x0f800d800b800980
    60: .quad 0x8006800480028000
    68: .quad 0x800e800c800a8008
func[3]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000039
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: vpshufb xmm14, xmm1, [0x0000000000000050]
    26: vpshufb xmm2, xmm0, [0x0000000000000060]
    2f: vpor xmm2, xmm2, xmm14
    34: movaps xmm0, xmm2
    37: leave
    38: ret
    39: and rsp, 0xFFFFFFFFFFFFFFF0
    3d: mov rdi, r14
    40: mov esi, 0x09
    45: call [r14+0x68]
    49: ud2
    4b: .byte 0xcc, 0xcc, 0xcc, 0xcc, 0xcc
    50: .quad 0x0380028001800080
    58: .quad 0x0780068005800480
    60: .quad 0x8003800280018000
    68: .quad 0x8007800680058004
func[4]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000026
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: vpackuswb xmm2, xmm0, xmm1
    21: movaps xmm0, xmm2
    24: leave
    25: ret
    26: and rsp, 0xFFFFFFFFFFFFFFF0
    2a: mov rdi, r14
    2d: mov esi, 0x09
    32: call [r14+0x68]
    36: ud2
func[5]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000026
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: vminps xmm2, xmm1, xmm0
    21: movaps xmm0, xmm2
    24: leave
    25: ret
    26: and rsp, 0xFFFFFFFFFFFFFFF0
    2a: mov rdi, r14
    2d: mov esi, 0x09
    32: call [r14+0x68]
    36: ud2
func[6]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000054
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movaps xmm15, xmm0
    21: psrlq xmm15, 0x20
    27: pmuludq xmm15, xmm1
    2c: movaps xmm14, xmm1
    30: psrlq xmm14, 0x20
    36: pmuludq xmm14, xmm0
    3b: paddq xmm15, xmm14
    40: psllq xmm15, 0x20
    46: vpmuludq xmm2, xmm0, xmm1
    4a: paddq xmm2, xmm15
    4f: movaps xmm0, xmm2
    52: leave
    53: ret
    54: and rsp, 0xFFFFFFFFFFFFFFF0
    58: mov rdi, r14
    5b: mov esi, 0x09
    60: call [r14+0x68]
    64: ud2
func[7]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000035
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov eax, edi
    1f: mov r11d, eax
    22: and r11d, 0x1F
    26: movd xmm14, r11d
    2b: vpsrad xmm1, xmm0, xmm14
    30: movaps xmm0, xmm1
    33: leave
    34: ret
    35: and rsp, 0xFFFFFFFFFFFFFFF0
    39: mov rdi, r14
    3c: mov esi, 0x09
    41: call [r14+0x68]
    45: ud2
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

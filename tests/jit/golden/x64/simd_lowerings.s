func[0]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000002B
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movaps xmm1, xmm0
    25: pmovmskb eax, xmm1
    29: leave
    2a: ret
    2b: and rsp, 0xFFFFFFFFFFFFFFF0
    2f: mov rdi, r14
    32: mov esi, 0x09
    37: call [r14+0x68]
    3b: ud2
func[1]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x30]
     c: cmp r11, [r14+0x60]
    10: jb 0x000000000000003D
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movaps xmm1, xmm0
    25: pxor xmm15, xmm15
    2a: pcmpeqq xmm15, xmm1
    30: xor eax, eax
    32: ptest xmm15, xmm15
    38: setz al
    3b: leave
    3c: ret
    3d: and rsp, 0xFFFFFFFFFFFFFFF0
    41: mov rdi, r14
    44: mov esi, 0x09
    49: call [r14+0x68]
    4d: ud2
func[2]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000087
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movdqu [rbp-0x30], xmm1
    27: movaps xmm2, xmm1
    2a: movaps xmm3, xmm0
    2d: mov r11, 0x780058003800180
    37: movq xmm15, r11
    3c: mov r11, 0xF800D800B800980
    46: pinsrq xmm15, r11, 0x01
    4d: movaps xmm14, xmm2
    51: pshufb xmm14, xmm15
    57: mov r11, 0x8006800480028000
    61: movq xmm15, r11
    66: mov r11, 0x800E800C800A8008
    70: pinsrq xmm15, r11, 0x01
    77: pshufb xmm3, xmm15
    7d: por xmm3, xmm14
    82: movaps xmm0, xmm3
    85: leave
    86: ret
    87: and rsp, 0xFFFFFFFFFFFFFFF0
    8b: mov rdi, r14
    8e: mov esi, 0x09
    93: call [r14+0x68]
    97: ud2
func[3]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000087
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movdqu [rbp-0x30], xmm1
    27: movaps xmm2, xmm1
    2a: movaps xmm3, xmm0
    2d: mov r11, 0x380028001800080
    37: movq xmm15, r11
    3c: mov r11, 0x780068005800480
    46: pinsrq xmm15, r11, 0x01
    4d: movaps xmm14, xmm2
    51: pshufb xmm14, xmm15
    57: mov r11, 0x8003800280018000
    61: movq xmm15, r11
    66: mov r11, 0x8007800680058004
    70: pinsrq xmm15, r11, 0x01
    77: pshufb xmm3, xmm15
    7d: por xmm3, xmm14
    82: movaps xmm0, xmm3
    85: leave
    86: ret
    87: and rsp, 0xFFFFFFFFFFFFFFF0
    8b: mov rdi, r14
    8e: mov esi, 0x09
    93: call [r14+0x68]
    97: ud2
func[4]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000036
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movdqu [rbp-0x30], xmm1
    27: movaps xmm2, xmm1
    2a: movaps xmm3, xmm0
    2d: vpackuswb xmm3, xmm3, xmm2
    31: movaps xmm0, xmm3
    34: leave
    35: ret
    36: and rsp, 0xFFFFFFFFFFFFFFF0
    3a: mov rdi, r14
    3d: mov esi, 0x09
    42: call [r14+0x68]
    46: ud2
func[5]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000036
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movdqu [rbp-0x30], xmm1
    27: movaps xmm2, xmm1
    2a: movaps xmm3, xmm0
    2d: vminps xmm3, xmm2, xmm3
    31: movaps xmm0, xmm3
    34: leave
    35: ret
    36: and rsp, 0xFFFFFFFFFFFFFFF0
    3a: mov rdi, r14
    3d: mov esi, 0x09
    42: call [r14+0x68]
    46: ud2
func[6]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000064
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: movdqu [rbp-0x30], xmm1
    27: movaps xmm2, xmm1
    2a: movaps xmm3, xmm0
    2d: movaps xmm15, xmm3
    31: psrlq xmm15, 0x20
    37: pmuludq xmm15, xmm2
    3c: movaps xmm14, xmm2
    40: psrlq xmm14, 0x20
    46: pmuludq xmm14, xmm3
    4b: paddq xmm15, xmm14
    50: psllq xmm15, 0x20
    56: vpmuludq xmm3, xmm3, xmm2
    5a: paddq xmm3, xmm15
    5f: movaps xmm0, xmm3
    62: leave
    63: ret
    64: and rsp, 0xFFFFFFFFFFFFFFF0
    68: mov rdi, r14
    6b: mov esi, 0x09
    70: call [r14+0x68]
    74: ud2
func[7]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000040
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: movdqu [rbp-0x20], xmm0
    22: mov [rbp-0x28], edi
    25: mov eax, edi
    27: movaps xmm1, xmm0
    2a: mov r11d, eax
    2d: and r11d, 0x1F
    31: movd xmm14, r11d
    36: vpsrad xmm1, xmm1, xmm14
    3b: movaps xmm0, xmm1
    3e: leave
    3f: ret
    40: and rsp, 0xFFFFFFFFFFFFFFF0
    44: mov rdi, r14
    47: mov esi, 0x09
    4c: call [r14+0x68]
    50: ud2
func[8]:
     0: push rbp
     1: mov rbp, rsp
     4: lea r11, [rsp-0x50]
     c: cmp r11, [r14+0x60]
    10: jb 0x0000000000000045
    16: mov rsp, r11
    19: mov [rbp-0x08], r14
    1d: mov [rbp-0x18], edi
    20: movdqu [rbp-0x30], xmm0
    25: movaps xmm1, xmm0
    28: mov eax, edi
    2a: pextrw word ptr [r15+rax*1+0x02], xmm1, 0x03
    33: movaps xmm1, xmm0
    36: mov eax, edi
    38: pinsrd xmm1, dword ptr [r15+rax*1], 0x01
    40: movaps xmm0, xmm1
    43: leave
    44: ret
    45: and rsp, 0xFFFFFFFFFFFFFFF0
    49: mov rdi, r14
    4c: mov esi, 0x09
    51: call [r14+0x68]
    55: ud2

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0xb4
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w28, w1
    28: stur xzr, [x29, #-0x28]
    2c: stur xzr, [x29, #-0x30]
    30: stur xzr, [x29, #-0x38]
    34: stur w0, [x29, #-0x18]
    38: b #0xac
    3c: stur wzr, [x29, #-0x30]
    40: b #0x9c
    44: add w0, w26, w27
    48: ldr w0, [x20, w0, uxtw]
    4c: add w0, w0, w25
    50: add w1, w27, #4
    54: cmp w1, w28
    58: b.hs #0x70
    5c: stur w0, [x29, #-0x38]
    60: stur w1, [x29, #-0x30]
    64: mov w27, w1
    68: mov w25, w0
    6c: b #0x44
    70: add w2, w24, #1
    74: cmp w2, w28
    78: b.hs #0x90
    7c: stur w0, [x29, #-0x38]
    80: stur w1, [x29, #-0x30]
    84: stur w2, [x29, #-0x28]
    88: mov w24, w2
    8c: b #0x3c
    90: mov sp, x29
    94: ldp x29, x30, [sp], #0x10
    98: ret 
    9c: ldur w27, [x29, #-0x30]
    a0: ldur w26, [x29, #-0x18]
    a4: ldur w25, [x29, #-0x38]
    a8: b #0x44
    ac: ldur w24, [x29, #-0x28]
    b0: b #0x3c
    b4: mov x0, x19
    b8: movz w1, #0x9
    bc: ldr x16, [x19, #0x68]
    c0: blr x16
    c4: .word 0x00000000

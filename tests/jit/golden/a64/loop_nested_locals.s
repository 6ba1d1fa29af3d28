func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0xac
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w28, w1
    28: stur xzr, [x29, #-0x28]
    2c: stur xzr, [x29, #-0x30]
    30: stur xzr, [x29, #-0x38]
    34: stur w0, [x29, #-0x18]
    38: b #0xa4
    3c: stur wzr, [x29, #-0x30]
    40: b #0x94
    44: add w0, w26, w27
    48: ldr w0, [x20, w0, uxtw]
    4c: add w0, w0, w25
    50: add w1, w27, #4
    54: cmp w1, w28
    58: b.hs #0x68
    5c: mov w27, w1
    60: mov w25, w0
    64: b #0x44
    68: add w2, w24, #1
    6c: cmp w2, w28
    70: b.hs #0x88
    74: stur w0, [x29, #-0x38]
    78: stur w1, [x29, #-0x30]
    7c: stur w2, [x29, #-0x28]
    80: mov w24, w2
    84: b #0x3c
    88: mov sp, x29
    8c: ldp x29, x30, [sp], #0x10
    90: ret 
    94: ldur w27, [x29, #-0x30]
    98: ldur w26, [x29, #-0x18]
    9c: ldur w25, [x29, #-0x38]
    a0: b #0x44
    a4: ldur w24, [x29, #-0x28]
    a8: b #0x3c
    ac: mov x0, x19
    b0: movz w1, #0x9
    b4: ldr x16, [x19, #0x68]
    b8: blr x16
    bc: .word 0x00000000

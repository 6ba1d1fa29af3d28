func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0xbc
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur xzr, [x29, #-0x28]
    28: stur xzr, [x29, #-0x30]
    2c: stur xzr, [x29, #-0x38]
    30: stur w0, [x29, #-0x18]
    34: stur w1, [x29, #-0x20]
    38: b #0xb4
    3c: stur wzr, [x29, #-0x30]
    40: b #0xa0
    44: mov w0, w27
    48: add w0, w0, w28
    4c: ldr w0, [x20, w0, uxtw]
    50: add w0, w0, w26
    54: add w1, w28, #4
    58: cmp w1, w25
    5c: b.hs #0x74
    60: stur w0, [x29, #-0x38]
    64: stur w1, [x29, #-0x30]
    68: mov w28, w1
    6c: mov w26, w0
    70: b #0x44
    74: add w2, w24, #1
    78: cmp w2, w25
    7c: b.hs #0x94
    80: stur w0, [x29, #-0x38]
    84: stur w1, [x29, #-0x30]
    88: stur w2, [x29, #-0x28]
    8c: mov w24, w2
    90: b #0x3c
    94: mov sp, x29
    98: ldp x29, x30, [sp], #0x10
    9c: ret 
    a0: ldur w28, [x29, #-0x30]
    a4: ldur w27, [x29, #-0x18]
    a8: ldur w26, [x29, #-0x38]
    ac: ldur w25, [x29, #-0x20]
    b0: b #0x44
    b4: ldur w24, [x29, #-0x28]
    b8: b #0x3c
    bc: mov x0, x19
    c0: movz w1, #0x9
    c4: ldr x16, [x19, #0x68]
    c8: blr x16
    cc: .word 0x00000000

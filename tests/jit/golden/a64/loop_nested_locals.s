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
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: stur xzr, [x29, #-0x28]
    30: stur xzr, [x29, #-0x30]
    34: stur xzr, [x29, #-0x38]
    38: b #0xb4
    3c: stur wzr, [x29, #-0x30]
    40: b #0xa0
    44: mov w0, w27
    48: add w0, w0, w28
    4c: ldr w0, [x20, w0, uxtw]
    50: add w0, w0, w26
    54: stur w0, [x29, #-0x38]
    58: add w1, w28, #4
    5c: stur w1, [x29, #-0x30]
    60: mov w2, w1
    64: cmp w1, w25
    68: b.hs #0x78
    6c: mov w28, w2
    70: mov w26, w0
    74: b #0x44
    78: add w1, w24, #1
    7c: stur w1, [x29, #-0x28]
    80: mov w3, w1
    84: cmp w1, w25
    88: b.hs #0x94
    8c: mov w24, w3
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

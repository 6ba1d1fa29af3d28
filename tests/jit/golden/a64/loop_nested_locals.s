func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0xb8
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur xzr, [x29, #-0x28]
    28: stur xzr, [x29, #-0x30]
    2c: stur xzr, [x29, #-0x38]
    30: stur w0, [x29, #-0x18]
    34: stur w1, [x29, #-0x20]
    38: b #0xb0
    3c: stur wzr, [x29, #-0x30]
    40: b #0x9c
    44: add w0, w27, w28
    48: ldr w0, [x20, w0, uxtw]
    4c: add w0, w0, w26
    50: add w1, w28, #4
    54: cmp w1, w25
    58: b.hs #0x70
    5c: stur w0, [x29, #-0x38]
    60: stur w1, [x29, #-0x30]
    64: mov w28, w1
    68: mov w26, w0
    6c: b #0x44
    70: add w2, w24, #1
    74: cmp w2, w25
    78: b.hs #0x90
    7c: stur w0, [x29, #-0x38]
    80: stur w1, [x29, #-0x30]
    84: stur w2, [x29, #-0x28]
    88: mov w24, w2
    8c: b #0x3c
    90: mov sp, x29
    94: ldp x29, x30, [sp], #0x10
    98: ret 
    9c: ldur w28, [x29, #-0x30]
    a0: ldur w27, [x29, #-0x18]
    a4: ldur w26, [x29, #-0x38]
    a8: ldur w25, [x29, #-0x20]
    ac: b #0x44
    b0: ldur w24, [x29, #-0x28]
    b4: b #0x3c
    b8: mov x0, x19
    bc: movz w1, #0x9
    c0: ldr x16, [x19, #0x68]
    c4: blr x16
    c8: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x74
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: movz w1, #0x5
    2c: mov w2, w0
    30: add x17, x2, #0xc
    34: ldr x16, [x19, #0x58]
    38: cmp x17, x16
    3c: b.hi #0x88
    40: add x17, x20, #8
    44: str w1, [x17, w2, uxtw]
    48: mov w1, w0
    4c: add x17, x1, #8
    50: ldr x16, [x19, #0x58]
    54: cmp x17, x16
    58: b.hi #0x88
    5c: add x17, x20, #4
    60: ldr w1, [x17, w1, uxtw]
    64: mov w0, w1
    68: mov sp, x29
    6c: ldp x29, x30, [sp], #0x10
    70: ret 
    74: mov x0, x19
    78: movz w1, #0x9
    7c: ldr x16, [x19, #0x68]
    80: blr x16
    84: .word 0x00000000
    88: mov x0, x19
    8c: movz w1, #0x1
    90: ldr x16, [x19, #0x68]
    94: blr x16
    98: .word 0x00000000

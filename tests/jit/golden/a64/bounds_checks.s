func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x6c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: movz w1, #0x5
    2c: add x17, x0, #0xc
    30: ldr x16, [x19, #0x58]
    34: cmp x17, x16
    38: b.hi #0x80
    3c: add x17, x20, #8
    40: str w1, [x17, w0, uxtw]
    44: add x17, x0, #8
    48: ldr x16, [x19, #0x58]
    4c: cmp x17, x16
    50: b.hi #0x80
    54: add x17, x20, #4
    58: ldr w1, [x17, w0, uxtw]
    5c: mov w0, w1
    60: mov sp, x29
    64: ldp x29, x30, [sp], #0x10
    68: ret 
    6c: mov x0, x19
    70: movz w1, #0x9
    74: ldr x16, [x19, #0x68]
    78: blr x16
    7c: .word 0x00000000
    80: mov x0, x19
    84: movz w1, #0x1
    88: ldr x16, [x19, #0x68]
    8c: blr x16
    90: .word 0x00000000

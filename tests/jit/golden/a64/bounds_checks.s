func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x68
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: add x17, x0, #0xc
    28: ldr x16, [x19, #0x58]
    2c: cmp x17, x16
    30: b.hi #0x8c
    34: movz w16, #0x5
    38: add x17, x20, #8
    3c: str w16, [x17, w0, uxtw]
    40: add x17, x0, #8
    44: ldr x16, [x19, #0x58]
    48: cmp x17, x16
    4c: b.hi #0x90
    50: add x17, x20, #4
    54: ldr w1, [x17, w0, uxtw]
    58: mov w0, w1
    5c: mov sp, x29
    60: ldp x29, x30, [sp], #0x10
    64: ret 
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000
    7c: mov x0, x19
    80: movz w1, #0x1
    84: ldr x16, [x19, #0x68]
    88: br x16
    8c: bl #0x7c
    90: bl #0x7c
    94: .word 0x00000000

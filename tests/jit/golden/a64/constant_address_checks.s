func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x5c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: movz x17, #0xec0
    28: ldr x16, [x19, #0x58]
    2c: cmp x17, x16
    30: b.hi #0x80
    34: str w0, [x20, #0xebc]
    38: movz x17, #0xec4
    3c: ldr x16, [x19, #0x58]
    40: cmp x17, x16
    44: b.hi #0x84
    48: ldr w1, [x20, #0xec0]
    4c: mov w0, w1
    50: mov sp, x29
    54: ldp x29, x30, [sp], #0x10
    58: ret 
    5c: mov x0, x19
    60: movz w1, #0x9
    64: ldr x16, [x19, #0x68]
    68: blr x16
    6c: .word 0x00000000
    70: mov x0, x19
    74: movz w1, #0x1
    78: ldr x16, [x19, #0x68]
    7c: br x16
    80: bl #0x70
    84: bl #0x70
    88: .word 0x00000000

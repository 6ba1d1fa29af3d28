func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x60
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: movz x17, #0xec0
    2c: ldr x16, [x19, #0x58]
    30: cmp x17, x16
    34: b.hi #0x74
    38: str w0, [x20, #0xebc]
    3c: movz x17, #0xec4
    40: ldr x16, [x19, #0x58]
    44: cmp x17, x16
    48: b.hi #0x74
    4c: ldr w1, [x20, #0xec0]
    50: mov w0, w1
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000
    74: mov x0, x19
    78: movz w1, #0x1
    7c: ldr x16, [x19, #0x68]
    80: blr x16
    84: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x70
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x6c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur x0, [x29, #-0x18]
    28: stur x1, [x29, #-0x20]
    2c: stur x2, [x29, #-0x28]
    30: stur x3, [x29, #-0x30]
    34: stur x4, [x29, #-0x38]
    38: stur x5, [x29, #-0x40]
    3c: stur x6, [x29, #-0x48]
    40: stur x7, [x29, #-0x50]
    44: ldr x16, [x29, #0x10]
    48: stur x16, [x29, #-0x58]
    4c: ldr x16, [x29, #0x18]
    50: stur x16, [x29, #-0x60]
    54: ldur x8, [x29, #-0x60]
    58: add x8, x8, x0
    5c: mov x0, x8
    60: mov sp, x29
    64: ldp x29, x30, [sp], #0x10
    68: ret 
    6c: mov x0, x19
    70: movz w1, #0x9
    74: ldr x16, [x19, #0x68]
    78: blr x16
    7c: .word 0x00000000
func[1]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x70
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x68
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur x0, [x29, #-0x18]
    28: sub sp, sp, #0x10
    2c: orr x16, xzr, #8
    30: str x16, [sp]
    34: str x0, [sp, #8]
    38: orr x1, xzr, #1
    3c: orr x2, xzr, #2
    40: orr x3, xzr, #3
    44: orr x4, xzr, #4
    48: movz x5, #0x5
    4c: orr x6, xzr, #6
    50: orr x7, xzr, #7
    54: bl #0xffffffffffffff80
    58: add sp, sp, #0x10
    5c: mov sp, x29
    60: ldp x29, x30, [sp], #0x10
    64: ret 
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000

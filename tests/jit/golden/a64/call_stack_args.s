func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x70
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: ldr x16, [x29, #0x10]
    28: stur x16, [x29, #-0x58]
    2c: ldr x16, [x29, #0x18]
    30: stur x16, [x29, #-0x60]
    34: ldur x9, [x29, #-0x60]
    38: add x8, x0, x9
    3c: mov x0, x8
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000
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
    54: bl #0xffffffffffffffa0
    58: add sp, sp, #0x10
    5c: mov sp, x29
    60: ldp x29, x30, [sp], #0x10
    64: ret 
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000

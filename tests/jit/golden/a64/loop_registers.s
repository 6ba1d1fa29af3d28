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
    24: stur xzr, [x29, #-0x20]
    28: stur w0, [x29, #-0x18]
    2c: b #0x5c
    30: add w0, w27, w28
    34: sub w1, w28, #1
    38: cbz w1, #0x50
    3c: stur w0, [x29, #-0x20]
    40: stur w1, [x29, #-0x18]
    44: mov w28, w1
    48: mov w27, w0
    4c: b #0x30
    50: mov sp, x29
    54: ldp x29, x30, [sp], #0x10
    58: ret 
    5c: ldur w28, [x29, #-0x18]
    60: ldur w27, [x29, #-0x20]
    64: b #0x30
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000

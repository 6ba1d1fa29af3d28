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
    24: stur xzr, [x29, #-0x20]
    28: stur w0, [x29, #-0x18]
    2c: b #0x60
    30: mov w0, w27
    34: add w0, w0, w28
    38: sub w1, w28, #1
    3c: cbz w1, #0x54
    40: stur w0, [x29, #-0x20]
    44: stur w1, [x29, #-0x18]
    48: mov w28, w1
    4c: mov w27, w0
    50: b #0x30
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: ldur w28, [x29, #-0x18]
    64: ldur w27, [x29, #-0x20]
    68: b #0x30
    6c: mov x0, x19
    70: movz w1, #0x9
    74: ldr x16, [x19, #0x68]
    78: blr x16
    7c: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x7c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur xzr, [x29, #-0x20]
    2c: b #0x70
    30: mov w0, w28
    34: mov w1, w27
    38: add w1, w1, w0
    3c: stur w1, [x29, #-0x20]
    40: mov w0, w28
    44: sub w0, w0, #1
    48: stur w0, [x29, #-0x18]
    4c: mov w2, w0
    50: cbz w2, #0x60
    54: mov w28, w0
    58: mov w27, w1
    5c: b #0x30
    60: ldur w0, [x29, #-0x20]
    64: mov sp, x29
    68: ldp x29, x30, [sp], #0x10
    6c: ret 
    70: ldur w28, [x29, #-0x18]
    74: ldur w27, [x29, #-0x20]
    78: b #0x30
    7c: mov x0, x19
    80: movz w1, #0x9
    84: ldr x16, [x19, #0x68]
    88: blr x16
    8c: .word 0x00000000

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
    28: stur xzr, [x29, #-0x20]
    2c: ldur w0, [x29, #-0x18]
    30: ldur w1, [x29, #-0x20]
    34: add w1, w1, w0
    38: stur w1, [x29, #-0x20]
    3c: ldur w0, [x29, #-0x18]
    40: sub w0, w0, #1
    44: stur w0, [x29, #-0x18]
    48: mov w2, w0
    4c: cbnz w2, #0x2c
    50: ldur w0, [x29, #-0x20]
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000

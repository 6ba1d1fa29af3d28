func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x60
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: stur w2, [x29, #-0x28]
    30: cbz w0, #0x44
    34: add w3, w1, #1
    38: mov w0, w3
    3c: mov w1, w2
    40: b #0x50
    44: mul w3, w2, w1
    48: mov w0, w3
    4c: orr w1, wzr, #3
    50: sub w0, w0, w1
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000

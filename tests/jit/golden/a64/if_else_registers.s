func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x64
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: stur w2, [x29, #-0x28]
    30: cbz w0, #0x44
    34: add w3, w1, #1
    38: mov w0, w3
    3c: mov w1, w2
    40: b #0x54
    44: mov w3, w2
    48: mul w3, w3, w1
    4c: mov w0, w3
    50: orr w1, wzr, #3
    54: sub w0, w0, w1
    58: mov sp, x29
    5c: ldp x29, x30, [sp], #0x10
    60: ret 
    64: mov x0, x19
    68: movz w1, #0x9
    6c: ldr x16, [x19, #0x68]
    70: blr x16
    74: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x70
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: stur w2, [x29, #-0x28]
    30: mov w3, w0
    34: cbz w3, #0x4c
    38: mov w3, w1
    3c: add w3, w3, #1
    40: mov w0, w3
    44: ldur w1, [x29, #-0x28]
    48: b #0x60
    4c: ldur w0, [x29, #-0x20]
    50: ldur w1, [x29, #-0x28]
    54: mul w1, w1, w0
    58: mov w0, w1
    5c: orr w1, wzr, #3
    60: sub w0, w0, w1
    64: mov sp, x29
    68: ldp x29, x30, [sp], #0x10
    6c: ret 
    70: mov x0, x19
    74: movz w1, #0x9
    78: ldr x16, [x19, #0x68]
    7c: blr x16
    80: .word 0x00000000

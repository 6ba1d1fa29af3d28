func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x68
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: stur w2, [x29, #-0x28]
    30: cbz w0, #0x44
    34: add w3, w1, #1
    38: mov w0, w3
    3c: ldur w1, [x29, #-0x28]
    40: b #0x58
    44: ldur w0, [x29, #-0x20]
    48: ldur w1, [x29, #-0x28]
    4c: mul w1, w1, w0
    50: mov w0, w1
    54: orr w1, wzr, #3
    58: sub w0, w0, w1
    5c: mov sp, x29
    60: ldp x29, x30, [sp], #0x10
    64: ret 
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x5c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: mov w2, w1
    30: cmp w0, w1
    34: csel w2, w0, w2, gt
    38: mov w3, w1
    3c: orr w4, wzr, #7
    40: cmp w0, #0x64
    44: csel w3, w4, w3, hs
    48: add w2, w2, w3
    4c: mov w0, w2
    50: mov sp, x29
    54: ldp x29, x30, [sp], #0x10
    58: ret 
    5c: mov x0, x19
    60: movz w1, #0x9
    64: ldr x16, [x19, #0x68]
    68: blr x16
    6c: .word 0x00000000

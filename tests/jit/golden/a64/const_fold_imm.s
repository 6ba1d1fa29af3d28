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
    28: stur x1, [x29, #-0x20]
    2c: mov w2, w0
    30: add w2, w2, #0x64
    34: and w2, w2, #0xff
    38: lsl w2, w2, #3
    3c: mov x3, x1
    40: sub x3, x3, #7
    44: cmp x3, #0x3e8
    48: cset w3, lo
    4c: add w2, w2, w3
    50: mov w0, w2
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000

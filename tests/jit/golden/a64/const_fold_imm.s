func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x58
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur x1, [x29, #-0x20]
    2c: add w2, w0, #0x64
    30: and w2, w2, #0xff
    34: lsl w2, w2, #3
    38: sub x3, x1, #7
    3c: cmp x3, #0x3e8
    40: cset w3, lo
    44: add w2, w2, w3
    48: mov w0, w2
    4c: mov sp, x29
    50: ldp x29, x30, [sp], #0x10
    54: ret 
    58: mov x0, x19
    5c: movz w1, #0x9
    60: ldr x16, [x19, #0x68]
    64: blr x16
    68: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x40
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x50
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: add w2, w0, #0x64
    28: and w2, w2, #0xff
    2c: lsl w2, w2, #3
    30: sub x3, x1, #7
    34: cmp x3, #0x3e8
    38: cset w3, lo
    3c: add w2, w2, w3
    40: mov w0, w2
    44: mov sp, x29
    48: ldp x29, x30, [sp], #0x10
    4c: ret 
    50: mov x0, x19
    54: movz w1, #0x9
    58: ldr x16, [x19, #0x68]
    5c: blr x16
    60: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x5c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w28, w0
    28: stur xzr, [x29, #-0x20]
    2c: b #0x54
    30: add w0, w27, w28
    34: sub w1, w28, #1
    38: cbz w1, #0x48
    3c: mov w28, w1
    40: mov w27, w0
    44: b #0x30
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: ldur w27, [x29, #-0x20]
    58: b #0x30
    5c: mov x0, x19
    60: movz w1, #0x9
    64: ldr x16, [x19, #0x68]
    68: blr x16
    6c: .word 0x00000000

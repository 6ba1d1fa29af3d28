func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x54
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w2, w1
    28: cmp w0, w1
    2c: csel w2, w0, w2, gt
    30: mov w3, w1
    34: orr w4, wzr, #7
    38: cmp w0, #0x64
    3c: csel w3, w4, w3, hs
    40: add w2, w2, w3
    44: mov w0, w2
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: mov x0, x19
    58: movz w1, #0x9
    5c: ldr x16, [x19, #0x68]
    60: blr x16
    64: .word 0x00000000

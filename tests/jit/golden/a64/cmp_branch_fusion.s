func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x60
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: mov w2, w1
    30: mov w3, w0
    34: cmp w3, w2
    38: b.lt #0x50
    3c: mov w2, w0
    40: cmp w2, #0x2a
    44: b.ne #0x50
    48: orr w16, wzr, #7
    4c: stur w16, [x29, #-0x18]
    50: ldur w0, [x29, #-0x18]
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x54
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur w1, [x29, #-0x20]
    2c: cmp w0, w1
    30: b.lt #0x44
    34: cmp w0, #0x2a
    38: b.ne #0x44
    3c: orr w16, wzr, #7
    40: stur w16, [x29, #-0x18]
    44: ldur w0, [x29, #-0x18]
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: mov x0, x19
    58: movz w1, #0x9
    5c: ldr x16, [x19, #0x68]
    60: blr x16
    64: .word 0x00000000

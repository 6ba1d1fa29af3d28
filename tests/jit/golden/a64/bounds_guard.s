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
    28: movz w1, #0x5
    2c: mov w2, w0
    30: add x17, x20, #8
    34: str w1, [x17, w2, uxtw]
    38: mov w1, w0
    3c: add x17, x20, #4
    40: ldr w1, [x17, w1, uxtw]
    44: mov w0, w1
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: mov x0, x19
    58: movz w1, #0x9
    5c: ldr x16, [x19, #0x68]
    60: blr x16
    64: .word 0x00000000

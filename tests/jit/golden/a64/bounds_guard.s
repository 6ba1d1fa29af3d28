func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: movz w1, #0x5
    2c: add x17, x20, #8
    30: str w1, [x17, w0, uxtw]
    34: add x17, x20, #4
    38: ldr w1, [x17, w0, uxtw]
    3c: mov w0, w1
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x40
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: str w0, [x20, #0xebc]
    2c: ldr w1, [x20, #0xec0]
    30: mov w0, w1
    34: mov sp, x29
    38: ldp x29, x30, [sp], #0x10
    3c: ret 
    40: mov x0, x19
    44: movz w1, #0x9
    48: ldr x16, [x19, #0x68]
    4c: blr x16
    50: .word 0x00000000

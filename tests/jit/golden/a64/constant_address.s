func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x3c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: str w0, [x20, #0xebc]
    28: ldr w1, [x20, #0xec0]
    2c: mov w0, w1
    30: mov sp, x29
    34: ldp x29, x30, [sp], #0x10
    38: ret 
    3c: mov x0, x19
    40: movz w1, #0x9
    44: ldr x16, [x19, #0x68]
    48: blr x16
    4c: .word 0x00000000

func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x48
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: movz w16, #0x5
    28: add x17, x20, #8
    2c: str w16, [x17, w0, uxtw]
    30: add x17, x20, #4
    34: ldr w1, [x17, w0, uxtw]
    38: mov w0, w1
    3c: mov sp, x29
    40: ldp x29, x30, [sp], #0x10
    44: ret 
    48: mov x0, x19
    4c: movz w1, #0x9
    50: ldr x16, [x19, #0x68]
    54: blr x16
    58: .word 0x00000000

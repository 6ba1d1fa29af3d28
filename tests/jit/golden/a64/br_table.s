func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x20
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x90
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w1, w0
    28: stur w0, [x29, #-0x18]
    2c: cmp w1, #3
    30: b.hs #0x80
    34: adr x16, #0x44
    38: ldrsw x17, [x16, w1, uxtw #2]
    3c: add x16, x16, x17
    40: br x16
    44: .word 0x0000000c
    48: .word 0x0000001c
    4c: .word 0x0000002c
    50: movz w0, #0xa
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: movz w0, #0x14
    64: mov sp, x29
    68: ldp x29, x30, [sp], #0x10
    6c: ret 
    70: orr w0, wzr, #0x1e
    74: mov sp, x29
    78: ldp x29, x30, [sp], #0x10
    7c: ret 
    80: movz w0, #0x28
    84: mov sp, x29
    88: ldp x29, x30, [sp], #0x10
    8c: ret 
    90: mov x0, x19
    94: movz w1, #0x9
    98: ldr x16, [x19, #0x68]
    9c: blr x16
    a0: .word 0x00000000

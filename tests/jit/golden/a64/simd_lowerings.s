func[0]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x50
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v1.16b, v0.16b
    28: ushr v31.16b, v1.16b, #7
    2c: usra v31.8h, v31.8h, #7
    30: usra v31.4s, v31.4s, #0xe
    34: usra v31.2d, v31.2d, #0x1c
    38: umov w0, v31.b[0]
    3c: umov w16, v31.b[8]
    40: orr w0, w0, w16, lsl #8
    44: mov sp, x29
    48: ldp x29, x30, [sp], #0x10
    4c: ret 
    50: mov x0, x19
    54: movz w1, #0x9
    58: ldr x16, [x19, #0x68]
    5c: blr x16
    60: .word 0x00000000
func[1]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x48
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v1.16b, v0.16b
    28: cmeq v31.2d, v1.2d, #0
    2c: umaxp v31.4s, v31.4s, v31.4s
    30: fmov x16, d31
    34: cmp x16, #0
    38: cset w0, eq
    3c: mov sp, x29
    40: ldp x29, x30, [sp], #0x10
    44: ret 
    48: mov x0, x19
    4c: movz w1, #0x9
    50: ldr x16, [x19, #0x68]
    54: blr x16
    58: .word 0x00000000
func[2]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x58
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: b #0x40
    28: .word 0x00000000
    2c: .word 0x00000000
    30: sbfx w0, w8, #2, #3
    34: b #0xfffffffffc185444
    38: madd w8, w8, w10, w6
    3c: fmadd s12, s8, s14, s7
    40: ldr q31, #0x30
    44: tbl v2.16b, {v0.16b, v1.16b}, v31.16b
    48: mov v0.16b, v2.16b
    4c: mov sp, x29
    50: ldp x29, x30, [sp], #0x10
    54: ret 
    58: mov x0, x19
    5c: movz w1, #0x9
    60: ldr x16, [x19, #0x68]
    64: blr x16
    68: .word 0x00000000
func[3]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x38
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: zip1 v2.16b, v0.16b, v1.16b
    28: mov v0.16b, v2.16b
    2c: mov sp, x29
    30: ldp x29, x30, [sp], #0x10
    34: ret 
    38: mov x0, x19
    3c: movz w1, #0x9
    40: ldr x16, [x19, #0x68]
    44: blr x16
    48: .word 0x00000000
func[4]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x3c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: sqxtun v2.8b, v0.8h
    28: sqxtun2 v2.16b, v1.8h
    2c: mov v0.16b, v2.16b
    30: mov sp, x29
    34: ldp x29, x30, [sp], #0x10
    38: ret 
    3c: mov x0, x19
    40: movz w1, #0x9
    44: ldr x16, [x19, #0x68]
    48: blr x16
    4c: .word 0x00000000
func[5]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x40
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: fcmgt v31.4s, v0.4s, v1.4s
    28: mov v2.16b, v0.16b
    2c: bit v2.16b, v1.16b, v31.16b
    30: mov v0.16b, v2.16b
    34: mov sp, x29
    38: ldp x29, x30, [sp], #0x10
    3c: ret 
    40: mov x0, x19
    44: movz w1, #0x9
    48: ldr x16, [x19, #0x68]
    4c: blr x16
    50: .word 0x00000000
func[6]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x58
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov x16, v0.d[0]
    28: mov x17, v1.d[0]
    2c: mul x16, x16, x17
    30: fmov d31, x16
    34: mov x16, v0.d[1]
    38: mov x17, v1.d[1]
    3c: mul x16, x16, x17
    40: ins v31.d[1], x16
    44: mov v2.16b, v31.16b
    48: mov v0.16b, v2.16b
    4c: mov sp, x29
    50: ldp x29, x30, [sp], #0x10
    54: ret 
    58: mov x0, x19
    5c: movz w1, #0x9
    60: ldr x16, [x19, #0x68]
    64: blr x16
    68: .word 0x00000000
func[7]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x48
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w1, w0
    28: and w16, w1, #0x1f
    2c: neg w16, w16
    30: dup v31.4s, w16
    34: sshl v1.4s, v0.4s, v31.4s
    38: mov v0.16b, v1.16b
    3c: mov sp, x29
    40: ldp x29, x30, [sp], #0x10
    44: ret 
    48: mov x0, x19
    4c: movz w1, #0x9
    50: ldr x16, [x19, #0x68]
    54: blr x16
    58: .word 0x00000000
func[8]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x58
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v1.16b, v0.16b
    28: mov w1, w0
    2c: mov h31, v1.h[3]
    30: add x17, x20, #2
    34: str h31, [x17, w1, uxtw]
    38: mov v1.16b, v0.16b
    3c: mov w1, w0
    40: ldr s31, [x20, w1, uxtw]
    44: ins v1.s[1], v31.s[0]
    48: mov v0.16b, v1.16b
    4c: mov sp, x29
    50: ldp x29, x30, [sp], #0x10
    54: ret 
    58: mov x0, x19
    5c: movz w1, #0x9
    60: ldr x16, [x19, #0x68]
    64: blr x16
    68: .word 0x00000000

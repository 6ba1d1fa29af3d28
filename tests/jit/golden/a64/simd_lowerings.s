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
    18: b.lo #0x78
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v2.16b, v1.16b
    28: mov v3.16b, v0.16b
    2c: b #0x40
    30: .word 0xff02ff00
    34: .word 0xff06ff04
    38: .word 0xff0aff08
    3c: .word 0xff0eff0c
    40: ldr q31, #0x30
    44: tbl v3.16b, {v3.16b}, v31.16b
    48: b #0x60
    4c: .word 0x00000000
    50: .word 0x03ff01ff
    54: .word 0x07ff05ff
    58: .word 0x0bff09ff
    5c: .word 0x0fff0dff
    60: ldr q31, #0x50
    64: tbx v3.16b, {v2.16b}, v31.16b
    68: mov v0.16b, v3.16b
    6c: mov sp, x29
    70: ldp x29, x30, [sp], #0x10
    74: ret 
    78: mov x0, x19
    7c: movz w1, #0x9
    80: ldr x16, [x19, #0x68]
    84: blr x16
    88: .word 0x00000000
func[3]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x40
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v2.16b, v1.16b
    28: mov v3.16b, v0.16b
    2c: zip1 v3.16b, v3.16b, v2.16b
    30: mov v0.16b, v3.16b
    34: mov sp, x29
    38: ldp x29, x30, [sp], #0x10
    3c: ret 
    40: mov x0, x19
    44: movz w1, #0x9
    48: ldr x16, [x19, #0x68]
    4c: blr x16
    50: .word 0x00000000
func[4]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x44
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v2.16b, v1.16b
    28: mov v3.16b, v0.16b
    2c: sqxtun v3.8b, v3.8h
    30: sqxtun2 v3.16b, v2.8h
    34: mov v0.16b, v3.16b
    38: mov sp, x29
    3c: ldp x29, x30, [sp], #0x10
    40: ret 
    44: mov x0, x19
    48: movz w1, #0x9
    4c: ldr x16, [x19, #0x68]
    50: blr x16
    54: .word 0x00000000
func[5]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x44
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v2.16b, v1.16b
    28: mov v3.16b, v0.16b
    2c: fcmgt v31.4s, v3.4s, v2.4s
    30: bit v3.16b, v2.16b, v31.16b
    34: mov v0.16b, v3.16b
    38: mov sp, x29
    3c: ldp x29, x30, [sp], #0x10
    40: ret 
    44: mov x0, x19
    48: movz w1, #0x9
    4c: ldr x16, [x19, #0x68]
    50: blr x16
    54: .word 0x00000000
func[6]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x60
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov v2.16b, v1.16b
    28: mov v3.16b, v0.16b
    2c: mov x16, v3.d[0]
    30: mov x17, v2.d[0]
    34: mul x16, x16, x17
    38: fmov d31, x16
    3c: mov x16, v3.d[1]
    40: mov x17, v2.d[1]
    44: mul x16, x16, x17
    48: ins v31.d[1], x16
    4c: mov v3.16b, v31.16b
    50: mov v0.16b, v3.16b
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000
func[7]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: mov w1, w0
    28: mov v1.16b, v0.16b
    2c: and w16, w1, #0x1f
    30: neg w16, w16
    34: dup v31.4s, w16
    38: sshl v1.4s, v1.4s, v31.4s
    3c: mov v0.16b, v1.16b
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000
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

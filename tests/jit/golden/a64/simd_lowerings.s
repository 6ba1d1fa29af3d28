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
    24: stur q0, [x29, #-0x20]
    28: mov v1.16b, v0.16b
    2c: ushr v31.16b, v1.16b, #7
    30: usra v31.8h, v31.8h, #7
    34: usra v31.4s, v31.4s, #0xe
    38: usra v31.2d, v31.2d, #0x1c
    3c: umov w0, v31.b[0]
    40: umov w16, v31.b[8]
    44: orr w0, w0, w16, lsl #8
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: mov x0, x19
    58: movz w1, #0x9
    5c: ldr x16, [x19, #0x68]
    60: blr x16
    64: .word 0x00000000
func[1]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x30
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: mov v1.16b, v0.16b
    2c: cmeq v31.2d, v1.2d, #0
    30: umaxp v31.4s, v31.4s, v31.4s
    34: fmov x16, d31
    38: cmp x16, #0
    3c: cset w0, eq
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000
func[2]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x88
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur q1, [x29, #-0x30]
    2c: mov v2.16b, v1.16b
    30: mov v3.16b, v0.16b
    34: b #0x50
    38: .word 0x00000000
    3c: .word 0x00000000
    40: .word 0xff02ff00
    44: .word 0xff06ff04
    48: .word 0xff0aff08
    4c: .word 0xff0eff0c
    50: ldr q31, #0x40
    54: tbl v3.16b, {v3.16b}, v31.16b
    58: b #0x70
    5c: .word 0x00000000
    60: .word 0x03ff01ff
    64: .word 0x07ff05ff
    68: .word 0x0bff09ff
    6c: .word 0x0fff0dff
    70: ldr q31, #0x60
    74: tbx v3.16b, {v2.16b}, v31.16b
    78: mov v0.16b, v3.16b
    7c: mov sp, x29
    80: ldp x29, x30, [sp], #0x10
    84: ret 
    88: mov x0, x19
    8c: movz w1, #0x9
    90: ldr x16, [x19, #0x68]
    94: blr x16
    98: .word 0x00000000
func[3]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x48
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur q1, [x29, #-0x30]
    2c: mov v2.16b, v1.16b
    30: mov v3.16b, v0.16b
    34: zip1 v3.16b, v3.16b, v2.16b
    38: mov v0.16b, v3.16b
    3c: mov sp, x29
    40: ldp x29, x30, [sp], #0x10
    44: ret 
    48: mov x0, x19
    4c: movz w1, #0x9
    50: ldr x16, [x19, #0x68]
    54: blr x16
    58: .word 0x00000000
func[4]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur q1, [x29, #-0x30]
    2c: mov v2.16b, v1.16b
    30: mov v3.16b, v0.16b
    34: sqxtun v3.8b, v3.8h
    38: sqxtun2 v3.16b, v2.8h
    3c: mov v0.16b, v3.16b
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000
func[5]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x4c
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur q1, [x29, #-0x30]
    2c: mov v2.16b, v1.16b
    30: mov v3.16b, v0.16b
    34: fcmgt v31.4s, v3.4s, v2.4s
    38: bit v3.16b, v2.16b, v31.16b
    3c: mov v0.16b, v3.16b
    40: mov sp, x29
    44: ldp x29, x30, [sp], #0x10
    48: ret 
    4c: mov x0, x19
    50: movz w1, #0x9
    54: ldr x16, [x19, #0x68]
    58: blr x16
    5c: .word 0x00000000
func[6]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x68
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur q1, [x29, #-0x30]
    2c: mov v2.16b, v1.16b
    30: mov v3.16b, v0.16b
    34: mov x16, v3.d[0]
    38: mov x17, v2.d[0]
    3c: mul x16, x16, x17
    40: fmov d31, x16
    44: mov x16, v3.d[1]
    48: mov x17, v2.d[1]
    4c: mul x16, x16, x17
    50: ins v31.d[1], x16
    54: mov v3.16b, v31.16b
    58: mov v0.16b, v3.16b
    5c: mov sp, x29
    60: ldp x29, x30, [sp], #0x10
    64: ret 
    68: mov x0, x19
    6c: movz w1, #0x9
    70: ldr x16, [x19, #0x68]
    74: blr x16
    78: .word 0x00000000
func[7]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x54
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur q0, [x29, #-0x20]
    28: stur w0, [x29, #-0x28]
    2c: mov w1, w0
    30: mov v1.16b, v0.16b
    34: and w16, w1, #0x1f
    38: neg w16, w16
    3c: dup v31.4s, w16
    40: sshl v1.4s, v1.4s, v31.4s
    44: mov v0.16b, v1.16b
    48: mov sp, x29
    4c: ldp x29, x30, [sp], #0x10
    50: ret 
    54: mov x0, x19
    58: movz w1, #0x9
    5c: ldr x16, [x19, #0x68]
    60: blr x16
    64: .word 0x00000000
func[8]:
     0: stp x29, x30, [sp, #-0x10]!
     4: mov x29, sp
     8: sub x16, sp, #0, lsl #12
     c: sub x16, x16, #0x50
    10: ldr x17, [x19, #0x60]
    14: cmp x16, x17
    18: b.lo #0x60
    1c: mov sp, x16
    20: stur x19, [x29, #-8]
    24: stur w0, [x29, #-0x18]
    28: stur q0, [x29, #-0x30]
    2c: mov v1.16b, v0.16b
    30: mov w1, w0
    34: mov h31, v1.h[3]
    38: add x17, x20, #2
    3c: str h31, [x17, w1, uxtw]
    40: mov v1.16b, v0.16b
    44: mov w1, w0
    48: ldr s31, [x20, w1, uxtw]
    4c: ins v1.s[1], v31.s[0]
    50: mov v0.16b, v1.16b
    54: mov sp, x29
    58: ldp x29, x30, [sp], #0x10
    5c: ret 
    60: mov x0, x19
    64: movz w1, #0x9
    68: ldr x16, [x19, #0x68]
    6c: blr x16
    70: .word 0x00000000

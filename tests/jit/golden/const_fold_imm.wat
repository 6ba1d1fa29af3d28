;; Constants fold into immediates: add/and/shift/compare take the constant
;; operand directly instead of materialising it in a register.
(module
  (func (export "f") (param i32 i64) (result i32)
    (i32.add (local.get 0) (i32.const 100))
    (i32.and (i32.const 0xff))
    (i32.shl (i32.const 3))
    (i64.lt_u (i64.add (local.get 1) (i64.const -7)) (i64.const 1000))
    (i32.add)))

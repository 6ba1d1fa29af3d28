(module
  (func $inner (export "inner") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32)
    (call $inner (local.get 0))))

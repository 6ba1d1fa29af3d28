(module
  (import "env" "f" (func (param i32 f64) (result i64)))
  (import "env" "g" (global (mut f32)))
  (import "env" "t" (table 1 funcref))
  (import "env" "m" (memory 1 5))
  (func (export "func") (param i32 f64) (result i64) (i64.const 0))
  (global (export "global") i32 (i32.const 1))
  (table (export "table") 3 4 externref)
  (export "memory" (memory 0)))

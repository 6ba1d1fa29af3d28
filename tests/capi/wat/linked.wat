(module
  (func $fib (import "fibmod" "fib") (param i32) (result i32))
  (func (export "fib_plus_one") (param i32) (result i32)
    (i32.add (call $fib (local.get 0)) (i32.const 1))))

;; For `ember run --profile`: outer -> (unnamed) -> inner, no imports.
;; Function 1 has no name in the name section: "wasm[func 1]".
(module
  (func $inner (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)
  (func (param i32) (result i32)
    local.get 0
    call $inner
    i32.const 10
    i32.mul)
  (func $outer (export "outer") (param i32) (result i32)
    local.get 0
    call 1
    i32.const 100
    i32.add))

(module
  (func $hello (import "" "hello") (param i32) (result i32))
  (func (export "run") (param i32) (result i32)
    (call $hello (i32.add (local.get 0) (i32.const 1)))))

(module
  (func $add (import "" "add") (param i32) (result i32))
  (func (export "run") (param i32) (result i32)
    (drop (call $add (local.get 0)))
    (call $add (local.get 0))))

;; Values produced in both arms of an if/else reach the join in registers.
(module
  (func (export "f") (param i32 i32 i32) (result i32)
    (if (result i32 i32) (local.get 0)
      (then (i32.add (local.get 1) (i32.const 1)) (local.get 2))
      (else (i32.mul (local.get 2) (local.get 1)) (i32.const 3)))
    (i32.sub)))

;; Puts its own function into an imported table, at slot 1.
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (import "env" "table" (table 3 funcref))
  (func $triple (type $ii) (i32.mul (local.get 0) (i32.const 3)))
  (func $nothing (type $v))
  (elem (i32.const 1) $triple $nothing)
)

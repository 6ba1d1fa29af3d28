;; Puts its own function into an imported table, at slot 1, and calls
;; through and grows that table from this instance.
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (import "env" "table" (table 3 funcref))
  (func $triple (type $ii) (i32.mul (local.get 0) (i32.const 3)))
  (func $nothing (type $v))
  (elem (i32.const 1) $triple $nothing)
  (func (export "call_slot") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "size") (result i32) (table.size 0))
  (func (export "set_triple") (param i32) (table.set 0 (local.get 0) (ref.func $triple)))
  (elem declare func $triple)
)

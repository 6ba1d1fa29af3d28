;; One import of each kind, with limits, for the linking tests.
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "table" (table 2 10 funcref))
  (import "env" "memory" (memory 1 4))
  (import "env" "g" (global $g (mut i64)))
  (func (export "call_f") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "get_g") (result i64) (global.get $g))
  (func (export "bump_g") (global.set $g (i64.add (global.get $g) (i64.const 1))))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "table_size") (result i32) (table.size 0))
)

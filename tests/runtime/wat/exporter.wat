;; Exports one of each kind, for linking to imports.wat, and functions for
;; a shared table.
(module
  (type $ii (func (param i32) (result i32)))
  (func $inc (export "f") (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (table (export "table") 3 10 funcref)
  (elem (i32.const 0) $inc)
  (memory (export "memory") 1 4)
  (data (i32.const 0) "\2a")
  (global (export "g") (mut i64) (i64.const 40))
  (global (export "const_g") i64 (i64.const 7))
  (func (export "call_slot") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
)

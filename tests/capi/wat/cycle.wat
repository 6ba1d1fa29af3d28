;; A plugin's whole life in one call: it writes its memory, grows it, keeps
;; a running total in a global and has a table (capi.engine_cycles).
(module
  (memory (export "memory") 4)
  (table 16 funcref)
  (global $total (mut i32) (i32.const 0))
  (func (export "step") (param i32) (result i32)
    (i32.store (i32.const 1024) (local.get 0))
    (global.set $total (i32.add (global.get $total) (local.get 0)))
    (drop (memory.grow (i32.const 1)))
    (i32.add (i32.load (i32.const 1024)) (global.get $total))))

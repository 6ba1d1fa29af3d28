;; Bulk operators larger than a piece (runtime/bulk_pieces.h) after the
;; epoch deadline has passed (interruption_test.cpp). The host import
;; "tick" bumps the engine's epoch, so the operator right after it is the
;; first thing that can see the deadline: no loop header or function entry
;; comes between.
(module
  (import "host" "tick" (func $tick))
  (memory (export "memory") 64)  ;; 4 MiB
  (table $t 300000 funcref)
  (elem declare func $fill)

  ;; memory.fill of all 4 MiB with `value`.
  (func $fill (export "fill") (param $value i32)
    (call $tick)
    (memory.fill (i32.const 0) (local.get $value) (i32.const 0x400000)))

  ;; memory.copy of the upper 2 MiB onto the lower 2 MiB.
  (func (export "copy")
    (call $tick)
    (memory.copy (i32.const 0) (i32.const 0x200000) (i32.const 0x200000)))

  ;; table.fill of the whole table with $fill, then copying half of it.
  (func (export "table_fill")
    (call $tick)
    (table.fill $t (i32.const 0) (ref.func $fill) (i32.const 300000)))
  (func (export "table_copy")
    (call $tick)
    (table.copy $t $t (i32.const 0) (i32.const 150000) (i32.const 150000)))

  ;; table.grow by as many entries again, each set to $fill.
  (func (export "table_grow")
    (call $tick)
    (drop (table.grow $t (ref.func $fill) (i32.const 300000))))
  (func (export "table_size") (result i32) (table.size $t))

  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "entry_is_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
  (func (export "set_entry") (param i32) (table.set $t (local.get 0) (ref.func $fill))))

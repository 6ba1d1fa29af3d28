(module
  ;; Grows a table or memory by a guest-chosen amount: the host's allocation
  ;; may fail, which must be -1, not an abort.
  (table 0 funcref)
  (memory 0)
  (func (export "grow_table") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "grow_memory") (param i32) (result i32)
    (memory.grow (local.get 0))))

;; bounds: checks
;; Heap accesses with explicit bounds checks against the memory length.
(module
  (memory 1)
  (func (export "f") (param i32) (result i32)
    (i32.store offset=8 (local.get 0) (i32.const 5))
    (i32.load offset=4 (local.get 0))))

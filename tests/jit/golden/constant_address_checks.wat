;; bounds: checks
;; Constant addresses with explicit checks: the check compares the memory
;; length with the access's end, an immediate; no index register.
(module
  (memory 1)
  (func (export "f") (param i32) (result i32)
    (i32.store offset=4 (i32.const 3768) (local.get 0))
    (i32.load (i32.const 3776))))

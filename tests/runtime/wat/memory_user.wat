;; Imports a memory and nothing else (so Store::reclaimInstance may drop it),
;; and reads its size and contents.
(module
  (import "env" "memory" (memory 1))
  (func (export "pages") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)

;; Nested loops keep locals in registers across their back-edges: the outer
;; header's copies of the parameters are read in place by the inner loop (no
;; reload per inner entry), the inner loop adopts its own locals on first
;; read (loaded once by its preheader, after the function's body), and each
;; back-edge moves changed locals back into the header's registers.
(module
  (memory 1)
  (func (export "f") (param i32 i32) (result i32)
    (local i32 i32 i32)
    (loop $outer
      (local.set 3 (i32.const 0))
      (loop $inner
        (local.set 4 (i32.add (local.get 4) (i32.load (i32.add (local.get 0) (local.get 3)))))
        (br_if $inner (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 4))) (local.get 1))))
      (br_if $outer (i32.lt_u (local.tee 2 (i32.add (local.get 2) (i32.const 1))) (local.get 1))))
    (local.get 4)))

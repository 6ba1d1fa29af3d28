;; The eight element segment encodings of spec 5.5.12, in flag order; wabt
;; picks the encoding from the form written here.
(module
  (table $t0 4 funcref)
  (table $t1 4 funcref)
  (table $t2 4 externref)
  (func $f0)
  (func $f1)
  ;; 0: active, table 0, function indices
  (elem (i32.const 0) $f0 $f1)
  ;; 1: passive, elemkind, function indices
  (elem func $f1)
  ;; 2: active, explicit table, elemkind, function indices
  (elem (table $t1) (i32.const 1) func $f0)
  ;; 3: declarative, elemkind, function indices
  (elem declare func $f0 $f1)
  ;; 4: active, table 0, expressions
  (elem (i32.const 2) funcref (ref.func $f1) (ref.null func))
  ;; 5: passive, reftype, expressions
  (elem externref (ref.null extern))
  ;; 6: active, explicit table, reftype, expressions
  (elem (table $t2) (i32.const 0) externref (ref.null extern))
  ;; 7: declarative, reftype, expressions
  (elem declare funcref (ref.func $f1) (ref.null func))
)

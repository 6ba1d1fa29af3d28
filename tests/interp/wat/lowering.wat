;; Small functions whose lowered code the lowering tests check.
(module
  (memory 1)
  ;; local.get a; local.get b; i32.add; local.set c  ->  one instruction.
  (func (export "add_to_local") (param $a i32) (param $b i32) (result i32) (local $c i32)
    (local.set $c (i32.add (local.get $a) (local.get $b)))
    (local.get $c))
  ;; A constant operand becomes an immediate; compare + br_if fuse.
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $i))
  ;; base + constant folds into the load.
  (func (export "load_field") (param i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.const 12))))
  ;; A constant stored is an immediate.
  (func (export "store_zero") (param i32)
    (i32.store8 (local.get 0) (i32.const 0)))
)

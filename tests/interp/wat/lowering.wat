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
  ;; 64-bit immediates take two words, whatever their value.
  (func (export "low_half") (param i64) (result i64)
    (i64.and (local.get 0) (i64.const 0xFFFFFFFF)))
  (func (export "above_2_32") (param i64) (result i32)
    (if (result i32) (i64.gt_u (local.get 0) (i64.const 0x100000000))
      (then (i32.const 1)) (else (i32.const 0))))
  ;; A counted loop: the decrement and the test are one instruction.
  (func (export "countdown") (param $n i32) (result i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (local.get $n)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (local.get $sum) (local.get $n)))
)

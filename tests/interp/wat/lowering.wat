;; Small functions whose lowered code the lowering tests check. Every
;; function's frame has one hidden local after the declared ones, always
;; zero (the base of accesses at a constant address).
(module
  (memory 1)
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  ;; base + (i << 2) folds into the load; shift counts are taken mod 32.
  (func (export "load_indexed") (param $base i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 34)))))
  ;; base + i folds into the load.
  (func (export "load_sum") (param $a i32) (param $b i32) (result i32)
    (i32.load8_u (i32.add (local.get $a) (local.get $b))))
  ;; (i << 3) + base, the shifted operand first, folds into the store.
  (func (export "store_indexed") (param $base i32) (param $i i32) (param $v i64)
    (i64.store offset=8 (i32.add (i32.shl (local.get $i) (i32.const 3)) (local.get $base))
                        (local.get $v)))
  ;; base + (i << 1) not used as an address: one instruction.
  (func (export "add_shift") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (i32.shl (local.get $b) (i32.const 1))))
  ;; A constant address is the zero slot plus the constant.
  (func (export "load_const") (result i32)
    (i32.load offset=4 (i32.const 8)))
  (func (export "load_const_past_end") (result i32)
    (i32.load offset=1 (i32.const -1)))
  (func (export "store_const") (param i32)
    (i32.store (i32.const 16) (local.get 0)))
  ;; i32.and with a constant, then a branch on it: a flag test.
  (func (export "test_flag") (param i32) (result i32)
    (if (i32.and (local.get 0) (i32.const 4)) (then (return (i32.const 1))))
    (i32.const 0))
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
